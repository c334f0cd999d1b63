package dev.sferum.sdk.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * One injected misbehaviour of the fake, for {@link FakeFaults}. Immutable.
 *
 * <pre>{@code
 * fake.faults().failNext("messages.send", 2, Fault.error(10));             // two internal server errors
 * fake.faults().failNext("messages.send", 1, Fault.dropAfterProcessing()); // sent, but the answer is lost
 * fake.faults().random(10, 42L, Fault.error(10), Fault.httpError(502));    // 10 % of calls, reproducibly
 * }</pre>
 *
 * <p>When each kind acts:
 * <ul>
 *   <li>{@link #error(int)}: not processed; answered with the VK error envelope (HTTP 200), as VK does;</li>
 *   <li>{@link #httpError(int)}: not processed; answered with that status and an nginx-style HTML page;</li>
 *   <li>{@link #dropBeforeProcessing()}: the connection is closed before anything happens;</li>
 *   <li>{@link #dropAfterProcessing()}: processed (state changed, events emitted), then the connection is
 *       closed without an answer: the case {@code random_id} exists for;</li>
 *   <li>{@link #malformedBody()}: processed, then answered 200 with a truncated JSON body;</li>
 *   <li>{@link #delay(Duration)}: processed normally after waiting (real time).</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class Fault {

    /**
     * The kind of a fault.
     *
     * @since 0.1.0
     */
    public enum Kind {
        /** A VK API error envelope with a given code. */
        VK_ERROR,
        /** An HTTP error status with an HTML body. */
        HTTP_ERROR,
        /** Connection closed before processing. */
        DROP_BEFORE_PROCESSING,
        /** Connection closed after processing. */
        DROP_AFTER_PROCESSING,
        /** Processed, then a truncated body. */
        MALFORMED_BODY,
        /** Processed after a delay. */
        DELAY
    }

    private final Kind kind;
    private final int code;
    private final Duration delay;

    private Fault(Kind kind, int code, Duration delay) {
        this.kind = kind;
        this.code = code;
        this.delay = delay;
    }

    /**
     * Answers with a VK API error, e.g. 10 (internal server error), 6 (too many requests), 9 (flood control),
     * 5 (authorization failed). The message is VK's description of the code.
     *
     * @param vkErrorCode a positive VK {@code error_code}
     * @return the fault
     */
    public static Fault error(int vkErrorCode) {
        if (vkErrorCode <= 0) {
            throw new IllegalArgumentException("a VK error code is positive, e.g. 10 or 9: " + vkErrorCode);
        }
        return new Fault(Kind.VK_ERROR, vkErrorCode, Duration.ZERO);
    }

    /**
     * Answers with an HTTP error status and an nginx-style HTML page instead of JSON.
     *
     * @param status 400 to 599, typically 500, 502, 503 or 504
     * @return the fault
     */
    public static Fault httpError(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an HTTP error status is 400-599, e.g. 502: " + status);
        }
        return new Fault(Kind.HTTP_ERROR, status, Duration.ZERO);
    }

    /**
     * Closes the connection before the request is processed: nothing changes on the fake.
     *
     * @return the fault
     */
    public static Fault dropBeforeProcessing() {
        return new Fault(Kind.DROP_BEFORE_PROCESSING, 0, Duration.ZERO);
    }

    /**
     * Processes the request (state changes, events go out) and then closes the connection without an answer.
     *
     * @return the fault
     */
    public static Fault dropAfterProcessing() {
        return new Fault(Kind.DROP_AFTER_PROCESSING, 0, Duration.ZERO);
    }

    /**
     * Processes the request and answers 200 with a truncated, unparseable JSON body.
     *
     * @return the fault
     */
    public static Fault malformedBody() {
        return new Fault(Kind.MALFORMED_BODY, 0, Duration.ZERO);
    }

    /**
     * Waits, then processes the request normally. Real time: use it for client timeouts.
     *
     * @param delay how long, positive
     * @return the fault
     */
    public static Fault delay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("delay must be positive: " + delay);
        }
        return new Fault(Kind.DELAY, 0, delay);
    }

    /**
     * The kind of fault.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The VK error code for {@link Kind#VK_ERROR}, the HTTP status for {@link Kind#HTTP_ERROR}, else 0.
     *
     * @return the code or status
     */
    public int code() {
        return code;
    }

    /**
     * The delay for {@link Kind#DELAY}, else zero.
     *
     * @return the delay
     */
    public Duration delay() {
        return delay;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fault && ((Fault) o).kind == kind && ((Fault) o).code == code
                && ((Fault) o).delay.equals(delay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, code, delay);
    }

    @Override
    public String toString() {
        switch (kind) {
            case VK_ERROR:
                return "Fault[VK error " + code + "]";
            case HTTP_ERROR:
                return "Fault[HTTP " + code + "]";
            case DELAY:
                return "Fault[delay " + delay + "]";
            default:
                return "Fault[" + kind + "]";
        }
    }
}
