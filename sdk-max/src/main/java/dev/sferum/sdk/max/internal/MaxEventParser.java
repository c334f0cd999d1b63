package dev.sferum.sdk.max.internal;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.ChatTitleUpdated;
import dev.sferum.sdk.chat.event.ClientInfo;
import dev.sferum.sdk.chat.event.EventMeta;
import dev.sferum.sdk.chat.event.EventOrigin;
import dev.sferum.sdk.chat.event.MemberJoined;
import dev.sferum.sdk.chat.event.MemberLeft;
import dev.sferum.sdk.chat.event.MessageAllow;
import dev.sferum.sdk.chat.event.MessageDeleted;
import dev.sferum.sdk.chat.event.MessageDeny;
import dev.sferum.sdk.chat.event.MessageEdit;
import dev.sferum.sdk.chat.event.MessageEvent;
import dev.sferum.sdk.chat.event.MessageNew;
import dev.sferum.sdk.chat.event.UnknownEvent;
import dev.sferum.sdk.core.internal.Json;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Optional;

/**
 * MAX's updates ({@code Update} in schema 0.0.30, the same objects from {@code /updates} and from webhooks) to the
 * chat module's typed events, so MAX and VK handlers share one vocabulary.
 *
 * <table>
 *   <caption>MAX update types and the events they become</caption>
 *   <tr><th>update_type</th><th>event</th></tr>
 *   <tr><td>message_created</td><td>{@link MessageNew}</td></tr>
 *   <tr><td>message_edited</td><td>{@link MessageEdit}</td></tr>
 *   <tr><td>message_removed</td><td>{@link MessageDeleted} (in the chat of {@code chat_id}, by {@code user_id})</td></tr>
 *   <tr><td>user_added, bot_added</td><td>{@link MemberJoined} (via LINK when MAX names no inviter)</td></tr>
 *   <tr><td>user_removed, bot_removed</td><td>{@link MemberLeft} (kicked when someone else removed them)</td></tr>
 *   <tr><td>chat_title_changed</td><td>{@link ChatTitleUpdated}</td></tr>
 *   <tr><td>message_callback</td><td>{@link MessageEvent} (the button's {@code callback_id} as its event id, the
 *   message's {@code mid} as its key)</td></tr>
 *   <tr><td>bot_started / bot_stopped</td><td>{@link MessageAllow} (the deep-link payload as key) / {@link MessageDeny}</td></tr>
 *   <tr><td>anything else (dialog_*, message_chat_created, new types)</td><td>{@link UnknownEvent} with the JSON</td></tr>
 * </table>
 *
 * <p>MAX updates carry no id, so {@link EventMeta#eventId()} is {@code max:} and the first 24 hex digits of the
 * SHA-256 of the update's JSON: a retry of the same delivery has the same id. MAX has no communities, so
 * {@link EventMeta#groupId()} holds the bot's user id. MAX has no service messages, so the chat actions carry
 * no {@link dev.sferum.sdk.chat.event.ChatActionEvent#message() message}: their chat, actor and time come from the
 * update ({@code chat_id}, the inviter or remover or the user, {@code timestamp}).
 */
public final class MaxEventParser {

    private MaxEventParser() {
    }

    /**
     * @param raw one update's JSON, as MAX sent it
     * @return the stable id the SDK gives it
     */
    public static String eventId(byte[] raw) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(raw);
            StringBuilder sb = new StringBuilder("max:");
            for (int i = 0; i < 12; i++) {
                sb.append(Character.forDigit((d[i] >> 4) & 0xf, 16)).append(Character.forDigit(d[i] & 0xf, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * @param update one update
     * @param botId the bot's user id
     * @param origin which source delivered it
     * @return the typed event; an {@link UnknownEvent} for anything the SDK does not type (never {@code null})
     */
    public static ChatEvent parse(JsonNode update, long botId, EventOrigin origin) {
        String json = Json.write(update);
        String type = update.path("update_type").asString("");
        EventMeta meta = new EventMeta(type.isBlank() ? "unknown" : type, eventId(json.getBytes(StandardCharsets.UTF_8)), botId, "",
                origin, json);
        try {
            ChatEvent typed = typed(update, type, meta);
            return typed != null ? typed : new UnknownEvent(meta, "MAX's " + (type.isBlank() ? "untyped update" : type)
                    + " has no typed event in the SDK");
        } catch (RuntimeException e) {
            return new UnknownEvent(meta, "the SDK could not read MAX's " + type + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static ChatEvent typed(JsonNode u, String type, EventMeta meta) {
        Instant at = Instant.ofEpochMilli(u.path("timestamp").asLong(0));
        PeerId chat = u.path("chat_id").asLong(0) != 0 ? PeerId.chat(u.path("chat_id").asLong()) : null;
        long user = u.path("user").path("user_id").asLong(0);
        switch (type) {
            case "message_created", "message_edited" -> {
                JsonNode m = u.path("message");
                Message message = MaxDecode.message(m, peerOf(m, meta.groupId()));
                if (message == null) {
                    return null;
                }
                return type.equals("message_created") ? new MessageNew(meta, message, ClientInfo.UNKNOWN) : new MessageEdit(meta, message);
            }
            case "user_added", "bot_added" -> {
                if (chat == null || user <= 0) {
                    return null;
                }
                long by = type.equals("bot_added") ? user : u.path("inviter_id").asLong(0);
                PeerId member = type.equals("bot_added") ? PeerId.user(meta.groupId()) : PeerId.user(user);
                MemberJoined.Via via = type.equals("user_added") && by <= 0 ? MemberJoined.Via.LINK : MemberJoined.Via.INVITE;
                return new MemberJoined(meta, chat, by > 0 ? PeerId.user(by) : member, at, Optional.empty(), member, via);
            }
            case "user_removed", "bot_removed" -> {
                if (chat == null || user <= 0) {
                    return null;
                }
                PeerId member = type.equals("bot_removed") ? PeerId.user(meta.groupId()) : PeerId.user(user);
                long by = type.equals("bot_removed") ? user : u.path("admin_id").asLong(0);
                PeerId actor = by > 0 ? PeerId.user(by) : member;
                return new MemberLeft(meta, chat, actor, at, Optional.empty(), member, !actor.equals(member));
            }
            case "chat_title_changed" -> {
                if (chat == null) {
                    return null;
                }
                PeerId actor = user > 0 ? PeerId.user(user) : chat;
                return new ChatTitleUpdated(meta, chat, actor, at, Optional.empty(), u.path("title").asString(""));
            }
            case "message_removed" -> {
                String mid = u.path("message_id").asString("");
                long by = u.path("user_id").asLong(0);
                if (chat == null || mid.isBlank() || by <= 0) {
                    return null;
                }
                return new MessageDeleted(meta, MessageRef.keyed(chat, mid), chat, UserId.of(by));
            }
            case "message_callback" -> {
                JsonNode cb = u.path("callback");
                long presser = cb.path("user").path("user_id").asLong(0);
                JsonNode m = u.path("message");
                PeerId where = m.isObject() ? peerOf(m, meta.groupId()) : PeerId.user(presser);
                // null once the message is deleted; then the press names no message
                String mid = m.isObject() ? m.path("body").path("mid").asString("") : "";
                return new MessageEvent(meta, UserId.of(presser), where, cb.path("callback_id").asString(""), cb.path("payload").asString(""), 0,
                        mid.isBlank() ? "" : mid);
            }
            case "bot_started" -> {
                return user > 0 ? new MessageAllow(meta, UserId.of(user), u.path("payload").asString("")) : null;
            }
            case "bot_stopped" -> {
                return user > 0 ? new MessageDeny(meta, UserId.of(user)) : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** A dialog is known by its user, as on VK; a chat by its chat id. */
    static PeerId peerOf(JsonNode message, long botId) {
        JsonNode r = message.path("recipient");
        if ("dialog".equals(r.path("chat_type").asString(""))) {
            long sender = message.path("sender").path("user_id").asLong(0);
            long user = sender > 0 && sender != botId ? sender : r.path("user_id").asLong(0);
            if (user > 0) {
                return PeerId.user(user);
            }
        }
        return MaxDecode.peerOf(message);
    }
}
