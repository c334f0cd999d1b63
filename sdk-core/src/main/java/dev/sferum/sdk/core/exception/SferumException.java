package dev.sferum.sdk.core.exception;

import dev.sferum.sdk.core.internal.Require;

import java.util.Objects;
import java.util.Optional;

/**
 * The root of every exception the SDK throws for a failed call (arguments that break a method's contract still
 * fail with {@link IllegalArgumentException}, {@link NullPointerException} or {@link IllegalStateException}).
 *
 * <p>It is unchecked. {@link #category()} says what to do; {@link #retryable()} whether repeating may help;
 * {@link #remedy()} says how to fix it in one sentence. The message never contains a token or secret.
 *
 * @since 0.1.0
 */
public class SferumException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What the caller should do; never null. */
    private final ErrorCategory category;
    /** The API method the call was for, such as {@code messages.send}; null if none. */
    private final String method;
    /** One sentence on how to fix the cause; null if the SDK knows none. */
    private final String remedy;
    /** How many attempts the SDK made before giving up, at least 1. */
    private volatile int attempts;

    /**
     * Creates an exception.
     *
     * @param category what the caller should do
     * @param method the API method the call was for, or {@code null} if none
     * @param message what went wrong; must not contain secrets
     * @param remedy how to fix it, or {@code null}
     * @param cause the cause, or {@code null}; must not carry secrets in its message
     */
    public SferumException(ErrorCategory category, String method, String message, String remedy, Throwable cause) {
        super(message, cause);
        this.category = Objects.requireNonNull(category, "category");
        this.method = method;
        this.remedy = remedy;
        this.attempts = 1;
    }

    /** {@return what the caller should do} */
    public ErrorCategory category() {
        return category;
    }

    /**
     * Whether the same call may succeed if repeated later; the SDK's own retries have already been spent when
     * this exception reaches you.
     *
     * @return the category's retryability
     */
    public boolean retryable() {
        return category.retryable();
    }

    /** {@return the API method the failed call was for, such as {@code messages.send}, if any} */
    public Optional<String> method() {
        return Optional.ofNullable(method);
    }

    /** {@return one sentence on how to fix the cause, if the SDK knows one} */
    public Optional<String> remedy() {
        return Optional.ofNullable(remedy);
    }

    /** {@return how many attempts the SDK made before giving up (1 when it did not retry)} */
    public int attempts() {
        return attempts;
    }

    /**
     * Records the number of attempts made; used by the SDK's retry loop.
     *
     * @param attempts the count, at least 1
     * @return this exception
     */
    public SferumException withAttempts(int attempts) {
        this.attempts = Require.atLeast(attempts, 1, "attempts");
        return this;
    }

    @Override
    public String getMessage() {
        String base = super.getMessage();
        StringBuilder sb = new StringBuilder(base == null ? "" : base);
        if (remedy != null) {
            sb.append(" — ").append(remedy);
        }
        if (attempts > 1) {
            sb.append(" (after ").append(attempts).append(" attempts)");
        }
        return sb.toString();
    }
}
