package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.TokenKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The VK methods the fake implements: one immutable table of name → handler, with each method's token kinds
 * and parameters taken from VK's schema ({@link VkSchema}), and the handlers. Handlers run with the World lock held and throw {@link ApiException} for VK errors.
 */
public final class ApiMethods {

    /** A method's handler. */
    @FunctionalInterface
    interface Handler {
        JsonNode handle(Caller caller, Params params);
    }

    /**
     * One row of the table: the handler, and the method's entry in VK's schema, which gives the token kinds that
     * may call it and its parameters.
     */
    record Method(String name, VkSchema.Method schema, Handler handler) {

        /** The token kinds the schema's {@code access_token_type} lists. */
        Set<TokenKind> kinds() {
            return schema.kinds();
        }
    }

    private static final Pattern ATTACHMENT =
            Pattern.compile("(photo|video|audio|doc|wall|market|poll|link)(-?\\d+)_(\\d+)(?:_([A-Za-z0-9]+))?");
    private static final Set<String> INTENTS = Set.of("account_update", "bot_ad_invite", "bot_ad_promo",
            "confirmed_notification", "customer_support", "default", "finance_notification", "game_notification",
            "moderated_newsletter", "non_promo_newsletter", "promo_newsletter", "purchase_update");
    private static final Set<String> FILTERS =
            Set.of("all", "unread", "important", "unanswered", "archive", "sorted_chats");

    private final World world;
    private final Map<String, Method> table;

    ApiMethods(World world, List<Method> extra) {
        this.world = world;
        Map<String, Method> t = new TreeMap<>();
        add(t, "messages.createChat", this::createChat);
        add(t, "messages.addChatUser", this::addChatUser);
        add(t, "messages.addChatUsers", this::addChatUsers);
        add(t, "messages.setChatPhoto", this::setChatPhoto);
        add(t, "messages.deleteChatPhoto", this::deleteChatPhoto);
        add(t, "messages.getById", this::getById);
        add(t, "messages.removeChatUser", this::removeChatUser);
        add(t, "messages.editChat", this::editChat);
        add(t, "messages.getChat", this::getChat);
        add(t, "messages.getChatPreview", this::getChatPreview);
        add(t, "messages.joinChatByInviteLink", this::joinChatByInviteLink);
        add(t, "messages.getConversationsById", this::getConversationsById);
        add(t, "messages.getConversationMembers", this::getConversationMembers);
        add(t, "messages.getInviteLink", this::getInviteLink);
        add(t, "messages.send", this::send);
        add(t, "messages.edit", this::edit);
        add(t, "messages.delete", this::delete);
        add(t, "messages.pin", this::pin);
        add(t, "messages.unpin", this::unpin);
        add(t, "messages.getHistory", this::getHistory);
        add(t, "messages.getConversations", this::getConversations);
        add(t, "messages.getByConversationMessageId", this::getByConversationMessageId);
        add(t, "messages.markAsRead", this::markAsRead);
        add(t, "messages.sendMessageEventAnswer", this::sendMessageEventAnswer);
        add(t, "calls.start", this::startCall);
        add(t, "calls.forceFinish", this::forceFinish);
        add(t, "users.get", this::usersGet);
        for (Method m : extra) {
            t.put(m.name(), m);
        }
        this.table = Collections.unmodifiableMap(t);
    }

    private static void add(Map<String, Method> t, String name, Handler handler) {
        t.put(name, method(name, handler));
    }

    /** A table row for a method VK's schema lists; its token kinds and parameters come from the schema. */
    static Method method(String name, Handler handler) {
        return new Method(name, VkSchema.get().require(name), handler);
    }

    /** The method, or null when the fake does not know it (error 3). */
    Method find(String name) {
        return table.get(name);
    }

    /**
     * Checks that the token kind may call the method.
     *
     * @throws ApiException 27 for a community token, 28 for a service token, 15 for a user token on a
     *                      community-only method
     */
    static void checkKind(Set<TokenKind> kinds, TokenKind kind) {
        if (kinds.contains(kind)) {
            return;
        }
        switch (kind) {
            case COMMUNITY:
                throw new ApiException(27, "method is unavailable with group auth.");
            case SERVICE:
                throw new ApiException(28, "method is unavailable with service token.");
            default:
                throw new ApiException(15, "method is unavailable with user auth.");
        }
    }

    // ------------------------------------------------------------------ helpers

    private Caller acting(Caller caller, Params p) {
        return world.actingFor(caller, p.longValue("group_id", 0));
    }

    private static JsonNode ok() {
        return IntNode.valueOf(1);
    }

    private Conversation chatOf(Caller c, Params p) {
        return world.chatByLocalId(c.account(), p.requireLong("chat_id"));
    }

    private static void requireIn(Conversation chat, long actor) {
        if (!chat.isIn(actor)) {
            throw new ApiException(917, "account " + actor + " is not in this chat");
        }
    }

    private Conversation existing(Caller c, long peerId) {
        Conversation conversation = world.conversation(c.account(), peerId, false);
        if (conversation == null) {
            throw new ApiException(104, "no conversation with " + peerId + " yet");
        }
        return conversation;
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    // ------------------------------------------------------------------ chats

    private JsonNode createChat(Caller caller, Params p) {
        Caller c = acting(caller, p);
        List<Long> userIds = p.longList("user_ids");
        Conversation chat = world.createChat(c.actorId(), p.raw("title"), userIds);
        ObjectNode result = Json.object();
        result.put("chat_id", chat.localIds.get(c.actorId()));
        ArrayNode added = result.putArray("peer_ids");
        chat.members.keySet().stream().filter(id -> id != c.actorId()).forEach(added::add);
        return result;
    }

    private JsonNode addChatUser(Caller c, Params p) {
        Conversation chat = chatOf(c, p);
        if (!p.has("user_id")) {
            throw ApiException.missing("user_id");
        }
        long userId = p.requireLong("user_id");
        p.longInRange("visible_messages_count", 0, 0, 1000);
        if (userId <= 0 || !world.users.containsKey(userId)) {
            throw new ApiException(936, "no user " + userId);
        }
        requireIn(chat, c.actorId());
        world.addMember(chat, c.actorId(), userId, "chat_invite_user");
        return ok();
    }

    /**
     * {@code messages.addChatUsers}: the schema's parameters are only {@code chat_id} and
     * {@code visible_messages_count} (no list of whom to add), so nobody is added; the answer has the schema's shape.
     */
    private JsonNode addChatUsers(Caller c, Params p) {
        Conversation chat = chatOf(c, p);
        p.longInRange("visible_messages_count", 0, 0, 1000);
        requireIn(chat, c.actorId());
        ObjectNode result = Json.object();
        result.putArray("failed_peer_ids");
        result.putArray("failed_phone_numbers");
        result.putArray("invitees");
        return result;
    }

    /**
     * {@code messages.setChatPhoto} takes the {@code file} string an upload to
     * {@code photos.getChatUploadServer} returned; the fake has no upload server, so no file is one it issued, and
     * VK answers a file it did not issue with error 22 (upload error), which the schema lists for the method.
     */
    private JsonNode setChatPhoto(Caller c, Params p) {
        p.requireString("file");
        throw new ApiException(22, "the file was not uploaded through photos.getChatUploadServer");
    }

    /** {@code messages.deleteChatPhoto}: a chat admin removes the photo; answers the service message and the chat. */
    private JsonNode deleteChatPhoto(Caller caller, Params p) {
        Caller c = acting(caller, p);
        Conversation chat = chatOf(c, p);
        requireIn(chat, c.actorId());
        if (!chat.isAdmin(c.actorId())) {
            throw new ApiException(925, "only the owner and admins may change the chat photo");
        }
        Message service = world.postService(chat, c.actorId(), "chat_photo_remove", 0, null, 0, null);
        ObjectNode result = Json.object();
        result.put("message_id", service.id);
        result.set("chat", chatObject(chat, c.actorId(), false));
        return result;
    }

    private JsonNode removeChatUser(Caller caller, Params p) {
        Caller c = acting(caller, p);
        Conversation chat = chatOf(c, p);
        long memberId;
        if (p.has("member_id")) {
            memberId = p.requireLong("member_id");
        } else if (p.has("user_id")) {
            memberId = p.requireLong("user_id");
        } else {
            throw ApiException.missing("user_id");
        }
        if (memberId != c.actorId()) {
            requireIn(chat, c.actorId());
        }
        world.removeMember(chat, c.actorId(), memberId);
        return ok();
    }

    private JsonNode editChat(Caller caller, Params p) {
        Caller c = acting(caller, p);
        Conversation chat = chatOf(c, p);
        world.editTitle(chat, c.actorId(), p.requireString("title"));
        return ok();
    }

    /**
     * {@code messages.getChat}. The schema lists 925, 945, 946 and 1012 for it and no "does not exist" code, so a
     * {@code chat_ids} list leaves out the ids the account has no chat for instead of failing the batch with an
     * error the schema does not name; a single unknown {@code chat_id} is 927, VK's "chat does not exist".
     */
    private JsonNode getChat(Caller c, Params p) {
        boolean fields = p.has("fields");
        if (p.has("chat_ids")) {
            ArrayNode result = Json.array();
            for (long chatId : p.longList("chat_ids")) {
                if (chatId < 1 || chatId > 100_000_000) {
                    throw ApiException.invalid("chat_ids", "should hold ids from 1 to 100000000, got " + chatId);
                }
                if (c.account().chatsByLocalId.containsKey(chatId)) {
                    result.add(chatObject(world.chatByLocalId(c.account(), chatId), c.actorId(), fields));
                }
            }
            return result;
        }
        if (!p.has("chat_id")) {
            throw ApiException.missing("chat_id");
        }
        return chatObject(chatOf(c, p), c.actorId(), fields);
    }

    private ObjectNode chatObject(Conversation chat, long viewer, boolean fields) {
        ObjectNode node = Json.object();
        node.put("id", chat.localIds.get(viewer));
        node.put("type", "chat");
        node.put("title", chat.title);
        node.put("admin_id", chat.ownerId);
        ArrayNode users = node.putArray("users");
        int count = 0;
        for (Member m : chat.members.values()) {
            if (!m.in()) {
                continue;
            }
            count++;
            if (!fields) {
                users.add(m.memberId);
            } else if (m.memberId > 0) {
                ObjectNode user = Render.profile(world.users.get(m.memberId));
                user.put("type", "profile");
                user.put("invited_by", m.invitedBy);
                users.add(user);
            } else {
                ObjectNode group = Json.object();
                group.put("id", m.memberId);
                group.put("name", world.nameOf(m.memberId));
                group.put("type", "group");
                group.put("invited_by", m.invitedBy);
                users.add(group);
            }
        }
        node.put("members_count", count);
        node.put("is_default_photo", true);
        Member me = chat.member(viewer);
        if (me != null && me.state == Member.State.KICKED) {
            node.put("kicked", 1);
        }
        if (me != null && me.state == Member.State.LEFT) {
            node.put("left", 1);
        }
        return node;
    }

    private JsonNode getChatPreview(Caller c, Params p) {
        Conversation chat;
        if (p.has("link")) {
            chat = world.chatByInviteLink(p.requireString("link"));
        } else if (p.has("peer_id")) {
            long peerId = p.requireLong("peer_id");
            if (peerId <= World.CHAT_PEER_BASE) {
                throw ApiException.invalid("peer_id", "is not a chat: " + peerId);
            }
            chat = world.chatByLocalId(c.account(), peerId - World.CHAT_PEER_BASE);
        } else {
            throw ApiException.missing("link");
        }
        ObjectNode result = Json.object();
        ObjectNode preview = result.putObject("preview");
        preview.put("admin_id", chat.ownerId);
        ArrayNode members = preview.putArray("members");
        List<Long> ids = chat.participants();
        ids.forEach(members::add);
        preview.put("members_count", ids.size());
        preview.put("title", chat.title);
        boolean in = chat.isIn(c.actorId());
        preview.put("is_member", in);
        preview.put("joined", in);
        Long local = chat.localIds.get(c.actorId());
        if (local != null) {
            preview.put("local_id", local);
        }
        Render.profilesAndGroups(world, result, ids);
        return result;
    }

    private JsonNode joinChatByInviteLink(Caller c, Params p) {
        Conversation chat = world.chatByInviteLink(p.requireString("link"));
        if (!chat.isIn(c.actorId())) {
            world.addMember(chat, c.actorId(), c.actorId(), "chat_invite_user_by_link");
        }
        ObjectNode result = Json.object();
        result.put("chat_id", chat.localIds.get(c.actorId()));
        return result;
    }

    private JsonNode getConversationsById(Caller caller, Params p) {
        Caller c = acting(caller, p);
        List<Long> peerIds = p.longList("peer_ids");
        if (peerIds.isEmpty()) {
            throw ApiException.missing("peer_ids");
        }
        if (peerIds.size() > 100) {
            throw ApiException.invalid("peer_ids", "may hold at most 100 ids, got " + peerIds.size());
        }
        ArrayNode items = Json.array();
        Set<Long> owners = new LinkedHashSet<>();
        for (long peerId : peerIds) {
            Conversation conversation;
            try {
                conversation = world.conversation(c.account(), peerId, true);
            } catch (ApiException unknownPeer) {
                continue;
            }
            items.add(Render.conversation(world, conversation, c.actorId()));
            owners.addAll(conversation.participants());
        }
        return itemsAnswer(items, owners, p);
    }

    /** {@code {count, items}} plus {@code profiles} and {@code groups} when {@code extended=1}. */
    private ObjectNode itemsAnswer(ArrayNode items, Set<Long> owners, Params p) {
        ObjectNode result = Json.object();
        result.put("count", items.size());
        result.set("items", items);
        return extended(result, owners, p);
    }

    /** The answer, with {@code profiles} and {@code groups} of {@code owners} added when {@code extended=1}. */
    private ObjectNode extended(ObjectNode result, Set<Long> owners, Params p) {
        if (p.bool("extended")) {
            Render.profilesAndGroups(world, result, owners);
        }
        return result;
    }

    private JsonNode getConversationMembers(Caller caller, Params p) {
        Caller c = acting(caller, p);
        long peerId = p.requireLong("peer_id");
        long offset = p.longInRange("offset", 0, 0, Long.MAX_VALUE);
        long count = p.longInRange("count", 20, 1, 1000);
        Conversation conversation = world.conversation(c.account(), peerId, true);
        List<Member> members = new ArrayList<>();
        if (conversation.chat) {
            requireIn(conversation, c.actorId());
            conversation.members.values().stream().filter(Member::in).forEach(members::add);
        } else {
            for (long side : conversation.participants()) {
                members.add(new Member(side, side, 0));
            }
        }
        Set<Long> filter = new LinkedHashSet<>(p.longList("member_ids"));
        if (!filter.isEmpty()) {
            members.removeIf(m -> !filter.contains(m.memberId));
        }
        ObjectNode result = Json.object();
        result.put("count", members.size());
        ArrayNode items = result.putArray("items");
        List<Long> shown = new ArrayList<>();
        members.stream().skip(offset).limit(count).forEach(m -> {
            items.add(Render.member(conversation, m, c.actorId()));
            shown.add(m.memberId);
        });
        if (conversation.chat) {
            result.set("chat_restrictions", Render.chatRestrictions());
        }
        Render.profilesAndGroups(world, result, shown);
        return result;
    }

    private JsonNode getInviteLink(Caller caller, Params p) {
        Caller c = acting(caller, p);
        long peerId = p.requireLong("peer_id");
        if (peerId <= World.CHAT_PEER_BASE) {
            throw ApiException.invalid("peer_id", "is not a chat: " + peerId);
        }
        Conversation chat = world.chatByLocalId(c.account(), peerId - World.CHAT_PEER_BASE);
        requireIn(chat, c.actorId());
        ObjectNode result = Json.object();
        result.put("link", world.inviteLink(chat, c.actorId(), p.bool("reset")));
        return result;
    }

    // ------------------------------------------------------------------ messages

    private JsonNode send(Caller caller, Params p) {
        Caller c = acting(caller, p);
        String text = p.string("message", "");
        if (length(text) > World.MAX_MESSAGE_LENGTH) {
            throw new ApiException(914, "message has " + length(text) + " characters, at most "
                    + World.MAX_MESSAGE_LENGTH + " are allowed");
        }
        String attachment = p.string("attachment", "");
        if (attachment.length() > 9000) {
            throw ApiException.invalid("attachment", "is longer than 9000 characters");
        }
        JsonNode attachments = attachments(attachment);
        String payload = p.raw("payload");
        if (payload != null && payload.length() > 1000) {
            throw ApiException.invalid("payload", "is longer than 1000 characters");
        }
        JsonNode keyboard = null;
        if (p.has("keyboard")) {
            keyboard = Json.parseOrNull(p.requireString("keyboard"));
            if (keyboard == null || !keyboard.isObject()) {
                throw new ApiException(911, "keyboard is not a JSON object");
            }
        }
        if (p.has("intent") && !INTENTS.contains(p.requireString("intent"))) {
            throw ApiException.invalid("intent", "is not one of " + new TreeSet<>(INTENTS) + ", got "
                    + p.requireString("intent"));
        }
        if (text.isBlank() && attachments.isEmpty()) {
            throw ApiException.invalid("message", "is empty or invalid");
        }
        if (!p.has("random_id")) {
            throw ApiException.missing("random_id");
        }
        long randomId = p.requireLong("random_id");
        List<String> forms = new ArrayList<>();
        for (String form : new String[] {"peer_id", "peer_ids", "user_id", "chat_id", "domain"}) {
            if (p.has(form)) {
                forms.add(form);
            }
        }
        if (forms.isEmpty()) {
            throw ApiException.missing("peer_id");
        }
        if (forms.size() > 1) {
            throw ApiException.invalid(String.join(", ", forms), "pass only one of them (peer_id, peer_ids, "
                    + "user_id, chat_id or domain)");
        }
        boolean many = forms.get(0).equals("peer_ids");
        List<Long> peers = many ? p.longList("peer_ids") : List.of(singlePeer(p, forms.get(0)));
        if (many && (peers.isEmpty() || peers.size() > 100)) {
            throw ApiException.invalid("peer_ids", "must hold 1 to 100 ids, got " + peers.size());
        }
        List<Message> earlier = world.sentWithRandomId(c, randomId);
        if (earlier != null) {
            return many ? sendItems(c, earlier, List.of()) : LongNode.valueOf(earlier.get(0).id);
        }
        List<Message> sent = new ArrayList<>();
        List<ObjectNode> failures = new ArrayList<>();
        for (long peerId : peers) {
            try {
                Conversation conversation = world.conversation(c.account(), peerId, true);
                world.checkCanWrite(conversation, c.actorId());
                Message replyTo = replyTo(p, conversation, c.actorId());
                Message message = world.post(conversation, c.actorId(), text, randomId);
                message.attachments = attachments.isEmpty() ? null : attachments;
                message.payload = payload;
                message.keyboard = keyboard;
                message.replyTo = replyTo;
                sent.add(message);
            } catch (ApiException e) {
                if (!many) {
                    throw e;
                }
                ObjectNode item = Json.object();
                item.put("peer_id", peerId);
                item.put("message_id", 0);
                item.put("conversation_message_id", 0);
                ObjectNode error = item.putObject("error");
                error.put("code", e.code());
                error.put("description", e.getMessage());
                failures.add(item);
            }
        }
        world.rememberRandomId(c, randomId, sent);
        return many ? sendItems(c, sent, failures) : LongNode.valueOf(sent.get(0).id);
    }

    private long singlePeer(Params p, String form) {
        switch (form) {
            case "peer_id":
                return p.requireLong("peer_id");
            case "user_id":
                return p.requireLong("user_id");
            case "chat_id":
                return World.CHAT_PEER_BASE + p.requireLong("chat_id");
            default:
                String domain = p.requireString("domain");
                Matcher m = Pattern.compile("(id|club|public)(\\d+)").matcher(domain);
                if (!m.matches()) {
                    throw new ApiException(936, "no user or community with the screen name " + domain);
                }
                long id = Long.parseLong(m.group(2));
                return m.group(1).equals("id") ? id : -id;
        }
    }

    private ArrayNode sendItems(Caller c, List<Message> sent, List<ObjectNode> failures) {
        ArrayNode items = Json.array();
        for (Message m : sent) {
            ObjectNode item = Json.object();
            item.put("peer_id", world.peerIdOf(m.conversation, c.actorId()));
            item.put("message_id", World.visibleId(m, c.actorId()));
            item.put("conversation_message_id", m.cmid);
            items.add(item);
        }
        failures.forEach(items::add);
        return items;
    }

    private Message replyTo(Params p, Conversation conversation, long viewer) {
        if (p.has("reply_to")) {
            long id = p.requireLong("reply_to");
            Message m = world.messagesById.get(id);
            if (m == null || m.conversation != conversation || !m.visibleTo(viewer)) {
                throw ApiException.invalid("reply_to", "is not a message of this conversation: " + id);
            }
            return m;
        }
        if (p.has("forward")) {
            JsonNode forward = Json.parseOrNull(p.requireString("forward"));
            if (forward == null || !forward.isObject()) {
                throw ApiException.invalid("forward", "is not a JSON object");
            }
            JsonNode cmids = forward.path("conversation_message_ids");
            if (forward.path("is_reply").asBoolean(false) && cmids.isArray() && cmids.size() == 1) {
                Message m = conversation.byCmid(cmids.get(0).asLong());
                if (m == null || !m.visibleTo(viewer)) {
                    throw new ApiException(921, "no message with cmid " + cmids.get(0).asLong() + " to reply to");
                }
                return m;
            }
        }
        return null;
    }

    private static ArrayNode attachments(String attachment) {
        ArrayNode result = Json.array();
        if (attachment.isBlank()) {
            return result;
        }
        for (String part : attachment.split(",")) {
            Matcher m = ATTACHMENT.matcher(part.trim());
            if (!m.matches()) {
                throw ApiException.invalid("attachment", "has an item that is not <type><owner_id>_<media_id>: "
                        + part.trim());
            }
            ObjectNode item = result.addObject();
            item.put("type", m.group(1));
            ObjectNode media = item.putObject(m.group(1));
            media.put("id", Long.parseLong(m.group(3)));
            media.put("owner_id", Long.parseLong(m.group(2)));
            if (m.group(4) != null) {
                media.put("access_key", m.group(4));
            }
        }
        return result;
    }

    /** {@code edit} and {@code pin} name their message by {@code message_id} or {@code cmid}: one is required. */
    private static void requireMessageRef(Params p) {
        if (!p.has("message_id") && !p.has("cmid")) {
            throw ApiException.missing("message_id");
        }
    }

    /** The message {@code message_id} or {@code cmid} names in the conversation, as the caller sees it. */
    private Message namedMessage(Conversation conversation, Caller c, Params p) {
        return world.findMessage(conversation, c.actorId(), p.longValue("message_id", 0), p.longValue("cmid", 0));
    }

    private JsonNode edit(Caller caller, Params p) {
        Caller c = acting(caller, p);
        Conversation conversation = existing(c, p.requireLong("peer_id"));
        requireMessageRef(p);
        Message message = namedMessage(conversation, c, p);
        String text = p.string("message", "");
        if (length(text) > World.MAX_MESSAGE_LENGTH) {
            throw new ApiException(914, "message has " + length(text) + " characters, at most "
                    + World.MAX_MESSAGE_LENGTH + " are allowed");
        }
        JsonNode attachments = attachments(p.string("attachment", ""));
        if (text.isBlank() && attachments.isEmpty()) {
            throw ApiException.invalid("message", "is empty or invalid");
        }
        world.edit(message, c.actorId(), text);
        if (!attachments.isEmpty()) {
            message.attachments = attachments;
        }
        return ok();
    }

    private JsonNode delete(Caller caller, Params p) {
        Caller c = acting(caller, p);
        boolean forAll = p.bool("delete_for_all");
        p.bool("spam");
        List<Message> targets = new ArrayList<>();
        List<Long> missingIds = new ArrayList<>();
        Conversation conversation = null;
        if (p.has("cmids")) {
            conversation = existing(c, p.requireLong("peer_id"));
            List<Long> cmids = p.longList("cmids");
            if (cmids.size() > 100) {
                throw ApiException.invalid("cmids", "may hold at most 100 ids, got " + cmids.size());
            }
            for (long cmid : cmids) {
                Message m = conversation.byCmid(cmid);
                if (m == null || !m.visibleTo(c.actorId())) {
                    missingIds.add(cmid);
                } else {
                    targets.add(m);
                }
            }
        } else if (p.has("message_ids")) {
            List<Long> messageIds = p.longList("message_ids");
            if (messageIds.size() > 1000) {
                throw ApiException.invalid("message_ids", "may hold at most 1000 ids, got " + messageIds.size());
            }
            for (long id : messageIds) {
                Message m = world.messagesById.get(id);
                if (m == null || !m.visibleTo(c.actorId()) || world.peerIdOf(m.conversation, c.actorId()) == 0
                        || (!m.conversation.chat && !m.conversation.isIn(c.actorId()))) {
                    missingIds.add(id);
                } else {
                    targets.add(m);
                }
            }
        } else {
            throw ApiException.missing("message_ids");
        }
        ArrayNode items = Json.array();
        for (Message m : targets) {
            ObjectNode item = items.addObject();
            item.put("peer_id", world.peerIdOf(m.conversation, c.actorId()));
            item.put("message_id", World.visibleId(m, c.actorId()));
            item.put("conversation_message_id", m.cmid);
            int error = world.delete(m, c.actorId(), forAll);
            item.put("response", error == 0 ? 1 : 0);
            if (error != 0) {
                ObjectNode e = item.putObject("error");
                e.put("code", error);
                e.put("description", VkErrors.table().description(error));
            }
        }
        for (long id : missingIds) {
            ObjectNode item = items.addObject();
            boolean byCmid = conversation != null;
            item.put("peer_id", byCmid ? world.peerIdOf(conversation, c.actorId()) : 0);
            item.put("message_id", byCmid ? 0 : id);
            item.put("conversation_message_id", byCmid ? id : 0);
            item.put("response", 0);
            ObjectNode e = item.putObject("error");
            e.put("code", 104);
            e.put("description", VkErrors.table().description(104));
        }
        return items;
    }

    private JsonNode pin(Caller caller, Params p) {
        Caller c = acting(caller, p);
        Conversation conversation = existing(c, p.requireLong("peer_id"));
        requireMessageRef(p);
        if (conversation.chat) {
            requireIn(conversation, c.actorId());
        }
        Message message = namedMessage(conversation, c, p);
        world.pin(conversation, c.actorId(), message);
        return Render.pinned(world, message, c.actorId());
    }

    private JsonNode unpin(Caller caller, Params p) {
        Caller c = acting(caller, p);
        Conversation conversation = existing(c, p.requireLong("peer_id"));
        if (conversation.chat) {
            requireIn(conversation, c.actorId());
        }
        world.unpin(conversation, c.actorId());
        return ok();
    }

    private JsonNode getHistory(Caller caller, Params p) {
        Caller c = acting(caller, p);
        long peerId = p.has("peer_id") ? p.requireLong("peer_id") : p.longValue("user_id", 0);
        if (peerId == 0) {
            throw ApiException.missing("peer_id");
        }
        long count = p.longInRange("count", 20, 0, 200);
        long offset = p.longValue("offset", 0);
        long startMessageId = p.longValue("start_message_id", 0);
        if (offset < 0 && startMessageId <= 0) {
            throw ApiException.invalid("offset", "may be negative only together with start_message_id");
        }
        boolean rev = p.longInRange("rev", 0, 0, 1) == 1;
        Conversation conversation = world.conversation(c.account(), peerId, false);
        List<Message> visible = new ArrayList<>();
        if (conversation != null) {
            conversation.messages.stream().filter(m -> m.visibleTo(c.actorId())).forEach(visible::add);
        }
        if (!rev) {
            Collections.reverse(visible);
        }
        long start = 0;
        if (startMessageId > 0) {
            start = visible.size();
            for (int i = 0; i < visible.size(); i++) {
                Message m = visible.get(i);
                if (rev ? m.id >= startMessageId : m.id <= startMessageId) {
                    start = i;
                    break;
                }
            }
        }
        long from = Math.max(0, start + offset);
        ObjectNode result = Json.object();
        result.put("count", visible.size());
        ArrayNode items = result.putArray("items");
        Set<Long> owners = new LinkedHashSet<>();
        visible.stream().skip(from).limit(count).forEach(m -> {
            items.add(Render.message(world, m, c.actorId()));
            owners.add(m.fromId);
            if (m.actionMemberId != 0) {
                owners.add(m.actionMemberId);
            }
        });
        if (p.bool("extended")) {
            Render.profilesAndGroups(world, result, owners);
            ArrayNode conversations = result.putArray("conversations");
            if (conversation != null) {
                conversations.add(Render.conversation(world, conversation, c.actorId()));
            }
        }
        return result;
    }

    private JsonNode getConversations(Caller caller, Params p) {
        Caller c = acting(caller, p);
        long offset = p.longInRange("offset", 0, 0, Long.MAX_VALUE);
        long count = p.longInRange("count", 20, 0, 200);
        String filter = p.string("filter", "all");
        if (!FILTERS.contains(filter)) {
            throw ApiException.invalid("filter", "should be one of " + new TreeSet<>(FILTERS)
                    + ", got " + filter);
        }
        List<Conversation> all = world.conversationsOf(c.account());
        List<Conversation> selected = new ArrayList<>();
        int unreadConversations = 0;
        for (Conversation conversation : all) {
            int unread = Render.unreadCount(conversation, c.actorId());
            if (unread > 0) {
                unreadConversations++;
            }
            Message last = conversation.lastVisible(c.actorId());
            boolean keep;
            switch (filter) {
                case "unread":
                    keep = unread > 0;
                    break;
                case "unanswered":
                    keep = last != null && last.fromId != c.actorId();
                    break;
                case "important":
                case "archive":
                    keep = false;
                    break;
                case "sorted_chats":
                    keep = conversation.chat;
                    break;
                default:
                    keep = true;
            }
            if (keep) {
                selected.add(conversation);
            }
        }
        ObjectNode result = Json.object();
        result.put("count", selected.size());
        if (unreadConversations > 0) {
            result.put("unread_count", unreadConversations);
        }
        ArrayNode items = result.putArray("items");
        Set<Long> owners = new LinkedHashSet<>();
        selected.stream().skip(offset).limit(count).forEach(conversation -> {
            ObjectNode item = items.addObject();
            item.set("conversation", Render.conversation(world, conversation, c.actorId()));
            Message last = conversation.lastVisible(c.actorId());
            if (last != null) {
                item.set("last_message", Render.message(world, last, c.actorId()));
                owners.add(last.fromId);
            }
            if (!conversation.chat) {
                owners.add(conversation.otherSide(c.actorId()));
            }
        });
        return extended(result, owners, p);
    }

    private JsonNode getByConversationMessageId(Caller caller, Params p) {
        Caller c = acting(caller, p);
        long peerId = p.requireLong("peer_id");
        List<Long> cmids = p.longList("conversation_message_ids");
        if (cmids.isEmpty()) {
            throw ApiException.missing("conversation_message_ids");
        }
        if (cmids.size() > 100) {
            throw ApiException.invalid("conversation_message_ids", "may hold at most 100 ids, got " + cmids.size());
        }
        Conversation conversation = world.conversation(c.account(), peerId, false);
        ArrayNode items = Json.array();
        Set<Long> owners = new LinkedHashSet<>();
        if (conversation != null) {
            for (long cmid : cmids) {
                Message m = conversation.byCmid(cmid);
                if (m != null && m.visibleTo(c.actorId())) {
                    items.add(Render.message(world, m, c.actorId()));
                    owners.add(m.fromId);
                }
            }
        }
        return itemsAnswer(items, owners, p);
    }

    /** {@code messages.getById}: by {@code message_ids}, or by {@code cmids} of one {@code peer_id}; unknown ones left out. */
    private JsonNode getById(Caller caller, Params p) {
        Caller c = acting(caller, p);
        ArrayNode items = Json.array();
        Set<Long> owners = new LinkedHashSet<>();
        List<Message> found = new ArrayList<>();
        if (p.has("cmids")) {
            List<Long> cmids = p.longList("cmids");
            if (cmids.size() > 100) {
                throw ApiException.invalid("cmids", "may hold at most 100 ids, got " + cmids.size());
            }
            Conversation conversation = world.conversation(c.account(), p.requireLong("peer_id"), false);
            for (long cmid : cmids) {
                found.add(conversation == null ? null : conversation.byCmid(cmid));
            }
        } else {
            List<Long> ids = p.longList("message_ids");
            if (ids.isEmpty()) {
                throw ApiException.missing("message_ids");
            }
            if (ids.size() > 100) {
                throw ApiException.invalid("message_ids", "may hold at most 100 ids, got " + ids.size());
            }
            for (long id : ids) {
                found.add(world.messagesById.get(id));
            }
        }
        for (Message m : found) {
            boolean party = m != null && (m.conversation.isIn(c.actorId()) || m.conversation.members.containsKey(c.actorId()));
            if (party && m.visibleTo(c.actorId())) {
                items.add(Render.message(world, m, c.actorId()));
                owners.add(m.fromId);
            }
        }
        return itemsAnswer(items, owners, p);
    }

    private JsonNode markAsRead(Caller caller, Params p) {
        Caller c = acting(caller, p);
        long peerId = p.requireLong("peer_id");
        Conversation conversation = world.conversation(c.account(), peerId, false);
        if (conversation != null) {
            long upTo = p.longValue("up_to_cmid", conversation.lastCmid);
            conversation.readUpTo.merge(c.actorId(), Math.min(upTo, conversation.lastCmid), Math::max);
        }
        return ok();
    }

    private JsonNode sendMessageEventAnswer(Caller c, Params p) {
        p.requireString("event_id");
        p.requireLong("user_id");
        p.requireLong("peer_id");
        String data = p.raw("event_data");
        if (data != null && (data.length() > 1000 || Json.parseOrNull(data) == null)) {
            throw ApiException.invalid("event_data", "should be a JSON object of at most 1000 characters");
        }
        return ok();
    }

    // ------------------------------------------------------------------ calls

    private JsonNode startCall(Caller c, Params p) {
        long groupId = p.longValue("group_id", 0);
        world.actingFor(c, groupId);
        CallRecord call = world.startCall(c.actorId(), groupId);
        ObjectNode result = Json.object();
        result.put("call_id", call.callId);
        result.put("join_link", call.joinLink);
        result.put("ok_join_link", call.okJoinLink);
        result.put("broadcast_video_id", call.broadcastVideoId);
        result.put("broadcast_ov_id", call.broadcastOvId);
        ObjectNode credentials = result.putObject("short_credentials");
        credentials.put("id", call.shortId);
        credentials.put("password", call.password);
        credentials.put("link_without_password", "https://vk.com/call/join/" + call.shortId);
        credentials.put("link_with_password", "https://vk.com/call/join/" + call.shortId + "?p=" + call.password);
        return result;
    }

    private JsonNode forceFinish(Caller c, Params p) {
        String callId = p.requireString("call_id");
        if (callId.length() != 36) {
            throw ApiException.invalid("call_id", "should be 36 characters long, got " + callId.length());
        }
        CallRecord call = world.calls.get(callId);
        if (call == null) {
            throw new ApiException(104, "no call " + callId);
        }
        boolean organizer = call.initiatorId == c.actorId() || (call.groupId != 0
                && world.communities.get(call.groupId).admins.contains(c.actorId()));
        if (!organizer) {
            throw new ApiException(15, "only the user who started the call may finish it");
        }
        if (call.finishedAt == 0) {
            call.finishedAt = world.now();
        }
        return ok();
    }

    // ------------------------------------------------------------------ users

    private JsonNode usersGet(Caller c, Params p) {
        List<String> requested = p.stringList("user_ids");
        if (requested.isEmpty() && c.kind() == TokenKind.USER) {
            requested = List.of(Long.toString(c.actorId()));
        }
        boolean screenName = p.stringList("fields").contains("screen_name");
        ArrayNode result = Json.array();
        for (String idOrName : requested) {
            long id;
            if (idOrName.matches("\\d+")) {
                id = Long.parseLong(idOrName);
            } else if (idOrName.matches("id\\d+")) {
                id = Long.parseLong(idOrName.substring(2));
            } else {
                throw new ApiException(113, "no user " + idOrName);
            }
            UserRecord user = world.users.get(id);
            if (user != null) {
                ObjectNode profile = Render.profile(user);
                if (screenName) {
                    profile.put("screen_name", "id" + id);
                }
                result.add(profile);
            }
        }
        return result;
    }
}
