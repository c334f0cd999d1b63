package dev.sferum.sdk.testkit.max.internal;

import dev.sferum.sdk.testkit.FakeClock;
import dev.sferum.sdk.testkit.max.FakeMaxBot;
import dev.sferum.sdk.testkit.max.FakeMaxChat;
import dev.sferum.sdk.testkit.max.FakeMaxMessage;
import dev.sferum.sdk.testkit.max.FakeMaxUpdate;
import dev.sferum.sdk.testkit.max.FakeMaxUser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The fake MAX's state and the Bot API's behaviour on it: users, bots and their tokens, chats and dialogs, members,
 * messages, pins, and each bot's queue of updates. Every method holds this object's lock, so requests see and leave a
 * consistent state. Answers follow MAX's OpenAPI schema 0.0.30 (field names, nesting, millisecond times).
 */
public final class MaxWorld {
    /** MAX's limit on a message text (NewMessageBody.text maxLength). */
    static final int MAX_TEXT = 4000;
    /** MAX's limit on a chat title (ChatPatch.title maxLength). */
    static final int MAX_TITLE = 200;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final FakeClock clock;
    private final Random random;
    private final Map<Long, UserRec> users = new LinkedHashMap<>();
    private final Map<String, Long> tokens = new HashMap<>();
    private final Map<Long, ChatRec> chats = new LinkedHashMap<>();
    private final Map<String, MsgRec> messages = new HashMap<>();
    private final Map<Long, BotQueue> queues = new HashMap<>();
    private final Map<String, Integer> notReady = new HashMap<>();
    private final Set<Long> forbidsAdding = new HashSet<>();
    private long nextUserId = 100_001;
    private long nextChatId = -70_000_000_000_001L;
    private long nextDialogId = 180_000_001;
    private long nextSeq = 116_327_994_376_978_000L;
    private Consumer<UpdateEvent> updateListener = e -> { };

    /** One update appended to a bot's queue, for the long poll and webhook machinery. */
    record UpdateEvent(long botId, FakeMaxUpdate update) {
    }

    private record UserRec(long id, String firstName, String lastName, String username, boolean bot) {
    }

    private static final class Member {
        final long userId;
        final long joinTime;
        boolean admin;
        boolean owner;
        String status = "active";

        Member(long userId, long joinTime) {
            this.userId = userId;
            this.joinTime = joinTime;
        }
    }

    private static final class ChatRec {
        final long id;
        final String type;
        String title;
        final long ownerId;
        final Map<Long, Member> members = new LinkedHashMap<>();
        final List<MsgRec> messages = new ArrayList<>();
        String pinned = "";
        final String link;
        long lastTs;
        long lastEvent;

        ChatRec(long id, String type, String title, long ownerId, String link) {
            this.id = id;
            this.type = type;
            this.title = title;
            this.ownerId = ownerId;
            this.link = link;
        }

        Member active(long userId) {
            Member m = members.get(userId);
            return m != null && m.status.equals("active") ? m : null;
        }
    }

    private static final class MsgRec {
        final String mid;
        final long seq;
        final long chatId;
        final long senderId;
        final long ts;
        String text;
        ArrayNode attachments;
        final String replyTo;
        boolean edited;
        boolean deleted;

        MsgRec(String mid, long seq, long chatId, long senderId, long ts, String text, ArrayNode attachments, String replyTo) {
            this.mid = mid;
            this.seq = seq;
            this.chatId = chatId;
            this.senderId = senderId;
            this.ts = ts;
            this.text = text;
            this.attachments = attachments;
            this.replyTo = replyTo;
        }
    }

    /** A bot's updates, its commit point and its webhook subscription. */
    static final class BotQueue {
        final List<FakeMaxUpdate> updates = new ArrayList<>();
        long committed = 1;
        ObjectNode subscription;
    }

    /**
     * @param clock the fake clock
     * @param seed the seed of generated tokens and ids
     */
    public MaxWorld(FakeClock clock, long seed) {
        this.clock = clock;
        this.random = new Random(seed);
    }

    synchronized void onUpdate(Consumer<UpdateEvent> listener) {
        this.updateListener = listener;
    }

    // ------------------------------------------------------------------ seeding

    /**
     * @param firstName first name
     * @param lastName last name
     * @return the user
     */
    public synchronized FakeMaxUser createUser(String firstName, String lastName) {
        long id = nextUserId++;
        users.put(id, new UserRec(id, firstName, lastName, "user" + id, false));
        return new FakeMaxUser(id, firstName, lastName, false);
    }

    /**
     * @param name the bot's name
     * @return the bot with its token
     */
    public synchronized FakeMaxBot createBot(String name) {
        long id = nextUserId++;
        String username = "bot" + id;
        users.put(id, new UserRec(id, name, "", username, true));
        String token = token();
        tokens.put(token, id);
        queues.put(id, new BotQueue());
        return new FakeMaxBot(id, name, username, token);
    }

    /**
     * @param bot a bot
     * @return a new token for it (the old ones stay valid)
     */
    public synchronized String issueToken(FakeMaxBot bot) {
        String token = token();
        tokens.put(token, bot.id());
        return token;
    }

    /**
     * @param token a token to revoke
     */
    public synchronized void revoke(String token) {
        tokens.remove(token);
    }

    private String token() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        StringBuilder sb = new StringBuilder(48);
        for (int i = 0; i < 48; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /**
     * @param token the Authorization header's value
     * @return the bot's id, or empty if the token is unknown
     */
    public synchronized Optional<Long> botFor(String token) {
        return Optional.ofNullable(token == null ? null : tokens.get(token));
    }

    /**
     * @param userId a user
     */
    public synchronized void forbidAdding(long userId) {
        forbidsAdding.add(userId);
    }

    /**
     * @param token an upload token
     * @param times how many sends with it answer {@code attachment.not.ready} first
     */
    public synchronized void markNotReady(String token, int times) {
        notReady.put(token, times);
    }

    /**
     * @param ownerId the creator, a user
     * @param title the title
     * @param memberIds the first members
     * @return the chat
     */
    public synchronized FakeMaxChat createChat(long ownerId, String title, List<Long> memberIds) {
        user(ownerId);
        long id = nextChatId--;
        ChatRec c = new ChatRec(id, "chat", title, ownerId, "https://max.ru/join/" + hex(16));
        Member owner = new Member(ownerId, now());
        owner.owner = true;
        owner.admin = true;
        c.members.put(ownerId, owner);
        for (long m : memberIds) {
            user(m);
            c.members.putIfAbsent(m, new Member(m, now()));
        }
        c.lastEvent = now();
        chats.put(id, c);
        return snapshot(c);
    }

    /**
     * Adds a user or bot to a chat, as its owner would; a bot gets {@code bot_added}, admin bots {@code user_added}.
     *
     * @param chatId the chat
     * @param userId the user or bot
     * @param admin whether to make them an admin
     * @return the chat
     */
    public synchronized FakeMaxChat addMember(long chatId, long userId, boolean admin) {
        ChatRec c = chat(chatId);
        UserRec u = user(userId);
        Member m = new Member(userId, now());
        Member before = c.members.get(userId);
        m.admin = admin || before != null && before.admin;
        c.members.put(userId, m);
        c.lastEvent = now();
        if (u.bot) {
            ObjectNode up = update("bot_added");
            up.put("chat_id", chatId);
            up.set("user", userJson(users.get(c.ownerId)));
            up.put("user_id", c.ownerId);
            up.put("is_channel", false);
            enqueue(userId, up);
        }
        ObjectNode up = update("user_added");
        up.put("chat_id", chatId);
        up.set("user", userJson(u));
        up.put("inviter_id", c.ownerId);
        up.put("is_channel", false);
        toAdminBots(c, up, userId);
        return snapshot(c);
    }

    /**
     * Removes a user or bot, as the owner would.
     *
     * @param chatId the chat
     * @param userId the member
     * @return the chat
     */
    public synchronized FakeMaxChat removeMember(long chatId, long userId) {
        ChatRec c = chat(chatId);
        Member m = c.active(userId);
        if (m == null) {
            throw new IllegalStateException("user " + userId + " is not in chat " + chatId);
        }
        kick(c, m, c.ownerId);
        return snapshot(c);
    }

    private void kick(ChatRec c, Member m, long by) {
        m.status = "removed";
        m.admin = false;
        c.lastEvent = now();
        UserRec u = users.get(m.userId);
        if (u.bot) {
            ObjectNode up = update("bot_removed");
            up.put("chat_id", c.id);
            up.set("user", userJson(users.get(by)));
            up.put("is_channel", false);
            enqueue(u.id, up);
        }
        ObjectNode up = update("user_removed");
        up.put("chat_id", c.id);
        up.set("user", userJson(u));
        up.put("admin_id", by);
        up.put("is_channel", false);
        toAdminBots(c, up, m.userId);
    }

    /**
     * @param chatId the chat
     * @param userId a member
     * @param admin whether they should be an admin
     * @return the chat
     */
    public synchronized FakeMaxChat setAdmin(long chatId, long userId, boolean admin) {
        ChatRec c = chat(chatId);
        Member m = c.active(userId);
        if (m == null) {
            throw new IllegalStateException("user " + userId + " is not in chat " + chatId);
        }
        m.admin = admin || m.owner;
        return snapshot(c);
    }

    /**
     * Opens the dialog between a bot and a user, as the user pressing Start would ({@code bot_started}).
     *
     * @param botId the bot
     * @param userId the user
     * @param payload the deep-link payload, or {@code null}
     * @return the dialog's chat id
     */
    public synchronized long startDialog(long botId, long userId, String payload) {
        UserRec u = user(userId);
        user(botId);
        ChatRec d = dialog(botId, userId);
        if (d == null) {
            d = new ChatRec(nextDialogId++, "dialog", "", userId, "");
            d.members.put(userId, new Member(userId, now()));
            d.members.put(botId, new Member(botId, now()));
            chats.put(d.id, d);
        } else {
            d.members.values().forEach(m -> m.status = "active");
        }
        ObjectNode up = update("bot_started");
        up.put("chat_id", d.id);
        up.set("user", userJson(u));
        if (payload != null) {
            up.put("payload", payload);
        }
        up.put("user_locale", "ru");
        enqueue(botId, up);
        return d.id;
    }

    private ChatRec dialog(long botId, long userId) {
        for (ChatRec c : chats.values()) {
            if (c.type.equals("dialog") && c.members.containsKey(botId) && c.members.containsKey(userId)) {
                return c;
            }
        }
        return null;
    }

    /**
     * A person posts a message in a chat or dialog; the bots there get {@code message_created}.
     *
     * @param senderId the user
     * @param chatId the chat
     * @param text the text
     * @return the message
     */
    public synchronized FakeMaxMessage post(long senderId, long chatId, String text) {
        ChatRec c = chat(chatId);
        if (c.active(senderId) == null) {
            throw new IllegalStateException("user " + senderId + " is not in chat " + chatId);
        }
        return snapshot(store(c, senderId, text, F.arrayNode(), ""));
    }

    private MsgRec store(ChatRec c, long senderId, String text, ArrayNode attachments, String replyTo) {
        long ts = Math.max(now(), c.lastTs + 1);
        c.lastTs = ts;
        c.lastEvent = ts;
        MsgRec m = new MsgRec("mid." + hex(32), nextSeq++, c.id, senderId, ts, text, attachments, replyTo);
        c.messages.add(m);
        messages.put(m.mid, m);
        ObjectNode up = update("message_created");
        up.set("message", messageJson(m));
        if (c.type.equals("dialog")) {
            up.put("user_locale", "ru");
        }
        toBots(c, up, senderId);
        return m;
    }

    // ------------------------------------------------------------------ inspection

    /** {@return every chat and dialog, in creation order} */
    public synchronized List<FakeMaxChat> chats() {
        return chats.values().stream().map(this::snapshot).toList();
    }

    /**
     * @param chatId a chat id
     * @return the chat
     */
    public synchronized Optional<FakeMaxChat> findChat(long chatId) {
        ChatRec c = chats.get(chatId);
        return c == null ? Optional.empty() : Optional.of(snapshot(c));
    }

    /**
     * @param chatId a chat id
     * @return every message of it, oldest first, deleted ones included
     */
    public synchronized List<FakeMaxMessage> messagesIn(long chatId) {
        ChatRec c = chats.get(chatId);
        return c == null ? List.of() : c.messages.stream().map(this::snapshot).toList();
    }

    /**
     * @param botId a bot
     * @return its queued updates, oldest first
     */
    public synchronized List<FakeMaxUpdate> updates(long botId) {
        BotQueue q = queues.get(botId);
        return q == null ? List.of() : List.copyOf(q.updates);
    }

    /**
     * @param botId a bot
     * @return its webhook subscription, if any
     */
    synchronized Optional<ObjectNode> subscription(long botId) {
        BotQueue q = queues.get(botId);
        return q == null || q.subscription == null ? Optional.empty() : Optional.of(q.subscription.deepCopy());
    }

    private FakeMaxChat snapshot(ChatRec c) {
        List<Long> members = new ArrayList<>();
        List<Long> admins = new ArrayList<>();
        Map<Long, String> statuses = new LinkedHashMap<>();
        for (Member m : c.members.values()) {
            statuses.put(m.userId, m.status);
            if (m.status.equals("active")) {
                members.add(m.userId);
                if (m.admin) {
                    admins.add(m.userId);
                }
            }
        }
        return new FakeMaxChat(c.id, c.type, c.title, c.ownerId, members, admins, statuses, c.pinned, c.link);
    }

    private FakeMaxMessage snapshot(MsgRec m) {
        List<String> attachments = new ArrayList<>();
        for (JsonNode a : m.attachments) {
            String token = a.path("payload").path("token").asString(a.path("payload").path("code").asString(""));
            attachments.add(a.path("type").asString("") + (token.isEmpty() ? "" : ":" + token));
        }
        return new FakeMaxMessage(m.mid, m.seq, m.chatId, m.senderId, Instant.ofEpochMilli(m.ts), m.text == null ? "" : m.text, attachments,
                m.replyTo, m.edited, m.deleted);
    }

    // ------------------------------------------------------------------ the Bot API

    /** One authenticated request, routed. */
    record Req(long botId, String operation, Map<String, String> path, Map<String, String> query, JsonNode body) {
        String q(String name) {
            return query.get(name);
        }
    }

    /**
     * Answers one request of a bot.
     *
     * @param r the request
     * @return the reply
     */
    synchronized MaxReply handle(Req r) {
        try {
            return route(r);
        } catch (Refused e) {
            return e.reply;
        }
    }

    private MaxReply route(Req r) {
        return switch (r.operation()) {
            case "GET /me" -> me(r);
            case "GET /chats" -> listChats(r);
            case "GET /chats/{chatId}" -> getChat(r);
            case "PATCH /chats/{chatId}" -> patchChat(r);
            case "GET /chats/{chatId}/members" -> members(r);
            case "POST /chats/{chatId}/members" -> addMembers(r);
            case "DELETE /chats/{chatId}/members" -> removeMemberApi(r);
            case "GET /chats/{chatId}/members/me" -> membership(r);
            case "DELETE /chats/{chatId}/members/me" -> leave(r);
            case "GET /chats/{chatId}/members/admins" -> admins(r);
            case "GET /chats/{chatId}/pin" -> getPin(r);
            case "PUT /chats/{chatId}/pin" -> pin(r);
            case "DELETE /chats/{chatId}/pin" -> unpin(r);
            case "GET /messages" -> listMessages(r);
            case "POST /messages" -> send(r);
            case "PUT /messages" -> edit(r);
            case "DELETE /messages" -> deleteMessage(r);
            case "GET /messages/{messageId}" -> getMessage(r);
            case "GET /subscriptions" -> subscriptions(r);
            case "POST /subscriptions" -> subscribe(r);
            case "DELETE /subscriptions" -> unsubscribe(r);
            default -> MaxReply.error(405, "method.not.allowed", "Method is not allowed: " + r.operation());
        };
    }

    private MaxReply me(Req r) {
        ObjectNode me = userJson(users.get(r.botId()));
        me.putNull("description");
        me.putArray("commands");
        return MaxReply.ok(me);
    }

    private MaxReply listChats(Req r) {
        int count = count(r, 50);
        List<ChatRec> mine = new ArrayList<>();
        for (ChatRec c : chats.values()) {
            if (!c.type.equals("dialog") && c.members.containsKey(r.botId())) {
                mine.add(c);
            }
        }
        return page(r, "chats", mine, count, c -> chatJson(c, r.botId(), false));
    }

    private ChatRec visible(Req r) {
        ChatRec c = chats.get(longParam("chatId", r.path().get("chatId"), 0));
        return c != null && c.members.containsKey(r.botId()) ? c : null;
    }

    private static MaxReply notFound(String what) {
        return MaxReply.error(404, "not.found", what + " not found");
    }

    private static MaxReply denied(String why) {
        return MaxReply.error(403, "chat.denied", why);
    }

    /**
     * The path's chat, in which the bot is an admin.
     *
     * @throws Refused 404 when the bot cannot see the chat, 403 with {@code why} when it is not an admin there
     */
    private ChatRec adminChat(Req r, String why) {
        ChatRec c = visible(r);
        if (c == null) {
            throw new Refused(notFound("Chat"));
        }
        Member me = c.active(r.botId());
        if (me == null || !me.admin) {
            throw new Refused(denied(why));
        }
        return c;
    }

    /**
     * The path's chat for reading or changing its pin: the bot must be in it, and to change the pin of a group chat
     * (not a dialog) also an admin.
     *
     * @throws Refused 404 when the bot is not in the chat, 403 when a change needs an admin
     */
    private ChatRec pinChat(Req r, boolean change) {
        ChatRec c = visible(r);
        if (c == null || c.active(r.botId()) == null) {
            throw new Refused(notFound("Chat"));
        }
        if (change && c.type.equals("chat") && !c.active(r.botId()).admin) {
            throw new Refused(denied("Bot is not admin of the chat"));
        }
        return c;
    }

    /**
     * The {@code count} query parameter of a list, 1 to 100.
     *
     * @throws BadParam outside that range
     */
    private static int count(Req r, int fallback) {
        int count = intParam("count", r.q("count"), fallback);
        if (count < 1 || count > 100) {
            throw new BadParam("count must be between 1 and 100");
        }
        return count;
    }

    /**
     * One page of a list from the {@code marker} query parameter (an offset): {@code field} holds up to {@code count}
     * items, {@code marker} the next page's offset, or null on the last page.
     */
    private static <T> MaxReply page(Req r, String field, List<T> items, int count, Function<T, JsonNode> json) {
        int from = (int) longParam("marker", r.q("marker"), 0);
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray(field);
        for (int i = Math.max(0, from); i < Math.min(items.size(), from + count); i++) {
            list.add(json.apply(items.get(i)));
        }
        if (from + count < items.size()) {
            out.put("marker", from + count);
        } else {
            out.putNull("marker");
        }
        return MaxReply.ok(out);
    }

    private MaxReply getChat(Req r) {
        ChatRec c = visible(r);
        return c == null ? notFound("Chat") : MaxReply.ok(chatJson(c, r.botId(), true));
    }

    private MaxReply patchChat(Req r) {
        ChatRec c = adminChat(r, "Bot is not admin of the chat");
        JsonNode title = r.body().path("title");
        if (title.isString()) {
            String t = title.asString();
            if (t.isEmpty() || t.length() > MAX_TITLE) {
                return MaxReply.error(400, "proto.payload", "title: size must be between 1 and " + MAX_TITLE);
            }
            if (!t.equals(c.title)) {
                c.title = t;
                ObjectNode up = update("chat_title_changed");
                up.put("chat_id", c.id);
                up.set("user", userJson(users.get(r.botId())));
                up.put("title", t);
                toBots(c, up, r.botId());
            }
        }
        return MaxReply.ok(chatJson(c, r.botId(), true));
    }

    private MaxReply members(Req r) {
        ChatRec c = adminChat(r, "Members are visible to chat admins only");
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray("members");
        List<Member> active = c.members.values().stream().filter(m -> m.status.equals("active")).toList();
        String ids = r.q("user_ids");
        if (ids != null && !ids.isBlank()) {
            for (String id : ids.split(",")) {
                Member m = c.active(longParam("user_ids", id.trim(), 0));
                if (m != null) {
                    list.add(memberJson(m));
                }
            }
            out.putNull("marker");
            return MaxReply.ok(out);
        }
        return page(r, "members", active, count(r, 20), this::memberJson);
    }

    private MaxReply admins(Req r) {
        ChatRec c = adminChat(r, "Bot is not admin of the chat");
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray("members");
        c.members.values().stream().filter(m -> m.status.equals("active") && m.admin).forEach(m -> list.add(memberJson(m)));
        out.putNull("marker");
        return MaxReply.ok(out);
    }

    private MaxReply addMembers(Req r) {
        ChatRec c = adminChat(r, "Bot is not admin of the chat");
        JsonNode ids = r.body().path("user_ids");
        if (!ids.isArray() || ids.isEmpty()) {
            return MaxReply.error(400, "proto.payload", "user_ids: must not be empty");
        }
        List<Long> privacy = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (JsonNode n : ids) {
            long id = n.asLong(0);
            UserRec u = users.get(id);
            if (u == null) {
                unknown.add(id);
            } else if (forbidsAdding.contains(id)) {
                privacy.add(id);
            } else if (c.active(id) == null) {
                Member m = new Member(id, now());
                c.members.put(id, m);
                c.lastEvent = now();
                ObjectNode up = update("user_added");
                up.put("chat_id", c.id);
                up.set("user", userJson(u));
                up.put("inviter_id", r.botId());
                up.put("is_channel", false);
                toAdminBots(c, up, id);
            }
        }
        ObjectNode out = F.objectNode();
        out.put("success", privacy.isEmpty() && unknown.isEmpty());
        if (!privacy.isEmpty() || !unknown.isEmpty()) {
            ArrayNode failed = out.putArray("failed_user_ids");
            privacy.forEach(failed::add);
            unknown.forEach(failed::add);
            ArrayNode details = out.putArray("failed_user_details");
            if (!privacy.isEmpty()) {
                ObjectNode d = details.addObject();
                d.put("error_code", "add.participant.privacy");
                privacy.forEach(d.putArray("user_ids")::add);
            }
            if (!unknown.isEmpty()) {
                ObjectNode d = details.addObject();
                d.put("error_code", "add.participant.not.found");
                unknown.forEach(d.putArray("user_ids")::add);
            }
        }
        return MaxReply.ok(out);
    }

    private MaxReply removeMemberApi(Req r) {
        ChatRec c = adminChat(r, "Bot is not admin of the chat");
        if (r.q("user_id") == null || r.q("user_id").isBlank()) {
            return MaxReply.error(400, "proto.payload", "user_id: is required");
        }
        long userId = longParam("user_id", r.q("user_id"), 0);
        Member m = c.active(userId);
        if (m == null) {
            return MaxReply.unsuccessful("User is not a member of the chat");
        }
        if (m.owner) {
            return denied("The chat owner cannot be removed");
        }
        kick(c, m, r.botId());
        return MaxReply.success();
    }

    private MaxReply membership(Req r) {
        ChatRec c = visible(r);
        Member me = c == null ? null : c.active(r.botId());
        return me == null ? notFound("Membership") : MaxReply.ok(memberJson(me));
    }

    private MaxReply leave(Req r) {
        ChatRec c = visible(r);
        Member me = c == null ? null : c.active(r.botId());
        if (me == null) {
            return denied("Bot is not a member of the chat");
        }
        me.status = "left";
        me.admin = false;
        c.lastEvent = now();
        return MaxReply.success();
    }

    private MaxReply getPin(Req r) {
        ChatRec c = pinChat(r, false);
        ObjectNode out = F.objectNode();
        MsgRec m = c.pinned.isEmpty() ? null : messages.get(c.pinned);
        if (m == null || m.deleted) {
            out.putNull("message");
        } else {
            out.set("message", messageJson(m));
        }
        return MaxReply.ok(out);
    }

    private MaxReply pin(Req r) {
        ChatRec c = pinChat(r, true);
        MsgRec m = messages.get(r.body().path("message_id").asString(""));
        if (m == null || m.deleted || m.chatId != c.id) {
            return notFound("Message");
        }
        c.pinned = m.mid;
        return MaxReply.success();
    }

    private MaxReply unpin(Req r) {
        ChatRec c = pinChat(r, true);
        c.pinned = "";
        return MaxReply.success();
    }

    private MaxReply listMessages(Req r) {
        String ids = r.q("message_ids");
        List<MsgRec> found = new ArrayList<>();
        int count = count(r, 50);
        if (ids != null && !ids.isBlank()) {
            for (String id : ids.split(",")) {
                MsgRec m = messages.get(id.trim());
                if (m != null && !m.deleted && readable(chats.get(m.chatId), r.botId())) {
                    found.add(m);
                }
            }
        } else {
            ChatRec c = chats.get(longParam("chat_id", r.q("chat_id"), 0));
            if (c == null || !c.members.containsKey(r.botId())) {
                return notFound("Chat");
            }
            if (!readable(c, r.botId())) {
                return MaxReply.error(403, "chat.denied", "Bot has no access to the chat");
            }
            long from = longParam("from", r.q("from"), Long.MAX_VALUE);
            long to = longParam("to", r.q("to"), Long.MIN_VALUE);
            for (int i = c.messages.size() - 1; i >= 0 && found.size() < count; i--) {
                MsgRec m = c.messages.get(i);
                if (!m.deleted && m.ts <= from && m.ts >= to) {
                    found.add(m);
                }
            }
        }
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray("messages");
        found.forEach(m -> list.add(messageJson(m)));
        return MaxReply.ok(out);
    }

    private static boolean readable(ChatRec c, long botId) {
        return c != null && c.active(botId) != null;
    }

    private MaxReply getMessage(Req r) {
        MsgRec m = messages.get(r.path().get("messageId"));
        if (m == null || m.deleted || !readable(chats.get(m.chatId), r.botId())) {
            return notFound("Message");
        }
        return MaxReply.ok(messageJson(m));
    }

    /**
     * NewMessageBody's contract (schema.yaml): {@code text}, {@code attachments} and {@code link} are required keys,
     * each nullable; a string, an array and an object when set.
     *
     * @return the 400 MAX gives a body that breaks it, or null
     */
    private static MaxReply brokenMessageBody(JsonNode body) {
        if (!body.isObject()) {
            return MaxReply.error(400, "proto.payload", "the body must be a NewMessageBody object");
        }
        for (String key : new String[]{"text", "attachments", "link"}) {
            if (!body.has(key)) {
                return MaxReply.error(400, "proto.payload", key + ": is required (null when unset)");
            }
        }
        JsonNode text = body.get("text");
        JsonNode attachments = body.get("attachments");
        JsonNode link = body.get("link");
        if (!text.isNull() && !text.isString()) {
            return MaxReply.error(400, "proto.payload", "text: must be a string or null");
        }
        if (!attachments.isNull() && !attachments.isArray()) {
            return MaxReply.error(400, "proto.payload", "attachments: must be an array or null");
        }
        if (!link.isNull() && !link.isObject()) {
            return MaxReply.error(400, "proto.payload", "link: must be an object or null");
        }
        return null;
    }

    private MaxReply send(Req r) {
        MaxReply broken = brokenMessageBody(r.body());
        if (broken != null) {
            return broken;
        }
        ChatRec c;
        if (r.q("chat_id") != null) {
            c = chats.get(longParam("chat_id", r.q("chat_id"), 0));
            if (c == null) {
                return notFound("Chat");
            }
            if (c.active(r.botId()) == null) {
                return denied("Bot is not a member of the chat");
            }
        } else if (r.q("user_id") != null) {
            long user = longParam("user_id", r.q("user_id"), 0);
            if (!users.containsKey(user)) {
                return notFound("User");
            }
            c = dialog(r.botId(), user);
            if (c == null || c.active(user) == null) {
                return denied("The user has not started the bot");
            }
        } else {
            return MaxReply.error(400, "proto.payload", "chat_id or user_id is required");
        }
        JsonNode text = r.body().path("text");
        JsonNode attachments = r.body().path("attachments");
        String t = text.isString() ? text.asString() : "";
        if (t.length() > MAX_TEXT) {
            return MaxReply.error(400, "proto.payload", "text: size must be between 0 and " + MAX_TEXT);
        }
        ArrayNode list = F.arrayNode();
        if (attachments.isArray()) {
            for (JsonNode a : attachments) {
                String token = a.path("payload").path("token").asString("");
                Integer left = notReady.get(token);
                if (left != null && left > 0) {
                    notReady.put(token, left - 1);
                    return MaxReply.error(400, "attachment.not.ready", "Key: errors.process.attachment.file.not.processed");
                }
                list.add(a.deepCopy());
            }
        }
        if (t.isEmpty() && list.isEmpty()) {
            return MaxReply.error(400, "proto.payload", "text or attachments are required");
        }
        String reply = "";
        JsonNode link = r.body().path("link");
        if (link.isObject()) {
            MsgRec target = messages.get(link.path("mid").asString(""));
            if (target == null || target.deleted) {
                return notFound("Linked message");
            }
            reply = target.mid;
        }
        MsgRec m = store(c, r.botId(), t, list, reply);
        ObjectNode out = F.objectNode();
        out.set("message", messageJson(m));
        return MaxReply.ok(out);
    }

    private MaxReply edit(Req r) {
        MaxReply broken = brokenMessageBody(r.body());
        if (broken != null) {
            return broken;
        }
        MsgRec m = messages.get(r.q("message_id") == null ? "" : r.q("message_id"));
        if (m == null || m.deleted || !readable(chats.get(m.chatId), r.botId())) {
            return notFound("Message");
        }
        if (m.senderId != r.botId()) {
            return MaxReply.error(403, "access.denied", "Only the sender can edit a message");
        }
        JsonNode text = r.body().path("text");
        String t = text.isString() ? text.asString() : "";
        if (t.length() > MAX_TEXT) {
            return MaxReply.error(400, "proto.payload", "text: size must be between 0 and " + MAX_TEXT);
        }
        m.text = t;
        JsonNode attachments = r.body().path("attachments");
        if (attachments.isArray()) {
            m.attachments = (ArrayNode) attachments.deepCopy();
        }
        m.edited = true;
        ObjectNode up = update("message_edited");
        up.set("message", messageJson(m));
        toBots(chats.get(m.chatId), up, r.botId());
        return MaxReply.success();
    }

    private MaxReply deleteMessage(Req r) {
        MsgRec m = messages.get(r.q("message_id") == null ? "" : r.q("message_id"));
        if (m == null || m.deleted || !readable(chats.get(m.chatId), r.botId())) {
            return notFound("Message");
        }
        ChatRec c = chats.get(m.chatId);
        if (m.senderId != r.botId() && !(c.active(r.botId()).admin)) {
            return MaxReply.error(403, "access.denied", "Bot cannot delete this message");
        }
        m.deleted = true;
        ObjectNode up = update("message_removed");
        up.put("message_id", m.mid);
        up.put("chat_id", c.id);
        up.put("user_id", r.botId());
        toBots(c, up, r.botId());
        return MaxReply.success();
    }

    private MaxReply subscriptions(Req r) {
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray("subscriptions");
        BotQueue q = queues.get(r.botId());
        if (q.subscription != null) {
            ObjectNode s = q.subscription.deepCopy();
            s.remove("secret");
            list.add(s);
        }
        return MaxReply.ok(out);
    }

    private MaxReply subscribe(Req r) {
        String url = r.body().path("url").asString("");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            return MaxReply.error(400, "proto.payload", "url: must start with http(s)://");
        }
        JsonNode secret = r.body().path("secret");
        if (!secret.isMissingNode() && !secret.isNull() && !secret.asString("").matches("[\\w-]{5,256}")) {
            return MaxReply.error(400, "proto.payload", "secret: must match ^[\\w-]{5,256}$");
        }
        ObjectNode s = F.objectNode();
        s.put("url", url);
        s.put("time", now());
        if (r.body().path("update_types").isArray()) {
            s.set("update_types", r.body().path("update_types").deepCopy());
        } else {
            s.putNull("update_types");
        }
        s.put("version", r.body().path("version").asString("0.0.30"));
        if (secret.isString()) {
            s.put("secret", secret.asString());
        }
        queues.get(r.botId()).subscription = s;
        return MaxReply.success();
    }

    private MaxReply unsubscribe(Req r) {
        BotQueue q = queues.get(r.botId());
        if (q.subscription != null && q.subscription.path("url").asString("").equals(r.q("url"))) {
            q.subscription = null;
            return MaxReply.success();
        }
        return MaxReply.unsuccessful("No subscription for this url");
    }

    // ------------------------------------------------------------------ long polling

    /**
     * Commits and reads a bot's updates for {@code GET /updates}.
     *
     * @param botId the bot
     * @param marker the {@code marker} parameter, or {@code null}
     * @param limit the most updates
     * @param types the types asked for, or empty for all
     * @return the answer body, or {@code null} if there is nothing yet (the caller waits); a 405 reply is thrown as
     *     the body {@code {"code"...}} with status in {@code status[0]}
     */
    synchronized JsonNode poll(long botId, Long marker, int limit, Set<String> types) {
        BotQueue q = queues.get(botId);
        if (marker != null && marker > q.committed) {
            q.committed = Math.min(marker, q.updates.size() + 1L);
        }
        List<FakeMaxUpdate> out = new ArrayList<>();
        long next = q.committed;
        for (FakeMaxUpdate u : q.updates) {
            if (u.marker() < q.committed) {
                continue;
            }
            next = u.marker() + 1;
            if (types.isEmpty() || types.contains(u.type())) {
                out.add(u);
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        if (out.isEmpty()) {
            return null;
        }
        ObjectNode body = F.objectNode();
        ArrayNode list = body.putArray("updates");
        out.forEach(u -> list.add(MaxJson.parseOrNull(u.json().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        body.put("marker", next);
        return body;
    }

    /**
     * @param botId the bot
     * @return the empty answer of a long poll that timed out
     */
    synchronized JsonNode emptyPoll(long botId) {
        ObjectNode body = F.objectNode();
        body.putArray("updates");
        body.put("marker", queues.get(botId).committed);
        return body;
    }

    /**
     * @param botId the bot
     * @return whether it has a webhook subscription (long polling is then refused)
     */
    synchronized boolean subscribed(long botId) {
        return queues.get(botId).subscription != null;
    }

    // ------------------------------------------------------------------ JSON

    private ObjectNode update(String type) {
        ObjectNode up = F.objectNode();
        up.put("update_type", type);
        up.put("timestamp", now());
        return up;
    }

    private void toBots(ChatRec c, ObjectNode update, long except) {
        for (Member m : c.members.values()) {
            if (m.status.equals("active") && m.userId != except && users.get(m.userId).bot) {
                enqueue(m.userId, update);
            }
        }
    }

    private void toAdminBots(ChatRec c, ObjectNode update, long except) {
        for (Member m : c.members.values()) {
            if (m.status.equals("active") && m.admin && m.userId != except && users.get(m.userId).bot) {
                enqueue(m.userId, update);
            }
        }
    }

    private void enqueue(long botId, ObjectNode update) {
        BotQueue q = queues.get(botId);
        if (q == null) {
            return;
        }
        FakeMaxUpdate u = new FakeMaxUpdate(q.updates.size() + 1L, update.path("update_type").asString(), MaxJson.text(update));
        q.updates.add(u);
        updateListener.accept(new UpdateEvent(botId, u));
    }

    private ObjectNode chatJson(ChatRec c, long botId, boolean single) {
        ObjectNode o = F.objectNode();
        o.put("chat_id", c.id);
        o.put("type", c.type);
        Member me = c.members.get(botId);
        o.put("status", me == null ? "removed" : me.status);
        if (c.type.equals("dialog")) {
            o.putNull("title");
        } else {
            o.put("title", c.title);
        }
        o.putNull("icon");
        o.put("last_event_time", c.lastEvent);
        o.put("participants_count", (int) c.members.values().stream().filter(m -> m.status.equals("active")).count());
        boolean admin = me != null && me.status.equals("active") && me.admin;
        if (admin) {
            o.put("owner_id", c.ownerId);
        }
        if (single && admin) {
            ObjectNode p = o.putObject("participants");
            c.members.values().stream().filter(m -> m.status.equals("active")).forEach(m -> p.put(Long.toString(m.userId), c.lastEvent));
        }
        o.put("is_public", false);
        if (!c.link.isEmpty()) {
            o.put("link", c.link);
        }
        o.putNull("description");
        if (c.type.equals("dialog")) {
            c.members.keySet().stream().filter(id -> id != botId).findFirst().ifPresent(u -> o.set("dialog_with_user", userJson(users.get(u))));
        } else {
            o.put("messages_count", (int) c.messages.stream().filter(m -> !m.deleted).count());
        }
        if (single && !c.pinned.isEmpty() && messages.containsKey(c.pinned) && !messages.get(c.pinned).deleted) {
            o.set("pinned_message", messageJson(messages.get(c.pinned)));
        }
        return o;
    }

    private ObjectNode userJson(UserRec u) {
        ObjectNode o = F.objectNode();
        o.put("user_id", u.id);
        o.put("first_name", u.firstName);
        if (!u.lastName.isEmpty()) {
            o.put("last_name", u.lastName);
        }
        o.put("username", u.username);
        o.put("is_bot", u.bot);
        o.put("last_activity_time", now());
        o.put("name", (u.firstName + " " + u.lastName).strip());
        return o;
    }

    private ObjectNode memberJson(Member m) {
        ObjectNode o = userJson(users.get(m.userId));
        o.put("last_access_time", m.joinTime);
        o.put("is_owner", m.owner);
        o.put("is_admin", m.admin);
        o.put("join_time", m.joinTime);
        if (m.admin) {
            ArrayNode p = o.putArray("permissions");
            for (String s : List.of("read_all_messages", "add_remove_members", "add_admins", "change_chat_info", "pin_message", "write")) {
                p.add(s);
            }
        } else {
            o.putNull("permissions");
        }
        o.putNull("alias");
        return o;
    }

    private ObjectNode messageJson(MsgRec m) {
        ChatRec c = chats.get(m.chatId);
        ObjectNode o = F.objectNode();
        o.set("sender", userJson(users.get(m.senderId)));
        ObjectNode recipient = o.putObject("recipient");
        recipient.put("chat_id", c.id);
        recipient.put("chat_type", c.type);
        if (c.type.equals("dialog")) {
            recipient.put("user_id", c.ownerId);
        }
        o.put("timestamp", m.ts);
        if (!m.replyTo.isEmpty() && messages.containsKey(m.replyTo)) {
            MsgRec target = messages.get(m.replyTo);
            ObjectNode link = o.putObject("link");
            link.put("type", "reply");
            link.set("sender", userJson(users.get(target.senderId)));
            link.put("chat_id", target.chatId);
            link.set("message", bodyJson(target));
        }
        o.set("body", bodyJson(m));
        return o;
    }

    private static ObjectNode bodyJson(MsgRec m) {
        ObjectNode b = F.objectNode();
        b.put("mid", m.mid);
        b.put("seq", m.seq);
        if (m.text == null || m.text.isEmpty()) {
            b.putNull("text");
        } else {
            b.put("text", m.text);
        }
        if (m.attachments.isEmpty()) {
            b.putNull("attachments");
        } else {
            b.set("attachments", m.attachments.deepCopy());
        }
        return b;
    }

    // ------------------------------------------------------------------ helpers

    private long now() {
        return clock.instant().toEpochMilli();
    }

    private String hex(int digits) {
        StringBuilder sb = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    private UserRec user(long id) {
        UserRec u = users.get(id);
        if (u == null) {
            throw new IllegalArgumentException("no user " + id + " in the fake; create it with createUser or createBot");
        }
        return u;
    }

    private ChatRec chat(long id) {
        ChatRec c = chats.get(id);
        if (c == null) {
            throw new IllegalArgumentException("no chat " + id + " in the fake");
        }
        return c;
    }

    private static int intParam(String name, String s, int fallback) {
        long v = longParam(name, s, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new BadParam(name + ": must be a 32-bit integer, got " + s);
        }
        return (int) v;
    }

    /**
     * A number from the query or path, as the OpenAPI types it (integer); absent gives the fallback.
     *
     * @throws BadParam for a value that is not a number: MAX answers 400, never a silent 0
     */
    static long longParam(String name, String s, long fallback) {
        if (s == null || s.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new BadParam(name + ": must be an integer, got \"" + s + "\"");
        }
    }

    /** A check that ends a request early with MAX's error answer, which {@link #handle} gives. */
    static class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** The answer. */
        final transient MaxReply reply;

        Refused(MaxReply reply) {
            super(reply.detail(), null, false, false);
            this.reply = reply;
        }
    }

    /** A query or path parameter that breaks the OpenAPI's type: a 400 with MAX's {@code {code,message}}. */
    static final class BadParam extends Refused {
        private static final long serialVersionUID = 1L;

        BadParam(String message) {
            super(MaxReply.error(400, "proto.payload", message));
        }
    }
}
