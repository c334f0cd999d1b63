package dev.sferum.sdk.core.exception;

import java.util.OptionalInt;

/**
 * The call failed below the VK API: the connection, a timeout, an HTTP error status, or a body that is not a VK
 * answer (an HTML error page from a proxy, malformed or oversized JSON).
 *
 * <p>{@link #requestSent()} tells whether the request may have reached the server: a write whose request may
 * have been processed must not be repeated blindly unless it is idempotent.
 *
 * @since 0.1.0
 */
public class TransportException extends SferumException {
    private static final long serialVersionUID = 1L;

    /** Where below the API the call failed. */
    public enum Failure {
        /** Could not connect (refused, DNS, TLS, connect timeout). The request was not sent. */
        CONNECT,
        /** No answer within the attempt timeout. The request may have been processed. */
        TIMEOUT,
        /** The connection broke during the exchange. The request may have been processed. */
        IO,
        /** The server answered with an HTTP error status and no VK error body. */
        HTTP_STATUS,
        /** The body was not a VK answer: not JSON, an HTML page, truncated, too deep, or neither {@code response} nor {@code error}. */
        MALFORMED_BODY,
        /** The body was larger than {@code ClientConfig.maxResponseBytes}. */
        BODY_TOO_LARGE,
        /** The calling thread was interrupted while waiting. */
        INTERRUPTED
    }

    /** Where below the API the call failed. */
    private final Failure failure;
    /** The HTTP status of the server's answer; 0 if there was no answer. */
    private final int httpStatus;
    /** Whether the request may have reached (and been processed by) the server. */
    private final boolean requestSent;

    /**
     * Creates the exception.
     *
     * @param category what the caller should do
     * @param method the API method
     * @param failure where it failed
     * @param httpStatus the HTTP status, or 0 if there was no response
     * @param requestSent whether the request may have reached the server
     * @param message what happened; no secrets
     * @param remedy how to fix it, or {@code null}
     * @param cause the cause, or {@code null}
     */
    public TransportException(ErrorCategory category, String method, Failure failure, int httpStatus, boolean requestSent,
                              String message, String remedy, Throwable cause) {
        super(category, method, message, remedy, cause);
        this.failure = failure;
        this.httpStatus = httpStatus;
        this.requestSent = requestSent;
    }

    /** {@return where below the API the call failed} */
    public Failure failure() {
        return failure;
    }

    /** {@return the HTTP status, if the server answered} */
    public OptionalInt httpStatus() {
        return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** {@return whether the request may have reached (and been processed by) the server} */
    public boolean requestSent() {
        return requestSent;
    }
}
