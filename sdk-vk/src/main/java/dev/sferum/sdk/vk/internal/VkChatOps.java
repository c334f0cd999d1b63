package dev.sferum.sdk.vk.internal;

import dev.sferum.sdk.chat.AddMemberRequest;
import dev.sferum.sdk.chat.AlreadyInvitedException;
import dev.sferum.sdk.chat.Chat;
import dev.sferum.sdk.chat.ChatCapabilities;
import dev.sferum.sdk.chat.ChatMember;
import dev.sferum.sdk.chat.ChatNotFoundException;
import dev.sferum.sdk.chat.Conversation;
import dev.sferum.sdk.chat.ConversationsRequest;
import dev.sferum.sdk.chat.CreateChatRequest;
import dev.sferum.sdk.chat.CreateChatResult;
import dev.sferum.sdk.chat.DeleteRequest;
import dev.sferum.sdk.chat.DeleteResult;
import dev.sferum.sdk.chat.EditRequest;
import dev.sferum.sdk.chat.FailedDelivery;
import dev.sferum.sdk.chat.HistoryRequest;
import dev.sferum.sdk.chat.InviteLink;
import dev.sferum.sdk.chat.MemberChangeResult;
import dev.sferum.sdk.chat.MembersRequest;
import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageFailure;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.NotChatMemberException;
import dev.sferum.sdk.chat.OutboxEntry;
import dev.sferum.sdk.chat.Page;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.ResendResult;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.chat.SentMessage;
import dev.sferum.sdk.chat.UnsupportedChatOperationException;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.spi.ChatOps;
import dev.sferum.sdk.chat.spi.Checks;
import dev.sferum.sdk.chat.spi.Flow;
import dev.sferum.sdk.chat.spi.OutboxRefusals;
import dev.sferum.sdk.chat.spi.RandomIds;
import dev.sferum.sdk.chat.spi.TextSplitter;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.vk.ChatActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every chat operation on the VK API, written once against {@link Steps}: the sync client runs it with
 * {@link Steps#sync}, the async client with {@link Steps#async}. Arguments are checked before the first step, so
 * bad input throws before any I/O on both paths.
 */
public final class VkChatOps implements ChatOps<Steps> {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.chat");

    /** The longest text of one VK message, and of its attachment list: {@value}. */
    public static final int MAX_MESSAGE_LENGTH = 9000;
    /** The most peers of one {@code messages.send}: {@value}. */
    public static final int MAX_PEERS_PER_CALL = 100;
    /** The most chats per {@code getConversationsById} / {@code getChat}: {@value}. */
    public static final int MAX_CHATS_PER_CALL = 100;
    /** The most {@code message_ids} per {@code messages.delete}: {@value}. */
    public static final int MAX_DELETE_IDS = 1000;
    /** The most {@code cmids} per {@code messages.delete}: {@value}. */
    public static final int MAX_DELETE_CMIDS = 100;

    private static final ResultType<Void> IGNORE = ResultType.from(n -> null);
    private static final ResultType<JsonNode> TREE = ResultType.json();

    private final ChatActor actor;
    private final MessageOutbox outbox;
    private final Clock clock;
    private final ChatCapabilities capabilities;
    private final AtomicLong selfId = new AtomicLong();

    /**
     * @param actor who the client acts as
     * @param outbox where sends wait until settled
     * @param clock for outbox timestamps
     */
    public VkChatOps(ChatActor actor, MessageOutbox outbox, Clock clock) {
        this.actor = Objects.requireNonNull(actor, "actor");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.capabilities = capabilities(actor);
        actor.userId().ifPresent(selfId::set);
    }

    /**
     * @param actor who the client acts as
     * @return what the VK backend can do for that actor
     */
    public static ChatCapabilities capabilities(ChatActor actor) {
        boolean user = actor.tokenKind() == TokenKind.USER;
        // messages.getConversations: "important" and "unanswered" are for community messages only.
        Set<ConversationsRequest.Filter> filters = user
                ? EnumSet.of(ConversationsRequest.Filter.ALL, ConversationsRequest.Filter.UNREAD)
                : EnumSet.allOf(ConversationsRequest.Filter.class);
        return ChatCapabilities.builder("vk").canCreateChats(true).canAddMembers(user).canRemoveMembers(true)
                .canReadInviteLinks(true).canResetInviteLinks(true).hasIdempotentSend(true)
                .canDeleteForAll(true).canDeleteForSelf(true).canReadOldestFirst(true).conversationFilters(filters)
                .maxMessageLength(MAX_MESSAGE_LENGTH).maxPeersPerCall(MAX_PEERS_PER_CALL).maxTitleLength(Checks.MAX_TITLE_LENGTH)
                .requestsPerSecond(user ? 3 : 20).build();
    }

    /** {@return the capabilities} */
    public ChatCapabilities capabilities() {
        return capabilities;
    }

    /** {@return the outbox} */
    public MessageOutbox outbox() {
        return outbox;
    }

    /** {@return the actor} */
    public ChatActor actor() {
        return actor;
    }

    @Override
    public void checkPageToken(Listing listing, String token) {
        PageTokens.read(switch (listing) {
            case MEMBERS -> "m";
            case HISTORY -> "h";
            case CONVERSATIONS -> "c";
        }, token);
    }

    /** {@return false: a history page token carries the mark past which the next page drops what was returned} */
    @Override
    public boolean historyPagesOverlap() {
        return false;
    }

    // ---- chats ---------------------------------------------------------------------------------------------

    /**
     * @param s the steps
     * @param r the request
     * @return the new chat
     */
    public Flow<CreateChatResult> createChat(Steps s, CreateChatRequest r) {
        List<Long> ids = new ArrayList<>();
        for (UserId u : r.members()) {
            ids.add(VkPeers.userId(u));
        }
        if (!capabilities.canCreateChats()) {
            return s.failed(new UnsupportedChatOperationException("createChat", "this VK account cannot create chats",
                    "create the chat in VK, add the account to it, and record it (ChatMappingStore.recordChat)"));
        }
        ApiRequest request = ApiRequest.builder("messages.createChat")
                .param("user_ids", ids)
                .param("title", r.title())
                .param("group_id", r.groupId().isPresent() ? r.groupId().getAsLong() : null)
                .build();
        return s.call(request, ResultType.from(VkChatOps::created)).peek((c, e) -> {
            if (c != null) {
                log.debug("created {} with {} of {} members reported", c.chat(), c.addedPeers().size(), ids.size());
            }
        });
    }

    private static CreateChatResult created(JsonNode n) {
        if (n.isIntegralNumber()) {
            return new CreateChatResult(PeerId.chat(n.asLong()), List.of());
        }
        PeerId chat = PeerId.chat(n.path("chat_id").asLong());
        List<PeerId> added = new ArrayList<>();
        for (JsonNode p : n.path("peer_ids")) {
            long id = p.asLong(0);
            if (id != 0 && id != VkPeers.CHAT_OFFSET + chat.id()) {
                added.add(VkPeers.fromVk(id));
            }
        }
        return new CreateChatResult(chat, added);
    }

    /**
     * @param s the steps
     * @param chat the chat
     * @param title the new title
     * @return done
     */
    public Flow<Void> renameChat(Steps s, PeerId chat, String title) {
        long chatId = VkPeers.chatId(Objects.requireNonNull(chat, "chat"));
        String t = Checks.title(title, "the chat title");
        return s.call(ApiRequest.builder("messages.editChat").param("chat_id", chatId).param("title", t).build(), IGNORE);
    }

    /**
     * @param s the steps
     * @param chat the chat
     * @return the chat
     */
    public Flow<Chat> chat(Steps s, PeerId chat) {
        Objects.requireNonNull(chat, "chat");
        return chats(s, List.of(chat)).then(list -> list.isEmpty()
                ? s.failed(notFound(chat))
                : s.done(list.get(0)));
    }

    private ChatNotFoundException notFound(PeerId chat) {
        String method = actor.isCommunity() ? "messages.getConversationsById" : "messages.getChat";
        ApiException e = new ApiException(ErrorCategory.NOT_FOUND, method, 927, null, "the answer did not include " + chat,
                null, Map.of(), null, null);
        return new ChatNotFoundException(e, "the chat does not exist for this account; check the chat id (VK chat ids are local "
                + "to each account)");
    }

    /**
     * @param s the steps
     * @param chats the chats
     * @return the chats found, in the order asked
     */
    public Flow<List<Chat>> chats(Steps s, Collection<PeerId> chats) {
        Objects.requireNonNull(chats, "chats");
        List<PeerId> asked = new ArrayList<>();
        Set<PeerId> seen = new HashSet<>();
        for (PeerId p : chats) {
            VkPeers.chatId(Objects.requireNonNull(p, "chat"));
            if (!seen.add(p)) {
                throw new IllegalArgumentException("chat " + p + " is asked for twice");
            }
            asked.add(p);
        }
        List<List<PeerId>> batches = batches(asked, MAX_CHATS_PER_CALL);
        return s.each(batches, batch -> actor.isCommunity() ? conversationsById(s, batch) : getChat(s, batch)).map(found -> {
            Map<PeerId, Chat> byPeer = new HashMap<>();
            found.forEach(list -> list.forEach(c -> byPeer.put(c.peer(), c)));
            List<Chat> out = new ArrayList<>();
            for (PeerId p : asked) {
                Chat c = byPeer.get(p);
                if (c != null) {
                    out.add(c);
                }
            }
            return out;
        });
    }

    private Flow<List<Chat>> conversationsById(Steps s, List<PeerId> batch) {
        List<Long> ids = batch.stream().map(VkPeers::toVk).toList();
        ApiRequest request = ApiRequest.builder("messages.getConversationsById").param("peer_ids", ids).build();
        return s.call(request, ResultType.from(n -> {
            List<Chat> out = new ArrayList<>();
            for (JsonNode item : n.path("items")) {
                if (VkPeers.fromVk(item.path("peer").path("id").asLong()).isChat()) {
                    out.add(VkDecode.chatFromConversation(item));
                }
            }
            return out;
        }));
    }

    /**
     * {@code messages.getChat} fails the whole batch when one chat of it fails (the schema lists 925, 945, 946 and
     * 1012 for the method; 927 is VK's answer to a chat id the account does not have), so a batch failing with one
     * of {@link ChatErrors#GET_CHAT_PER_CHAT} is asked again one chat at a time, leaving out the chats that fail that
     * way. Any other failure fails the lookup. A lookup of one chat fails with that chat's own error, except 927,
     * which leaves it out (and {@link #chat} reports it as not found).
     */
    private Flow<List<Chat>> getChat(Steps s, List<PeerId> batch) {
        return getChatBatch(s, batch).recover(e -> {
            if (!perChat(e) || batch.size() == 1) {
                return s.failed(e);
            }
            return s.each(batch, one -> getChatBatch(s, List.of(one))
                    .recover(missing -> perChat(missing) ? s.done(List.of()) : s.failed(missing)))
                    .map(lists -> lists.stream().flatMap(List::stream).toList());
        }).recover(e -> e instanceof ChatNotFoundException && batch.size() == 1 ? s.done(List.of()) : s.failed(e));
    }

    private static boolean perChat(RuntimeException e) {
        return e instanceof ApiException a && ChatErrors.GET_CHAT_PER_CHAT.contains(a.errorCode());
    }

    private Flow<List<Chat>> getChatBatch(Steps s, List<PeerId> batch) {
        List<Long> ids = batch.stream().map(VkPeers::chatId).toList();
        ApiRequest request = ApiRequest.builder("messages.getChat").param("chat_ids", ids).build();
        return s.call(request, ResultType.from(n -> {
            List<Chat> out = new ArrayList<>();
            if (n.isArray()) {
                n.forEach(c -> out.add(VkDecode.chatFromGetChat(c)));
            } else if (n.isObject()) {
                out.add(VkDecode.chatFromGetChat(n));
            }
            return out;
        }));
    }

    // ---- members -------------------------------------------------------------------------------------------

    /**
     * @param s the steps
     * @param r the request
     * @return one page of members
     */
    public Flow<Page<ChatMember>> members(Steps s, MembersRequest r) {
        PageTokens at = PageTokens.read("m", r.pageToken().orElse(null));
        ApiRequest request = ApiRequest.builder("messages.getConversationMembers")
                .param("peer_id", VkPeers.toVk(r.chat()))
                .param("offset", at.offset())
                .param("count", r.pageSize())
                .build();
        return s.call(request, ResultType.from(n -> {
            List<ChatMember> items = new ArrayList<>();
            for (JsonNode m : n.path("items")) {
                if (m.path("member_id").asLong(0) != 0) {
                    items.add(VkDecode.member(m));
                }
            }
            long total = n.path("count").asLong(-1);
            int read = n.path("items").size();
            long next = at.offset() + read;
            boolean more = read > 0 && (total < 0 ? read >= r.pageSize() : next < total);
            return new Page<>(items, more ? PageTokens.write("m", next, 0) : null, total);
        }));
    }

    /**
     * @param s the steps
     * @param r the request
     * @return added, or a message request is pending (VK 939)
     */
    public Flow<MemberChangeResult> addMember(Steps s, AddMemberRequest r) {
        long chatId = VkPeers.chatId(r.chat());
        long userId = VkPeers.userId(r.user());
        if (!capabilities.canAddMembers()) {
            return s.failed(new UnsupportedChatOperationException("addMember", "a community cannot add members to a VK chat: "
                    + "messages.addChatUser takes user tokens only",
                    "share the chat's invite link (inviteLink) with the user, or use a chat admin's user token"));
        }
        ApiRequest request = ApiRequest.builder("messages.addChatUser")
                .param("chat_id", chatId)
                .param("user_id", userId)
                .param("visible_messages_count", r.visibleMessagesCount().isPresent() ? r.visibleMessagesCount().getAsInt() : null)
                .build();
        return s.call(request, IGNORE).map(v -> MemberChangeResult.ADDED)
                .recover(e -> e instanceof AlreadyInvitedException ? s.done(MemberChangeResult.REQUEST_PENDING) : s.failed(e));
    }

    /**
     * @param s the steps
     * @param chat the chat
     * @param member the member
     * @return removed or not a member
     */
    public Flow<MemberChangeResult> removeMember(Steps s, PeerId chat, PeerId member) {
        long chatId = VkPeers.chatId(Objects.requireNonNull(chat, "chat"));
        Objects.requireNonNull(member, "member");
        if (member.isChat()) {
            throw new IllegalArgumentException("a chat member is a user or a community, not " + member);
        }
        if (!capabilities.canRemoveMembers()) {
            return s.failed(new UnsupportedChatOperationException("removeMember", "this VK account cannot remove chat members",
                    "remove the member in the VK interface, or use a chat admin's token"));
        }
        return remove(s, chatId, member);
    }

    private Flow<MemberChangeResult> remove(Steps s, long chatId, PeerId member) {
        ApiRequest.Builder b = ApiRequest.builder("messages.removeChatUser").param("chat_id", chatId);
        if (member.isUser()) {
            b.param("user_id", VkPeers.toVk(member));
        } else {
            b.param("member_id", VkPeers.toVk(member));
        }
        return s.call(b.build(), IGNORE).map(v -> MemberChangeResult.REMOVED)
                .recover(e -> e instanceof NotChatMemberException ? s.done(MemberChangeResult.NOT_A_MEMBER) : s.failed(e));
    }

    /**
     * @param s the steps
     * @param chat the chat
     * @param reset whether to revoke the old link
     * @return the link
     */
    public Flow<InviteLink> inviteLink(Steps s, PeerId chat, boolean reset) {
        long peer = VkPeers.toVk(Objects.requireNonNull(chat, "chat").requireChat("chat"));
        if (!(reset ? capabilities.canResetInviteLinks() : capabilities.canReadInviteLinks())) {
            return s.failed(new UnsupportedChatOperationException(reset ? "resetInviteLink" : "inviteLink",
                    "this VK account cannot " + (reset ? "reset" : "read") + " invite links",
                    "add members with addMember, or share the link from the VK interface"));
        }
        ApiRequest request = ApiRequest.builder("messages.getInviteLink")
                .param("peer_id", peer)
                .param("reset", reset ? Boolean.TRUE : null)
                .build();
        return s.call(request, ResultType.from(n -> new InviteLink(chat, n.path("link").asString(""))));
    }

    /**
     * @param s the steps
     * @param chat the chat
     * @return done
     */
    public Flow<Void> leave(Steps s, PeerId chat) {
        long chatId = VkPeers.chatId(Objects.requireNonNull(chat, "chat"));
        return self(s).then(me -> remove(s, chatId, me)).map(r -> null);
    }

    /**
     * The acting account as a peer: the community, or the user (asked of {@code users.get} once if unknown).
     *
     * @param s the steps
     * @return the peer
     */
    public Flow<PeerId> self(Steps s) {
        if (actor.isCommunity()) {
            return s.done(PeerId.community(actor.groupId().getAsLong()));
        }
        long known = selfId.get();
        if (known > 0) {
            return s.done(PeerId.user(known));
        }
        return s.call(ApiRequest.builder("users.get").build(), ResultType.from(n -> n.path(0).path("id").asLong(0))).then(id -> {
            if (id <= 0) {
                return s.failed(new SferumException(ErrorCategory.TRANSIENT, "users.get", "users.get did not name the token's user",
                        "give the user id with ChatActor.user(userId)", null));
            }
            selfId.set(id);
            return s.done(PeerId.user(id));
        });
    }

    // ---- messages ------------------------------------------------------------------------------------------

    /**
     * Sends through the outbox: enters the request before the first call, removes it when settled.
     *
     * @param s the steps
     * @param r the request
     * @return the result
     */
    public Flow<SendResult> send(Steps s, SendRequest r) {
        Plan plan = plan(r);
        OutboxEntry entry = new OutboxEntry(r, clock.instant());
        outbox.add(entry);
        return deliver(s, entry, plan);
    }

    private Flow<SendResult> deliver(Steps s, OutboxEntry entry, Plan plan) {
        SendRequest r = entry.request();
        log.debug("send key={} peers={} parts={} calls={}", r.idempotencyKey(), r.peers().size(), plan.parts.size(), plan.calls());
        List<SentMessage> sent = new ArrayList<>();
        List<FailedDelivery> failed = new ArrayList<>();
        List<int[]> calls = new ArrayList<>();
        for (int p = 0; p < plan.parts.size(); p++) {
            for (int c = 0; c < plan.chunks.size(); c++) {
                calls.add(new int[]{p, c});
            }
        }
        return s.each(calls, (pc, i) -> sendCall(s, r, plan, pc[0], pc[1], i, sent, failed))
                .map(v -> new SendResult(r.idempotencyKey(), plan.parts.size(), sent, failed))
                .peek((result, e) -> settle(entry, e));
    }

    private void settle(OutboxEntry entry, Throwable error) {
        if (error == null) {
            outbox.remove(entry.key());
        } else {
            OutboxRefusals.settleFailure(outbox, entry, clock.instant(), error);
        }
    }

    /** Whether a send that failed this way may still succeed later with the same key. */
    static boolean keepPending(Throwable error) {
        return OutboxRefusals.keepPending(error);
    }

    private Flow<Void> sendCall(Steps s, SendRequest r, Plan plan, int part, int chunk, int index,
                                List<SentMessage> sent, List<FailedDelivery> failed) {
        List<PeerId> peers = plan.chunks.get(chunk);
        long randomId = RandomIds.forCall(r.idempotencyKey(), index);
        boolean single = r.peers().size() == 1;
        ApiRequest.Builder b = ApiRequest.builder("messages.send");
        if (single) {
            b.param("peer_id", VkPeers.toVk(peers.get(0)));
        } else {
            b.param("peer_ids", peers.stream().map(VkPeers::toVk).toList());
        }
        b.param("random_id", randomId).param("message", plan.parts.get(part));
        if (part == plan.parts.size() - 1 && !r.attachments().isEmpty()) {
            b.param("attachment", String.join(",", r.attachments()));
        }
        if (part == 0 && r.replyTo().isPresent()) {
            MessageRef reply = r.replyTo().get();
            if (reply.messageId().isPresent()) {
                b.param("reply_to", reply.messageId().getAsLong());
            } else {
                ObjectNode forward = JsonNodeFactory.instance.objectNode();
                forward.put("peer_id", VkPeers.toVk(reply.peer()));
                forward.putArray("conversation_message_ids").add(reply.conversationMessageId().getAsLong());
                forward.put("is_reply", true);
                b.param("forward", forward);
            }
        }
        if (r.disableMentions()) {
            b.param("disable_mentions", true);
        }
        if (r.dontParseLinks()) {
            b.param("dont_parse_links", true);
        }
        return s.call(b.build(), TREE).map(n -> {
            if (single && !n.isArray()) {
                PeerId peer = peers.get(0);
                long id = n.isObject() ? n.path("message_id").asLong(0) : n.asLong(0);
                long cmid = n.isObject() ? n.path("conversation_message_id").asLong(0) : 0;
                sent.add(new SentMessage(peer, part, randomId, ref(peer, id, cmid)));
                return null;
            }
            Map<Long, JsonNode> byPeer = new HashMap<>();
            for (JsonNode item : n) {
                byPeer.put(item.path("peer_id").asLong(0), item);
            }
            for (PeerId peer : peers) {
                JsonNode item = byPeer.get(VkPeers.toVk(peer));
                if (item == null) {
                    failed.add(new FailedDelivery(peer, part, ChatErrors.item("messages.send", 0,
                            "the answer did not mention this peer")));
                } else if (item.has("error")) {
                    JsonNode err = item.path("error");
                    failed.add(new FailedDelivery(peer, part, ChatErrors.item("messages.send", err.path("code").asInt(0),
                            err.path("description").asString(""))));
                } else {
                    sent.add(new SentMessage(peer, part, randomId, ref(peer, item.path("message_id").asLong(0),
                            item.path("conversation_message_id").asLong(0))));
                }
            }
            return null;
        });
    }

    private static MessageRef ref(PeerId peer, long id, long cmid) {
        return id > 0 || cmid > 0 ? MessageRef.of(peer, Math.max(0, id), Math.max(0, cmid)) : null;
    }

    /** How a request goes out on VK: its text parts and peer groups. */
    private record Plan(List<String> parts, List<List<PeerId>> chunks) {
        int calls() {
            return parts.size() * chunks.size();
        }
    }

    private static Plan plan(SendRequest r) {
        for (PeerId p : r.peers()) {
            VkPeers.toVk(p);
        }
        String attachments = String.join(",", r.attachments());
        if (attachments.length() > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("the attachment list is " + attachments.length() + " characters; VK takes at most "
                    + MAX_MESSAGE_LENGTH);
        }
        List<String> parts = r.text().isEmpty() ? List.of("") : TextSplitter.split(r.text(), MAX_MESSAGE_LENGTH);
        return new Plan(parts, batches(r.peers(), MAX_PEERS_PER_CALL));
    }

    /**
     * Re-sends every pending outbox entry, oldest first.
     *
     * @param s the steps
     * @return what happened
     */
    public Flow<ResendResult> resendPending(Steps s) {
        List<OutboxEntry> pending = outbox.pending();
        log.debug("resending {} pending messages", pending.size());
        return OutboxRefusals.resend(s, pending, outbox, clock, entry -> deliver(s, entry, plan(entry.request())));
    }

    /**
     * @param s the steps
     * @param r the request
     * @return done
     */
    public Flow<Void> edit(Steps s, EditRequest r) {
        if (r.text().length() > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("an edit cannot be split: the text is " + r.text().length()
                    + " characters; VK takes at most " + MAX_MESSAGE_LENGTH);
        }
        String attachments = String.join(",", r.attachments());
        if (attachments.length() > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("the attachment list is " + attachments.length() + " characters; VK takes at most "
                    + MAX_MESSAGE_LENGTH);
        }
        ApiRequest.Builder b = addressed(ApiRequest.builder("messages.edit"), r.message())
                .param("message", r.text())
                .param("attachment", attachments)
                .param("keep_forward_messages", r.keepForwardMessages())
                .param("keep_snippets", r.keepSnippets());
        return s.call(b.build(), IGNORE);
    }

    private static ApiRequest.Builder addressed(ApiRequest.Builder b, MessageRef m) {
        if (m.key().isPresent()) {
            throw new IllegalArgumentException(m + " is a message of another backend; VK messages have numeric ids");
        }
        b.param("peer_id", VkPeers.toVk(m.peer()));
        if (m.conversationMessageId().isPresent()) {
            b.param("cmid", m.conversationMessageId().getAsLong());
        } else {
            b.param("message_id", m.messageId().getAsLong());
        }
        return b;
    }

    /**
     * @param s the steps
     * @param r the request
     * @return per-message outcome
     */
    public Flow<DeleteResult> delete(Steps s, DeleteRequest r) {
        List<MessageRef> byId = new ArrayList<>();
        Map<PeerId, List<MessageRef>> byCmid = new LinkedHashMap<>();
        for (MessageRef m : r.messages()) {
            if (m.key().isPresent()) {
                throw new IllegalArgumentException(m + " is a message of another backend; VK messages have numeric ids");
            }
            VkPeers.toVk(m.peer());
            if (m.messageId().isPresent()) {
                byId.add(m);
            } else {
                byCmid.computeIfAbsent(m.peer(), k -> new ArrayList<>()).add(m);
            }
        }
        if (!(r.forAll() ? capabilities.canDeleteForAll() : capabilities.canDeleteForSelf())) {
            return s.failed(new UnsupportedChatOperationException("delete", "this VK account cannot delete messages "
                    + (r.forAll() ? "for everyone" : "only for itself"), "set forAll(" + !r.forAll() + ")"));
        }
        List<List<MessageRef>> batches = new ArrayList<>(batches(byId, MAX_DELETE_IDS));
        byCmid.values().forEach(list -> batches.addAll(batches(list, MAX_DELETE_CMIDS)));
        List<MessageRef> deleted = new ArrayList<>();
        List<MessageFailure> failed = new ArrayList<>();
        return s.each(batches, batch -> deleteBatch(s, batch, r.forAll(), deleted, failed))
                .map(v -> new DeleteResult(deleted, failed));
    }

    private Flow<Void> deleteBatch(Steps s, List<MessageRef> batch, boolean forAll, List<MessageRef> deleted, List<MessageFailure> failed) {
        boolean cmids = batch.get(0).messageId().isEmpty();
        ApiRequest.Builder b = ApiRequest.builder("messages.delete");
        if (cmids) {
            b.param("peer_id", VkPeers.toVk(batch.get(0).peer()))
                    .param("cmids", batch.stream().map(m -> m.conversationMessageId().getAsLong()).toList());
        } else {
            b.param("message_ids", batch.stream().map(m -> m.messageId().getAsLong()).toList());
        }
        if (forAll) {
            b.param("delete_for_all", true);
        }
        return s.call(b.build(), TREE).map(n -> {
            Map<Long, JsonNode> items = new HashMap<>();
            if (n.isArray()) {
                for (JsonNode item : n) {
                    items.put(cmids ? item.path("conversation_message_id").asLong(0) : item.path("message_id").asLong(0), item);
                }
            } else if (n.isObject()) {
                for (var e : n.properties()) {
                    ObjectNode item = JsonNodeFactory.instance.objectNode();
                    item.put("response", e.getValue().asInt(0));
                    try {
                        items.put(Long.parseLong(e.getKey()), item);
                    } catch (NumberFormatException ignored) {
                        // not a message id: skip
                    }
                }
            }
            for (MessageRef m : batch) {
                long key = cmids ? m.conversationMessageId().getAsLong() : m.messageId().getAsLong();
                JsonNode item = items.get(key);
                if (item == null) {
                    failed.add(new MessageFailure(m, ChatErrors.item("messages.delete", 104, "the answer did not mention this message")));
                } else if (item.has("error")) {
                    failed.add(new MessageFailure(m, ChatErrors.item("messages.delete", item.path("error").path("code").asInt(0),
                            item.path("error").path("description").asString(""))));
                } else if (item.path("response").asInt(1) != 1) {
                    failed.add(new MessageFailure(m, ChatErrors.item("messages.delete", 0, "VK did not delete the message")));
                } else {
                    deleted.add(m);
                }
            }
            return null;
        });
    }

    /**
     * @param s the steps
     * @param message the message
     * @return the pinned message
     */
    public Flow<MessageRef> pin(Steps s, MessageRef message) {
        Objects.requireNonNull(message, "message");
        ApiRequest request = addressed(ApiRequest.builder("messages.pin"), message).build();
        return s.call(request, ResultType.from(n -> {
            MessageRef pinned = ref(message.peer(), n.path("id").asLong(0), n.path("conversation_message_id").asLong(0));
            return pinned != null ? pinned : message;
        }));
    }

    /**
     * @param s the steps
     * @param chat the chat
     * @return done
     */
    public Flow<Void> unpin(Steps s, PeerId chat) {
        long peer = VkPeers.toVk(Objects.requireNonNull(chat, "chat").requireChat("chat"));
        return s.call(ApiRequest.builder("messages.unpin").param("peer_id", peer).build(), IGNORE);
    }

    /**
     * @param s the steps
     * @param r the request
     * @return one page of messages
     */
    public Flow<Page<Message>> history(Steps s, HistoryRequest r) {
        PageTokens at = PageTokens.read("h", r.pageToken().orElse(null));
        boolean rev = r.oldestFirst();
        if (rev && !capabilities.canReadOldestFirst()) {
            return s.failed(new UnsupportedChatOperationException("history", "this VK account cannot read history oldest first",
                    "read newest first (the default) and reverse what you collected"));
        }
        ApiRequest request = ApiRequest.builder("messages.getHistory")
                .param("peer_id", VkPeers.toVk(r.peer()))
                .param("offset", at.offset())
                .param("count", r.pageSize())
                .param("rev", rev ? 1 : null)
                .build();
        return s.call(request, ResultType.from(n -> {
            List<Message> items = new ArrayList<>();
            long mark = at.mark();
            for (JsonNode m : n.path("items")) {
                Message msg = VkDecode.message(m);
                if (msg == null) {
                    continue;
                }
                long cmid = msg.ref().conversationMessageId().orElse(0);
                if (mark > 0 && cmid > 0 && (rev ? cmid <= mark : cmid >= mark)) {
                    continue;
                }
                items.add(msg);
            }
            long newMark = at.mark();
            for (Message msg : items) {
                long cmid = msg.ref().conversationMessageId().orElse(0);
                if (cmid > 0) {
                    newMark = newMark == 0 ? cmid : rev ? Math.max(newMark, cmid) : Math.min(newMark, cmid);
                }
            }
            long total = n.path("count").asLong(-1);
            int read = n.path("items").size();
            long next = at.offset() + read;
            boolean more = read > 0 && (total < 0 ? read >= r.pageSize() : next < total);
            return new Page<>(items, more ? PageTokens.write("h", next, newMark) : null, total);
        }));
    }

    /**
     * @param s the steps
     * @param r the request
     * @return one page of conversations
     */
    public Flow<Page<Conversation>> conversations(Steps s, ConversationsRequest r) {
        PageTokens at = PageTokens.read("c", r.pageToken().orElse(null));
        if (!capabilities.conversationFilters().contains(r.filter())) {
            return s.failed(new UnsupportedChatOperationException("conversations", "filter " + r.filter() + " works only for "
                    + "community messages (VK lists " + capabilities.conversationFilters() + " for this account)",
                    "list with a filter in capabilities().conversationFilters() (such as ALL) and filter on your side"));
        }
        ApiRequest request = ApiRequest.builder("messages.getConversations")
                .param("offset", at.offset())
                .param("count", r.pageSize())
                .param("filter", r.filter() == ConversationsRequest.Filter.ALL ? null : r.filter())
                .build();
        return s.call(request, ResultType.from(n -> {
            List<Conversation> items = new ArrayList<>();
            for (JsonNode item : n.path("items")) {
                JsonNode c = item.has("conversation") ? item.path("conversation") : item;
                if (c.path("peer").path("id").asLong(0) != 0) {
                    items.add(VkDecode.conversation(item));
                }
            }
            long total = n.path("count").asLong(-1);
            int read = n.path("items").size();
            long next = at.offset() + read;
            boolean more = read > 0 && (total < 0 ? read >= r.pageSize() : next < total);
            return new Page<>(items, more ? PageTokens.write("c", next, 0) : null, total);
        }));
    }

    static <X> List<List<X>> batches(List<X> items, int size) {
        List<List<X>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            out.add(List.copyOf(items.subList(i, Math.min(items.size(), i + size))));
        }
        return out;
    }
}
