package dev.sferum.sdk.testkit.max;

import dev.sferum.sdk.testkit.FakeClock;
import dev.sferum.sdk.testkit.FakeServerBuilder;
import dev.sferum.sdk.testkit.RecordedRequest;
import dev.sferum.sdk.testkit.StrictViolation;
import dev.sferum.sdk.testkit.internal.server.FaultPlan;
import dev.sferum.sdk.testkit.internal.server.StrictLog;
import dev.sferum.sdk.testkit.max.internal.MaxServer;
import dev.sferum.sdk.testkit.max.internal.MaxWorld;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A stateful fake of MAX's Bot API on a local port: bots and their tokens, users, chats and dialogs, members,
 * messages, pins, long polling and webhooks behave as MAX documents them, on MAX's wire format (OpenAPI schema
 * 0.0.30), so a MAX integration can be tested without a bot on real school chats.
 *
 * <pre>{@code
 * try (FakeMax fake = FakeMax.start()) {
 *     FakeMaxBot bot = fake.createBot("Школьный бот");
 *     FakeMaxUser teacher = fake.createUser("Анна", "Иванова");
 *     FakeMaxChat chat = fake.createChat(teacher, "7Б");
 *     fake.addBot(chat, bot, true);                        // a bot only works in chats people add it to
 *     // point the client under test at fake.baseUri() with bot.token(), run it, then:
 *     assertThat(fake.messagesIn(chat.id())).extracting(FakeMaxMessage::visibleText).contains("Привет");
 * }
 * }</pre>
 *
 * <p>Like MAX: the token goes raw in {@code Authorization} (anything else answers 401 {@code verify.token}); each token
 * may make {@link Builder#rateLimit(int) 30 requests per second} (then 429); group chats have negative ids, dialogs
 * positive ones; a bot can create no chat, sees members and owners only as a chat admin, and writes to a user only
 * after the user started it ({@link #startDialog}); long polling answers 405 while a webhook subscription exists.
 * What breaks the OpenAPI is a 400 {@code {"code":"proto.payload","message":…}} naming the part: a
 * {@code POST}/{@code PUT /messages} body without NewMessageBody's required {@code text}, {@code attachments} and
 * {@code link} keys (each may be {@code null}), a member removal without {@code user_id}, an id, count or limit that
 * is not a number.
 * Operations are named by method and path template, such as {@code POST /messages}, in {@link #requests(String)}
 * and {@link FakeMaxFaults}.
 *
 * <p>Thread-safe; snapshots are immutable copies taken at the call. One fake per test (it starts in milliseconds), or
 * one per class; {@link FakeMaxExtension} does either.
 *
 * @since 0.1.0
 */
public final class FakeMax implements AutoCloseable {
    private final MaxWorld world;
    private final MaxServer server;
    private final FakeClock clock;
    private final FakeMaxFaults faults;
    private final StrictLog strictLog;

    private FakeMax(MaxWorld world, MaxServer server, FakeClock clock, FakeMaxFaults faults, StrictLog strictLog) {
        this.world = world;
        this.server = server;
        this.clock = clock;
        this.faults = faults;
        this.strictLog = strictLog;
    }

    /** {@return a running fake with the defaults, on a free port of 127.0.0.1} */
    public static FakeMax start() {
        return builder().start();
    }

    /** {@return a builder for a fake with other settings} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the base URI to give the client under test, such as {@code http://127.0.0.1:41234}} */
    public URI baseUri() {
        return server.baseUri();
    }

    /** {@return the fake's clock: message times, update times} */
    public FakeClock clock() {
        return clock;
    }

    /** {@return the fault scheduler} */
    public FakeMaxFaults faults() {
        return faults;
    }

    /** Stops the server; pending requests are cut off. Idempotent. */
    @Override
    public void close() {
        server.close();
    }

    // ------------------------------------------------------------------ seeding

    /**
     * Creates a person with the next free id (100001, 100002, ...).
     *
     * @param firstName first name
     * @param lastName last name
     * @return the user
     */
    public FakeMaxUser createUser(String firstName, String lastName) {
        return world.createUser(Objects.requireNonNull(firstName, "firstName"), Objects.requireNonNull(lastName, "lastName"));
    }

    /**
     * Creates a bot, as MasterBot would, with its token.
     *
     * @param name its visible name
     * @return the bot
     */
    public FakeMaxBot createBot(String name) {
        return world.createBot(Objects.requireNonNull(name, "name"));
    }

    /**
     * Issues another token for a bot (the first one is {@link FakeMaxBot#token()}).
     *
     * @param bot the bot
     * @return the new token
     */
    public String issueToken(FakeMaxBot bot) {
        return world.issueToken(bot);
    }

    /**
     * Revokes a token, as {@code /revoke} in MasterBot would: it then answers 401 {@code verify.token}.
     *
     * @param token the token
     */
    public void revoke(String token) {
        world.revoke(Objects.requireNonNull(token, "token"));
    }

    /**
     * Creates a group chat owned by a person (MAX bots cannot create chats), with a negative id.
     *
     * @param owner the creator
     * @param title the title
     * @param members the first members besides the owner
     * @return the chat
     */
    public FakeMaxChat createChat(FakeMaxUser owner, String title, FakeMaxUser... members) {
        Objects.requireNonNull(title, "title");
        return world.createChat(owner.id(), title, Arrays.stream(members).map(FakeMaxUser::id).toList());
    }

    /**
     * Adds a bot to a chat, as its owner would; the bot gets {@code bot_added}.
     *
     * @param chat the chat
     * @param bot the bot
     * @param admin whether to make it an admin (needed to see members, add or remove them, rename and pin)
     * @return the chat after the change
     */
    public FakeMaxChat addBot(FakeMaxChat chat, FakeMaxBot bot, boolean admin) {
        return world.addMember(chat.id(), bot.id(), admin);
    }

    /**
     * Adds a person to a chat, as its owner would; admin bots get {@code user_added}.
     *
     * @param chat the chat
     * @param user the person
     * @return the chat after the change
     */
    public FakeMaxChat addMember(FakeMaxChat chat, FakeMaxUser user) {
        return world.addMember(chat.id(), user.id(), false);
    }

    /**
     * Removes a person or bot from a chat, as its owner would.
     *
     * @param chat the chat
     * @param userId the member's id
     * @return the chat after the change
     */
    public FakeMaxChat removeMember(FakeMaxChat chat, long userId) {
        return world.removeMember(chat.id(), userId);
    }

    /**
     * Grants or takes a member's admin rights.
     *
     * @param chat the chat
     * @param userId a current member
     * @param admin whether they should be an admin
     * @return the chat after the change
     */
    public FakeMaxChat setAdmin(FakeMaxChat chat, long userId, boolean admin) {
        return world.setAdmin(chat.id(), userId, admin);
    }

    /**
     * Makes a person's privacy settings refuse being added to chats by bots ({@code add.participant.privacy}).
     *
     * @param user the person
     */
    public void forbidAdding(FakeMaxUser user) {
        world.forbidAdding(user.id());
    }

    /**
     * Makes the next {@code times} sends with an upload token answer 400 {@code attachment.not.ready}, as MAX does while
     * it processes a file.
     *
     * @param uploadToken the token of an uploaded file
     * @param times at least 1
     */
    public void uploadNotReady(String uploadToken, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + times);
        }
        world.markNotReady(Objects.requireNonNull(uploadToken, "uploadToken"), times);
    }

    /**
     * A person presses Start in a bot's dialog: the dialog opens ({@code bot_started}) and the bot may write to them.
     *
     * @param bot the bot
     * @param user the person
     * @return the dialog's chat id (positive)
     */
    public long startDialog(FakeMaxBot bot, FakeMaxUser user) {
        return world.startDialog(bot.id(), user.id(), null);
    }

    /**
     * A person writes in a chat or dialog; the bots there get {@code message_created}.
     *
     * @param from the person
     * @param chatId the chat or dialog
     * @param text the text
     * @return the message
     */
    public FakeMaxMessage postMessage(FakeMaxUser from, long chatId, String text) {
        return world.post(from.id(), chatId, Objects.requireNonNull(text, "text"));
    }

    // ------------------------------------------------------------------ inspection

    /** {@return every request so far, oldest first} */
    public List<RecordedRequest> requests() {
        return server.log().all();
    }

    /**
     * Lists the requests of one operation.
     *
     * @param operation such as {@code POST /messages}
     * @return the requests of that operation, oldest first
     */
    public List<RecordedRequest> requests(String operation) {
        return server.log().of(operation);
    }

    /**
     * Counts the requests of one operation.
     *
     * @param operation such as {@code POST /messages}
     * @return how many requests of it arrived
     */
    public int requestCount(String operation) {
        return server.log().count(operation);
    }

    /**
     * Counts the requests that ended one way.
     *
     * @param outcome what the fake did
     * @return how many requests ended that way, such as {@code DROPPED_AFTER_PROCESSING}
     */
    public int requestCount(RecordedRequest.Outcome outcome) {
        return server.log().matching(r -> r.outcome() == outcome).size();
    }

    /** Forgets the recorded requests and strict-mode violations (state stays). */
    public void clearRequests() {
        server.log().clear();
        strictLog.clear();
    }

    /**
     * The requests refused in {@linkplain Builder#strict(boolean) strict mode} because they break MAX's OpenAPI
     * (schema 0.0.30), oldest first: a query parameter the operation does not list, a missing required parameter or
     * body key ({@code NewMessageBody} requires {@code text}, {@code attachments} and {@code link}, each may be
     * {@code null}), or a value of the wrong type, limit or enum. Each was answered 400 {@code proto.payload}. A test
     * that expects its code to speak MAX's API correctly asserts this is empty.
     *
     * @return an immutable list
     */
    public List<StrictViolation> strictViolations() {
        return strictLog.all();
    }

    /** {@return every chat and dialog, in creation order} */
    public List<FakeMaxChat> chats() {
        return world.chats();
    }

    /**
     * Finds a chat or dialog by its id.
     *
     * @param chatId a chat or dialog id
     * @return it, if it exists
     */
    public Optional<FakeMaxChat> chat(long chatId) {
        return world.findChat(chatId);
    }

    /**
     * Lists every message in a chat or dialog.
     *
     * @param chatId a chat or dialog id
     * @return every message in it, oldest first, deleted ones included: what really reached the chat
     */
    public List<FakeMaxMessage> messagesIn(long chatId) {
        return world.messagesIn(chatId);
    }

    /**
     * Lists the updates queued for a bot.
     *
     * @param bot a bot
     * @return the updates queued for it, oldest first
     */
    public List<FakeMaxUpdate> updates(FakeMaxBot bot) {
        return world.updates(bot.id());
    }

    /** {@return every attempt to deliver an update to a webhook, oldest first} */
    public List<FakeWebhookDelivery> webhookDeliveries() {
        return server.deliveries();
    }

    /**
     * Posts an update to the bot's webhook once more, as MAX's retries would after a lost {@code 200}.
     *
     * @param bot the bot
     * @param update one of {@link #updates(FakeMaxBot)}
     * @return the delivery once made (attempt 0); {@code null} in it if the bot has no subscription
     */
    public CompletableFuture<FakeWebhookDelivery> redeliver(FakeMaxBot bot, FakeMaxUpdate update) {
        return server.redeliver(bot.id(), Objects.requireNonNull(update, "update"));
    }

    @Override
    public String toString() {
        return "FakeMax[" + baseUri() + "]";
    }

    /**
     * Settings for a {@link FakeMax}; every one has a default that suits most tests. Not thread-safe.
     *
     * <p>{@linkplain #strict(boolean) Strict mode} (default on) checks every request against MAX's OpenAPI: a query
     * parameter the operation does not list, a missing required parameter or body key, or a value of the wrong type,
     * limit, length or enum value is answered 400 {@code proto.payload} naming it, and recorded in
     * {@link FakeMax#strictViolations()}. Unlisted body keys pass, as OpenAPI allows.
     *
     * @since 0.1.0
     */
    public static final class Builder extends FakeServerBuilder<FakeMax, Builder> {
        private int rateLimit = 30;
        private Duration longPollCap = Duration.ofSeconds(2);
        private Duration webhookRetryDelay = Duration.ofMillis(50);
        private int webhookAttempts = 5;

        private Builder() {
        }

        /**
         * Sets how many requests each token may make per window before the fake answers 429.
         *
         * @param requests requests per token per window before 429; default 30, as reported for MAX [unverified]
         * @return this
         */
        public Builder rateLimit(int requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("rate limit must be at least 1: " + requests + "; use rateLimitsEnabled(false)");
            }
            this.rateLimit = requests;
            return this;
        }

        /**
         * Sets the longest a long poll waits in real time, whatever its {@code timeout}.
         *
         * @param cap the longest a long poll waits in real time, whatever its {@code timeout}; default 2 s, so tests
         *     end fast
         * @return this
         */
        public Builder longPollCap(Duration cap) {
            if (cap.isNegative()) {
                throw new IllegalArgumentException("long poll cap must not be negative: " + cap);
            }
            this.longPollCap = cap;
            return this;
        }

        /**
         * Sets how the fake re-posts updates that the webhook did not accept.
         *
         * @param delay how long the fake waits before re-posting an update the webhook did not answer 200 (MAX: 30 to
         *     60 s); default 50 ms
         * @param attempts how many times it posts one update in all; default 5 (MAX retries for up to 8 hours)
         * @return this
         */
        public Builder webhookRetries(Duration delay, int attempts) {
            if (delay.isNegative() || attempts < 1) {
                throw new IllegalArgumentException("webhook retry delay must not be negative and attempts at least 1: " + delay + ", " + attempts);
            }
            this.webhookRetryDelay = delay;
            this.webhookAttempts = attempts;
            return this;
        }

        @Override
        public FakeMax start() {
            FakeClock c = clockOrNow();
            long seed = seed();
            MaxWorld world = new MaxWorld(c, seed);
            FaultPlan<MaxFault> plan = new FaultPlan<>();
            StrictLog strictLog = new StrictLog();
            MaxServer server = new MaxServer(new MaxServer.Settings(bindAddress(), port(), rateLimit, rateLimitWindow(), rateLimitsEnabled(),
                    serverThreads(), longPollCap, webhookRetryDelay, webhookAttempts, strict()), c, world, plan, strictLog);
            server.start();
            return new FakeMax(world, server, c, new FakeMaxFaults(plan, seed), strictLog);
        }
    }
}
