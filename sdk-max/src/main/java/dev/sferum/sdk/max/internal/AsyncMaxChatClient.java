package dev.sferum.sdk.max.internal;

import dev.sferum.sdk.chat.internal.Flow;

import dev.sferum.sdk.chat.AddMemberRequest;
import dev.sferum.sdk.chat.Chat;
import dev.sferum.sdk.chat.ChatAsyncClient;
import dev.sferum.sdk.chat.ChatCapabilities;
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
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.ResendResult;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.core.exception.SferumException;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The MAX {@link ChatAsyncClient}: each operation of {@link MaxChatOps} composed on the pipeline's futures, with its
 * own {@link Calls.Async} so that cancelling the returned future cancels the call in flight.
 */
public final class AsyncMaxChatClient implements ChatAsyncClient {
    private final MaxChatOps ops;

    /**
     * @param ops the operations
     */
    public AsyncMaxChatClient(MaxChatOps ops) {
        this.ops = Objects.requireNonNull(ops, "ops");
    }

    /** @return the operations, for the SDK's own MAX helpers */
    public MaxChatOps ops() {
        return ops;
    }

    @Override
    public ChatCapabilities capabilities() {
        return ops.capabilities();
    }

    @Override
    public CompletableFuture<PeerId> actor() {
        return run(ops::self);
    }

    @Override
    public CompletableFuture<CreateChatResult> createChat(CreateChatRequest request) {
        return run(c -> ops.createChat(c, request));
    }

    @Override
    public CompletableFuture<Void> renameChat(PeerId chat, String title) {
        return run(c -> ops.renameChat(c, chat, title));
    }

    @Override
    public CompletableFuture<Chat> chat(PeerId chat) {
        return run(c -> ops.chat(c, chat));
    }

    @Override
    public CompletableFuture<List<Chat>> chats(Collection<PeerId> chats) {
        return run(c -> ops.chats(c, chats));
    }

    @Override
    public CompletableFuture<Page<ChatMember>> members(MembersRequest request) {
        Objects.requireNonNull(request, "request");
        return run(c -> ops.members(c, request));
    }

    @Override
    public CompletableFuture<MemberChangeResult> addMember(AddMemberRequest request) {
        Objects.requireNonNull(request, "request");
        return run(c -> ops.addMember(c, request));
    }

    @Override
    public CompletableFuture<MemberChangeResult> removeMember(PeerId chat, PeerId member) {
        return run(c -> ops.removeMember(c, chat, member));
    }

    @Override
    public CompletableFuture<InviteLink> inviteLink(PeerId chat) {
        return run(c -> ops.inviteLink(c, chat, false));
    }

    @Override
    public CompletableFuture<InviteLink> resetInviteLink(PeerId chat) {
        return run(c -> ops.inviteLink(c, chat, true));
    }

    @Override
    public CompletableFuture<Void> leave(PeerId chat) {
        return run(c -> ops.leave(c, chat));
    }

    @Override
    public CompletableFuture<SendResult> send(SendRequest request) {
        Objects.requireNonNull(request, "request");
        return run(c -> ops.send(c, request));
    }

    @Override
    public CompletableFuture<ResendResult> resendPending() {
        return run(ops::resendPending);
    }

    @Override
    public MessageOutbox outbox() {
        return ops.outbox();
    }

    @Override
    public CompletableFuture<Void> edit(EditRequest request) {
        Objects.requireNonNull(request, "request");
        return run(c -> ops.edit(c, request));
    }

    @Override
    public CompletableFuture<DeleteResult> delete(DeleteRequest request) {
        Objects.requireNonNull(request, "request");
        return run(c -> ops.delete(c, request));
    }

    @Override
    public CompletableFuture<MessageRef> pin(MessageRef message) {
        return run(c -> ops.pin(c, message));
    }

    @Override
    public CompletableFuture<Void> unpin(PeerId chat) {
        return run(c -> ops.unpin(c, chat));
    }

    @Override
    public CompletableFuture<Page<Message>> history(HistoryRequest request) {
        Objects.requireNonNull(request, "request");
        return run(c -> ops.history(c, request));
    }

    @Override
    public CompletableFuture<Page<Conversation>> conversations(ConversationsRequest request) {
        Objects.requireNonNull(request, "request");
        return run(c -> ops.conversations(c, request));
    }

    /**
     * Runs one operation on its own async calls. Argument errors (IAE, NPE) throw at once; an SDK or outbox failure
     * before the first call fails the future.
     */
    private <T> CompletableFuture<T> run(Function<Calls, Flow<T>> op) {
        Calls.Async calls = Calls.async(ops.pipeline());
        Flow<T> flow;
        try {
            flow = op.apply(calls);
        } catch (SferumException | java.io.UncheckedIOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return calls.bind(flow);
    }

    @Override
    public String toString() {
        return "ChatAsyncClient[max, " + ops.pipeline() + "]";
    }
}
