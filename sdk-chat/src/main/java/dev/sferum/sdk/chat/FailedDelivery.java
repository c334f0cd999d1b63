package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.internal.Require;

import java.util.Objects;

/**
 * One peer that did not get a part of a message sent to many peers, with the backend's reason (for example a
 * {@link MessagesNotAllowedException}: the user has not allowed messages from the community).
 *
 * @param peer the peer
 * @param part which part of the text, from 0
 * @param error why
 * @since 0.1.0
 */
public record FailedDelivery(PeerId peer, int part, SferumException error) {

    /**
     * Checks.
     *
     * @throws IllegalArgumentException if {@code part} is negative
     */
    public FailedDelivery {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(error, "error");
        Require.notNegative(part, "part");
    }
}
