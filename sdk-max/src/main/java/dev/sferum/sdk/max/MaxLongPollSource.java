package dev.sferum.sdk.max;

import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.EventAdmission;
import dev.sferum.sdk.chat.event.EventOrigin;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.internal.Require;
import dev.sferum.sdk.max.internal.MaxEventParser;
import dev.sferum.sdk.max.internal.MaxBackend;
import dev.sferum.sdk.max.internal.MaxRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Long-polls MAX's {@code GET /updates} and hands each update, typed as the chat module's {@link ChatEvent}s (the same
 * types VK's events have), to an {@link EventStream} — the same stream, handlers and guarantees as VK's
 * {@code LongPollSource}. MAX recommends polling for development and tests, and webhooks
 * ({@link MaxWebhookReceiver}) in production; the two cannot be combined (MAX answers 405 to polls while a webhook is set).
 *
 * <pre>{@code
 * EventStream events = EventStream.builder().build();
 * events.onMessageNew(m -> inbox.store(m.message()));
 * MaxLongPollSource poll = MaxLongPollSource.builder()
 *         .token(MaxBotToken.of(System.getenv("MAX_BOT_TOKEN")))
 *         .build(events);
 * poll.start();
 * ...
 * events.close();        // stops the poll (the stream closes the sources built on it), then handles what was accepted
 * }</pre>
 *
 * <p><b>Markers.</b> Each answer names the marker of the next update; passing it with the next poll commits everything
 * before it on MAX's side. The source passes it only after the answer's updates were accepted for delivery, so an update
 * is lost only if the process dies between acceptance and your handler. Keep {@link #marker()} to resume after a
 * restart ({@link Builder#marker(long)}); without one, MAX sends what was not committed yet.
 *
 * <p><b>Delivery</b> is the stream's: events of one chat in order, different chats in parallel on its executor,
 * duplicates dropped (in the stream's de-duplication store), a full stream makes the poll wait. <b>Failures</b> go to the
 * stream's error listener: a token MAX refuses, or a webhook in the way (405), stop the source ({@code willRetry =
 * false}); anything else — including a de-duplication store that cannot answer, which refuses the event — is retried
 * with exponential back-off on the config's time source, asking again from the last committed marker, so the refused
 * update comes again.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class MaxLongPollSource implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.max.events");
    /** Default {@link Builder#waitSeconds(int)}: {@value}, MAX's default. */
    public static final int DEFAULT_WAIT_SECONDS = 30;

    private final MaxBackend pipeline;
    private final EventStream stream;
    private final Set<String> types;
    private final int waitSeconds;
    private final int limit;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final long botId;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread thread;
    private volatile long marker;
    private volatile boolean ended;

    private MaxLongPollSource(Builder b, EventStream stream) {
        this.pipeline = new MaxBackend(b.config != null ? b.config : MaxChats.defaultConfig(), b.apiVersion, b.token);
        this.stream = stream;
        this.types = Set.copyOf(b.types);
        this.waitSeconds = b.waitSeconds;
        this.limit = b.limit;
        this.minBackoff = b.minBackoff;
        this.maxBackoff = b.maxBackoff;
        this.botId = b.botId;
        this.marker = b.marker;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts polling on a daemon thread of its own.
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start() {
        claim();
        Thread t = new Thread(this::run, "sferum-max-long-poll-" + pipeline.fingerprint());
        t.setDaemon(true);
        t.start();
    }

    /**
     * Starts polling on a thread of the executor (it holds that thread until closed).
     *
     * @param executor the executor
     * @throws IllegalStateException if already started or closed
     */
    public void start(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        claim();
        executor.execute(this::run);
    }

    private void claim() {
        if (closed.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("this MaxLongPollSource was already started or closed; build a new one");
        }
    }

    private void run() {
        thread = Thread.currentThread();
        long bot = botId;
        Duration backoff = minBackoff;
        try {
            while (!closed.get()) {
                try {
                    if (bot <= 0) {
                        bot = pipeline.execute(MaxRequest.get("/me").build(), n -> n.path("user_id").asLong(0));
                    }
                    JsonNode answer = pipeline.execute(poll(), n -> n);
                    backoff = minBackoff;
                    for (JsonNode update : answer.path("updates")) {
                        ChatEvent event = MaxEventParser.parse(update, bot, EventOrigin.LONG_POLL);
                        if (stream.put(event) == EventAdmission.CLOSED) {
                            log.debug("MAX long poll: the event stream is closed; stopping without passing the marker on");
                            return;
                        }
                    }
                    if (answer.path("marker").isIntegralNumber()) {
                        marker = answer.path("marker").asLong();
                    }
                } catch (SferumException e) {
                    if (closed.get()) {
                        return;
                    }
                    boolean fatal = e.category() == ErrorCategory.TOKEN || e.category() == ErrorCategory.CONFLICT
                            || e.category() == ErrorCategory.NOT_SUPPORTED || e.category() == ErrorCategory.PERMISSION;
                    report(e, !fatal);
                    if (fatal) {
                        log.warn("MAX long polling stopped: {} — {}", e.category(), e.getMessage());
                        return;
                    }
                    pipeline.config().timeSource().sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended = true;
        }
    }

    private MaxRequest poll() {
        return MaxRequest.get("/updates").query("limit", limit).query("timeout", waitSeconds)
                .query("marker", marker > 0 ? marker : null).query("types", types.isEmpty() ? null : String.join(",", types))
                .extraAttemptTime(Duration.ofSeconds(waitSeconds)).retries(false).build();
    }

    private void report(SferumException e, boolean willRetry) {
        stream.reportSourceFailure(EventOrigin.LONG_POLL, e, willRetry);
    }

    /** {@return the marker of the next update to ask for, once MAX has named one; keep it to resume after a restart} */
    public OptionalLong marker() {
        long m = marker;
        return m > 0 ? OptionalLong.of(m) : OptionalLong.empty();
    }

    /** {@return whether the source was started and has not ended (closed, or stopped by a failure it cannot retry)} */
    public boolean isRunning() {
        return started.get() && !ended;
    }

    /**
     * Stops polling: the poll in flight is cut off and the loop ends without passing on the marker of an answer not
     * wholly accepted. Accepted events stay with the stream. Idempotent; {@link EventStream#close()} calls it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public String toString() {
        return "MaxLongPollSource[bot " + pipeline.fingerprint() + (isRunning() ? ", running" : "") + "]";
    }

    /** Builds a {@link MaxLongPollSource}. Not thread-safe. */
    public static final class Builder {
        private MaxBotToken token;
        private ClientConfig config;
        private String apiVersion;
        private final Set<String> types = new LinkedHashSet<>();
        private int waitSeconds = DEFAULT_WAIT_SECONDS;
        private int limit = 100;
        private Duration minBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(1);
        private long marker;
        private long botId;

        private Builder() {
        }

        /**
         * Sets the bot token.
         *
         * @param token the bot token; required
         * @return this builder
         */
        public Builder token(MaxBotToken token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * Sets how to reach MAX.
         *
         * @param config how to reach MAX; default {@link MaxChats#defaultConfig()}. Polls wait on the server, so each
         *     attempt gets the wait added to the config's attempt timeout; they go through its transport
         * @return this builder
         * @throws IllegalArgumentException if its base URL is a VK host
         */
        public Builder config(ClientConfig config) {
            this.config = MaxBackend.checked(Objects.requireNonNull(config, "config"));
            return this;
        }

        /**
         * Sets the Bot API version sent as {@code v}, such as {@code 0.0.30}.
         *
         * @param version the Bot API version sent as {@code v}, such as {@code 0.0.30}; default none
         * @return this builder
         * @throws IllegalArgumentException if not three dot-separated numbers
         */
        public Builder apiVersion(String version) {
            this.apiVersion = MaxBackend.checkedVersion(version);
            return this;
        }

        /**
         * Sets MAX's update types to ask for, such as {@code message_created}.
         *
         * @param updateTypes MAX's update types to ask for, such as {@code message_created}; default all
         * @return this builder
         */
        public Builder types(String... updateTypes) {
            types.clear();
            for (String t : updateTypes) {
                if (!Objects.requireNonNull(t, "update type").matches("[a-z_]+")) {
                    throw new IllegalArgumentException("not a MAX update type: \"" + t + "\"; such as message_created");
                }
                types.add(t);
            }
            return this;
        }

        /**
         * Sets how long MAX holds a poll open when there is nothing new, 0 to 90.
         *
         * @param seconds how long MAX holds a poll open when there is nothing new, 0 to 90; default 30
         * @return this builder
         */
        public Builder waitSeconds(int seconds) {
            if (seconds < 0 || seconds > 90) {
                throw new IllegalArgumentException("waitSeconds must be between 0 and 90 (MAX's limit): " + seconds);
            }
            this.waitSeconds = seconds;
            return this;
        }

        /**
         * Sets the most updates per poll, 1 to 1000.
         *
         * @param limit the most updates per poll, 1 to 1000; default 100
         * @return this builder
         */
        public Builder limit(int limit) {
            if (limit < 1 || limit > 1000) {
                throw new IllegalArgumentException("limit must be between 1 and 1000 (MAX's limit): " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * Sets the back-off between failed polls.
         *
         * @param min the first wait after a failed poll; default 1 s
         * @param max the longest wait; default 1 min
         * @return this builder
         */
        public Builder backoff(Duration min, Duration max) {
            if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("backoff must be positive and max not below min: " + min + ", " + max);
            }
            this.minBackoff = min;
            this.maxBackoff = max;
            return this;
        }

        /**
         * Sets the marker to resume from.
         *
         * @param marker where to resume: a {@link MaxLongPollSource#marker()} kept from an earlier run
         * @return this builder
         */
        public Builder marker(long marker) {
            this.marker = Require.positive(marker, "marker");
            return this;
        }

        /**
         * Sets the bot's user id, if known.
         *
         * @param botId the bot's user id, if known; otherwise the source asks {@code GET /me} once
         * @return this builder
         */
        public Builder botId(long botId) {
            this.botId = Require.positive(botId, "botId");
            return this;
        }

        /**
         * Builds the source on a stream, which closes it when the stream is closed.
         *
         * @param stream where the updates go
         * @return the source, not yet started
         * @throws IllegalStateException if the token is missing
         */
        public MaxLongPollSource build(EventStream stream) {
            Objects.requireNonNull(stream, "stream");
            if (token == null) {
                throw new IllegalStateException("set the token: MaxLongPollSource.builder().token(...).build(events)");
            }
            MaxLongPollSource source = new MaxLongPollSource(this, stream);
            stream.attach(source);
            return source;
        }
    }
}
