package dev.sferum.sdk.chat.spi;

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
import dev.sferum.sdk.core.exception.SferumException;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link ChatAsyncClient} over any backend's {@link ChatOps}: each operation checks its argument and runs on its own
 * {@link AsyncScope}, so that cancelling the returned future cancels the call in flight. A backend extends it only to
 * add what is its own and its {@link #toString()}.
 *
 * <p>Thread-safe when the backend's operations are, as both backends' are.
 *
 * @param <C> the backend's call context
 * @since 0.1.0
 */
public abstract class AsyncChatFront<C> implements ChatAsyncClient {
    private final ChatOps<C> ops;
    private final Supplier<? extends AsyncScope<C>> scopes;

    /**
     * Makes the async front over a backend's operations.
     *
     * @param ops the backend's operations
     * @param scopes makes a new scope for each operation
     */
    protected AsyncChatFront(ChatOps<C> ops, Supplier<? extends AsyncScope<C>> scopes) {
        this.ops = Objects.requireNonNull(ops, "ops");
        this.scopes = Objects.requireNonNull(scopes, "scopes");
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
        return run(request, ops::createChat);
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
        return run(request, ops::members);
    }

    @Override
    public CompletableFuture<MemberChangeResult> addMember(AddMemberRequest request) {
        return run(request, ops::addMember);
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
        return run(request, ops::send);
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
        return run(request, ops::edit);
    }

    @Override
    public CompletableFuture<DeleteResult> delete(DeleteRequest request) {
        return run(request, ops::delete);
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
        return run(request, ops::history);
    }

    @Override
    public CompletableFuture<Page<Conversation>> conversations(ConversationsRequest request) {
        return run(request, ops::conversations);
    }

    /** Runs one operation that takes a request, which must not be null; see {@link #run(Function)}. */
    private <R, T> CompletableFuture<T> run(R request, BiFunction<C, R, Flow<T>> op) {
        Objects.requireNonNull(request, "request");
        return run(c -> op.apply(c, request));
    }

    /**
     * Runs one operation on its own async scope. Argument errors (IAE, NPE) throw at once; an SDK or outbox failure
     * before the first call fails the future.
     */
    private <T> CompletableFuture<T> run(Function<C, Flow<T>> op) {
        AsyncScope<C> scope = scopes.get();
        Flow<T> flow;
        try {
            flow = op.apply(scope.context());
        } catch (SferumException | java.io.UncheckedIOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return scope.bind(flow);
    }

    /** {@return the backend and whom it acts as, never a secret} */
    @Override
    public abstract String toString();
}
