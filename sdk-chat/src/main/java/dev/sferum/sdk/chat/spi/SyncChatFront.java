package dev.sferum.sdk.chat.spi;

import dev.sferum.sdk.chat.AddMemberRequest;
import dev.sferum.sdk.chat.Chat;
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
import dev.sferum.sdk.chat.Paged;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.ResendResult;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.chat.internal.PagedListing;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ChatClient} over any backend's {@link ChatOps}: each operation checks its argument and runs on the calling
 * thread with the client's one sync call context. A backend extends it only to add what is its own (such as VK's
 * {@link CallBudget}) and its {@link #toString()}.
 *
 * <p>Thread-safe when the backend's operations and sync context are, as both backends' are.
 *
 * @param <C> the backend's call context
 * @since 0.1.0
 */
public abstract class SyncChatFront<C> implements ChatClient {
    private final ChatOps<C> ops;
    private final C calls;

    /**
     * Makes the sync front over a backend's operations.
     *
     * @param ops the backend's operations
     * @param calls the sync call context every operation runs on
     */
    protected SyncChatFront(ChatOps<C> ops, C calls) {
        this.ops = Objects.requireNonNull(ops, "ops");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    @Override
    public ChatCapabilities capabilities() {
        return ops.capabilities();
    }

    @Override
    public PeerId actor() {
        return ops.self(calls).join();
    }

    @Override
    public CreateChatResult createChat(CreateChatRequest request) {
        return ops.createChat(calls, Objects.requireNonNull(request, "request")).join();
    }

    @Override
    public void renameChat(PeerId chat, String title) {
        ops.renameChat(calls, chat, title).join();
    }

    @Override
    public Chat chat(PeerId chat) {
        return ops.chat(calls, chat).join();
    }

    @Override
    public List<Chat> chats(Collection<PeerId> chats) {
        return ops.chats(calls, chats).join();
    }

    @Override
    public Paged<ChatMember> members(MembersRequest request) {
        Objects.requireNonNull(request, "request");
        ops.checkPageToken(ChatOps.Listing.MEMBERS, request.pageToken().orElse(null));
        return new PagedListing<>(request.pageToken().orElse(null),
                token -> ops.members(calls, request.toBuilder().pageToken(token).build()).join(), ChatMember::member);
    }

    @Override
    public MemberChangeResult addMember(AddMemberRequest request) {
        return ops.addMember(calls, Objects.requireNonNull(request, "request")).join();
    }

    @Override
    public MemberChangeResult removeMember(PeerId chat, PeerId member) {
        return ops.removeMember(calls, chat, member).join();
    }

    @Override
    public InviteLink inviteLink(PeerId chat) {
        return ops.inviteLink(calls, chat, false).join();
    }

    @Override
    public InviteLink resetInviteLink(PeerId chat) {
        return ops.inviteLink(calls, chat, true).join();
    }

    @Override
    public void leave(PeerId chat) {
        ops.leave(calls, chat).join();
    }

    @Override
    public SendResult send(SendRequest request) {
        return ops.send(calls, Objects.requireNonNull(request, "request")).join();
    }

    @Override
    public ResendResult resendPending() {
        return ops.resendPending(calls).join();
    }

    @Override
    public MessageOutbox outbox() {
        return ops.outbox();
    }

    @Override
    public void edit(EditRequest request) {
        ops.edit(calls, Objects.requireNonNull(request, "request")).join();
    }

    @Override
    public DeleteResult delete(DeleteRequest request) {
        return ops.delete(calls, Objects.requireNonNull(request, "request")).join();
    }

    @Override
    public MessageRef pin(MessageRef message) {
        return ops.pin(calls, message).join();
    }

    @Override
    public void unpin(PeerId chat) {
        ops.unpin(calls, chat).join();
    }

    @Override
    public Paged<Message> history(HistoryRequest request) {
        Objects.requireNonNull(request, "request");
        ops.checkPageToken(ChatOps.Listing.HISTORY, request.pageToken().orElse(null));
        return new PagedListing<>(request.pageToken().orElse(null),
                token -> ops.history(calls, request.toBuilder().pageToken(token).build()).join(),
                ops.historyPagesOverlap() ? Message::ref : null);
    }

    @Override
    public Paged<Conversation> conversations(ConversationsRequest request) {
        Objects.requireNonNull(request, "request");
        ops.checkPageToken(ChatOps.Listing.CONVERSATIONS, request.pageToken().orElse(null));
        return new PagedListing<>(request.pageToken().orElse(null),
                token -> ops.conversations(calls, request.toBuilder().pageToken(token).build()).join(), Conversation::peer);
    }

    /** {@return the backend and whom it acts as, never a secret} */
    @Override
    public abstract String toString();
}
