package dev.sferum.sdk.max.internal;

import dev.sferum.sdk.chat.spi.Flow;

import dev.sferum.sdk.chat.AddMemberRequest;
import dev.sferum.sdk.chat.Chat;
import dev.sferum.sdk.chat.ChatCapabilities;
import dev.sferum.sdk.chat.ChatMember;
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
import dev.sferum.sdk.chat.OutboxEntry;
import dev.sferum.sdk.chat.Page;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.ResendResult;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.chat.SentMessage;
import dev.sferum.sdk.chat.UnsupportedChatOperationException;
import dev.sferum.sdk.chat.spi.ChatOps;
import dev.sferum.sdk.chat.spi.Checks;
import dev.sferum.sdk.chat.spi.OutboxRefusals;
import dev.sferum.sdk.chat.spi.RandomIds;
import dev.sferum.sdk.chat.spi.TextSplitter;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.OutcomeUnknownException;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.max.MaxApiException;
import dev.sferum.sdk.max.MaxDeliveryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Every chat operation on MAX's Bot API, written once against {@link Calls}: the sync client runs it with
 * {@link Calls#sync}, the async client with {@link Calls#async}. Arguments, and operations MAX cannot do, are checked
 * before the first call, so bad input throws and unsupported operations fail before any I/O on both paths.
 */
public final class MaxChatOps implements ChatOps<Calls> {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.max");

    /** The longest text of one MAX message (NewMessageBody.text maxLength): {@value}. */
    public static final int MAX_MESSAGE_LENGTH = 4000;
    /** The largest page MAX returns for chats, members and messages: {@value}. */
    public static final int MAX_PAGE = 100;

    private static final Function<JsonNode, Void> IGNORE = n -> null;

    private final MaxBackend pipeline;
    private final MessageOutbox outbox;
    private final Clock clock;
    private final MaxDeliveryConfig delivery;
    private final ChatCapabilities capabilities;
    private final Map<Long, Long> dialogs = new ConcurrentHashMap<>();
    private final AtomicLong botId = new AtomicLong();
    private final AtomicBoolean markersStripped = new AtomicBoolean();
    private final Map<Long, SendResult> settled;

    /**
     * @param pipeline the call pipeline
     * @param outbox where sends wait until settled
     * @param clock for outbox timestamps and the delivery check's window
     * @param delivery how sends are made exactly once
     */
    public MaxChatOps(MaxBackend pipeline, MessageOutbox outbox, Clock clock, MaxDeliveryConfig delivery) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.capabilities = capabilities(pipeline.requestsPerSecond(), delivery);
        int remember = delivery.rememberSettled();
        this.settled = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, SendResult> eldest) {
                return size() > remember;
            }
        });
    }

    /**
     * @param requestsPerSecond the configured rate
     * @param delivery the delivery settings (the marker shortens each message's room for text)
     * @return what the MAX backend can do
     */
    public static ChatCapabilities capabilities(int requestsPerSecond, MaxDeliveryConfig delivery) {
        int text = MAX_MESSAGE_LENGTH - (delivery.markers() ? Marker.LENGTH : 0);
        return ChatCapabilities.builder("max").canCreateChats(false).canAddMembers(true).canRemoveMembers(true)
                .canReadInviteLinks(false).canResetInviteLinks(false).hasIdempotentSend(false)
                .canDeleteForAll(true).canDeleteForSelf(false).canReadOldestFirst(false)
                .conversationFilters(EnumSet.of(ConversationsRequest.Filter.ALL))
                .maxMessageLength(text).maxPeersPerCall(1).maxTitleLength(Checks.MAX_TITLE_LENGTH).requestsPerSecond(requestsPerSecond)
                .build();
    }

    /** {@return the capabilities} */
    public ChatCapabilities capabilities() {
        return capabilities;
    }

    /** {@return the outbox} */
    public MessageOutbox outbox() {
        return outbox;
    }

    /** {@return the pipeline} */
    public MaxBackend pipeline() {
        return pipeline;
    }

    @Override
    public void checkPageToken(Listing listing, String token) {
        switch (listing) {
            case MEMBERS -> MarkerTokens.read("m", token);
            case HISTORY -> HistoryTokens.read(token);
            case CONVERSATIONS -> MarkerTokens.read("c", token);
        }
    }

    /** {@return true: MAX history is paged by timestamp, so a page can repeat a message of the page before} */
    @Override
    public boolean historyPagesOverlap() {
        return true;
    }

    /**
     * Remembers the chat id of a dialog with a user (from a send, a listing or an event), so that the user's
     * history can be read and a send to them checked.
     *
     * @param userId the user
     * @param chatId the dialog's chat id
     */
    public void learnDialog(long userId, long chatId) {
        if (userId > 0 && chatId != 0) {
            dialogs.put(userId, chatId);
        }
    }

    private static <T> Flow<T> unsupported(Calls c, String operation, String why, String remedy) {
        return c.failed(new UnsupportedChatOperationException(operation, why, remedy));
    }

    private static long chatId(PeerId chat, String what) {
        Objects.requireNonNull(chat, what);
        if (chat.isCommunity()) {
            throw new IllegalArgumentException(what + " is " + chat + ", but MAX has no communities; use PeerId.chat(chatId) with "
                    + "MAX's chat id (negative for group chats)");
        }
        return chat.requireChat(what).id();
    }

    // ---- chats ---------------------------------------------------------------------------------------------

    /**
     * @param c the calls
     * @param r the request
     * @return fails: MAX bots cannot create chats
     */
    public Flow<CreateChatResult> createChat(Calls c, CreateChatRequest r) {
        Objects.requireNonNull(r, "request");
        // capabilities().canCreateChats() is false: the Bot API has no chat creation.
        return unsupported(c, "createChat", "MAX bots cannot create chats: the Bot API has no chat creation, a bot works only in "
                + "chats people add it to", "create the chat in MAX (or use the class chat Sferum made), add the bot to it as an admin, "
                + "then plan roster sync again: it links the class to the chat with its title (or record it with "
                + "ChatMappingStore.recordChat)");
    }

    /**
     * @param c the calls
     * @param chat the chat
     * @param title the new title
     * @return done
     */
    public Flow<Void> renameChat(Calls c, PeerId chat, String title) {
        long id = chatId(chat, "chat");
        String t = Checks.title(title, "the chat title");
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("title", t);
        return c.call(MaxRequest.patch("/chats/{chatId}", id).body(body).build(), IGNORE);
    }

    /**
     * @param c the calls
     * @param chat the chat
     * @return the chat
     */
    public Flow<Chat> chat(Calls c, PeerId chat) {
        long id = chatId(chat, "chat");
        return c.call(MaxRequest.get("/chats/{chatId}", id).build(), MaxDecode::chat);
    }

    /**
     * @param c the calls
     * @param chats the chats
     * @return those MAX knows, in the order asked
     */
    public Flow<List<Chat>> chats(Calls c, Collection<PeerId> chats) {
        Objects.requireNonNull(chats, "chats");
        List<PeerId> asked = new ArrayList<>();
        Set<PeerId> seen = new HashSet<>();
        for (PeerId p : chats) {
            chatId(Objects.requireNonNull(p, "chat"), "chat");
            if (!seen.add(p)) {
                throw new IllegalArgumentException("chat " + p + " is asked for twice");
            }
            asked.add(p);
        }
        return c.each(asked, (p, i) -> chat(c, p).map(Optional::of)
                        .recover(e -> e.category() == ErrorCategory.NOT_FOUND ? c.done(Optional.empty()) : c.failed(e)))
                .map(list -> list.stream().flatMap(Optional::stream).toList());
    }

    /**
     * @param c the calls
     * @param r the request
     * @return fails: MAX has no filters
     */
    public Flow<Page<Conversation>> conversations(Calls c, ConversationsRequest r) {
        if (!capabilities.conversationFilters().contains(r.filter())) {
            return unsupported(c, "conversations", "MAX lists a bot's chats without filters (" + r.filter() + " is not available)",
                    "list them all (Filter.ALL) and filter on your side");
        }
        OptionalLong marker = MarkerTokens.read("c", r.pageToken().orElse(null));
        MaxRequest request = MaxRequest.get("/chats").query("count", Math.min(r.pageSize(), MAX_PAGE))
                .query("marker", marker.isPresent() ? marker.getAsLong() : null).build();
        return c.call(request, n -> {
            List<Conversation> items = new ArrayList<>();
            for (JsonNode chat : n.path("chats")) {
                if (chat.path("chat_id").asLong(0) == 0) {
                    continue;
                }
                Conversation conv = MaxDecode.conversation(chat);
                if (conv.peer().isUser()) {
                    learnDialog(conv.peer().id(), chat.path("chat_id").asLong());
                }
                items.add(conv);
            }
            return new Page<>(items, MarkerTokens.next("c", n.path("marker")), -1);
        });
    }

    // ---- members -------------------------------------------------------------------------------------------

    /**
     * @param c the calls
     * @param r the request
     * @return one page of members
     */
    public Flow<Page<ChatMember>> members(Calls c, MembersRequest r) {
        long id = chatId(r.chat(), "chat");
        OptionalLong marker = MarkerTokens.read("m", r.pageToken().orElse(null));
        MaxRequest request = MaxRequest.get("/chats/{chatId}/members", id).query("count", Math.min(r.pageSize(), MAX_PAGE))
                .query("marker", marker.isPresent() ? marker.getAsLong() : null).build();
        return c.call(request, n -> {
            List<ChatMember> items = new ArrayList<>();
            for (JsonNode m : n.path("members")) {
                if (m.path("user_id").asLong(0) > 0) {
                    items.add(MaxDecode.member(m));
                }
            }
            return new Page<>(items, MarkerTokens.next("m", n.path("marker")), -1);
        });
    }

    private Flow<Boolean> isMember(Calls c, long chatId, long userId) {
        MaxRequest request = MaxRequest.get("/chats/{chatId}/members", chatId).query("user_ids", userId).build();
        return c.call(request, n -> {
            for (JsonNode m : n.path("members")) {
                if (m.path("user_id").asLong(0) == userId) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * Adds a user unless already in (checked first, so the answer says which).
     *
     * @param c the calls
     * @param r the request
     * @return added or already a member
     */
    public Flow<MemberChangeResult> addMember(Calls c, AddMemberRequest r) {
        long id = chatId(r.chat(), "chat");
        long user = r.user().value();
        return isMember(c, id, user).then(in -> {
            if (in) {
                return c.done(MemberChangeResult.ALREADY_MEMBER);
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.putArray("user_ids").add(user);
            MaxRequest request = MaxRequest.post("/chats/{chatId}/members", id).body(body).idempotent(true).build();
            return c.call(request, n -> added(n, user));
        });
    }

    private static MemberChangeResult added(JsonNode n, long user) {
        String operation = "POST /chats/{chatId}/members";
        for (JsonNode d : n.path("failed_user_details")) {
            for (JsonNode u : d.path("user_ids")) {
                if (u.asLong(0) == user) {
                    String code = d.path("error_code").asString("");
                    boolean notFound = code.contains("not.found");
                    throw new MaxApiException(notFound ? ErrorCategory.NOT_FOUND : ErrorCategory.PERMISSION, operation, 200, code,
                            "MAX did not add the user", notFound ? "check the user id: MAX does not know this user"
                            : "the user's privacy settings forbid being added; send them the chat's link through another channel");
                }
            }
        }
        for (JsonNode u : n.path("failed_user_ids")) {
            if (u.asLong(0) == user) {
                throw new MaxApiException(ErrorCategory.PERMISSION, operation, 200, "", "MAX did not add the user",
                        "check that the bot is a chat admin allowed to add members, and the user's privacy settings");
            }
        }
        if (n.has("success") && !n.path("success").asBoolean(true)) {
            throw new MaxApiException(ErrorCategory.PERMISSION, operation, 200, "", n.path("message").asString(""),
                    "check that the bot is a chat admin allowed to add members");
        }
        return MemberChangeResult.ADDED;
    }

    /**
     * Removes a user unless already gone (checked first).
     *
     * @param c the calls
     * @param chat the chat
     * @param member the member, a user
     * @return removed or not a member
     */
    public Flow<MemberChangeResult> removeMember(Calls c, PeerId chat, PeerId member) {
        long id = chatId(chat, "chat");
        Objects.requireNonNull(member, "member");
        if (!member.isUser()) {
            throw new IllegalArgumentException("a MAX chat member is a user (bots are users too), not " + member);
        }
        return isMember(c, id, member.id()).then(in -> in
                ? c.call(MaxRequest.delete("/chats/{chatId}/members", id).query("user_id", member.id()).build(), n -> {
                    success(n, "DELETE /chats/{chatId}/members");
                    return MemberChangeResult.REMOVED;
                })
                : c.done(MemberChangeResult.NOT_A_MEMBER));
    }

    private void success(JsonNode n, String operation) {
        if (n.isObject() && n.has("success") && !n.path("success").asBoolean(true)) {
            throw MaxErrors.unsuccessful(operation, n.path("message").asString(""), null);
        }
    }

    /**
     * @param c the calls
     * @param chat the chat
     * @param reset whether a reset was asked
     * @return fails: the Bot API has no invite links
     */
    public Flow<InviteLink> inviteLink(Calls c, PeerId chat, boolean reset) {
        chatId(chat, "chat");
        // canReadInviteLinks() and canResetInviteLinks() are false: the Bot API has neither call.
        return unsupported(c, reset ? "resetInviteLink" : "inviteLink", "the MAX Bot API cannot " + (reset ? "reset" : "create or read")
                + " a chat's invite link", "add members directly with addMember (the bot must be a chat admin allowed to add members), "
                + "or share the chat's link from the MAX app");
    }

    /**
     * @param c the calls
     * @param chat the chat
     * @return done
     */
    public Flow<Void> leave(Calls c, PeerId chat) {
        long id = chatId(chat, "chat");
        return c.call(MaxRequest.delete("/chats/{chatId}/members/me", id).build(), n -> {
            success(n, "DELETE /chats/{chatId}/members/me");
            return null;
        });
    }

    /**
     * The bot as a chat member: a user, whose id {@code GET /me} names (asked once, then remembered).
     *
     * @param c the calls
     * @return the bot's peer
     */
    public Flow<PeerId> self(Calls c) {
        long known = botId.get();
        if (known > 0) {
            return c.done(PeerId.user(known));
        }
        return c.call(MaxRequest.get("/me").build(), n -> n.path("user_id").asLong(0)).then(id -> {
            if (id <= 0) {
                return c.failed(new SferumException(ErrorCategory.TRANSIENT, "GET /me", "GET /me did not name the bot's user_id",
                        "try again; if it persists, check the base URL points at MAX's Bot API", null));
            }
            botId.set(id);
            return c.done(PeerId.user(id));
        });
    }

    // ---- messages ------------------------------------------------------------------------------------------

    /** Where a send goes: a chat ({@code chat_id}) or a user ({@code user_id}). */
    private record Target(PeerId peer, String param, long id) {
    }

    /** How a request goes out on MAX: its text parts (markers not yet added), targets, attachments and reply. */
    private record Plan(List<String> parts, List<Target> targets, ArrayNode attachments, String replyMid) {
    }

    private Plan plan(SendRequest r) {
        List<Target> targets = new ArrayList<>();
        for (PeerId p : r.peers()) {
            targets.add(switch (p.type()) {
                case CHAT -> new Target(p, "chat_id", p.id());
                case USER -> new Target(p, "user_id", p.id());
                case COMMUNITY -> throw new IllegalArgumentException("MAX has no communities, so " + p + " cannot get a message; send to "
                        + "a chat (PeerId.chat) or a user (PeerId.user)");
            });
        }
        ArrayNode attachments = MaxAttachments.toMax(r.attachments());
        String reply = null;
        if (r.replyTo().isPresent()) {
            reply = r.replyTo().get().key().orElseThrow(() -> new IllegalArgumentException(r.replyTo().get()
                    + " is a VK message; a MAX reply needs a MAX message (MessageRef.keyed(peer, mid))"));
        }
        int room = capabilities.maxMessageLength();
        List<String> parts = r.text().isEmpty() ? List.of("") : TextSplitter.split(r.text(), room);
        return new Plan(parts, targets, attachments, reply);
    }

    /**
     * Sends through the outbox: enters the request before the first call, removes it when settled. A request already
     * pending is completed (its chats checked first for parts already there); one this client settled recently is not
     * sent again.
     *
     * @param c the calls
     * @param r the request
     * @return the result
     */
    public Flow<SendResult> send(Calls c, SendRequest r) {
        Plan plan = plan(r);
        SendResult known = settled.get(r.idempotencyKey());
        if (known != null) {
            log.debug("send key={} was settled before; nothing sent again", r.idempotencyKey());
            return c.done(known);
        }
        Optional<OutboxEntry> pending = outbox.pending().stream().filter(e -> e.key() == r.idempotencyKey()).findFirst();
        Instant since = pending.map(OutboxEntry::enqueuedAt).orElseGet(clock::instant);
        outbox.add(new OutboxEntry(r, since));
        return deliver(c, r, plan, pending.isPresent(), since);
    }

    private Flow<SendResult> deliver(Calls c, SendRequest r, Plan plan, boolean resuming, Instant since) {
        long key = r.idempotencyKey();
        log.debug("send key={} peers={} parts={}{}", key, plan.targets.size(), plan.parts.size(), resuming ? " (resuming)" : "");
        List<SentMessage> sent = new ArrayList<>();
        List<FailedDelivery> failed = new ArrayList<>();
        Set<PeerId> refused = new HashSet<>();
        Map<PeerId, Map<Long, String>> there = new HashMap<>();
        List<int[]> calls = new ArrayList<>();
        for (int p = 0; p < plan.parts.size(); p++) {
            for (int t = 0; t < plan.targets.size(); t++) {
                calls.add(new int[]{p, t});
            }
        }
        boolean single = plan.targets.size() == 1;
        return c.each(calls, (pt, i) -> {
                    Target t = plan.targets.get(pt[1]);
                    int part = pt[0];
                    if (refused.contains(t.peer)) {
                        return c.done(null);
                    }
                    long id = RandomIds.forCall(key, part);
                    Flow<String> already = resuming && delivery.markers() ? alreadyThere(c, r, plan, t, since, there).map(m -> m.get(id))
                            : c.done(null);
                    return already.then(mid -> mid != null ? c.done(mid) : attempt(c, r, plan, t, part, id, 1))
                            .map(mid -> {
                                sent.add(new SentMessage(t.peer, part, id, MessageRef.keyed(t.peer, mid)));
                                return (Void) null;
                            })
                            .recover(e -> {
                                if (single || keepPending(e)) {
                                    return c.failed(e);
                                }
                                failed.add(new FailedDelivery(t.peer, part, e));
                                refused.add(t.peer);
                                return c.done(null);
                            });
                })
                .map(v -> new SendResult(key, plan.parts.size(), sent, failed))
                .peek((result, e) -> settle(new OutboxEntry(r, since), result, e));
    }

    /** The parts of a pending request already in a target's chat (read once per target). */
    private Flow<Map<Long, String>> alreadyThere(Calls c, SendRequest r, Plan plan, Target t, Instant since, Map<PeerId, Map<Long, String>> there) {
        Map<Long, String> known = there.get(t.peer);
        if (known != null) {
            return c.done(known);
        }
        Long chat = chatOf(t);
        if (chat == null) {
            return c.failed(unknownDialog(t, null));
        }
        Set<Long> ids = new HashSet<>();
        for (int p = 0; p < plan.parts.size(); p++) {
            ids.add(RandomIds.forCall(r.idempotencyKey(), p));
        }
        return scan(c, chat, since.minus(delivery.clockSkew()), ids).then(s -> {
            if (s.error != null || !s.complete && !s.found.keySet().containsAll(ids)) {
                return c.failed(new OutcomeUnknownException("POST /messages", s.error != null ? s.error
                        : new SferumException(ErrorCategory.TRANSIENT, "GET /messages", "the chat's messages since the send began did not fit in "
                        + delivery.checkPages() + " pages", "raise MaxDeliveryConfig.checkPages", null)));
            }
            there.put(t.peer, s.found);
            return c.done(s.found);
        });
    }

    private Long chatOf(Target t) {
        return t.peer.isChat() ? Long.valueOf(t.id) : dialogs.get(t.id);
    }

    private static OutcomeUnknownException unknownDialog(Target t, SferumException cause) {
        return new OutcomeUnknownException("POST /messages", cause != null ? cause : new SferumException(ErrorCategory.TRANSIENT, "POST /messages",
                "the chat id of the dialog with " + t.peer + " is not known to this client, so its messages cannot be checked",
                "check the dialog in MAX before sending again; the SDK learns a dialog's chat id from sends, listings and events", null));
    }

    /**
     * One send of one part to one target, with the delivery check: an unknown outcome is resolved by reading the chat
     * before any resend, up to the retry policy's attempts.
     */
    private Flow<String> attempt(Calls c, SendRequest r, Plan plan, Target t, int part, long id, int attempt) {
        Instant started = clock.instant();
        return c.call(sendRequest(r, plan, t, part, id), n -> sent(n, t, id)).recover(e -> {
            if (!(e instanceof OutcomeUnknownException) || !delivery.markers()) {
                return c.failed(e);
            }
            if (markersStripped.get()) {
                log.debug("send key={} part={} outcome unknown; MAX strips markers, so it is not checked", r.idempotencyKey(), part);
                return c.failed(e);
            }
            Long chat = chatOf(t);
            if (chat == null) {
                return c.failed(unknownDialog(t, e));
            }
            log.debug("send key={} part={} to {}: outcome unknown after attempt {}; checking the chat before any resend",
                    r.idempotencyKey(), part, t.peer, attempt);
            return c.pause(delivery.settleDelay())
                    .then(v -> scan(c, chat, started.minus(delivery.clockSkew()), Set.of(id)))
                    .then(s -> {
                        String mid = s.found.get(id);
                        if (mid != null) {
                            log.debug("send key={} part={}: found in the chat; not sent again", r.idempotencyKey(), part);
                            return c.done(mid);
                        }
                        if (s.error != null || !s.complete) {
                            if (s.error != null) {
                                e.addSuppressed(s.error);
                            }
                            log.debug("send key={} part={}: the check could not tell; failing as unknown", r.idempotencyKey(), part);
                            return c.failed(e);
                        }
                        if (attempt >= pipeline.config().retryPolicy().maxAttempts()) {
                            return c.failed(e);
                        }
                        log.debug("send key={} part={}: not in the chat; sending again with the same marker", r.idempotencyKey(), part);
                        return attempt(c, r, plan, t, part, id, attempt + 1);
                    });
        });
    }

    private MaxRequest sendRequest(SendRequest r, Plan plan, Target t, int part, long id) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        String text = plan.parts.get(part) + (delivery.markers() ? Marker.encode(id) : "");
        if (text.isEmpty()) {
            body.putNull("text");
        } else {
            body.put("text", text);
        }
        if (part == plan.parts.size() - 1 && !plan.attachments.isEmpty()) {
            body.set("attachments", plan.attachments);
        } else {
            body.putNull("attachments");
        }
        if (part == 0 && plan.replyMid != null) {
            body.putObject("link").put("type", "reply").put("mid", plan.replyMid);
        } else {
            body.putNull("link");
        }
        return MaxRequest.post("/messages").query(t.param, t.id).query("disable_link_preview", r.dontParseLinks() ? Boolean.TRUE : null)
                .body(body).idempotent(false).build();
    }

    private String sent(JsonNode n, Target t, long id) {
        JsonNode m = n.path("message");
        String mid = m.path("body").path("mid").asString("");
        if (mid.isBlank()) {
            throw new IllegalStateException("the answer has no message.body.mid");
        }
        JsonNode text = m.path("body").path("text");
        if (delivery.markers() && text.isString() && Marker.find(text.asString()).orElse(0) != id && markersStripped.compareAndSet(false, true)) {
            log.warn("MAX did not keep the SDK's delivery marker in a sent message; from now on a send whose outcome is unknown fails "
                    + "with OUTCOME_UNKNOWN instead of being checked and completed (see MaxDeliveryConfig)");
        }
        if (t.peer.isUser()) {
            learnDialog(t.id, m.path("recipient").path("chat_id").asLong(0));
        }
        return mid;
    }

    /** What a read of a chat's recent messages found: marker ids to mids, and whether it covered the whole window. */
    private record Scan(Map<Long, String> found, boolean complete, SferumException error) {
    }

    /**
     * Reads a chat's messages from the newest back to {@code since} (at most {@code checkPages} pages), collecting the
     * bot's messages whose marker is one of {@code ids}. Never fails: a failed read is reported in the result.
     */
    private Flow<Scan> scan(Calls c, long chatId, Instant since, Set<Long> ids) {
        Map<Long, String> found = new HashMap<>();
        long[] from = {0};
        boolean[] complete = {false};
        long sinceMs = since.toEpochMilli();
        return c.loop(delivery.checkPages(), page -> c.call(MaxRequest.get("/messages").query("chat_id", chatId).query("count", MAX_PAGE)
                        .query("from", from[0] > 0 ? from[0] : null).build(), n -> {
                    JsonNode messages = n.path("messages");
                    long oldest = Long.MAX_VALUE;
                    long newest = Long.MIN_VALUE;
                    for (JsonNode m : messages) {
                        long ts = m.path("timestamp").asLong(0);
                        oldest = Math.min(oldest, ts);
                        newest = Math.max(newest, ts);
                        JsonNode sender = m.path("sender");
                        if (!sender.isMissingNode() && !sender.isNull() && !sender.path("is_bot").asBoolean(false)) {
                            continue;
                        }
                        JsonNode text = m.path("body").path("text");
                        OptionalLong marker = text.isString() ? Marker.find(text.asString()) : OptionalLong.empty();
                        if (marker.isPresent() && ids.contains(marker.getAsLong())) {
                            found.put(marker.getAsLong(), m.path("body").path("mid").asString(""));
                        }
                    }
                    if (found.keySet().containsAll(ids) || messages.size() < MAX_PAGE || oldest < sinceMs) {
                        complete[0] = true;
                        return false;
                    }
                    from[0] = oldest == newest ? oldest - 1 : oldest;
                    return true;
                }))
                .map(pages -> new Scan(found, complete[0], null))
                .recover(e -> c.done(new Scan(found, false, e)));
    }

    private void settle(OutboxEntry entry, SendResult result, Throwable error) {
        long key = entry.key();
        if (error == null) {
            outbox.remove(key);
            if (delivery.rememberSettled() > 0) {
                settled.put(key, result);
            }
        } else {
            OutboxRefusals.settleFailure(outbox, entry, clock.instant(), error);
        }
    }

    /** Whether a send that failed this way may still succeed later. */
    static boolean keepPending(Throwable error) {
        return OutboxRefusals.keepPending(error);
    }

    /**
     * Re-sends every pending outbox entry, oldest first, each after checking its chats for the parts already there.
     *
     * @param c the calls
     * @return what happened
     */
    public Flow<ResendResult> resendPending(Calls c) {
        List<OutboxEntry> pending = outbox.pending();
        log.debug("resending {} pending messages", pending.size());
        return OutboxRefusals.resend(c, pending, outbox, clock, entry -> {
            Plan plan;
            try {
                plan = plan(entry.request());
            } catch (IllegalArgumentException e) {
                return c.failed(new SferumException(ErrorCategory.INVALID_INPUT, "POST /messages", "a pending message cannot go to MAX: "
                        + e.getMessage(), "remove it from the outbox; it was written for another backend", null));
            }
            return deliver(c, entry.request(), plan, true, entry.enqueuedAt());
        });
    }

    /**
     * @param c the calls
     * @param r the request
     * @return done
     */
    public Flow<Void> edit(Calls c, EditRequest r) {
        String mid = mid(r.message());
        if (r.text().length() > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("an edit cannot be split: the text is " + r.text().length() + " characters; MAX takes at most "
                    + MAX_MESSAGE_LENGTH);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (r.text().isEmpty()) {
            body.putNull("text");
        } else {
            body.put("text", r.text());
        }
        // NewMessageBody requires the key; null keeps the message's attachments, [] deletes them (schema: PUT /messages)
        if (r.replacesAttachments()) {
            body.set("attachments", MaxAttachments.toMax(r.attachments()));
        } else {
            body.putNull("attachments");
        }
        body.putNull("link");
        return c.call(MaxRequest.put("/messages").query("message_id", mid).body(body).build(), n -> {
            success(n, "PUT /messages");
            return null;
        });
    }

    private static String mid(MessageRef m) {
        Objects.requireNonNull(m, "message");
        return m.key().orElseThrow(() -> new IllegalArgumentException(m + " is a VK message; MAX messages are named by their mid "
                + "(MessageRef.keyed(peer, mid))"));
    }

    /**
     * @param c the calls
     * @param r the request
     * @return per-message outcome
     */
    public Flow<DeleteResult> delete(Calls c, DeleteRequest r) {
        List<String> mids = new ArrayList<>();
        for (MessageRef m : r.messages()) {
            mids.add(mid(m));
        }
        if (!(r.forAll() ? capabilities.canDeleteForAll() : capabilities.canDeleteForSelf())) {
            return unsupported(c, "delete", "MAX deletes a message for everyone; it cannot delete it only for the bot",
                    "set forAll(true) to delete the messages for every participant");
        }
        List<MessageRef> deleted = new ArrayList<>();
        List<MessageFailure> failed = new ArrayList<>();
        return c.each(r.messages(), (m, i) -> c.call(MaxRequest.delete("/messages").query("message_id", mids.get(i)).build(), n -> {
                    success(n, "DELETE /messages");
                    return true;
                }).map(ok -> {
                    deleted.add(m);
                    return (Void) null;
                }).recover(e -> {
                    if (e.retryable() || e.category() == ErrorCategory.OUTCOME_UNKNOWN || e.category() == ErrorCategory.TOKEN) {
                        return c.failed(e);
                    }
                    failed.add(new MessageFailure(m, e));
                    return c.done(null);
                }))
                .map(v -> new DeleteResult(deleted, failed));
    }

    /**
     * @param c the calls
     * @param message the message
     * @return the pinned message
     */
    public Flow<MessageRef> pin(Calls c, MessageRef message) {
        String mid = mid(message);
        long chat = chatId(message.peer(), "the message's peer");
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("message_id", mid);
        return c.call(MaxRequest.put("/chats/{chatId}/pin", chat).body(body).build(), n -> {
            success(n, "PUT /chats/{chatId}/pin");
            return message;
        });
    }

    /**
     * @param c the calls
     * @param chat the chat
     * @return done
     */
    public Flow<Void> unpin(Calls c, PeerId chat) {
        long id = chatId(chat, "chat");
        return c.call(MaxRequest.delete("/chats/{chatId}/pin", id).build(), n -> {
            success(n, "DELETE /chats/{chatId}/pin");
            return null;
        });
    }

    /**
     * Reads a chat's messages newest first. Pages by time: the next page starts at the oldest message's timestamp,
     * skipping the messages of that millisecond already returned (by {@code seq}).
     *
     * @param c the calls
     * @param r the request
     * @return one page of messages
     */
    public Flow<Page<Message>> history(Calls c, HistoryRequest r) {
        PeerId peer = r.peer();
        long chat;
        if (peer.isUser()) {
            Long dialog = dialogs.get(peer.id());
            if (dialog == null) {
                throw new IllegalArgumentException("the chat id of the dialog with " + peer + " is not known to this client; read the "
                        + "dialog by its chat id (PeerId.chat(dialogChatId), from MAX's recipient.chat_id)");
            }
            chat = dialog;
        } else {
            chat = chatId(peer, "peer");
        }
        HistoryTokens at = HistoryTokens.read(r.pageToken().orElse(null));
        if (r.oldestFirst() && !capabilities.canReadOldestFirst()) {
            return unsupported(c, "history", "MAX lists a chat's messages newest first only", "read newest first (the default) and "
                    + "reverse what you collected");
        }
        int count = Math.min(r.pageSize(), MAX_PAGE);
        MaxRequest request = MaxRequest.get("/messages").query("chat_id", chat).query("count", count)
                .query("from", at != null ? at.from() : null).build();
        return c.call(request, n -> {
            JsonNode messages = n.path("messages");
            List<Message> items = new ArrayList<>();
            long oldestTs = Long.MAX_VALUE;
            long oldestSeq = Long.MAX_VALUE;
            for (JsonNode m : messages) {
                long ts = m.path("timestamp").asLong(0);
                long seq = m.path("body").path("seq").asLong(0);
                if (ts < oldestTs || ts == oldestTs && seq < oldestSeq) {
                    oldestTs = ts;
                    oldestSeq = seq;
                }
                if (at != null && ts == at.from() && seq >= at.seq()) {
                    continue;
                }
                Message msg = MaxDecode.message(m, peer);
                if (msg != null) {
                    items.add(msg);
                }
            }
            String next = null;
            if (messages.size() >= count) {
                boolean stuck = items.isEmpty() && at != null && oldestTs == at.from();
                next = stuck ? HistoryTokens.write(oldestTs - 1, Long.MAX_VALUE) : HistoryTokens.write(oldestTs, oldestSeq);
            }
            return new Page<>(items, next, -1);
        });
    }
}
