package dev.sferum.sdk.chat.spi;

import dev.sferum.sdk.chat.OutboxEntry;
import dev.sferum.sdk.chat.OutboxRefusal;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

import java.time.Instant;

/** How every backend's chat ops settle an outbox entry that failed: the one rule, so the contract stays uniform. */
public final class OutboxRefusals {
    private OutboxRefusals() {
    }

    /**
     * Whether a send that failed this way may still succeed later with the same key.
     *
     * @param error the failure
     * @return true to keep the entry pending
     */
    public static boolean keepPending(Throwable error) {
        if (error instanceof SferumException s) {
            return switch (s.category()) {
                case TRANSIENT, THROTTLED, TOKEN, OUTCOME_UNKNOWN -> true;
                case NEEDS_HUMAN, PERMISSION, INVALID_INPUT, NOT_FOUND, CONFLICT, NOT_SUPPORTED -> false;
            };
        }
        return !(error instanceof IllegalArgumentException);
    }

    /**
     * @param entry the entry refused
     * @param at now
     * @param error the refusal, one {@link #keepPending} says no to
     * @return the record to keep
     */
    public static OutboxRefusal of(OutboxEntry entry, Instant at, Throwable error) {
        ErrorCategory category = error instanceof SferumException s ? s.category() : ErrorCategory.INVALID_INPUT;
        int code = error instanceof ApiException a ? a.errorCode() : 0;
        String reason = error instanceof SferumException s ? s.getMessage()
                : error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return new OutboxRefusal(entry, at, category, code, reason);
    }
}
