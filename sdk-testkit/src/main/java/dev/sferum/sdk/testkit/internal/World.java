package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.FakeCall;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeClock;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeMessage;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.TokenKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake's whole state (users, communities, tokens, chats, dialogs, messages, calls) and the rules that
 * change it. One lock guards everything: callers run compound operations inside {@link #locked(Supplier)};
 * methods not named {@code locked} assume the lock is held.
 */
public final class World {

    /** Peer ids of group chats start here. */
    static final long CHAT_PEER_BASE = FakeChat.CHAT_PEER_BASE;
    /** Longest message text VK accepts (error 914 beyond). */
    static final int MAX_MESSAGE_LENGTH = 9000;
    /** Window for editing and deleting for everybody; VK's real window is unpublished (often said 24 h). */
    static final Duration EDIT_WINDOW = Duration.ofHours(24);

    final Settings settings;
    final FakeClock clock;
    final Ids ids;
    private EventSink sink = EventSink.NONE;

    final Map<Long, UserRecord> users = new LinkedHashMap<>();
    final Map<Long, CommunityRecord> communities = new LinkedHashMap<>();
    final Map<String, TokenRecord> tokens = new HashMap<>();
    final Map<Long, Conversation> chats = new LinkedHashMap<>();
    private final Map<String, Conversation> dialogs = new LinkedHashMap<>();
    private final Map<String, Conversation> chatsByInviteLink = new HashMap<>();
    final Map<Long, Message> messagesById = new HashMap<>();
    private final Map<String, List<Message>> sentByRandomId = new HashMap<>();
    final Map<String, CallRecord> calls = new LinkedHashMap<>();

    private long nextUserId = 1001;
    private long nextGroupId = 200001;
    private long nextConversationId = 1;
    private long nextMessageId = 1;
    private long nextVersion = 1;

    /** Creates an empty world. */
    public World(Settings settings) {
        this.settings = settings;
        this.clock = settings.clock();
        this.ids = new Ids(settings.seed());
    }

    /** Runs an operation with the state lock held. */
    public synchronized <T> T locked(Supplier<T> operation) {
        return operation.get();
    }

    /** Runs an operation with the state lock held. */
    public synchronized void locked(Runnable operation) {
        operation.run();
    }

    synchronized void attach(EventSink eventSink) {
        this.sink = eventSink;
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    // ---------------------------------------------------------------- users, communities, tokens

    /** Creates a user with the next free id. */
    public FakeUser createUser(String firstName, String lastName) {
        FakeUser user = new FakeUser(nextUserId++, firstName, lastName);
        users.put(user.id(), new UserRecord(user));
        return user;
    }

    /** Creates a community with its first community token. */
    public FakeCommunity createCommunity(String name, List<Long> adminIds) {
        for (long admin : adminIds) {
            requireUser(admin, "admin");
        }
        long id = nextGroupId++;
        TokenRecord token = register(new TokenRecord(newTokenValue(), TokenKind.COMMUNITY, -id, 0, null, null));
        CommunityRecord community = new CommunityRecord(id, name, token);
        community.admins.addAll(adminIds);
        communities.put(id, community);
        return snapshot(community);
    }

    /** Makes a user an administrator of a community. */
    public void addCommunityAdmin(long groupId, long userId) {
        requireUser(userId, "userId");
        requireCommunity(groupId).admins.add(userId);
    }

    FakeCommunity snapshot(CommunityRecord c) {
        return new FakeCommunity(c.id, c.name, c.firstToken.snapshot(), List.copyOf(c.admins));
    }

    /** Issues a user token; {@code expiresAt} null = never expires. */
    public TokenRecord issueUserToken(long userId, long appId, Instant expiresAt, OAuthSession session) {
        requireUser(userId, "userId");
        return register(new TokenRecord(newTokenValue(), TokenKind.USER, userId, appId, expiresAt, session));
    }

    /** Issues another token for a community. */
    public TokenRecord issueCommunityToken(long groupId) {
        requireCommunity(groupId);
        return register(new TokenRecord(newTokenValue(), TokenKind.COMMUNITY, -groupId, 0, null, null));
    }

    /** Issues a service token for an app. */
    public TokenRecord issueServiceToken(long appId) {
        return register(new TokenRecord(newTokenValue(), TokenKind.SERVICE, appId, appId, null, null));
    }

    String newTokenValue() {
        return "vk1.a." + ids.urlSafe(64);
    }

    private TokenRecord register(TokenRecord token) {
        tokens.put(token.value, token);
        return token;
    }

    /** Revokes a token; unknown values are ignored. */
    public void revoke(String tokenValue) {
        TokenRecord token = tokens.get(tokenValue);
        if (token != null) {
            token.revoked = true;
        }
    }

    /**
     * Checks a token for a VK method call.
     *
     * @throws ApiException 5 when missing, unknown or revoked; 5 with subcode 1130 when expired
     */
    TokenRecord authenticate(String tokenValue) {
        if (tokenValue == null || tokenValue.isEmpty()) {
            throw new ApiException(5, "no access_token passed.");
        }
        TokenRecord token = tokens.get(tokenValue);
        if (token == null || token.revoked) {
            throw new ApiException(5, "invalid access_token (4).");
        }
        if (token.expired(clock.instant())) {
            throw new ApiException(5, 1130, "access_token has expired.");
        }
        return token;
    }

    /** The caller behind a valid token. */
    Caller caller(TokenRecord token) {
        switch (token.kind) {
            case USER:
                return new Caller(token, token.ownerId, users.get(token.ownerId).account);
            case COMMUNITY:
                return new Caller(token, token.ownerId, communities.get(-token.ownerId).account);
            default:
                return new Caller(token, token.ownerId, null);
        }
    }

    /**
     * Applies {@code group_id}: a community token may only name its own community; a user token acts for a
     * community it administers.
     */
    Caller actingFor(Caller caller, long groupId) {
        if (groupId == 0) {
            return caller;
        }
        CommunityRecord community = communities.get(groupId);
        if (community == null) {
            throw ApiException.invalid("group_id", "is not a community: " + groupId);
        }
        if (caller.kind() == TokenKind.COMMUNITY) {
            if (caller.actorId() != -groupId) {
                throw new ApiException(15, "this community token belongs to community " + -caller.actorId()
                        + ", not " + groupId);
            }
            return caller;
        }
        if (caller.kind() == TokenKind.USER && community.admins.contains(caller.actorId())) {
            return new Caller(caller.token(), -groupId, community.account);
        }
        throw new ApiException(15, "user " + caller.actorId() + " is not an administrator of community " + groupId);
    }

    UserRecord requireUser(long userId, String param) {
        UserRecord user = users.get(userId);
        if (user == null) {
            throw new IllegalArgumentException(param + " is not a user of this fake: " + userId
                    + ". Create users with fake.createUser(...) first.");
        }
        return user;
    }

    CommunityRecord requireCommunity(long groupId) {
        CommunityRecord community = communities.get(groupId);
        if (community == null) {
            throw new IllegalArgumentException("not a community of this fake: " + groupId
                    + ". Create it with fake.createCommunity(...) first.");
        }
        return community;
    }

    /** The mailbox of an owner id (user or {@code -group_id}), or null. */
    Account account(long ownerId) {
        if (ownerId > 0) {
            UserRecord user = users.get(ownerId);
            return user == null ? null : user.account;
        }
        CommunityRecord community = communities.get(-ownerId);
        return community == null ? null : community.account;
    }

    /** Display name of an owner id, for default chat titles and previews. */
    String nameOf(long ownerId) {
        if (ownerId > 0) {
            UserRecord user = users.get(ownerId);
            return user == null ? "id" + ownerId : user.user.firstName();
        }
        CommunityRecord community = communities.get(-ownerId);
        return community == null ? "club" + -ownerId : community.name;
    }

    // ---------------------------------------------------------------- conversations

    /** A chat by the account's local chat id. @throws ApiException 927 when the account has no such chat */
    Conversation chatByLocalId(Account account, long chatId) {
        if (chatId < 1 || chatId > 100_000_000) {
            throw ApiException.invalid("chat_id", "should be from 1 to 100000000, got " + chatId);
        }
        Conversation chat = account.chatsByLocalId.get(chatId);
        if (chat == null) {
            throw new ApiException(927, "chat " + chatId + " is not among the chats of " + account.ownerId);
        }
        return chat;
    }

    /**
     * The conversation behind a peer id as the caller sees it.
     *
     * @param create whether to open a dialog that does not exist yet
     * @return the conversation, or null for a dialog that does not exist and was not created
     */
    Conversation conversation(Account account, long peerId, boolean create) {
        if (peerId > CHAT_PEER_BASE) {
            return chatByLocalId(account, peerId - CHAT_PEER_BASE);
        }
        if (peerId == 0 || peerId == CHAT_PEER_BASE) {
            throw ApiException.invalid("peer_id", "is invalid: " + peerId);
        }
        if (account(peerId) == null) {
            throw new ApiException(936, "no user or community " + peerId);
        }
        if (peerId == account.ownerId && account.isCommunity()) {
            throw ApiException.invalid("peer_id", "a community cannot write to itself: " + peerId);
        }
        String key = Math.min(account.ownerId, peerId) + ":" + Math.max(account.ownerId, peerId);
        Conversation dialog = dialogs.get(key);
        if (dialog == null && create) {
            dialog = Conversation.dialog(nextConversationId++, account.ownerId, peerId);
            dialogs.put(key, dialog);
        }
        return dialog;
    }

    /** The peer id of a conversation as one account sees it. */
    long peerIdOf(Conversation conversation, long viewer) {
        if (conversation.chat) {
            Long local = conversation.localIds.get(viewer);
            return local == null ? 0 : CHAT_PEER_BASE + local;
        }
        return conversation.otherSide(viewer);
    }

    /** Every conversation an account takes or took part in, newest activity first. */
    List<Conversation> conversationsOf(Account account) {
        List<Conversation> result = new ArrayList<>(account.chatsByLocalId.values());
        for (Conversation dialog : dialogs.values()) {
            if (dialog.isIn(account.ownerId) && !dialog.messages.isEmpty()) {
                result.add(dialog);
            }
        }
        result.sort((a, b) -> Long.compare(lastMessageId(b), lastMessageId(a)));
        return result;
    }

    private static long lastMessageId(Conversation c) {
        return c.messages.isEmpty() ? 0 : c.messages.get(c.messages.size() - 1).id;
    }

    /** The message id an account sees: communities see 0 in group chats, as VK's bots do. */
    static long visibleId(Message message, long viewer) {
        return message.conversation.chat && viewer < 0 ? 0 : message.id;
    }

    // ---------------------------------------------------------------- messages

    /** Checks that an account may write into a conversation. */
    void checkCanWrite(Conversation conversation, long fromId) {
        if (conversation.chat) {
            Member member = conversation.member(fromId);
            if (member == null) {
                throw new ApiException(917, "account " + fromId + " is not in this chat");
            }
            if (member.state == Member.State.LEFT) {
                throw new ApiException(922, "you left this chat");
            }
            if (member.state == Member.State.KICKED) {
                throw new ApiException(917, "account " + fromId + " was removed from this chat");
            }
            return;
        }
        long to = conversation.otherSide(fromId);
        if (fromId < 0) {
            if (to < 0) {
                throw new ApiException(901, "a community cannot write to another community");
            }
            if (!communities.get(-fromId).allowedUsers.contains(to)) {
                throw new ApiException(901, "user " + to + " has not allowed messages from community " + -fromId
                        + " (fake.allowMessages(...), or the user writes first)");
            }
        }
    }

    /** Stores a text message and emits its events. The caller checked {@link #checkCanWrite}. */
    Message post(Conversation conversation, long fromId, String text, long randomId) {
        Message message = new Message(nextMessageId++, ++conversation.lastCmid, conversation, fromId, text, now(),
                randomId, null, 0, null, 0, null);
        store(message);
        if (!conversation.chat && fromId > 0 && conversation.otherSide(fromId) < 0) {
            communities.get(-conversation.otherSide(fromId)).allowedUsers.add(fromId);
        }
        emitNew(message);
        return message;
    }

    /** Stores a service message (chat action) and emits its events. */
    Message postService(Conversation chat, long fromId, String type, long memberId, String actionText,
            long actionCmid, String actionMessage) {
        Message message = new Message(nextMessageId++, ++chat.lastCmid, chat, fromId, "", now(), 0, type,
                memberId, actionText, actionCmid, actionMessage);
        store(message);
        emitNew(message);
        return message;
    }

    private void store(Message message) {
        message.version = nextVersion++;
        message.conversation.messages.add(message);
        message.conversation.readUpTo.put(message.fromId, message.cmid);
        messagesById.put(message.id, message);
    }

    /** Messages earlier sent with this random_id by this sender through this app, or null. */
    List<Message> sentWithRandomId(Caller caller, long randomId) {
        return randomId == 0 ? null : sentByRandomId.get(caller.appId() + ":" + caller.actorId() + ":" + randomId);
    }

    void rememberRandomId(Caller caller, long randomId, List<Message> messages) {
        if (randomId != 0 && !messages.isEmpty()) {
            sentByRandomId.put(caller.appId() + ":" + caller.actorId() + ":" + randomId, List.copyOf(messages));
        }
    }

    /** Finds a message of a conversation by message id or cmid for an account. @throws ApiException 104 */
    Message findMessage(Conversation conversation, long viewer, long messageId, long cmid) {
        Message message = null;
        if (cmid > 0) {
            message = conversation.byCmid(cmid);
        } else if (messageId > 0) {
            Message byId = messagesById.get(messageId);
            message = byId != null && byId.conversation == conversation ? byId : null;
        }
        if (message == null || !message.visibleTo(viewer)) {
            throw new ApiException(104, "message " + (cmid > 0 ? "cmid " + cmid : "id " + messageId)
                    + " is not in this conversation");
        }
        return message;
    }

    /** Edits a message's text. */
    void edit(Message message, long editorId, String text) {
        if (message.isService()) {
            throw new ApiException(920, "service messages cannot be edited");
        }
        if (message.fromId != editorId) {
            throw new ApiException(920, "only the author can edit a message; author " + message.fromId
                    + ", editor " + editorId);
        }
        if (Duration.ofSeconds(now() - message.date).compareTo(EDIT_WINDOW) > 0) {
            throw new ApiException(909);
        }
        message.text = text;
        message.updateTime = now();
        message.version = nextVersion++;
        for (long participant : message.conversation.participants()) {
            if (participant < 0) {
                sink.publish(-participant, "message_edit", Render.message(this, message, participant));
            }
        }
    }

    /** Deletes a message for one account or for everybody; returns an error code (0 = done). */
    int delete(Message message, long actorId, boolean forAll) {
        if (!forAll) {
            message.deletedFor.add(actorId);
            return 0;
        }
        Conversation c = message.conversation;
        boolean may = !message.isService()
                && (message.fromId == actorId || (c.chat && c.isAdmin(actorId) && message.fromId != c.ownerId))
                && Duration.ofSeconds(now() - message.date).compareTo(EDIT_WINDOW) <= 0;
        if (!may) {
            return 924;
        }
        message.deletedForAll = true;
        message.version = nextVersion++;
        return 0;
    }

    private void emitNew(Message message) {
        Conversation c = message.conversation;
        for (long participant : c.participants()) {
            if (participant >= 0) {
                continue;
            }
            String type;
            if (c.chat) {
                if (!message.isService() && message.fromId == participant) {
                    continue;
                }
                type = "message_new";
            } else {
                type = message.fromId == participant ? "message_reply" : "message_new";
            }
            ObjectNode rendered = Render.message(this, message, participant);
            if (type.equals("message_new")) {
                ObjectNode object = Json.object();
                object.set("message", rendered);
                object.set("client_info", Render.clientInfo());
                sink.publish(-participant, type, object);
            } else {
                sink.publish(-participant, type, rendered);
            }
        }
    }

    /** Publishes a custom event (for tests simulating what the fake does not model). */
    void publishRaw(long groupId, String type, ObjectNode object) {
        requireCommunity(groupId);
        sink.publish(groupId, type, object);
    }

    // ---------------------------------------------------------------- chats

    /** Creates a chat owned by an account, with users in it, and writes the chat_create service message. */
    Conversation createChat(long ownerId, String title, List<Long> userIds) {
        List<Long> invited = new ArrayList<>();
        for (long userId : userIds) {
            if (userId <= 0 || !users.containsKey(userId)) {
                throw new ApiException(936, "no user " + userId);
            }
            if (userId != ownerId && !invited.contains(userId)) {
                invited.add(userId);
            }
        }
        if (title == null) {
            List<String> names = new ArrayList<>();
            names.add(nameOf(ownerId));
            invited.forEach(id -> names.add(nameOf(id)));
            title = String.join(", ", names);
        }
        Conversation chat = Conversation.chat(nextConversationId++, title, ownerId);
        chat.inviteLink = newInviteLink();
        chatsByInviteLink.put(chat.inviteLink, chat);
        chats.put(chat.id, chat);
        join(chat, ownerId, ownerId);
        invited.forEach(userId -> join(chat, userId, ownerId));
        postService(chat, ownerId, "chat_create", 0, title, 0, null);
        return chat;
    }

    private String newInviteLink() {
        return "https://vk.me/join/" + ids.urlSafe(32);
    }

    private void join(Conversation chat, long memberId, long invitedBy) {
        Member member = chat.members.get(memberId);
        if (member == null) {
            member = new Member(memberId, invitedBy, now());
            chat.members.put(memberId, member);
        } else {
            member.state = Member.State.IN;
            member.invitedBy = invitedBy;
            member.joinDate = now();
            member.admin = false;
        }
        account(memberId).localIdFor(chat);
    }

    /**
     * Adds an account to a chat.
     *
     * @param serviceType {@code chat_invite_user} or {@code chat_invite_user_by_link}
     * @return false, changing nothing, when the account is already in: the schema names no error for that
     *     ({@code addChatUser}'s 939 is "message request already sent", which this world does not model)
     * @throws ApiException 925 when the actor is not an admin
     */
    boolean addMember(Conversation chat, long actorId, long memberId, String serviceType) {
        if (chat.isIn(memberId)) {
            return false;
        }
        if (serviceType.equals("chat_invite_user") && !chat.isAdmin(actorId)) {
            throw new ApiException(925,
                    "only the owner and admins may invite (chat_restrictions.only_admins_invite)");
        }
        join(chat, memberId, actorId);
        if (serviceType.equals("chat_invite_user_by_link")) {
            postService(chat, memberId, serviceType, 0, null, 0, null);
        } else {
            postService(chat, actorId, serviceType, memberId, null, 0, null);
        }
        return true;
    }

    /** Removes a member, or lets an account leave when it removes itself. */
    void removeMember(Conversation chat, long actorId, long memberId) {
        if (!chat.isIn(memberId)) {
            throw new ApiException(935, "account " + memberId + " is not in the chat");
        }
        Member member = chat.member(memberId);
        if (actorId == memberId) {
            member.state = Member.State.LEFT;
        } else {
            if (!chat.isAdmin(actorId)) {
                throw new ApiException(925, "only the owner and admins may remove members");
            }
            if (memberId == chat.ownerId) {
                throw new ApiException(925, "the chat owner cannot be removed");
            }
            if (member.admin && actorId != chat.ownerId) {
                throw new ApiException(925, "only the owner may remove an admin");
            }
            member.state = Member.State.KICKED;
        }
        member.admin = false;
        postService(chat, actorId, "chat_kick_user", memberId, null, 0, null);
    }

    void setAdmin(Conversation chat, long memberId, boolean admin) {
        if (!chat.isIn(memberId)) {
            throw new IllegalArgumentException("account " + memberId + " is not in chat " + chat.id);
        }
        chat.member(memberId).admin = admin;
    }

    void editTitle(Conversation chat, long actorId, String title) {
        if (!chat.isIn(actorId)) {
            throw new ApiException(917, "account " + actorId + " is not in this chat");
        }
        if (!chat.isAdmin(actorId)) {
            throw new ApiException(925, "only the owner and admins may change the title");
        }
        chat.title = title;
        postService(chat, actorId, "chat_title_update", 0, title, 0, null);
    }

    void pin(Conversation conversation, long actorId, Message message) {
        if (conversation.chat && !conversation.isAdmin(actorId)) {
            throw new ApiException(925, "only the owner and admins may pin (chat_restrictions.only_admins_edit_pin)");
        }
        if (message.isService()) {
            throw ApiException.invalid("message_id", "a service message cannot be pinned");
        }
        conversation.pinnedCmid = message.cmid;
        if (conversation.chat) {
            postService(conversation, actorId, "chat_pin_message", actorId, null, message.cmid, message.text);
        }
    }

    void unpin(Conversation conversation, long actorId) {
        if (conversation.chat && !conversation.isAdmin(actorId)) {
            throw new ApiException(925, "only the owner and admins may unpin");
        }
        long pinned = conversation.pinnedCmid;
        conversation.pinnedCmid = 0;
        if (conversation.chat && pinned != 0) {
            postService(conversation, actorId, "chat_unpin_message", actorId, null, pinned, null);
        }
    }

    String inviteLink(Conversation chat, long actorId, boolean reset) {
        if (!chat.isAdmin(actorId)) {
            throw new ApiException(reset ? 931 : 919, "only the owner and admins may see or reset the invite link");
        }
        if (reset) {
            chatsByInviteLink.remove(chat.inviteLink);
            chat.inviteLink = newInviteLink();
            chatsByInviteLink.put(chat.inviteLink, chat);
        }
        return chat.inviteLink;
    }

    Conversation chatByInviteLink(String link) {
        Conversation chat = chatsByInviteLink.get(link);
        if (chat == null) {
            throw new ApiException(917, "the invite link is invalid or was reset");
        }
        return chat;
    }

    // ---------------------------------------------------------------- calls

    CallRecord startCall(long initiatorId, long groupId) {
        String callId = ids.uuid();
        String token = ids.urlSafe(43);
        CallRecord call = new CallRecord(callId, "https://vk.com/call/join/" + token,
                "https://ok.ru/videochat/join/" + token, ids.digits(10), ids.digits(4), ids.digits(9), ids.digits(10),
                initiatorId, groupId, now());
        calls.put(callId, call);
        return call;
    }

    // ---------------------------------------------------------------- snapshots

    /** Snapshot of a chat. */
    FakeChat snapshot(Conversation chat) {
        List<Long> admins = new ArrayList<>();
        List<Long> members = new ArrayList<>();
        for (Member m : chat.members.values()) {
            if (m.in()) {
                members.add(m.memberId);
                if (m.admin) {
                    admins.add(m.memberId);
                }
            }
        }
        return new FakeChat(chat.id, chat.title, chat.ownerId, admins, members, chat.inviteLink,
                new HashMap<>(chat.localIds), chat.pinnedCmid, chat.lastCmid);
    }

    /** Snapshot of a message, with the peer id as the given account sees it. */
    FakeMessage snapshot(Message m, long perspective) {
        Optional<FakeMessage.Action> action = m.isService()
                ? Optional.of(new FakeMessage.Action(m.actionType, m.actionMemberId,
                        m.actionText == null ? "" : m.actionText))
                : Optional.empty();
        return new FakeMessage(m.id, m.cmid, peerIdOf(m.conversation, perspective), m.fromId, m.text,
                Instant.ofEpochSecond(m.date), m.randomId, action,
                m.updateTime == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(m.updateTime)),
                m.deletedForAll);
    }

    FakeCall snapshot(CallRecord c) {
        return new FakeCall(c.callId, c.joinLink, c.initiatorId, c.groupId, Instant.ofEpochSecond(c.startedAt),
                c.finishedAt == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(c.finishedAt)));
    }
}
