package dev.sferum.sdk.chat.internal;

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
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/** The VK {@link ChatClient}: each operation of {@link VkChatOps} on the calling thread. */
public final class SyncChatClient implements ChatClient, CallBudget {
    private final ApiClient api;
    private final VkChatOps ops;
    private final Steps steps;

    /**
     * @param api the API client
     * @param ops the operations
     */
    public SyncChatClient(ApiClient api, VkChatOps ops) {
        this.api = Objects.requireNonNull(api, "api");
        this.ops = ops;
        this.steps = Steps.sync(api);
    }

    @Override
    public ChatCapabilities capabilities() {
        return ops.capabilities();
    }

    @Override
    public PeerId actor() {
        return ops.self(steps).join();
    }

    @Override
    public OptionalDouble requestsPerSecond() {
        ClientConfig c = api.config();
        return c.rateLimits().enabled() ? OptionalDouble.of(c.rateLimits().perSecond(ops.actor().tokenKind())) : OptionalDouble.empty();
    }

    @Override
    public Duration window() {
        ClientConfig c = api.config();
        return c.rateLimits().enabled() ? c.rateLimits().budget(ops.actor().tokenKind()).window() : Duration.ofSeconds(1);
    }

    @Override
    public int callsPerRequest() {
        return api.config().batching().enabled() ? api.config().batching().maxCalls() : 1;
    }

    @Override
    public CreateChatResult createChat(CreateChatRequest request) {
        return ops.createChat(steps, Objects.requireNonNull(request, "request")).join();
    }

    @Override
    public void renameChat(PeerId chat, String title) {
        ops.renameChat(steps, chat, title).join();
    }

    @Override
    public Chat chat(PeerId chat) {
        return ops.chat(steps, chat).join();
    }

    @Override
    public List<Chat> chats(Collection<PeerId> chats) {
        return ops.chats(steps, chats).join();
    }

    @Override
    public Paged<ChatMember> members(MembersRequest request) {
        Objects.requireNonNull(request, "request");
        PageTokens.read("m", request.pageToken().orElse(null));
        return new PagedListing<>(request.pageToken().orElse(null),
                token -> ops.members(steps, request.toBuilder().pageToken(token).build()).join(), ChatMember::member);
    }

    @Override
    public MemberChangeResult addMember(AddMemberRequest request) {
        return ops.addMember(steps, Objects.requireNonNull(request, "request")).join();
    }

    @Override
    public MemberChangeResult removeMember(PeerId chat, PeerId member) {
        return ops.removeMember(steps, chat, member).join();
    }

    @Override
    public InviteLink inviteLink(PeerId chat) {
        return ops.inviteLink(steps, chat, false).join();
    }

    @Override
    public InviteLink resetInviteLink(PeerId chat) {
        return ops.inviteLink(steps, chat, true).join();
    }

    @Override
    public void leave(PeerId chat) {
        ops.leave(steps, chat).join();
    }

    @Override
    public SendResult send(SendRequest request) {
        return ops.send(steps, Objects.requireNonNull(request, "request")).join();
    }

    @Override
    public ResendResult resendPending() {
        return ops.resendPending(steps).join();
    }

    @Override
    public MessageOutbox outbox() {
        return ops.outbox();
    }

    @Override
    public void edit(EditRequest request) {
        ops.edit(steps, Objects.requireNonNull(request, "request")).join();
    }

    @Override
    public DeleteResult delete(DeleteRequest request) {
        return ops.delete(steps, Objects.requireNonNull(request, "request")).join();
    }

    @Override
    public MessageRef pin(MessageRef message) {
        return ops.pin(steps, message).join();
    }

    @Override
    public void unpin(PeerId chat) {
        ops.unpin(steps, chat).join();
    }

    @Override
    public Paged<Message> history(HistoryRequest request) {
        Objects.requireNonNull(request, "request");
        PageTokens.read("h", request.pageToken().orElse(null));
        return new PagedListing<>(request.pageToken().orElse(null),
                token -> ops.history(steps, request.toBuilder().pageToken(token).build()).join(), null);
    }

    @Override
    public Paged<Conversation> conversations(ConversationsRequest request) {
        Objects.requireNonNull(request, "request");
        PageTokens.read("c", request.pageToken().orElse(null));
        return new PagedListing<>(request.pageToken().orElse(null),
                token -> ops.conversations(steps, request.toBuilder().pageToken(token).build()).join(), Conversation::peer);
    }

    @Override
    public String toString() {
        return "ChatClient[vk, " + ops.actor() + ", " + api + "]";
    }
}
