package dev.sferum.sdk.chat.spi;

import dev.sferum.sdk.chat.AddMemberRequest;
import dev.sferum.sdk.chat.Chat;
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

import java.util.Collection;
import java.util.List;

/**
 * Every chat operation of one backend, written once against its call context {@code C} (sdk-vk's {@code Steps},
 * sdk-max's calls) and {@link Flow}, so that {@link SyncChatFront} and {@link AsyncChatFront} serve every backend. An operation
 * checks its arguments before its first call: bad input throws before any I/O on both paths.
 *
 * @param <C> the call context an operation runs on: one per async operation, one per sync client
 * @since 0.1.0
 */
public interface ChatOps<C> {

    /** The listings the sync client pages lazily, whose first page token it checks before any I/O. */
    enum Listing {
        /** {@code members}. */
        MEMBERS,
        /** {@code history}. */
        HISTORY,
        /** {@code conversations}. */
        CONVERSATIONS
    }

    /** {@return what this backend can do} */
    ChatCapabilities capabilities();

    /** {@return where sends wait until settled} */
    MessageOutbox outbox();

    /**
     * Checks a page token of a listing without any I/O.
     *
     * @param listing the listing
     * @param token the token, or {@code null} for the first page
     * @throws IllegalArgumentException if the token is not one of this listing's
     */
    void checkPageToken(Listing listing, String token);

    /**
     * {@return whether a page of history can repeat messages of the page before it, so that the sync listing must skip
     *     them by {@link Message#ref()}}
     */
    boolean historyPagesOverlap();

    /**
     * Reads the peer the client acts as.
     *
     * @param c the call context
     * @return the peer the client acts as
     */
    Flow<PeerId> self(C c);

    /**
     * Creates a chat.
     *
     * @param c the call context
     * @param r the request
     * @return the new chat
     */
    Flow<CreateChatResult> createChat(C c, CreateChatRequest r);

    /**
     * Renames a chat.
     *
     * @param c the call context
     * @param chat the chat
     * @param title the new title
     * @return done
     */
    Flow<Void> renameChat(C c, PeerId chat, String title);

    /**
     * Reads one chat.
     *
     * @param c the call context
     * @param chat the chat
     * @return the chat
     */
    Flow<Chat> chat(C c, PeerId chat);

    /**
     * Reads several chats.
     *
     * @param c the call context
     * @param chats the chats
     * @return the chats found
     */
    Flow<List<Chat>> chats(C c, Collection<PeerId> chats);

    /**
     * Lists one page of a chat's members.
     *
     * @param c the call context
     * @param r the request
     * @return one page of members
     */
    Flow<Page<ChatMember>> members(C c, MembersRequest r);

    /**
     * Adds a member to a chat.
     *
     * @param c the call context
     * @param r the request
     * @return what changed
     */
    Flow<MemberChangeResult> addMember(C c, AddMemberRequest r);

    /**
     * Removes a member from a chat.
     *
     * @param c the call context
     * @param chat the chat
     * @param member the member
     * @return what changed
     */
    Flow<MemberChangeResult> removeMember(C c, PeerId chat, PeerId member);

    /**
     * Reads a chat's invite link, or makes a new one.
     *
     * @param c the call context
     * @param chat the chat
     * @param reset whether to make a new link, revoking the old one
     * @return the link
     */
    Flow<InviteLink> inviteLink(C c, PeerId chat, boolean reset);

    /**
     * Leaves a chat.
     *
     * @param c the call context
     * @param chat the chat
     * @return done
     */
    Flow<Void> leave(C c, PeerId chat);

    /**
     * Sends a message.
     *
     * @param c the call context
     * @param r the request
     * @return what was sent
     */
    Flow<SendResult> send(C c, SendRequest r);

    /**
     * Sends again what the outbox still holds.
     *
     * @param c the call context
     * @return what was sent again and what failed
     */
    Flow<ResendResult> resendPending(C c);

    /**
     * Edits a message.
     *
     * @param c the call context
     * @param r the request
     * @return done
     */
    Flow<Void> edit(C c, EditRequest r);

    /**
     * Deletes messages.
     *
     * @param c the call context
     * @param r the request
     * @return what was deleted and what failed
     */
    Flow<DeleteResult> delete(C c, DeleteRequest r);

    /**
     * Pins a message in its chat.
     *
     * @param c the call context
     * @param message the message
     * @return the pinned message
     */
    Flow<MessageRef> pin(C c, MessageRef message);

    /**
     * Unpins the pinned message of a chat.
     *
     * @param c the call context
     * @param chat the chat
     * @return done
     */
    Flow<Void> unpin(C c, PeerId chat);

    /**
     * Reads one page of a peer's message history.
     *
     * @param c the call context
     * @param r the request
     * @return one page of messages
     */
    Flow<Page<Message>> history(C c, HistoryRequest r);

    /**
     * Lists one page of conversations.
     *
     * @param c the call context
     * @param r the request
     * @return one page of conversations
     */
    Flow<Page<Conversation>> conversations(C c, ConversationsRequest r);
}
