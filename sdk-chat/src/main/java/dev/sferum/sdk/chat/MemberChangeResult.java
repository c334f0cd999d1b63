package dev.sferum.sdk.chat;

/**
 * What adding or removing a member did. The "already so" answers count as success: the member is where the
 * call wanted them, or (for {@link #REQUEST_PENDING}) will be once they accept VK's message request.
 *
 * @since 0.1.0
 */
public enum MemberChangeResult {
    /** The member was added. */
    ADDED,
    /** The member was already in the chat (MAX says so); nothing changed. */
    ALREADY_MEMBER,
    /**
     * VK had already sent the user a message request (VK 939, "message request already sent"): the user is not in
     * the chat yet and joins once they accept it; nothing changed, and asking again does not help.
     */
    REQUEST_PENDING,
    /** The member was removed. */
    REMOVED,
    /** The member was not in the chat (VK 935); nothing changed. */
    NOT_A_MEMBER;

    /** {@return whether the call changed the chat} */
    public boolean changed() {
        return this == ADDED || this == REMOVED;
    }
}
