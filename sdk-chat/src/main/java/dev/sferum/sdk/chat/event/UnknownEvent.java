package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.internal.Require;

import java.util.Optional;

/**
 * An event the SDK has no type for ({@code message_read}, {@code message_typing_state}, {@code wall_post_new}, a
 * type the backend adds later), or one of a known type whose object it could not read. Nothing is lost: the whole
 * event is in {@link EventMeta#json()}.
 *
 * <pre>{@code
 * events.on(UnknownEvent.class, u -> {
 *     if (u.meta().type().equals("message_read")) {
 *         receipts.read(u.meta().tree().path("object"));
 *     }
 * });
 * }</pre>
 *
 * @param meta the backend's envelope and the raw JSON
 * @param reason why it is not typed: {@code "type not modelled"}, or what was wrong with the object (such as
 *     {@code "message_new without object.message.peer_id"})
 * @param peer the peer the backend's parser found where that backend usually puts it (VK: {@code object.peer_id},
 *     {@code object.message.peer_id}, or else the user in {@code object.user_id} / {@code object.from_id}), or empty
 * @since 0.1.0
 */
public record UnknownEvent(EventMeta meta, String reason, Optional<PeerId> peer) implements ChatEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param reason see the record component
     * @param peer see the record component
     */
    public UnknownEvent {
        Require.nonNull("meta reason peer", meta, reason, peer);
    }

    /**
     * An event whose peer is not known.
     *
     * @param meta see the record component
     * @param reason see the record component
     */
    public UnknownEvent(EventMeta meta, String reason) {
        this(meta, reason, Optional.empty());
    }
}
