package dev.sferum.sdk.vk.event.internal;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.event.ChatCreated;
import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.ChatPhotoUpdated;
import dev.sferum.sdk.chat.event.ChatTitleUpdated;
import dev.sferum.sdk.chat.event.ClientInfo;
import dev.sferum.sdk.chat.event.EventMeta;
import dev.sferum.sdk.chat.event.EventOrigin;
import dev.sferum.sdk.chat.event.GroupJoin;
import dev.sferum.sdk.chat.event.GroupLeave;
import dev.sferum.sdk.chat.event.MemberJoined;
import dev.sferum.sdk.chat.event.MemberLeft;
import dev.sferum.sdk.chat.event.MessageAllow;
import dev.sferum.sdk.chat.event.MessageDeny;
import dev.sferum.sdk.chat.event.MessageEdit;
import dev.sferum.sdk.chat.event.MessageEvent;
import dev.sferum.sdk.chat.event.MessageNew;
import dev.sferum.sdk.chat.event.MessagePinned;
import dev.sferum.sdk.chat.event.MessageReply;
import dev.sferum.sdk.chat.event.MessageUnpinned;
import dev.sferum.sdk.chat.event.OtherChatAction;
import dev.sferum.sdk.chat.event.UnknownEvent;
import dev.sferum.sdk.vk.internal.VkDecode;
import dev.sferum.sdk.vk.internal.VkPeers;
import dev.sferum.sdk.core.internal.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns VK's event JSON ({@code {type, object, group_id, event_id, v}}, the same from the Callback API and Bots
 * Long Poll) into typed events. Lenient: unknown fields are ignored, numbers sent as strings are read, and an event
 * that cannot be typed becomes an {@link UnknownEvent} with the reason; parsing never throws and never drops an
 * event.
 */
public final class EventParser {
    /** The type given to an event that came without one, so that it still reaches {@code onAny} handlers. */
    public static final String MISSING_TYPE = "unknown";
    static final String NOT_MODELLED = "type not modelled";

    private EventParser() {
    }

    /** An object the SDK cannot read as its type; the message names the field, never a value that may be a body. */
    private static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param event one event object
     * @param fallbackGroupId the community to assume if the event has no {@code group_id}
     * @param origin which source delivered it
     * @return the typed event, or an {@link UnknownEvent}
     */
    public static ChatEvent parse(JsonNode event, long fallbackGroupId, EventOrigin origin) {
        EventMeta meta = meta(event, fallbackGroupId, origin);
        try {
            return typed(meta, event.path("object"));
        } catch (Unreadable e) {
            return new UnknownEvent(meta, e.getMessage(), peerOf(meta.tree()));
        } catch (JacksonException e) {
            return new UnknownEvent(meta, "could not read the " + meta.type() + " object: " + Json.describe(e), peerOf(meta.tree()));
        } catch (RuntimeException e) {
            // Value checks of the id types (a zero user id, a negative cmid): the message holds ids only.
            return new UnknownEvent(meta, "could not read the " + meta.type() + " object: " + e.getMessage(), peerOf(meta.tree()));
        }
    }

    /**
     * @param event one event object
     * @param fallbackGroupId the community to assume if the event has none
     * @param origin the source
     * @return the envelope, with the JSON text minus {@code secret}
     */
    static EventMeta meta(JsonNode event, long fallbackGroupId, EventOrigin origin) {
        String type = text(event.path("type"));
        long groupId = event.path("group_id").asLong(0);
        JsonNode raw = event;
        if (event.has("secret") && event instanceof ObjectNode o) {
            ObjectNode copy = o.deepCopy();
            copy.remove("secret");
            raw = copy;
        }
        return new EventMeta(type.isBlank() ? MISSING_TYPE : type, text(event.path("event_id")), groupId > 0 ? groupId : fallbackGroupId,
                text(event.path("v")), origin, Json.write(raw));
    }

    private static ChatEvent typed(EventMeta meta, JsonNode object) {
        switch (meta.type()) {
            case "message_new": {
                JsonNode m = object.has("message") && object.path("message").isObject() ? object.path("message") : object;
                Message message = message(m, meta.type());
                if (m.path("action").isObject()) {
                    return action(meta, message, m.path("action"));
                }
                return new MessageNew(meta, message, clientInfo(object.path("client_info")));
            }
            case "message_reply":
                return new MessageReply(meta, message(bareMessage(object), meta.type()));
            case "message_edit":
                return new MessageEdit(meta, message(bareMessage(object), meta.type()));
            case "message_event":
                return new MessageEvent(meta, user(object, "user_id", meta.type()), peer(object.path("peer_id"), "peer_id", meta.type()),
                        required(object, "event_id", meta.type()), payload(object.path("payload")),
                        Math.max(0, object.path("conversation_message_id").asLong(0)));
            case "message_allow":
                return new MessageAllow(meta, user(object, "user_id", meta.type()), text(object.path("key")));
            case "message_deny":
                return new MessageDeny(meta, user(object, "user_id", meta.type()));
            case "group_join":
                return new GroupJoin(meta, user(object, "user_id", meta.type()), joinType(text(object.path("join_type"))));
            case "group_leave":
                return new GroupLeave(meta, user(object, "user_id", meta.type()), object.path("self").asInt(0) == 1
                        || object.path("self").asBoolean(false));
            default:
                return new UnknownEvent(meta, NOT_MODELLED, peerOf(meta.tree()));
        }
    }

    /** Before API 5.103 {@code message_new} carried the bare message; later versions wrap it. Both are read. */
    private static JsonNode bareMessage(JsonNode object) {
        return object.has("peer_id") || !object.path("message").isObject() ? object : object.path("message");
    }

    private static ChatEvent action(EventMeta meta, Message message, JsonNode action) {
        String type = text(action.path("type"));
        long memberId = action.path("member_id").asLong(0);
        PeerId member = memberId != 0 ? VkPeers.fromVk(memberId) : message.from();
        // VK's actions are service messages: the chat, actor and time are the message's own.
        PeerId chat = message.ref().peer();
        PeerId actor = message.from();
        Instant at = message.date();
        Optional<Message> m = Optional.of(message);
        switch (type) {
            case "chat_create":
                return new ChatCreated(meta, chat, actor, at, m, text(action.path("text")));
            case "chat_title_update":
                return new ChatTitleUpdated(meta, chat, actor, at, m, text(action.path("text")));
            case "chat_photo_update":
                return new ChatPhotoUpdated(meta, chat, actor, at, m, false);
            case "chat_photo_remove":
                return new ChatPhotoUpdated(meta, chat, actor, at, m, true);
            case "chat_invite_user":
                return new MemberJoined(meta, chat, actor, at, m, member, MemberJoined.Via.INVITE);
            case "chat_invite_user_by_link":
                return new MemberJoined(meta, chat, actor, at, m, member, MemberJoined.Via.LINK);
            case "chat_invite_user_by_message_request":
                return new MemberJoined(meta, chat, actor, at, m, member, MemberJoined.Via.REQUEST);
            case "chat_kick_user":
                return new MemberLeft(meta, chat, actor, at, m, member, !member.equals(actor));
            case "chat_pin_message":
                return new MessagePinned(meta, chat, actor, at, m, member, Math.max(0, action.path("conversation_message_id").asLong(0)));
            case "chat_unpin_message":
                return new MessageUnpinned(meta, chat, actor, at, m, member, Math.max(0, action.path("conversation_message_id").asLong(0)));
            default:
                if (type.isBlank()) {
                    throw new Unreadable(meta.type() + " with an action without a type");
                }
                return new OtherChatAction(meta, chat, actor, at, m, type, Json.write(action));
        }
    }

    /**
     * Reads a message object the way {@code messages.getHistory} items are read.
     *
     * @param m the message object
     * @param eventType for the error message
     * @return the message
     */
    static Message message(JsonNode m, String eventType) {
        if (!m.isObject()) {
            throw new Unreadable(eventType + " without a message object");
        }
        long peerId = m.path("peer_id").asLong(0);
        if (peerId == 0) {
            throw new Unreadable(eventType + " without object.message.peer_id");
        }
        long id = Math.max(0, m.path("id").asLong(0));
        long cmid = Math.max(0, m.path("conversation_message_id").asLong(0));
        if (id == 0 && cmid == 0) {
            throw new Unreadable(eventType + " with neither a message id nor a conversation_message_id");
        }
        return VkDecode.message(m);
    }

    private static ClientInfo clientInfo(JsonNode c) {
        if (!c.isObject()) {
            return ClientInfo.UNKNOWN;
        }
        List<String> actions = new ArrayList<>();
        for (JsonNode a : c.path("button_actions")) {
            String s = text(a);
            if (!s.isEmpty()) {
                actions.add(s);
            }
        }
        return new ClientInfo(actions, c.path("keyboard").asBoolean(false), c.path("inline_keyboard").asBoolean(false),
                c.path("carousel").asBoolean(false), c.path("lang_id").asInt(0));
    }

    /** A payload sent as an object is written out as JSON; one sent as a string (the schema's type) is kept. */
    private static String payload(JsonNode p) {
        if (p.isMissingNode() || p.isNull()) {
            return "";
        }
        return p.isString() ? p.asString() : Json.write(p);
    }

    private static GroupJoin.JoinType joinType(String s) {
        if (s.isEmpty()) {
            return GroupJoin.JoinType.OTHER;
        }
        try {
            return GroupJoin.JoinType.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return GroupJoin.JoinType.OTHER;
        }
    }

    private static UserId user(JsonNode object, String field, String eventType) {
        long id = object.path(field).asLong(0);
        if (id <= 0) {
            throw new Unreadable(eventType + " without a positive object." + field);
        }
        return UserId.of(id);
    }

    private static PeerId peer(JsonNode node, String field, String eventType) {
        long id = node.asLong(0);
        if (id == 0) {
            throw new Unreadable(eventType + " without object." + field);
        }
        return VkPeers.fromVk(id);
    }

    private static String required(JsonNode object, String field, String eventType) {
        String s = text(object.path(field));
        if (s.isBlank()) {
            throw new Unreadable(eventType + " without object." + field);
        }
        return s;
    }

    private static String text(JsonNode n) {
        return n.isString() || n.isNumber() ? n.asString() : "";
    }

    /**
     * Where VK usually names the peer of an event it has no model for.
     *
     * @param event the event object
     * @return the peer, or empty
     */
    public static Optional<PeerId> peerOf(JsonNode event) {
        JsonNode o = event.path("object");
        try {
            for (JsonNode n : new JsonNode[]{o.path("peer_id"), o.path("message").path("peer_id")}) {
                long id = n.asLong(0);
                if (id != 0) {
                    return Optional.of(VkPeers.fromVk(id));
                }
            }
            for (String field : new String[]{"user_id", "from_id"}) {
                long id = o.path(field).asLong(0);
                if (id != 0) {
                    return Optional.of(VkPeers.fromVk(id));
                }
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
