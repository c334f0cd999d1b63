package dev.sferum.sdk.core.exception;

import java.time.Duration;

/**
 * The call ran out of its time (the client's {@code callTimeout} or the request's override) across attempts,
 * back-off and waits for the rate budget. {@link #getCause()} is the last failure, if there was one; the
 * category follows it ({@link ErrorCategory#THROTTLED} when the budget or VK's limits were the reason).
 *
 * @since 0.1.0
 */
public class DeadlineExceededException extends SferumException {
    private static final long serialVersionUID = 1L;

    /** The call's time limit that ran out. */
    private final Duration deadline;

    /**
     * Makes the exception for a call that ran out of time.
     *
     * @param method the API method
     * @param deadline the call's time limit
     * @param what what the call was waiting for when the time ran out
     * @param category the category to report
     * @param last the last failure, or {@code null}
     */
    public DeadlineExceededException(String method, Duration deadline, String what, ErrorCategory category, SferumException last) {
        super(category, method, method + " ran out of its " + deadline.toMillis() + " ms deadline " + what
                        + (last != null ? "; last failure: " + last.getMessage() : ""),
                "raise the call timeout (ClientConfig.callTimeout or RequestOptions.callTimeout), or send fewer calls per second", last);
        this.deadline = deadline;
    }

    /** {@return the call's time limit} */
    public Duration deadline() {
        return deadline;
    }
}
