package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.SferumException;

import java.util.Objects;

/**
 * A pending message that {@link ChatClient#resendPending()} could not deliver.
 *
 * @param entry the outbox entry that was not delivered; not null
 * @param error the failure of this resend; not null
 * @param kept whether it is still in the outbox (the failure may pass: a dropped connection, throttling, an expired
 *     token) or was removed (refused for good)
 * @since 0.1.0
 */
public record OutboxFailure(OutboxEntry entry, SferumException error, boolean kept) {

    /**
     * Checks.
     *
     * @param entry the outbox entry that was not delivered; not null
     * @param error the failure of this resend; not null
     * @param kept whether it is still in the outbox (the failure may pass: a dropped connection, throttling, an expired
     *     token) or was removed (refused for good)
     */
    public OutboxFailure {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(error, "error");
    }
}
