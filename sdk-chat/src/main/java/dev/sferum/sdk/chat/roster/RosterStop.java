package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.core.exception.SferumException;

import java.util.Objects;
import java.util.Optional;

/**
 * Why an apply stopped before every class was done. Only what going on cannot help stops an apply: failures that
 * may pass are tried again in the same run. Everything done before the stop is recorded, so planning and applying
 * again later resumes it.
 *
 * <pre>{@code
 * result.stop().ifPresent(s -> log.warn("roster sync stopped ({}): {}; run it again to resume", s.reason(), s.message()));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class RosterStop {

    /** What stopped the apply. */
    public enum Reason {
        /** The token is invalid, expired or revoked: get a new one, then run again. */
        TOKEN,
        /** The backend wants a person (a captcha, a confirmation): act on it, then run again. */
        NEEDS_HUMAN,
        /**
         * Many calls in a row failed across classes ({@link RosterSyncConfig#circuitBreakerThreshold()}): the service
         * looks down. Run again when it is back.
         */
        SERVICE_DOWN,
        /** The apply's own deadline ({@link RosterSyncConfig#deadline()}) passed. Run again to go on. */
        DEADLINE,
        /** The thread running the apply was interrupted. */
        INTERRUPTED
    }

    private final Reason reason;
    private final String message;
    private final SferumException cause;

    /**
     * Creates the value; roster sync does this.
     *
     * @param reason what stopped it
     * @param message what happened, in words (no secrets)
     * @param cause the failure that stopped it, or {@code null}
     */
    public RosterStop(Reason reason, String message, SferumException cause) {
        this.reason = Objects.requireNonNull(reason, "reason");
        this.message = Objects.requireNonNull(message, "message");
        this.cause = cause;
    }

    /** {@return what stopped the apply} */
    public Reason reason() {
        return reason;
    }

    /** {@return what happened, in words} */
    public String message() {
        return message;
    }

    /** {@return the failure that stopped it, if one did} */
    public Optional<SferumException> cause() {
        return Optional.ofNullable(cause);
    }

    @Override
    public String toString() {
        return "RosterStop[" + reason + ": " + message + "]";
    }
}
