package dev.sferum.sdk.testkit.max;

import java.time.Duration;
import java.util.Objects;

/**
 * One way for the fake MAX to misbehave on one request.
 *
 * <pre>{@code
 * fake.faults().failNext("POST /messages", 1, MaxFault.dropAfterProcessing());   // sent, but the answer is lost
 * fake.faults().failNext("GET /chats/{chatId}", 1, MaxFault.error(503, "service.unavailable"));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MaxFault {

    /** The kind of a fault. */
    public enum Kind {
        /** No fault: the request is processed normally (to script a sequence, such as "the second send fails"). */
        NONE,
        /** A MAX error body {@code {"code","message"}} with an error status, before processing. */
        ERROR,
        /** An HTTP error status with an HTML page, before processing. */
        HTTP_ERROR,
        /** Connection closed before processing. */
        DROP_BEFORE_PROCESSING,
        /** Processed, then the connection closed without an answer. */
        DROP_AFTER_PROCESSING,
        /** Processed, then a 500 answer (the change happened anyway). */
        ERROR_AFTER_PROCESSING,
        /** Processed, then a truncated body. */
        MALFORMED_BODY,
        /** Processed after a delay. */
        DELAY
    }

    private final Kind kind;
    private final int status;
    private final String code;
    private final Duration delay;

    private MaxFault(Kind kind, int status, String code, Duration delay) {
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.delay = delay;
    }

    /**
     * Answers with a MAX error before doing anything: e.g. {@code error(429, "too.many.requests")},
     * {@code error(503, "service.unavailable")}, {@code error(400, "attachment.not.ready")}.
     *
     * @param status 400 to 599
     * @param code MAX's error key, not blank
     * @return the fault
     */
    public static MaxFault error(int status, String code) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 400-599: " + status);
        }
        Objects.requireNonNull(code, "code");
        if (code.isBlank()) {
            throw new IllegalArgumentException("a MAX error code is a key such as verify.token");
        }
        return new MaxFault(Kind.ERROR, status, code, Duration.ZERO);
    }

    /**
     * Answers with an HTTP error status and an nginx-style HTML page, before doing anything.
     *
     * @param status 400 to 599, typically 502 or 504
     * @return the fault
     */
    public static MaxFault httpError(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an HTTP error status is 400-599: " + status);
        }
        return new MaxFault(Kind.HTTP_ERROR, status, "", Duration.ZERO);
    }

    /** {@return no fault: the request is processed normally; queue it before others to let requests through} */
    public static MaxFault none() {
        return new MaxFault(Kind.NONE, 0, "", Duration.ZERO);
    }

    /** {@return a fault that closes the connection before processing: nothing changes} */
    public static MaxFault dropBeforeProcessing() {
        return new MaxFault(Kind.DROP_BEFORE_PROCESSING, 0, "", Duration.ZERO);
    }

    /** {@return a fault that processes the request (state changes, updates go out) and then closes the connection} */
    public static MaxFault dropAfterProcessing() {
        return new MaxFault(Kind.DROP_AFTER_PROCESSING, 0, "", Duration.ZERO);
    }

    /** {@return a fault that processes the request and then answers 500 {@code internal.error}} */
    public static MaxFault errorAfterProcessing() {
        return new MaxFault(Kind.ERROR_AFTER_PROCESSING, 500, "internal.error", Duration.ZERO);
    }

    /** {@return a fault that processes the request and answers 200 with a truncated JSON body} */
    public static MaxFault malformedBody() {
        return new MaxFault(Kind.MALFORMED_BODY, 0, "", Duration.ZERO);
    }

    /**
     * Waits (real time), then processes normally: for client timeouts.
     *
     * @param delay positive
     * @return the fault
     */
    public static MaxFault delay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("delay must be positive: " + delay);
        }
        return new MaxFault(Kind.DELAY, 0, "", delay);
    }

    /** {@return the kind} */
    public Kind kind() {
        return kind;
    }

    /** {@return the status for the error kinds, else 0} */
    public int status() {
        return status;
    }

    /** {@return MAX's code for the error kinds, else {@code ""}} */
    public String code() {
        return code;
    }

    /** {@return the delay for {@link Kind#DELAY}, else zero} */
    public Duration delay() {
        return delay;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaxFault f && f.kind == kind && f.status == status && f.code.equals(code) && f.delay.equals(delay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, status, code, delay);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ERROR -> "MaxFault[" + status + " " + code + "]";
            case HTTP_ERROR -> "MaxFault[HTTP " + status + "]";
            case DELAY -> "MaxFault[delay " + delay + "]";
            default -> "MaxFault[" + kind + "]";
        };
    }
}
