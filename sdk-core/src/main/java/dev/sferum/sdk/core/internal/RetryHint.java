package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;

/**
 * What a failed attempt tells the retry rules beyond its {@link ErrorCategory}: whether the server may have acted on
 * the request, and which wait applies. Each backend's {@link Wire} reads its own errors into one of these; the rules
 * ({@link RetryRules}) know no backend's codes.
 */
public enum RetryHint {
    /** The server may have acted: only an idempotent call may repeat it; giving up throws the failure itself. */
    SENT,
    /**
     * The server may have acted and nothing says whether it did (a timeout, a broken connection, a 5xx): only an
     * idempotent call may repeat it, and giving up on any other call throws {@code OutcomeUnknownException}.
     */
    OUTCOME_UNKNOWN,
    /** The request had no effect (no connection, a file not yet processed): any call may repeat it. */
    NOT_SENT,
    /** Too many requests for the credential right now: any call may repeat it after the throttle back-off. */
    THROTTLE,
    /** Flood control: any call may repeat it after the flood back-off, a limited number of times. */
    FLOOD,
    /** The credential was refused as invalid or expired: renew it once, then follow the category. */
    RENEW_CREDENTIAL;

    /**
     * The hint of a failure that is not a backend's own error: a {@link TransportException} by its failure kind,
     * anything else {@link #SENT}.
     *
     * @param e the failure
     * @return the hint
     */
    public static RetryHint of(SferumException e) {
        if (!(e instanceof TransportException t)) {
            return SENT;
        }
        if (t.failure() == TransportException.Failure.CONNECT) {
            return NOT_SENT;
        }
        if (t.failure() == TransportException.Failure.HTTP_STATUS && t.httpStatus().orElse(0) == 429) {
            return THROTTLE;
        }
        if (t.requestSent() && t.category() == ErrorCategory.TRANSIENT && t.failure() != TransportException.Failure.INTERRUPTED) {
            return OUTCOME_UNKNOWN;
        }
        return SENT;
    }
}
