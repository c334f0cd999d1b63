package dev.sferum.sdk.core.exception;

/**
 * What the caller should do about a failure. A {@code switch} over it is exhaustive.
 *
 * @since 0.1.0
 */
public enum ErrorCategory {
    /** A temporary failure (VK internal error, HTTP 5xx, a dropped connection): the same call may succeed later. */
    TRANSIENT(true),
    /** Too many requests (VK errors 6, 9, 29): slow down; the call may succeed after a wait. */
    THROTTLED(true),
    /** The token is invalid, expired or revoked, or of the wrong kind for the method: get a new one (sign in again). */
    TOKEN(false),
    /** VK wants a person to act (captcha, validation, confirmation): show it to a user; never retry automatically. */
    NEEDS_HUMAN(false),
    /** The token's owner may not do this (no scope, not a chat admin, not a member of the school organisation). */
    PERMISSION(false),
    /** The request itself is wrong (a bad or missing parameter, a text that is too long): fix the call. */
    INVALID_INPUT(false),
    /** What the call refers to does not exist (a chat, a message, a user). */
    NOT_FOUND(false),
    /** The target is already in, or cannot move to, the requested state (already a member, already removed). */
    CONFLICT(false),
    /** A write may or may not have happened (the connection dropped after the request was sent): check before repeating. */
    OUTCOME_UNKNOWN(false),
    /** The backend cannot do this at all (for example creating a chat on MAX). */
    NOT_SUPPORTED(false);

    private final boolean retryable;

    ErrorCategory(boolean retryable) {
        this.retryable = retryable;
    }

    /**
     * Whether repeating the same call later may succeed.
     *
     * @return true for {@link #TRANSIENT} and {@link #THROTTLED}
     */
    public boolean retryable() {
        return retryable;
    }
}
