package dev.sferum.sdk.max.internal;

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

/** The MAX {@link ChatClient}: each operation of {@link MaxChatOps} on the calling thread. */
public final class SyncMaxChatClient implements ChatClient {
    private final MaxChatOps ops;
    private final Calls calls;

    /**
     * @param ops the operations
     */
    public SyncMaxChatClient(MaxChatOps ops) {
        this.ops = Objects.requireNonNull(ops, "ops");
        this.calls = Calls.sync(ops.pipeline());
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
    public PeerId actor() {
        return ops.self(calls).join();
    }

    @Override
    public CreateChatResult createChat(CreateChatRequest request) {
        return ops.createChat(calls, request).join();
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
        MarkerTokens.read("m", request.pageToken().orElse(null));
        return new PagedListing<>(request.pageToken().orElse(null),
                token -> ops.members(calls, request.toBuilder().pageToken(token).build()).join(), ChatMember::member);
    }

    @Override
    public MemberChangeResult addMember(AddMemberRequest request) {
        Objects.requireNonNull(request, "request");
        return ops.addMember(calls, request).join();
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
        Objects.requireNonNull(request, "request");
        return ops.send(calls, request).join();
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
        Objects.requireNonNull(request, "request");
        ops.edit(calls, request).join();
    }

    @Override
    public DeleteResult delete(DeleteRequest request) {
        Objects.requireNonNull(request, "request");
        return ops.delete(calls, request).join();
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
        HistoryTokens.read(request.pageToken().orElse(null));
        return new PagedListing<>(request.pageToken().orElse(null),
                token -> ops.history(calls, request.toBuilder().pageToken(token).build()).join(), m -> m.ref());
    }

    @Override
    public Paged<Conversation> conversations(ConversationsRequest request) {
        Objects.requireNonNull(request, "request");
        MarkerTokens.read("c", request.pageToken().orElse(null));
        return new PagedListing<>(request.pageToken().orElse(null),
                token -> ops.conversations(calls, request.toBuilder().pageToken(token).build()).join(), Conversation::peer);
    }

    @Override
    public String toString() {
        return "ChatClient[max, " + ops.pipeline() + "]";
    }
}
