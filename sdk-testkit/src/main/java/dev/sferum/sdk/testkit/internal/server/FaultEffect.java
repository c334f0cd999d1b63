package dev.sferum.sdk.testkit.internal.server;

import java.time.Duration;

/**
 * What one scheduled fault does to a request, in terms the server core acts on; each fake maps its own public
 * fault type onto this.
 *
 * @param when  at which step the fault acts
 * @param delay extra real-time delay before processing (zero for none)
 */
public record FaultEffect(When when, Duration delay) {

    /** No fault: processed normally. */
    public static final FaultEffect NONE = new FaultEffect(When.PASS, Duration.ZERO);

    /** At which step a fault acts. */
    public enum When {
        /** Processed normally (after {@link FaultEffect#delay()}). */
        PASS,
        /** Connection closed before processing. */
        DROP_BEFORE,
        /** Answered with the backend's fault reply instead of processing. */
        ANSWER_BEFORE,
        /** Processed, then the connection closed without an answer. */
        DROP_AFTER,
        /** Processed, then the answer replaced by the backend's fault reply (error after processing, truncation). */
        ANSWER_AFTER
    }
}
