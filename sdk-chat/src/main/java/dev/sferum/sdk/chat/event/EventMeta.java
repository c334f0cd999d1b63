package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.core.internal.Require;
import tools.jackson.databind.JsonNode;


/**
 * What every event carries besides its own fields: VK's envelope {@code {type, event_id, group_id, v}} (or what stands
 * for it on MAX: the {@code update_type}, an id the SDK derives from the update, the bot's id) and the event's raw JSON.
 *
 * <pre>{@code
 * events.onAny(e -> audit.record(e.meta().eventId(), e.meta().type(), e.meta().json()));
 * }</pre>
 *
 * <p>{@link #json()} is the whole event as VK sent it, minus the Callback API {@code secret}, so fields the SDK
 * does not model are never lost. It may hold message texts: store it where you store messages, and never log it.
 * {@link #toString()} leaves it out.
 *
 * @param type VK's event type, such as {@code message_new}; not blank
 * @param eventId VK's {@code event_id}, the key duplicates are recognised by; empty if VK sent none. On MAX, whose
 *     updates carry no id, {@code max:} and 24 hex digits of the SHA-256 of the update's JSON
 * @param groupId the account that received the event: on VK the community ({@code group_id}); on MAX, which has no
 *     communities, the bot's user id ({@code GET /me}'s {@code user_id}). Positive. Part of the de-duplication key and
 *     of the lane (per-peer ordering) key, so one stream may carry several communities' or bots' events
 * @param apiVersion the API version the event object follows ({@code v}, such as {@code 5.199}); empty if VK sent
 *     none
 * @param origin which source delivered it
 * @param json the event's JSON text, without {@code secret}
 * @since 0.1.0
 */
public record EventMeta(String type, String eventId, long groupId, String apiVersion, EventOrigin origin, String json) {

    /**
     * Checks the values.
     *
     * @param type see the record component
     * @param eventId see the record component
     * @param groupId see the record component
     * @param apiVersion see the record component
     * @param origin see the record component
     * @param json see the record component
     * @throws IllegalArgumentException if {@code type} is blank or {@code groupId} is not positive
     */
    public EventMeta {
        Require.nonNull("type eventId apiVersion origin json", type, eventId, apiVersion, origin, json);
        if (type.isBlank()) {
            throw new IllegalArgumentException("event type must not be blank");
        }
        Require.positive(groupId, "group_id");
    }

    /**
     * Parses {@link #json()} into a fresh tree each time, which the caller may change freely.
     *
     * @return the event's JSON tree
     */
    public JsonNode tree() {
        return Json.mapper().readTree(json);
    }

    /** {@return the type, ids, version and origin; never the JSON} */
    @Override
    public String toString() {
        return "EventMeta[type=" + type + ", eventId=" + eventId + ", groupId=" + groupId + ", v=" + apiVersion
                + ", origin=" + origin + "]";
    }
}
