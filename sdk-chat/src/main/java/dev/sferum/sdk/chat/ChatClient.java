package dev.sferum.sdk.chat;




import dev.sferum.sdk.core.internal.Builders;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Chats, members and messages, blocking the calling thread for each call. Backend-neutral: sdk-vk's {@code VkChats} builds
 * the VK implementation and sdk-max's {@code MaxChats} the MAX one; code written against this interface runs on
 * either, and {@link #capabilities()} says what each can do.
 *
 * <pre>{@code
 * AccessToken token = AccessToken.community(System.getenv("VK_GROUP_TOKEN"), 123456);
 * ApiClient api = ApiClient.builder().token(token).buildClient();
 * ChatClient chats = VkChats.client(api, ChatActor.of(token));   // sdk-vk
 *
 * PeerId chat = chats.createChat(r -> r.title("7Б").members(UserId.of(1001))).chat();
 * chats.send(r -> r.peer(chat).text("Добро пожаловать в чат класса!"));
 * for (ChatMember m : chats.members(chat)) { ... }
 * }</pre>
 *
 * <p><b>Errors.</b> Arguments that break a call's contract throw {@link IllegalArgumentException} (or
 * {@link NullPointerException}) before any I/O. A call the backend cannot make throws
 * {@link UnsupportedChatOperationException} before any I/O. Everything else is a
 * {@link dev.sferum.sdk.core.exception.SferumException}: the backends' chat-specific errors as the subclasses of
 * {@link ChatApiException}, each with a remedy.
 *
 * <p><b>Exactly once.</b> {@link #send(SendRequest)} enters the request in the client's {@link MessageOutbox}
 * before the first attempt and removes it when settled; {@link #resendPending()} re-sends what a crashed run left,
 * with the same idempotency key.
 *
 * <p>Thread-safe; share one per acting account. The async twin is {@link ChatAsyncClient}, with the same method
 * names.
 *
 * @since 0.1.0
 */
public interface ChatClient {

    /** {@return what this backend and account can do} */
    ChatCapabilities capabilities();

    /**
     * The account this client acts as, as it appears among a chat's members: on VK the community
     * ({@code PeerId.community(groupId)}) or the token's user; on MAX the bot, which is a user member of its chats.
     * Roster sync never plans removing it.
     *
     * <pre>{@code
     * PeerId me = chats.actor();
     * boolean mine = chats.members(chat).stream().anyMatch(m -> m.member().equals(me));
     * }</pre>
     *
     * <p>Makes at most one call per client, the first time it is needed: VK's {@code users.get} for a user token
     * whose user id was not given (sdk-vk's {@code ChatActor.user()}), MAX's {@code GET /me}. Then it is remembered.
     *
     * @return the acting account as a chat member
     * @throws dev.sferum.sdk.core.exception.SferumException if asking the backend fails
     * @since 0.1.0
     */
    PeerId actor();

    /**
     * Creates a group chat.
     *
     * @param request title, first members, community
     * @return the chat and the peers the backend reported as added
     * @throws UnsupportedChatOperationException if the backend cannot create chats (MAX)
     * @throws dev.sferum.sdk.core.exception.SferumException if the call fails
     */
    CreateChatResult createChat(CreateChatRequest request);

    /**
     * Creates a group chat.
     *
     * <pre>{@code
     * PeerId chat = chats.createChat(r -> r.title("7Б").members(teacher, pupil1, pupil2)).chat();
     * }</pre>
     *
     * @param request sets the request
     * @return the chat
     * @throws UnsupportedChatOperationException if the backend cannot create chats
     */
    default CreateChatResult createChat(Consumer<CreateChatRequest.Builder> request) {
        return createChat(Builders.build(CreateChatRequest.builder(), request, CreateChatRequest.Builder::build));
    }

    /**
     * Renames a chat. Renaming to the current title is harmless.
     *
     * @param chat the chat
     * @param title the new title, 1 to 128 characters after stripping
     * @throws IllegalArgumentException if {@code chat} is not a chat or the title is blank or too long
     * @throws NotChatAdminException if the acting account is not a chat admin
     */
    void renameChat(PeerId chat, String title);

    /**
     * Reads one chat.
     *
     * @param chat the chat
     * @return the chat
     * @throws ChatNotFoundException if the backend does not know it
     */
    Chat chat(PeerId chat);

    /**
     * Reads several chats (on VK 100 per call).
     *
     * @param chats the chats
     * @return the chats the backend knows, in the order asked; unknown ones are left out
     * @throws IllegalArgumentException if a peer is not a chat or appears twice
     */
    List<Chat> chats(Collection<PeerId> chats);

    /**
     * Lists a chat's members, lazily page by page.
     *
     * @param request the chat and page size
     * @return the members; iterating fetches pages
     */
    Paged<ChatMember> members(MembersRequest request);

    /**
     * Like {@link #members(MembersRequest)}, with the request set on a builder.
     *
     * @param request sets the request
     * @return the members; iterating fetches pages
     */
    default Paged<ChatMember> members(Consumer<MembersRequest.Builder> request) {
        return members(Builders.build(MembersRequest.builder(), request, MembersRequest.Builder::build));
    }

    /**
     * Lists a chat's members, page by page as you iterate.
     *
     * @param chat the chat
     * @return its members; iterating fetches pages
     */
    default Paged<ChatMember> members(PeerId chat) {
        return members(MembersRequest.of(chat));
    }

    /**
     * Adds a user to a chat; a user already in (or already invited) counts as done.
     *
     * @param request chat and user
     * @return {@link MemberChangeResult#ADDED}, {@link MemberChangeResult#ALREADY_MEMBER} or (VK 939) {@link MemberChangeResult#REQUEST_PENDING}
     * @throws UnsupportedChatOperationException if the account cannot add members (a VK community)
     * @throws SchoolRosterException if a Sferum organisation chat refuses the user
     */
    MemberChangeResult addMember(AddMemberRequest request);

    /**
     * Like {@link #addMember(AddMemberRequest)}, with the request set on a builder.
     *
     * @param request sets the request
     * @return {@link MemberChangeResult#ADDED}, {@link MemberChangeResult#ALREADY_MEMBER} or (VK 939) {@link MemberChangeResult#REQUEST_PENDING}
     * @throws UnsupportedChatOperationException if the account cannot add members
     */
    default MemberChangeResult addMember(Consumer<AddMemberRequest.Builder> request) {
        return addMember(Builders.build(AddMemberRequest.builder(), request, AddMemberRequest.Builder::build));
    }

    /**
     * Adds a user to a chat; a user already in counts as done.
     *
     * @param chat the chat
     * @param user the user
     * @return {@link MemberChangeResult#ADDED}, {@link MemberChangeResult#ALREADY_MEMBER} or (VK 939) {@link MemberChangeResult#REQUEST_PENDING}
     */
    default MemberChangeResult addMember(PeerId chat, UserId user) {
        return addMember(AddMemberRequest.of(chat, user));
    }

    /**
     * Removes a member (a user or a community) from a chat; one already gone counts as done.
     *
     * @param chat the chat
     * @param member the member
     * @return {@link MemberChangeResult#REMOVED} or {@link MemberChangeResult#NOT_A_MEMBER}
     * @throws IllegalArgumentException if {@code chat} is not a chat or {@code member} is a chat
     * @throws NotChatAdminException if the acting account may not remove members
     */
    MemberChangeResult removeMember(PeerId chat, PeerId member);

    /**
     * Removes a user from a chat.
     *
     * @param chat the chat
     * @param user the user
     * @return {@link MemberChangeResult#REMOVED} or {@link MemberChangeResult#NOT_A_MEMBER}
     */
    default MemberChangeResult removeMember(PeerId chat, UserId user) {
        return removeMember(chat, user.peer());
    }

    /**
     * Reads the chat's invite link (creating one if it has none).
     *
     * @param chat the chat
     * @return the link; never log it
     */
    InviteLink inviteLink(PeerId chat);

    /**
     * Revokes the chat's invite link and makes a new one.
     *
     * @param chat the chat
     * @return the new link; never log it
     */
    InviteLink resetInviteLink(PeerId chat);

    /**
     * Makes the acting account leave the chat.
     *
     * @param chat the chat
     */
    void leave(PeerId chat);

    /**
     * Sends a message exactly once: the request goes into the outbox first, long text is split into parts in
     * order, and every attempt of a part uses the same idempotency key, so a retry after a dropped connection
     * cannot post twice.
     *
     * @param request the message
     * @return every message posted and every peer that refused (when sending to several)
     * @throws IllegalArgumentException if the request breaks a backend limit (such as VK's 10 attachments)
     * @throws dev.sferum.sdk.core.exception.SferumException if a call fails; parts already sent are not lost:
     *     sending the same request again (or {@link #resendPending()}) completes it without duplicates
     */
    SendResult send(SendRequest request);

    /**
     * Like {@link #send(SendRequest)}, with the request set on a builder.
     *
     * @param request sets the request; its idempotency key is fixed when this method builds it
     * @return every message posted and every peer that refused
     */
    default SendResult send(Consumer<SendRequest.Builder> request) {
        return send(Builders.build(SendRequest.builder(), request, SendRequest.Builder::build));
    }

    /**
     * Re-sends every message the outbox still holds (for example after a crash), oldest first, with the keys they
     * were first sent with. Stops early when the backend is unreachable or throttling; those stay pending.
     *
     * @return what was sent and what failed
     */
    ResendResult resendPending();

    /** {@return the outbox this client sends through} */
    MessageOutbox outbox();

    /**
     * Edits a message.
     *
     * @param request the message and its new text
     * @throws IllegalArgumentException if the text is longer than one backend message
     */
    void edit(EditRequest request);

    /**
     * Like {@link #edit(EditRequest)}, with the request set on a builder.
     *
     * @param request sets the request
     */
    default void edit(Consumer<EditRequest.Builder> request) {
        edit(Builders.build(EditRequest.builder(), request, EditRequest.Builder::build));
    }

    /**
     * Deletes messages.
     *
     * @param request the messages and whether for everyone
     * @return which were deleted and why others were not
     */
    DeleteResult delete(DeleteRequest request);

    /**
     * Like {@link #delete(DeleteRequest)}, with the request set on a builder.
     *
     * @param request sets the request
     * @return which were deleted and why others were not
     */
    default DeleteResult delete(Consumer<DeleteRequest.Builder> request) {
        return delete(Builders.build(DeleteRequest.builder(), request, DeleteRequest.Builder::build));
    }

    /**
     * Pins a message in its chat.
     *
     * @param message the message
     * @return the pinned message as the backend reports it
     * @throws NotChatAdminException if the acting account may not pin
     */
    MessageRef pin(MessageRef message);

    /**
     * Unpins the chat's pinned message.
     *
     * @param chat the chat
     */
    void unpin(PeerId chat);

    /**
     * Reads a peer's messages lazily, page by page.
     *
     * @param request the peer, order and page size
     * @return the messages; iterating fetches pages
     */
    Paged<Message> history(HistoryRequest request);

    /**
     * Like {@link #history(HistoryRequest)}, with the request set on a builder.
     *
     * @param request sets the request
     * @return the messages; iterating fetches pages
     */
    default Paged<Message> history(Consumer<HistoryRequest.Builder> request) {
        return history(Builders.build(HistoryRequest.builder(), request, HistoryRequest.Builder::build));
    }

    /**
     * Lists the acting account's conversations lazily, page by page.
     *
     * @param request the filter and page size
     * @return the conversations; iterating fetches pages
     */
    Paged<Conversation> conversations(ConversationsRequest request);

    /**
     * Like {@link #conversations(ConversationsRequest)}, with the request set on a builder.
     *
     * @param request sets the request
     * @return the conversations; iterating fetches pages
     */
    default Paged<Conversation> conversations(Consumer<ConversationsRequest.Builder> request) {
        return conversations(Builders.build(ConversationsRequest.builder(), request, ConversationsRequest.Builder::build));
    }
}
