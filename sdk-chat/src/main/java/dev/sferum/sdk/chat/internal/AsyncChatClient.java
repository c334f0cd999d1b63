package dev.sferum.sdk.chat.internal;

import dev.sferum.sdk.chat.AddMemberRequest;
import dev.sferum.sdk.chat.Chat;
import dev.sferum.sdk.chat.ChatCapabilities;
import dev.sferum.sdk.chat.ChatAsyncClient;
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
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.exception.SferumException;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The VK {@link ChatAsyncClient}: each operation of {@link VkChatOps} composed on {@link ApiAsyncClient} futures, with
 * its own {@link Steps.Async} so that cancelling the returned future cancels the call in flight.
 */
public final class AsyncChatClient implements ChatAsyncClient {
    private final ApiAsyncClient api;
    private final VkChatOps ops;

    /**
     * @param api the API client
     * @param ops the operations
     */
    public AsyncChatClient(ApiAsyncClient api, VkChatOps ops) {
        this.api = Objects.requireNonNull(api, "api");
        this.ops = ops;
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
        Objects.requireNonNull(request, "request");
        return run(s -> ops.createChat(s, request));
    }

    @Override
    public CompletableFuture<Void> renameChat(PeerId chat, String title) {
        return run(s -> ops.renameChat(s, chat, title));
    }

    @Override
    public CompletableFuture<Chat> chat(PeerId chat) {
        return run(s -> ops.chat(s, chat));
    }

    @Override
    public CompletableFuture<List<Chat>> chats(Collection<PeerId> chats) {
        return run(s -> ops.chats(s, chats));
    }

    @Override
    public CompletableFuture<Page<ChatMember>> members(MembersRequest request) {
        Objects.requireNonNull(request, "request");
        return run(s -> ops.members(s, request));
    }

    @Override
    public CompletableFuture<MemberChangeResult> addMember(AddMemberRequest request) {
        Objects.requireNonNull(request, "request");
        return run(s -> ops.addMember(s, request));
    }

    @Override
    public CompletableFuture<MemberChangeResult> removeMember(PeerId chat, PeerId member) {
        return run(s -> ops.removeMember(s, chat, member));
    }

    @Override
    public CompletableFuture<InviteLink> inviteLink(PeerId chat) {
        return run(s -> ops.inviteLink(s, chat, false));
    }

    @Override
    public CompletableFuture<InviteLink> resetInviteLink(PeerId chat) {
        return run(s -> ops.inviteLink(s, chat, true));
    }

    @Override
    public CompletableFuture<Void> leave(PeerId chat) {
        return run(s -> ops.leave(s, chat));
    }

    @Override
    public CompletableFuture<SendResult> send(SendRequest request) {
        Objects.requireNonNull(request, "request");
        return run(s -> ops.send(s, request));
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
        return run(s -> ops.edit(s, request));
    }

    @Override
    public CompletableFuture<DeleteResult> delete(DeleteRequest request) {
        Objects.requireNonNull(request, "request");
        return run(s -> ops.delete(s, request));
    }

    @Override
    public CompletableFuture<MessageRef> pin(MessageRef message) {
        return run(s -> ops.pin(s, message));
    }

    @Override
    public CompletableFuture<Void> unpin(PeerId chat) {
        return run(s -> ops.unpin(s, chat));
    }

    @Override
    public CompletableFuture<Page<Message>> history(HistoryRequest request) {
        Objects.requireNonNull(request, "request");
        return run(s -> ops.history(s, request));
    }

    @Override
    public CompletableFuture<Page<Conversation>> conversations(ConversationsRequest request) {
        Objects.requireNonNull(request, "request");
        return run(s -> ops.conversations(s, request));
    }

    /**
     * Runs one operation on its own async steps. Argument errors (IAE, NPE) throw at once; an SDK or outbox failure
     * before the first call fails the future.
     */
    private <T> CompletableFuture<T> run(Function<Steps, Flow<T>> op) {
        Steps.Async steps = Steps.async(api);
        Flow<T> flow;
        try {
            flow = op.apply(steps);
        } catch (SferumException | java.io.UncheckedIOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return steps.bind(flow);
    }

    @Override
    public String toString() {
        return "ChatAsyncClient[vk, " + ops.actor() + ", " + api + "]";
    }
}
