package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.internal.Require;

/**
 * A user's id on the chat backend (a VK user id), as a value: no names are needed anywhere in this module.
 *
 * <pre>{@code
 * UserId pupil = UserId.of(1001);
 * }</pre>
 *
 * @param value the id, positive
 * @since 0.1.0
 */
public record UserId(long value) implements Comparable<UserId> {

    /**
     * Checks the id.
     *
     * @param value the id, positive
     * @throws IllegalArgumentException if it is not positive
     */
    public UserId {
        Require.positive(value, "user id");
    }

    /**
     * Makes a user id.
     *
     * @param value the id, positive
     * @return the user id
     * @throws IllegalArgumentException if it is not positive
     */
    public static UserId of(long value) {
        return new UserId(value);
    }

    /** {@return this user as a peer (for direct messages and member lists)} */
    public PeerId peer() {
        return PeerId.user(value);
    }

    @Override
    public int compareTo(UserId other) {
        return Long.compare(value, other.value);
    }

    /** {@return the id in decimal} */
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
