package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.FakeCall;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeMessage;
import dev.sferum.sdk.testkit.FakeToken;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.Fault;
import dev.sferum.sdk.testkit.internal.server.FaultPlan;
import dev.sferum.sdk.testkit.internal.server.StrictLog;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Wires the fake together (state, methods, faults, log, HTTP) and offers the operations behind the public
 * {@code FakeVk} API. Direct operations apply the same rules as the API but report misuse with
 * {@link IllegalArgumentException} or {@link IllegalStateException} instead of VK errors. Thread-safe.
 */
public final class Engine implements AutoCloseable {

    private final World world;
    private final FaultPlan<Fault> faults = new FaultPlan<>();
    private final RequestLog log = new RequestLog();
    private final StrictLog strictLog = new StrictLog();
    private final Gateway gateway;
    private final OAuthService oauth;
    private final EventHub events;

    /** Builds a fake from its settings; {@link #start()} opens the port. */
    public Engine(Settings settings) {
        this.world = new World(settings);
        this.gateway = new Gateway(settings, faults, log);
        this.oauth = new OAuthService(world);
        this.events = new EventHub(world, gateway.timer(), gateway::baseUri);
        world.attach(events);
        ApiMethods methods = new ApiMethods(world, events.methods());
        gateway.methods(new ApiEndpoint(world, methods, faults, log, strictLog));
        gateway.path("/whp/", events::poll);
        OAuthEndpoint oauthEndpoint = new OAuthEndpoint(world, oauth, gateway::baseUri);
        for (String path : OAuthEndpoint.PATHS) {
            gateway.path(path, oauthEndpoint);
        }
    }

    /** Opens the port. */
    public void start() {
        gateway.start();
    }

    /** The base URI of the running server. */
    public URI baseUri() {
        return gateway.baseUri();
    }

    /** The scheduled faults. */
    public FaultPlan<Fault> faults() {
        return faults;
    }

    /** The VK ID side. */
    public OAuthService oauth() {
        return oauth;
    }

    /** Callback API and Bots Long Poll. */
    public EventHub events() {
        return events;
    }

    /** The strict-mode refusals. */
    public StrictLog strictLog() {
        return strictLog;
    }

    /** The request log. */
    public RequestLog log() {
        return log;
    }

    @Override
    public void close() {
        gateway.close();
    }

    // ---------------------------------------------------------------- seeding

    /** See {@code FakeVk.createUser}. */
    public FakeUser createUser(String firstName, String lastName) {
        return world.locked(() -> world.createUser(firstName, lastName));
    }

    /** See {@code FakeVk.createCommunity}. */
    public FakeCommunity createCommunity(String name, List<Long> adminIds) {
        return world.locked(() -> world.createCommunity(name, adminIds));
    }

    /** See {@code FakeVk.addCommunityAdmin}. */
    public void addCommunityAdmin(long groupId, long userId) {
        world.locked(() -> world.addCommunityAdmin(groupId, userId));
    }

    /** A user token; {@code lifetime} null = never expires. */
    public FakeToken userToken(long userId, Duration lifetime) {
        return world.locked(() -> {
            Instant expiresAt = lifetime == null ? null : world.clock.instant().plus(lifetime);
            return world.issueUserToken(userId, 0, expiresAt, null).snapshot();
        });
    }

    /** Another community token. */
    public FakeToken communityToken(long groupId) {
        return world.locked(() -> world.issueCommunityToken(groupId).snapshot());
    }

    /** A service token for an app id. */
    public FakeToken serviceToken(long appId) {
        return world.locked(() -> world.issueServiceToken(appId).snapshot());
    }

    /** Revokes a token. */
    public void revoke(String tokenValue) {
        world.locked(() -> world.revoke(tokenValue));
    }

    /** Lets a community write to a user (as if the user allowed messages). */
    public void allowMessages(long userId, long groupId) {
        world.locked(() -> {
            world.requireUser(userId, "userId");
            world.requireCommunity(groupId).allowedUsers.add(userId);
        });
    }

    /** Creates a chat as its owner would with messages.createChat. */
    public FakeChat createChat(long ownerId, String title, List<Long> userIds) {
        return world.locked(() -> {
            requireAccount(ownerId);
            return world.snapshot(vkRules(() -> world.createChat(ownerId, title, userIds)));
        });
    }

    /** Adds a user or community to a chat, invited by the chat's owner. */
    public FakeChat addChatMember(long chatId, long memberId) {
        return world.locked(() -> {
            Conversation chat = requireChat(chatId);
            requireAccount(memberId);
            boolean added = vkRules(() -> world.addMember(chat, chat.ownerId, memberId, "chat_invite_user"));
            if (!added) {
                throw new IllegalStateException("account " + memberId + " is already in chat " + chatId);
            }
            return world.snapshot(chat);
        });
    }

    /** Grants or takes chat admin rights. */
    public FakeChat setChatAdmin(long chatId, long memberId, boolean admin) {
        return world.locked(() -> {
            Conversation chat = requireChat(chatId);
            world.setAdmin(chat, memberId, admin);
            return world.snapshot(chat);
        });
    }

    /** Sends a text message as an account, to a peer id as that account sees it. */
    public FakeMessage sendMessage(long fromId, long peerId, String text) {
        return world.locked(() -> {
            Account account = requireAccount(fromId);
            Message message = vkRules(() -> {
                Conversation conversation = world.conversation(account, peerId, true);
                world.checkCanWrite(conversation, fromId);
                return world.post(conversation, fromId, text, 0);
            });
            return world.snapshot(message, fromId);
        });
    }

    // ---------------------------------------------------------------- inspection

    /** Every chat, in creation order. */
    public List<FakeChat> chats() {
        return world.locked(() -> world.chats.values().stream().map(world::snapshot).toList());
    }

    /** A chat by the fake's own id. */
    public Optional<FakeChat> chat(long chatId) {
        return world.locked(() -> Optional.ofNullable(world.chats.get(chatId)).map(world::snapshot));
    }

    /** A chat by an account's peer id (or chat id) for it. */
    public Optional<FakeChat> chatOf(long ownerId, long peerOrChatId) {
        return world.locked(() -> {
            Account account = requireAccount(ownerId);
            long local = peerOrChatId > World.CHAT_PEER_BASE ? peerOrChatId - World.CHAT_PEER_BASE : peerOrChatId;
            return Optional.ofNullable(account.chatsByLocalId.get(local)).map(world::snapshot);
        });
    }

    /** All messages of a conversation as an account sees its peer, oldest first, deleted ones included. */
    public List<FakeMessage> messagesIn(long ownerId, long peerId) {
        return world.locked(() -> {
            Account account = requireAccount(ownerId);
            Conversation conversation;
            try {
                conversation = world.conversation(account, peerId, false);
            } catch (ApiException e) {
                throw new IllegalArgumentException("no conversation " + peerId + " for account " + ownerId
                        + ": " + e.getMessage(), e);
            }
            List<FakeMessage> result = new ArrayList<>();
            if (conversation != null) {
                conversation.messages.forEach(m -> result.add(world.snapshot(m, ownerId)));
            }
            return result;
        });
    }

    /** All messages of a chat (by the fake's id), peer ids as the owner sees them. */
    public List<FakeMessage> messagesIn(long chatId) {
        return world.locked(() -> {
            Conversation chat = requireChat(chatId);
            return chat.messages.stream().map(m -> world.snapshot(m, chat.ownerId)).toList();
        });
    }

    /** Every call, in start order. */
    public List<FakeCall> calls() {
        return world.locked(() -> world.calls.values().stream().map(world::snapshot).toList());
    }

    // ---------------------------------------------------------------- helpers

    private Account requireAccount(long ownerId) {
        Account account = world.account(ownerId);
        if (account == null) {
            throw new IllegalArgumentException("no user or community with owner id " + ownerId
                    + " (users are positive ids, communities -group_id)");
        }
        return account;
    }

    private Conversation requireChat(long chatId) {
        Conversation chat = world.chats.get(chatId);
        if (chat == null) {
            throw new IllegalArgumentException("no chat with fake id " + chatId + "; known: " + world.chats.keySet());
        }
        return chat;
    }

    private static <T> T vkRules(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (ApiException e) {
            throw new IllegalStateException("VK would refuse this with error " + e.code() + ": " + e.getMessage(), e);
        }
    }
}
