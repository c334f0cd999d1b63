package dev.sferum.sdk.chat;

/**
 * What adding or removing a member did. Both "already so" answers count as success: the member is where the
 * call wanted them.
 *
 * @since 0.1.0
 */
public enum MemberChangeResult {
    /** The member was added. */
    ADDED,
    /** The member was already in the chat or already invited (VK 939); nothing changed. */
    ALREADY_MEMBER,
    /** The member was removed. */
    REMOVED,
    /** The member was not in the chat (VK 935); nothing changed. */
    NOT_A_MEMBER;

    /** @return whether the call changed the chat */
    public boolean changed() {
        return this == ADDED || this == REMOVED;
    }
}
