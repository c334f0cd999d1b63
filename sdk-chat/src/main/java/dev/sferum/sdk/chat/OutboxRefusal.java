package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.internal.Require;

import java.time.Instant;

/**
 * A message the backend refused for good, taken out of the outbox's pending set so that
 * {@link ChatClient#resendPending()} never sends it again, kept with why so that an operator can see it.
 *
 * <pre>{@code
 * for (OutboxRefusal r : outbox.refused()) {
 *     log.warn("message {} refused: {} {}", r.key(), r.category(), r.errorCode());
 *     outbox.remove(r.key());                      // seen: forget it
 * }
 * }</pre>
 *
 * @param entry the entry as it was pending
 * @param refusedAt when the refusal came (by the client's clock)
 * @param category what the caller should do about it (never a retryable category)
 * @param errorCode the backend's error code ({@code 0} when it has none, as on MAX or for a request the SDK refused)
 * @param reason the error's message: what was refused and how to fix it; never a secret or a message text
 * @since 0.1.0
 */
public record OutboxRefusal(OutboxEntry entry, Instant refusedAt, ErrorCategory category, int errorCode, String reason) {

    /**
     * Checks.
     *
     * @param entry the entry as it was pending
     * @param refusedAt when the refusal came (by the client's clock)
     * @param category what the caller should do about it (never a retryable category)
     * @param errorCode the backend's error code ({@code 0} when it has none, as on MAX or for a request the SDK refused)
     * @param reason the error's message: what was refused and how to fix it; never a secret or a message text
     */
    public OutboxRefusal {
        Require.nonNull("entry refusedAt category reason", entry, refusedAt, category, reason);
    }

    /** {@return the entry's id: the request's idempotency key} */
    public long key() {
        return entry.key();
    }
}
