package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.SferumException;

import java.util.Objects;

/**
 * One peer that did not get a part of a message sent to many peers, with the backend's reason (for example a
 * {@link MessagesNotAllowedException}: the user has not allowed messages from the community).
 *
 * @param peer the user, community or chat that did not get the part; not null
 * @param part which part of the text, from 0
 * @param error the backend's refusal for this peer (its category says whether a resend may help); not null
 * @since 0.1.0
 */
public record FailedDelivery(PeerId peer, int part, SferumException error) {

    /**
     * Checks.
     *
     * @param peer the user, community or chat that did not get the part; not null
     * @param part which part of the text, from 0
     * @param error the backend's refusal for this peer (its category says whether a resend may help); not null
     * @throws IllegalArgumentException if {@code part} is negative
     */
    public FailedDelivery {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(error, "error");
        if (part < 0) {
            throw new IllegalArgumentException("part must not be negative: " + part);
        }
    }
}
