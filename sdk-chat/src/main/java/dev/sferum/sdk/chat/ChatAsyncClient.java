package dev.sferum.sdk.chat;




import dev.sferum.sdk.core.internal.Builders;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The asynchronous twin of {@link ChatClient}: the same calls by the same names, each returning a
 * {@link CompletableFuture} at once (no thread is held while waiting). sdk-vk's {@code VkChats} and sdk-max's
 * {@code MaxChats} build it.
 *
 * <pre>{@code
 * ApiAsyncClient api = ApiClient.builder().token(token).buildAsyncClient();
 * ChatAsyncClient chats = VkChats.asyncClient(api, ChatActor.of(token));   // sdk-vk
 * chats.createChat(r -> r.title("7Б"))
 *      .thenCompose(c -> chats.send(m -> m.peer(c.chat()).text("Добро пожаловать!")))
 *      .thenAccept(sent -> log.debug("sent {} parts", sent.parts()));
 * }</pre>
 *
 * <p>Listings return one {@link Page} per call; pass its {@link Page#nextPageToken()} as the next request's
 * {@code pageToken}. Arguments that break a call's contract throw {@link IllegalArgumentException} (or
 * {@link NullPointerException}) at once; every other failure, including
 * {@link UnsupportedChatOperationException} (before any I/O), fails the future with a
 * {@link dev.sferum.sdk.core.exception.SferumException} (wrapped in a
 * {@link java.util.concurrent.CompletionException} where Java's future API does so). Cancelling a future cancels
 * the backend call in flight. {@link #send(SendRequest)} calls the outbox on the calling and completing threads.
 *
 * <p>Thread-safe; share one per acting account.
 *
 * @since 0.1.0
 */
public interface ChatAsyncClient {

    /** {@return what this backend and account can do} */
    ChatCapabilities capabilities();

    /**
     * The account this client acts as, as it appears among a chat's members: on VK the community
     * ({@code PeerId.community(groupId)}) or the token's user; on MAX the bot, which is a user member of its chats.
     * Roster sync never plans removing it.
     *
     * <pre>{@code
     * chats.actor().thenAccept(me -> log.debug("acting as {}", me));
     * }</pre>
     *
     * <p>Makes at most one call per client, the first time it is needed: VK's {@code users.get} for a user token
     * whose user id was not given (sdk-vk's {@code ChatActor.user()}), MAX's {@code GET /me}. Then it is remembered.
     *
     * @return the acting account as a chat member
     * @throws dev.sferum.sdk.core.exception.SferumException (failing the future) if asking the backend fails
     * @since 0.1.0
     */
    CompletableFuture<PeerId> actor();

    /**
     * Creates a group chat.
     *
     * @param request title, first members, community
     * @return the chat and the peers the backend reported as added
     * @throws UnsupportedChatOperationException (failing the future) if the backend cannot create chats (MAX)
     * @throws dev.sferum.sdk.core.exception.SferumException (failing the future) if the call fails
     */
    CompletableFuture<CreateChatResult> createChat(CreateChatRequest request);

    /**
     * Creates a group chat.
     *
     * <pre>{@code
     * PeerId chat = chats.createChat(r -> r.title("7Б").members(teacher, pupil1, pupil2)).chat();
     * }</pre>
     *
     * @param request sets the request
     * @return the chat
     * @throws UnsupportedChatOperationException (failing the future) if the backend cannot create chats
     */
    default CompletableFuture<CreateChatResult> createChat(Consumer<CreateChatRequest.Builder> request) {
        return createChat(Builders.build(CreateChatRequest.builder(), request, CreateChatRequest.Builder::build));
    }

    /**
     * Renames a chat. Renaming to the current title is harmless.
     *
     * @param chat the chat
     * @param title the new title, 1 to 128 characters after stripping
     * @throws IllegalArgumentException if {@code chat} is not a chat or the title is blank or too long
     * @throws NotChatAdminException (failing the future) if the acting account is not a chat admin
     * @return a future that completes when it is done
     */
    CompletableFuture<Void> renameChat(PeerId chat, String title);

    /**
     * Reads one chat.
     *
     * @param chat the chat
     * @return the chat
     * @throws ChatNotFoundException (failing the future) if the backend does not know it
     */
    CompletableFuture<Chat> chat(PeerId chat);

    /**
     * Reads several chats (on VK 100 per call).
     *
     * @param chats the chats
     * @return the chats the backend knows, in the order asked; unknown ones are left out
     * @throws IllegalArgumentException if a peer is not a chat or appears twice
     */
    CompletableFuture<List<Chat>> chats(Collection<PeerId> chats);

    /**
     * Reads one page of a chat's members.
     *
     * @param request the chat and page size
     * @return a future of one page of members
     */
    CompletableFuture<Page<ChatMember>> members(MembersRequest request);

    /**
     * Like {@link #members(MembersRequest)}, with the request set on a builder.
     *
     * @param request sets the request
     * @return a future of one page of members
     */
    default CompletableFuture<Page<ChatMember>> members(Consumer<MembersRequest.Builder> request) {
        return members(Builders.build(MembersRequest.builder(), request, MembersRequest.Builder::build));
    }

    /**
     * Lists the first page of a chat's members.
     *
     * @param chat the chat
     * @return a future of the first page of its members
     */
    default CompletableFuture<Page<ChatMember>> members(PeerId chat) {
        return members(MembersRequest.of(chat));
    }

    /**
     * Adds a user to a chat; a user already in (or already invited) counts as done.
     *
     * @param request chat and user
     * @return {@link MemberChangeResult#ADDED}, {@link MemberChangeResult#ALREADY_MEMBER} or (VK 939) {@link MemberChangeResult#REQUEST_PENDING}
     * @throws UnsupportedChatOperationException (failing the future) if the account cannot add members (a VK community)
     * @throws SchoolRosterException (failing the future) if a Sferum organisation chat refuses the user
     */
    CompletableFuture<MemberChangeResult> addMember(AddMemberRequest request);

    /**
     * Like {@link #addMember(AddMemberRequest)}, with the request set on a builder.
     *
     * @param request sets the request
     * @return {@link MemberChangeResult#ADDED}, {@link MemberChangeResult#ALREADY_MEMBER} or (VK 939) {@link MemberChangeResult#REQUEST_PENDING}
     * @throws UnsupportedChatOperationException (failing the future) if the account cannot add members
     */
    default CompletableFuture<MemberChangeResult> addMember(Consumer<AddMemberRequest.Builder> request) {
        return addMember(Builders.build(AddMemberRequest.builder(), request, AddMemberRequest.Builder::build));
    }

    /**
     * Adds a user to a chat; a user already in counts as done.
     *
     * @param chat the chat
     * @param user the user
     * @return {@link MemberChangeResult#ADDED}, {@link MemberChangeResult#ALREADY_MEMBER} or (VK 939) {@link MemberChangeResult#REQUEST_PENDING}
     */
    default CompletableFuture<MemberChangeResult> addMember(PeerId chat, UserId user) {
        return addMember(AddMemberRequest.of(chat, user));
    }

    /**
     * Removes a member (a user or a community) from a chat; one already gone counts as done.
     *
     * @param chat the chat
     * @param member the member
     * @return {@link MemberChangeResult#REMOVED} or {@link MemberChangeResult#NOT_A_MEMBER}
     * @throws IllegalArgumentException if {@code chat} is not a chat or {@code member} is a chat
     * @throws NotChatAdminException (failing the future) if the acting account may not remove members
     */
    CompletableFuture<MemberChangeResult> removeMember(PeerId chat, PeerId member);

    /**
     * Removes a user from a chat.
     *
     * @param chat the chat
     * @param user the user
     * @return {@link MemberChangeResult#REMOVED} or {@link MemberChangeResult#NOT_A_MEMBER}
     */
    default CompletableFuture<MemberChangeResult> removeMember(PeerId chat, UserId user) {
        return removeMember(chat, user.peer());
    }

    /**
     * Reads the chat's invite link (creating one if it has none).
     *
     * @param chat the chat
     * @return the link; never log it
     */
    CompletableFuture<InviteLink> inviteLink(PeerId chat);

    /**
     * Revokes the chat's invite link and makes a new one.
     *
     * @param chat the chat
     * @return the new link; never log it
     */
    CompletableFuture<InviteLink> resetInviteLink(PeerId chat);

    /**
     * Makes the acting account leave the chat.
     *
     * @param chat the chat
     * @return a future that completes when it is done
     */
    CompletableFuture<Void> leave(PeerId chat);

    /**
     * Sends a message exactly once: the request goes into the outbox first, long text is split into parts in
     * order, and every attempt of a part uses the same idempotency key, so a retry after a dropped connection
     * cannot post twice.
     *
     * @param request the message
     * @return every message posted and every peer that refused (when sending to several)
     * @throws IllegalArgumentException if the request breaks a backend limit (such as VK's 10 attachments)
     * The future fails if a call fails; parts already sent are not lost: sending the same request again (or
     * {@link #resendPending()}) completes it without duplicates.
     */
    CompletableFuture<SendResult> send(SendRequest request);

    /**
     * Like {@link #send(SendRequest)}, with the request set on a builder.
     *
     * @param request sets the request; its idempotency key is fixed when this method builds it
     * @return every message posted and every peer that refused
     */
    default CompletableFuture<SendResult> send(Consumer<SendRequest.Builder> request) {
        return send(Builders.build(SendRequest.builder(), request, SendRequest.Builder::build));
    }

    /**
     * Re-sends every message the outbox still holds (for example after a crash), oldest first, with the keys they
     * were first sent with. Stops early when the backend is unreachable or throttling; those stay pending.
     *
     * @return what was sent and what failed
     */
    CompletableFuture<ResendResult> resendPending();

    /** {@return the outbox this client sends through} */
    MessageOutbox outbox();

    /**
     * Edits a message.
     *
     * @param request the message and its new text
     * @throws IllegalArgumentException if the text is longer than one backend message
     * @return a future that completes when it is done
     */
    CompletableFuture<Void> edit(EditRequest request);

    /**
     * Like {@link #edit(EditRequest)}, with the request set on a builder.
     *
     * @param request sets the request
     * @return a future that completes when it is done
     */
    default CompletableFuture<Void> edit(Consumer<EditRequest.Builder> request) {
        return edit(Builders.build(EditRequest.builder(), request, EditRequest.Builder::build));
    }

    /**
     * Deletes messages.
     *
     * @param request the messages and whether for everyone
     * @return which were deleted and why others were not
     */
    CompletableFuture<DeleteResult> delete(DeleteRequest request);

    /**
     * Like {@link #delete(DeleteRequest)}, with the request set on a builder.
     *
     * @param request sets the request
     * @return which were deleted and why others were not
     */
    default CompletableFuture<DeleteResult> delete(Consumer<DeleteRequest.Builder> request) {
        return delete(Builders.build(DeleteRequest.builder(), request, DeleteRequest.Builder::build));
    }

    /**
     * Pins a message in its chat.
     *
     * @param message the message
     * @return the pinned message as the backend reports it
     * @throws NotChatAdminException (failing the future) if the acting account may not pin
     */
    CompletableFuture<MessageRef> pin(MessageRef message);

    /**
     * Unpins the chat's pinned message.
     *
     * @param chat the chat
     * @return a future that completes when it is done
     */
    CompletableFuture<Void> unpin(PeerId chat);

    /**
     * Reads one page of a peer's messages.
     *
     * @param request the peer, order and page size
     * @return a future of one page of messages
     */
    CompletableFuture<Page<Message>> history(HistoryRequest request);

    /**
     * Like {@link #history(HistoryRequest)}, with the request set on a builder.
     *
     * @param request sets the request
     * @return a future of one page of messages
     */
    default CompletableFuture<Page<Message>> history(Consumer<HistoryRequest.Builder> request) {
        return history(Builders.build(HistoryRequest.builder(), request, HistoryRequest.Builder::build));
    }

    /**
     * Reads one page of the acting account's conversations.
     *
     * @param request the filter and page size
     * @return a future of one page of conversations
     */
    CompletableFuture<Page<Conversation>> conversations(ConversationsRequest request);

    /**
     * Like {@link #conversations(ConversationsRequest)}, with the request set on a builder.
     *
     * @param request sets the request
     * @return a future of one page of conversations
     */
    default CompletableFuture<Page<Conversation>> conversations(Consumer<ConversationsRequest.Builder> request) {
        return conversations(Builders.build(ConversationsRequest.builder(), request, ConversationsRequest.Builder::build));
    }
}
