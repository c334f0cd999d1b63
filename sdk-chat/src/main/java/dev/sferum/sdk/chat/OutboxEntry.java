package dev.sferum.sdk.chat;

import java.time.Instant;
import java.util.Objects;

/**
 * A message waiting in the outbox: the request (with its fixed idempotency key) and when it was enqueued.
 *
 * @param request the send request; its {@link SendRequest#idempotencyKey()} identifies the entry
 * @param enqueuedAt when it entered the outbox (by the client's clock)
 * @since 0.1.0
 */
public record OutboxEntry(SendRequest request, Instant enqueuedAt) {

    /**
     * Checks.
     *
     * @param request the send request; its {@link SendRequest#idempotencyKey()} identifies the entry
     * @param enqueuedAt when it entered the outbox (by the client's clock)
     */
    public OutboxEntry {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    }

    /** {@return the entry's id: the request's idempotency key} */
    public long key() {
        return request.idempotencyKey();
    }
}
