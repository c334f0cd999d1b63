package dev.sferum.sdk.testkit;

import dev.sferum.sdk.testkit.internal.Engine;
import dev.sferum.sdk.testkit.internal.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A stateful fake of the VK API on a local port: users, communities, tokens, chats, messages and calls behave
 * the way VK does, on VK's wire format, so an integration can be tested without touching real pupils' chats.
 *
 * <pre>{@code
 * try (FakeVk fake = FakeVk.start()) {
 *     FakeCommunity school = fake.createCommunity("Школа №1");
 *     FakeUser pupil = fake.createUser("Иван", "Петров");
 *     // point the client under test at fake.baseUri() with school.token().value(), run it, then:
 *     assertThat(fake.messagesIn(school.ownerId(), peerId)).extracting(FakeMessage::text).contains("Привет");
 * }
 * }</pre>
 *
 * <p>VK methods answer at {@code baseUri() + "method/<name>"}; the VK ID endpoints ({@code oauth2/...},
 * {@code authorize}) and the legacy {@code access_token} endpoint live on the same server. Create one fake per
 * test (it starts in milliseconds) or share one per class; the JUnit 5 extension does either.
 *
 * <p>Thread-safe: tests, the code under test and the server threads may use it concurrently. Snapshots
 * ({@link FakeChat}, {@link FakeMessage}, ...) are immutable copies taken at the call.
 *
 * @since 0.1.0
 */
public final class FakeVk implements AutoCloseable {

    private final Engine engine;
    private final FakeClock clock;
    private final FakeFaults faults;
    private final FakeOAuth oauth;
    private final FakeEvents events;
    private FakeCommunity school;

    private FakeVk(Engine engine, FakeClock clock) {
        this.engine = engine;
        this.clock = clock;
        this.faults = new FakeFaults(engine.faults());
        this.oauth = new FakeOAuth(engine.oauth(), this);
        this.events = new FakeEvents(engine.events());
    }

    /**
     * Starts a fake with the defaults (see {@link Builder}) on a free port of 127.0.0.1.
     *
     * @return the running fake; close it when done
     */
    public static FakeVk start() {
        return builder().start();
    }

    /**
     * Returns a builder for a fake with non-default settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The base URI to give the client under test, e.g. {@code http://127.0.0.1:41234/}; methods are at
     * {@code method/<name>} under it.
     *
     * @return the base URI, ending in {@code /}
     */
    public URI baseUri() {
        return engine.baseUri();
    }

    /**
     * The fake's clock: advance it to expire tokens and codes.
     *
     * @return the clock
     */
    public FakeClock clock() {
        return clock;
    }

    /**
     * The fault scheduler of this fake.
     *
     * @return the faults
     */
    public FakeFaults faults() {
        return faults;
    }

    /**
     * The VK ID (OAuth) side of this fake: clients, the authorize step, refresh counters.
     *
     * @return the OAuth side
     */
    public FakeOAuth oauth() {
        return oauth;
    }

    /**
     * The events side of this fake: Callback API delivery and Bots Long Poll.
     *
     * @return the events side
     */
    public FakeEvents events() {
        return events;
    }

    /** Stops the server; pending requests are cut off. Idempotent. */
    @Override
    public void close() {
        engine.close();
    }

    // ------------------------------------------------------------------ seeding

    /**
     * Creates a user with the next free id (1001, 1002, ...).
     *
     * @param firstName first name
     * @param lastName  last name
     * @return the user
     */
    public FakeUser createUser(String firstName, String lastName) {
        return engine.createUser(Objects.requireNonNull(firstName, "firstName"),
                Objects.requireNonNull(lastName, "lastName"));
    }

    /**
     * The fake's default school: a community created on first use (named "Школа №1", no admins). The SDK clients
     * that {@link FakeVkExtension} injects carry its community token, so a test can create chats and send messages
     * as the school without any setup.
     *
     * @return the default community with its token
     */
    public synchronized FakeCommunity school() {
        if (school == null) {
            school = createCommunity("Школа №1");
        }
        return school;
    }

    /**
     * Creates a community with the next free id (200001, 200002, ...) and issues its community token.
     *
     * @param name   the community's name
     * @param admins users who administer it (they may use its {@code group_id} with their user tokens,
     *               start calls for it and set up its events)
     * @return the community with its token
     */
    public FakeCommunity createCommunity(String name, FakeUser... admins) {
        Objects.requireNonNull(name, "name");
        return engine.createCommunity(name, Arrays.stream(admins).map(FakeUser::id).toList());
    }

    /**
     * Makes a user an administrator of a community.
     *
     * @param community the community
     * @param user      the new administrator
     */
    public void addCommunityAdmin(FakeCommunity community, FakeUser user) {
        engine.addCommunityAdmin(community.id(), user.id());
    }

    /**
     * Issues a user token that never expires (like a legacy token with {@code offline}). For expiring VK ID
     * tokens, use {@link #userToken(FakeUser, Duration)} or the OAuth flow.
     *
     * @param user the token's owner
     * @return the token
     */
    public FakeToken userToken(FakeUser user) {
        return engine.userToken(user.id(), null);
    }

    /**
     * Issues a user token that expires after {@code lifetime} by the fake clock; after that VK methods answer
     * error 5 with subcode 1130.
     *
     * @param user     the token's owner
     * @param lifetime how long it works, positive
     * @return the token
     */
    public FakeToken userToken(FakeUser user, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive: " + lifetime);
        }
        return engine.userToken(user.id(), lifetime);
    }

    /**
     * Issues another community token (the first one is {@link FakeCommunity#token()}).
     *
     * @param community the community
     * @return the token
     */
    public FakeToken communityToken(FakeCommunity community) {
        return engine.communityToken(community.id());
    }

    /**
     * Issues a service token for an application id, as the client-credentials grant would.
     *
     * @param appId the application's client id
     * @return the token
     */
    public FakeToken serviceToken(long appId) {
        return engine.serviceToken(appId);
    }

    /**
     * Revokes a token: VK methods then answer error 5.
     *
     * @param token the token
     */
    public void revoke(FakeToken token) {
        engine.revoke(token.value());
    }

    /**
     * Lets a community write to a user, as if the user allowed messages from it (else {@code messages.send}
     * to that user gets error 901). A user writing to the community first has the same effect.
     *
     * @param user      the user
     * @param community the community
     */
    public void allowMessages(FakeUser user, FakeCommunity community) {
        engine.allowMessages(user.id(), community.id());
    }

    /**
     * Creates a chat directly, exactly as {@code messages.createChat} would for its owner (events included).
     *
     * @param ownerId the owner: a user id, or a community's {@link FakeCommunity#ownerId()}
     * @param title   the title
     * @param members users to put in it
     * @return the chat
     */
    public FakeChat createChat(long ownerId, String title, FakeUser... members) {
        Objects.requireNonNull(title, "title");
        return engine.createChat(ownerId, title, Arrays.stream(members).map(FakeUser::id).toList());
    }

    /**
     * Adds a user or community to a chat, invited by its owner (a {@code chat_invite_user} service message and
     * events follow). This is also how a community gets into a chat a user created.
     *
     * @param chat     the chat
     * @param memberId a user id or a community's owner id
     * @return the chat after the change
     * @throws IllegalStateException when the member is already in, or VK would refuse (the actor is not an admin: 925)
     */
    public FakeChat addChatMember(FakeChat chat, long memberId) {
        return engine.addChatMember(chat.id(), memberId);
    }

    /**
     * Grants or takes a member's chat admin rights (admins may invite, remove, rename and pin).
     *
     * @param chat     the chat
     * @param memberId a current member
     * @param admin    true to grant
     * @return the chat after the change
     */
    public FakeChat setChatAdmin(FakeChat chat, long memberId, boolean admin) {
        return engine.setChatAdmin(chat.id(), memberId, admin);
    }

    /**
     * Sends a message as a user or community, as {@code messages.send} would: e.g. a pupil answering in the
     * class chat, which the community then receives as a {@code message_new} event.
     *
     * @param fromId the sender: user id, or community owner id
     * @param peerId the peer id as the sender sees it (use {@link FakeChat#peerIdFor(long)} for chats)
     * @param text   the text
     * @return the stored message
     * @throws IllegalStateException when VK would refuse (not in the chat, user did not allow messages)
     */
    public FakeMessage sendMessage(long fromId, long peerId, String text) {
        return engine.sendMessage(fromId, peerId, Objects.requireNonNull(text, "text"));
    }

    // ------------------------------------------------------------------ inspection

    /**
     * Every request received so far, oldest first, secrets redacted.
     *
     * @return an immutable list
     */
    public List<RecordedRequest> requests() {
        return engine.log().all();
    }

    /**
     * The requests of one operation (VK method name or path), oldest first.
     *
     * @param operation e.g. {@code messages.send} or {@code /oauth2/auth}
     * @return an immutable list
     */
    public List<RecordedRequest> requests(String operation) {
        return engine.log().of(operation);
    }

    /**
     * How many HTTP requests of an operation arrived (an {@code execute} counts as one request of
     * {@code execute}).
     *
     * @param operation a VK method name or path
     * @return the count
     */
    public int requestCount(String operation) {
        return engine.log().count(operation);
    }

    /**
     * How many times a VK method was invoked, directly or inside {@code execute}.
     *
     * @param method a VK method name
     * @return the count
     */
    public int methodCallCount(String method) {
        return engine.log().methodCalls(method);
    }

    /** Forgets recorded requests, counters and strict-mode violations (state stays), e.g. between the arrange and
     * act phases. */
    public void clearRequests() {
        engine.log().clear();
        engine.strictLog().clear();
    }

    /**
     * The requests refused because they break VK's own schema, oldest first: in {@linkplain Builder#strict(boolean)
     * strict mode} a parameter the schema does not list for the method, a missing required one or a value of the
     * wrong type or range (answered with error 100 naming the parameter); in either mode a token kind the method does
     * not accept (answered 27, 28 or 15). Calls inside {@code execute} are checked one by one. A test that expects
     * its code to speak VK's API correctly asserts this is empty.
     *
     * @return an immutable list
     */
    public List<StrictViolation> strictViolations() {
        return engine.strictLog().all();
    }

    /**
     * Every chat, in creation order.
     *
     * @return snapshots
     */
    public List<FakeChat> chats() {
        return engine.chats();
    }

    /**
     * A chat by the fake's own id ({@link FakeChat#id()}).
     *
     * @param chatId the fake's id
     * @return the chat, if any
     */
    public Optional<FakeChat> chat(long chatId) {
        return engine.chat(chatId);
    }

    /**
     * A chat as an account knows it: by its peer id ({@code 2000000000 + chat id}) or chat id for that account.
     *
     * @param ownerId     the account: a user id or a community's owner id
     * @param peerOrChatId the account's peer id or chat id
     * @return the chat, if that account has one with that id
     */
    public Optional<FakeChat> chatOf(long ownerId, long peerOrChatId) {
        return engine.chatOf(ownerId, peerOrChatId);
    }

    /**
     * Every message of a conversation, oldest first, including service messages and deleted ones, with peer ids
     * as that account sees them: what really reached the chat.
     *
     * @param ownerId the account: a user id or a community's owner id
     * @param peerId  the peer id as that account sees it
     * @return snapshots; empty for a dialog without messages
     */
    public List<FakeMessage> messagesIn(long ownerId, long peerId) {
        return engine.messagesIn(ownerId, peerId);
    }

    /**
     * Every message of a chat, oldest first, peer ids as the chat's owner sees them.
     *
     * @param chat the chat
     * @return snapshots
     */
    public List<FakeMessage> messagesIn(FakeChat chat) {
        return engine.messagesIn(chat.id());
    }

    /**
     * Every call started with {@code calls.start}, in start order.
     *
     * @return snapshots
     */
    public List<FakeCall> calls() {
        return engine.calls();
    }

    @Override
    public String toString() {
        return "FakeVk[" + baseUri() + "]";
    }

    /**
     * Settings for a {@link FakeVk}. Every option has a default that suits most tests.
     *
     * <pre>{@code
     * FakeVk fake = FakeVk.builder()
     *         .clock(FakeClock.at(Instant.parse("2025-09-01T08:00:00Z")))
     *         .rateLimit(TokenKind.USER, 3)
     *         .seed(42)
     *         .start();
     * }</pre>
     *
     * <p>{@linkplain #strict(boolean) Strict mode} (default on) checks every VK method call against VK's own 5.199
     * schema: a parameter the schema does not list for the method, a missing required one, or a value of the wrong
     * type, integer range or enum is refused with error 100 naming the parameter, and recorded in
     * {@link FakeVk#strictViolations()}. Common parameters ({@code v}, {@code access_token}, {@code lang},
     * {@code test_mode}, {@code captcha_sid}, {@code captcha_key}) are always allowed, {@code execute} takes any
     * script argument and its inner calls are checked one by one. Real VK ignores unknown parameters, so
     * {@code strict(false)} is closer to VK for a test that sends one on purpose.
     *
     * <p>Not thread-safe; use one builder per fake.
     *
     * @since 0.1.0
     */
    public static final class Builder extends FakeServerBuilder<FakeVk, Builder> {

        private final Map<TokenKind, Integer> rateLimits = new EnumMap<>(Map.of(
                TokenKind.USER, 3, TokenKind.COMMUNITY, 20, TokenKind.SERVICE, 3));
        private Duration accessTokenLifetime = Duration.ofHours(1);
        private Duration refreshTokenLifetime = Duration.ofDays(180);
        private Duration authorizationCodeLifetime = Duration.ofMinutes(10);
        private int callbackMaxAttempts = 5;
        private Duration callbackRetryDelay = Duration.ofMillis(100);
        private Duration callbackTimeout = Duration.ofSeconds(10);
        private int longPollHistory = 1000;

        private Builder() {
        }

        /**
         * Requests allowed per token in one window before error 6. Defaults, as documented for VK: user 3,
         * community 20, service 3 (VK's real service limit is disputed: 3 or 20).
         *
         * @param kind     the token kind
         * @param requests at least 1
         * @return this
         */
        public Builder rateLimit(TokenKind kind, int requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("rate limit must be at least 1 request: " + requests
                        + "; use rateLimitsEnabled(false) to switch limits off");
            }
            rateLimits.put(Objects.requireNonNull(kind, "kind"), requests);
            return this;
        }

        /**
         * Lifetime of VK ID access tokens, by the fake clock. Default 1 hour, as VK ID documents.
         *
         * @param lifetime positive
         * @return this
         */
        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = positive(lifetime, "access token lifetime");
            return this;
        }

        /**
         * Lifetime of VK ID refresh tokens, by the fake clock. Default 180 days (VK does not publish it; 180 days
         * is the figure usually quoted).
         *
         * @param lifetime positive
         * @return this
         */
        public Builder refreshTokenLifetime(Duration lifetime) {
            this.refreshTokenLifetime = positive(lifetime, "refresh token lifetime");
            return this;
        }

        /**
         * Lifetime of VK ID authorization codes, by the fake clock. Default 10 minutes (VK's value is returned
         * as {@code expires_in} with the code and not documented).
         *
         * @param lifetime positive
         * @return this
         */
        public Builder authorizationCodeLifetime(Duration lifetime) {
            this.authorizationCodeLifetime = positive(lifetime, "authorization code lifetime");
            return this;
        }

        /**
         * How many times a Callback API request (confirmation or event) is sent before the fake gives up on it.
         * Default 5 (VK's real count is not published).
         *
         * @param attempts at least 1
         * @return this
         */
        public Builder callbackMaxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("callback attempts must be at least 1: " + attempts);
            }
            this.callbackMaxAttempts = attempts;
            return this;
        }

        /**
         * Pause between Callback API attempts, in real time. Default 100 ms so tests stay fast (VK waits longer;
         * its timing is not published).
         *
         * @param delay zero or more
         * @return this
         */
        public Builder callbackRetryDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("callback retry delay must not be negative: " + delay);
            }
            this.callbackRetryDelay = delay;
            return this;
        }

        /**
         * How long the fake waits for a Callback API receiver to answer before counting the attempt as failed.
         * Default 10 seconds.
         *
         * @param timeout positive
         * @return this
         */
        public Builder callbackTimeout(Duration timeout) {
            this.callbackTimeout = positive(timeout, "callback timeout");
            return this;
        }

        /**
         * Events kept per community for Bots Long Poll; a {@code ts} older than that gets {@code failed: 1}.
         * Default 1000.
         *
         * @param events at least 1
         * @return this
         */
        public Builder longPollHistory(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("long poll history must be at least 1 event: " + events);
            }
            this.longPollHistory = events;
            return this;
        }

        private static Duration positive(Duration value, String what) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
            return value;
        }

        @Override
        public FakeVk start() {
            FakeClock fakeClock = clockOrNow();
            Settings settings = new Settings(bindAddress(), port(), seed(), fakeClock, rateLimits, rateLimitWindow(),
                    rateLimitsEnabled(), accessTokenLifetime, refreshTokenLifetime, authorizationCodeLifetime,
                    callbackMaxAttempts, callbackRetryDelay, callbackTimeout, longPollHistory, serverThreads(),
                    "5.199", strict());
            Engine engine = new Engine(settings);
            engine.start();
            return new FakeVk(engine, fakeClock);
        }
    }
}
