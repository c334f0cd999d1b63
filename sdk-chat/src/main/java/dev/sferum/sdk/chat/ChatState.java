package dev.sferum.sdk.chat;

/**
 * The acting account's standing in a chat.
 *
 * @since 0.1.0
 */
public enum ChatState {
    /** A member. */
    IN,
    /** Removed by an admin. */
    KICKED,
    /** Left on its own. */
    LEFT,
    /** Out of the chat for another reason (VK's {@code out}: for example the chat was closed). */
    OUT,
    /** A state this SDK version does not know. */
    UNKNOWN
}
