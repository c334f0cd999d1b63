package dev.sferum.sdk.chat.testing;

import dev.sferum.sdk.chat.AddMemberRequest;
import dev.sferum.sdk.chat.Chat;
import dev.sferum.sdk.chat.ChatAsyncClient;
import dev.sferum.sdk.chat.ChatCapabilities;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.ChatMember;
import dev.sferum.sdk.chat.Conversation;
import dev.sferum.sdk.chat.ConversationsRequest;
import dev.sferum.sdk.chat.CreateChatRequest;
import dev.sferum.sdk.chat.CreateChatResult;
import dev.sferum.sdk.chat.DeleteRequest;
import dev.sferum.sdk.chat.DeleteResult;
import dev.sferum.sdk.chat.EditRequest;
import dev.sferum.sdk.chat.HistoryRequest;
import dev.sferum.sdk.chat.InviteLink;
import dev.sferum.sdk.chat.MemberChangeResult;
import dev.sferum.sdk.chat.MembersRequest;
import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.Page;
import dev.sferum.sdk.chat.Paged;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.ResendResult;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.SendResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Test-only: the async client behind the sync interface, so one scenario runs in both modes. Listings follow the
 * async pages' tokens. Failures are unwrapped from {@link CompletionException}.
 */
public final class AsyncAsSync implements ChatClient {
    private final ChatAsyncClient async;

    public AsyncAsSync(ChatAsyncClient async) {
        this.async = async;
    }

    public ChatAsyncClient async() {
        return async;
    }

    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    @Override
    public ChatCapabilities capabilities() {
        return async.capabilities();
    }

    @Override
    public PeerId actor() {
        return join(async.actor());
    }

    @Override
    public CreateChatResult createChat(CreateChatRequest request) {
        return join(async.createChat(request));
    }

    @Override
    public void renameChat(PeerId chat, String title) {
        join(async.renameChat(chat, title));
    }

    @Override
    public Chat chat(PeerId chat) {
        return join(async.chat(chat));
    }

    @Override
    public List<Chat> chats(Collection<PeerId> chats) {
        return join(async.chats(chats));
    }

    @Override
    public Paged<ChatMember> members(MembersRequest request) {
        return paged(request.pageToken().orElse(null), t -> join(async.members(request.toBuilder().pageToken(t).build())));
    }

    @Override
    public MemberChangeResult addMember(AddMemberRequest request) {
        return join(async.addMember(request));
    }

    @Override
    public MemberChangeResult removeMember(PeerId chat, PeerId member) {
        return join(async.removeMember(chat, member));
    }

    @Override
    public InviteLink inviteLink(PeerId chat) {
        return join(async.inviteLink(chat));
    }

    @Override
    public InviteLink resetInviteLink(PeerId chat) {
        return join(async.resetInviteLink(chat));
    }

    @Override
    public void leave(PeerId chat) {
        join(async.leave(chat));
    }

    @Override
    public SendResult send(SendRequest request) {
        return join(async.send(request));
    }

    @Override
    public ResendResult resendPending() {
        return join(async.resendPending());
    }

    @Override
    public MessageOutbox outbox() {
        return async.outbox();
    }

    @Override
    public void edit(EditRequest request) {
        join(async.edit(request));
    }

    @Override
    public DeleteResult delete(DeleteRequest request) {
        return join(async.delete(request));
    }

    @Override
    public MessageRef pin(MessageRef message) {
        return join(async.pin(message));
    }

    @Override
    public void unpin(PeerId chat) {
        join(async.unpin(chat));
    }

    @Override
    public Paged<Message> history(HistoryRequest request) {
        return paged(request.pageToken().orElse(null), t -> join(async.history(request.toBuilder().pageToken(t).build())));
    }

    @Override
    public Paged<Conversation> conversations(ConversationsRequest request) {
        return paged(request.pageToken().orElse(null), t -> join(async.conversations(request.toBuilder().pageToken(t).build())));
    }

    private static <T> Paged<T> paged(String first, Function<String, Page<T>> fetch) {
        return new Paged<>() {
            @Override
            public Iterator<T> iterator() {
                List<T> all = new ArrayList<>();
                pages().forEach(p -> all.addAll(p.items()));
                return all.iterator();
            }

            @Override
            public Stream<T> stream() {
                return StreamSupport.stream(spliterator(), false);
            }

            @Override
            public Iterable<Page<T>> pages() {
                return () -> new Iterator<>() {
                    private String token = first;
                    private boolean started;

                    @Override
                    public boolean hasNext() {
                        return !started || token != null;
                    }

                    @Override
                    public Page<T> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        started = true;
                        Page<T> page = fetch.apply(token);
                        token = page.nextPageToken().orElse(null);
                        return page;
                    }
                };
            }
        };
    }
}
