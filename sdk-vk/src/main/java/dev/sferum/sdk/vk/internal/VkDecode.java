package dev.sferum.sdk.vk.internal;

import dev.sferum.sdk.chat.Chat;
import dev.sferum.sdk.chat.ChatMember;
import dev.sferum.sdk.chat.ChatState;
import dev.sferum.sdk.chat.Conversation;
import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads VK's chat and message objects (schema {@code messages_*}) into the module's values, leniently. */
public final class VkDecode {

    private VkDecode() {
    }

    static ChatState state(String s) {
        if (s == null || s.isEmpty()) {
            return ChatState.IN;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "in" -> ChatState.IN;
            case "kicked" -> ChatState.KICKED;
            case "left" -> ChatState.LEFT;
            case "out" -> ChatState.OUT;
            default -> ChatState.UNKNOWN;
        };
    }

    static PeerId ownerOrNull(JsonNode n) {
        long id = n.asLong(0);
        return id == 0 ? null : VkPeers.fromVk(id);
    }

    /** A {@code messages_conversation} of a chat, with its {@code chat_settings}. */
    static Chat chatFromConversation(JsonNode conversation) {
        PeerId peer = VkPeers.fromVk(conversation.path("peer").path("id").asLong());
        JsonNode settings = conversation.path("chat_settings");
        List<PeerId> admins = new ArrayList<>();
        for (JsonNode a : settings.path("admin_ids")) {
            long id = a.asLong(0);
            if (id != 0) {
                admins.add(VkPeers.fromVk(id));
            }
        }
        return new Chat(peer, settings.path("title").asString(""), ownerOrNull(settings.path("owner_id")),
                Math.max(0, settings.path("members_count").asInt(0)), state(settings.path("state").asString("in")), admins);
    }

    /** A {@code messages_chat} from {@code messages.getChat} (user tokens). */
    static Chat chatFromGetChat(JsonNode chat) {
        PeerId peer = dev.sferum.sdk.chat.PeerId.chat(chat.path("id").asLong());
        ChatState state = chat.path("kicked").asInt(0) == 1 ? ChatState.KICKED
                : chat.path("left").asInt(0) == 1 ? ChatState.LEFT : ChatState.IN;
        int count = chat.has("members_count") ? chat.path("members_count").asInt(0) : chat.path("users").size();
        return new Chat(peer, chat.path("title").asString(""), ownerOrNull(chat.path("admin_id")), Math.max(0, count), state, List.of());
    }

    static ChatMember member(JsonNode m) {
        long id = m.path("member_id").asLong(0);
        long joined = m.path("join_date").asLong(0);
        return new ChatMember(VkPeers.fromVk(id), m.path("is_admin").asBoolean(false), m.path("is_owner").asBoolean(false),
                ownerOrNull(m.path("invited_by")), joined > 0 ? Instant.ofEpochSecond(joined) : null);
    }

    /**
     * Reads a VK message object ({@code messages.getHistory} items, and the messages inside events), leniently:
     * a missing or odd field reads as 0 or empty.
     *
     * @param m the message object
     * @return the message, or {@code null} if it has no peer or carries neither id
     */
    public static Message message(JsonNode m) {
        long peerId = m.path("peer_id").asLong(0);
        long id = Math.max(0, m.path("id").asLong(0));
        long cmid = Math.max(0, m.path("conversation_message_id").asLong(0));
        if (peerId == 0 || (id == 0 && cmid == 0)) {
            return null;
        }
        PeerId peer = VkPeers.fromVk(peerId);
        long from = m.path("from_id").asLong(0);
        List<String> attachments = new ArrayList<>();
        for (JsonNode a : m.path("attachments")) {
            String wire = attachment(a);
            if (wire != null) {
                attachments.add(wire);
            }
        }
        JsonNode action = m.path("action").path("type");
        return new Message(MessageRef.of(peer, id, cmid), from == 0 ? peer : VkPeers.fromVk(from),
                Instant.ofEpochSecond(Math.max(0, m.path("date").asLong(0))), text(m.path("text")), attachments,
                Math.max(0, m.path("random_id").asLong(0)), action.isString() ? action.asString() : null);
    }

    /** {@code {"type":"photo","photo":{"owner_id":-1,"id":2,"access_key":"k"}}} to {@code photo-1_2_k}. */
    static String attachment(JsonNode a) {
        String type = text(a.path("type"));
        JsonNode body = a.path(type);
        if (type.isEmpty() || !body.has("id") || !body.has("owner_id")) {
            return null;
        }
        String key = text(body.path("access_key"));
        return type + body.path("owner_id").asLong(0) + "_" + body.path("id").asLong(0) + (key.isEmpty() ? "" : "_" + key);
    }

    private static String text(JsonNode n) {
        return n.isString() || n.isNumber() ? n.asString() : "";
    }

    static Conversation conversation(JsonNode item) {
        JsonNode c = item.has("conversation") ? item.path("conversation") : item;
        PeerId peer = VkPeers.fromVk(c.path("peer").path("id").asLong());
        Chat chat = peer.isChat() ? chatFromConversation(c) : null;
        long lastDate = item.path("last_message").path("date").asLong(0);
        return new Conversation(peer, chat, Math.max(0, c.path("unread_count").asInt(0)),
                Math.max(0, c.path("last_conversation_message_id").asLong(0)), lastDate > 0 ? Instant.ofEpochSecond(lastDate) : null);
    }
}
