package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.internal.Require;

import java.util.Objects;
import java.util.Optional;

/**
 * One message the backend accepted: a part of a request's text, in one peer.
 *
 * <p>VK answers a community's single-peer send into a chat with message id {@code 0} [observed in client code,
 * unverified], so the ids may be unknown; the message can then still be found in the history by its
 * {@link #randomId()} ({@link Message#randomId()}).
 *
 * @since 0.1.0
 */
public final class SentMessage {
    private final PeerId peer;
    private final int part;
    private final long randomId;
    private final MessageRef message;

    /**
     * Creates the value; the SDK does this.
     *
     * @param peer the peer it went to
     * @param part which part of the text, from 0
     * @param randomId the idempotency key of the call that sent it (VK's {@code random_id}), or 0 if the backend has none
     * @param message the message, or {@code null} if the backend did not give its ids
     * @throws IllegalArgumentException if {@code part} is negative
     */
    public SentMessage(PeerId peer, int part, long randomId, MessageRef message) {
        this.peer = Objects.requireNonNull(peer, "peer");
        this.part = Require.notNegative(part, "part");
        this.randomId = randomId;
        this.message = message;
    }

    /** {@return the peer it went to} */
    public PeerId peer() {
        return peer;
    }

    /** {@return which part of the text, from 0} */
    public int part() {
        return part;
    }

    /** {@return the idempotency key of the call that sent it (VK's {@code random_id})} */
    public long randomId() {
        return randomId;
    }

    /** {@return the message, if the backend gave its ids} */
    public Optional<MessageRef> message() {
        return Optional.ofNullable(message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SentMessage s && s.peer.equals(peer) && s.part == part && s.randomId == randomId
                && Objects.equals(s.message, message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(peer, part, randomId, message);
    }

    @Override
    public String toString() {
        return "SentMessage[" + peer + ", part " + part + ", " + (message != null ? message : "ids unknown") + "]";
    }
}
