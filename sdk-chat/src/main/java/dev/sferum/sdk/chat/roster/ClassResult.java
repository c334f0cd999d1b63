package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.core.exception.SferumException;

import java.util.Objects;
import java.util.Optional;

/**
 * How one class went in an apply: its status, how often its steps were tried again after failures that may pass,
 * how many unknown outcomes were checked against the account's conversations, and, when it did not finish, why.
 *
 * <pre>{@code
 * for (ClassResult c : result.classes()) {
 *     log.info("{}: {} ({} retries, {} reconciled)", c.classId(), c.status(), c.retries(), c.reconciliations());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ClassResult {
    private final String classId;
    private final ClassStatus status;
    private final int retries;
    private final int reconciliations;
    private final String reason;
    private final SferumException error;

    /**
     * Creates the value; roster sync does this.
     *
     * @param classId the class
     * @param status how it ended
     * @param retries how many times a step of the class was tried again after a failure that may pass
     * @param reconciliations how many creations with an unknown outcome were checked against the account's
     *     conversations (the chat adopted, or created again because the read showed none)
     * @param reason what a person should know, for {@link ClassStatus#NEEDS_PERSON} and {@link ClassStatus#STOPPED};
     *     empty otherwise
     * @param error the failure behind the reason, or {@code null}
     * @throws IllegalArgumentException for negative counts
     */
    public ClassResult(String classId, ClassStatus status, int retries, int reconciliations, String reason, SferumException error) {
        this.classId = Objects.requireNonNull(classId, "classId");
        this.status = Objects.requireNonNull(status, "status");
        if (retries < 0 || reconciliations < 0) {
            throw new IllegalArgumentException("retries and reconciliations must not be negative: " + retries + ", " + reconciliations);
        }
        this.retries = retries;
        this.reconciliations = reconciliations;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.error = error;
    }

    /** {@return the class} */
    public String classId() {
        return classId;
    }

    /** {@return how it ended} */
    public ClassStatus status() {
        return status;
    }

    /** {@return how many times a step of the class was tried again after a failure that may pass} */
    public int retries() {
        return retries;
    }

    /** {@return how many creations with an unknown outcome were checked against the account's conversations} */
    public int reconciliations() {
        return reconciliations;
    }

    /** {@return what a person should know when the class did not finish; empty when it did} */
    public String reason() {
        return reason;
    }

    /** {@return the failure behind {@link #reason()}, if any} */
    public Optional<SferumException> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return "ClassResult[" + classId + ": " + status + (retries > 0 ? ", retries=" + retries : "")
                + (reconciliations > 0 ? ", reconciliations=" + reconciliations : "") + (reason.isEmpty() ? "" : ", " + reason) + "]";
    }
}
