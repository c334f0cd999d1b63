package dev.sferum.sdk.max;

import dev.sferum.sdk.chat.event.CallbackResponse;
import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.EventErrorListener;
import dev.sferum.sdk.chat.event.EventHandler;
import dev.sferum.sdk.chat.event.EventOrigin;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.max.internal.EventDelivery;
import dev.sferum.sdk.max.internal.MaxEventParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Receives MAX's webhook posts ({@code POST /subscriptions} set them up) and hands each update, typed as the chat
 * module's {@link ChatEvent}s (the same types VK's events have), to your handler.
 *
 * <pre>{@code
 * MaxWebhookReceiver receiver = MaxWebhookReceiver.builder()
 *         .secret(Secret.of(System.getenv("MAX_WEBHOOK_SECRET")))   // the "secret" given to POST /subscriptions
 *         .botId(229229229)
 *         .handler(event -> {
 *             if (event instanceof MessageNew m) inbox.store(m.message());
 *         })
 *         .build();
 * server.createContext("/max/webhook", MaxWebhookHttpHandler.of(receiver));   // or call receiver.handle(body, headers)
 * }</pre>
 *
 * <p><b>What it checks.</b> The {@code X-Max-Bot-Api-Secret} header must equal the secret (compared in constant time,
 * over SHA-256 digests so not even the length leaks); a missing or wrong one is answered 403 and nothing is delivered.
 * A body over {@link Builder#maxBodyBytes(int)} is refused with 413, one that is not a JSON object with an
 * {@code update_type} with 400.
 *
 * <p><b>Delivery.</b> A valid update is answered 200 as soon as it is queued: your handler runs afterwards on the
 * executor, so slow work never delays MAX (which retries anything but a 200 for up to 8 hours). Events of one chat or
 * dialog run one after another in arrival order; a duplicate — MAX's retry of an update whose 200 was lost, recognised
 * by the update's content — is answered 200 and dropped. When {@link Builder#capacity(int)} events are waiting the
 * receiver answers 503, so MAX sends the update again later. At least once: an update answered 200 is lost only if
 * the process dies before your handler ran.
 *
 * <p>Thread-safe. {@link #close()} refuses new updates (503) and waits for accepted ones.
 *
 * @since 0.1.0
 */
public final class MaxWebhookReceiver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.max.events");
    /** The header MAX sends the subscription's secret in: {@value}. */
    public static final String SECRET_HEADER = "X-Max-Bot-Api-Secret";
    /** Default {@link Builder#maxBodyBytes(int)}: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    private final byte[] secretDigest;
    private final long botId;
    private final int maxBodyBytes;
    private final EventDelivery delivery;
    private final ExecutorService ownExecutor;
    private final Duration drainTimeout;

    private MaxWebhookReceiver(Builder b) {
        this.secretDigest = digest(b.secret.reveal());
        this.botId = b.botId;
        this.maxBodyBytes = b.maxBodyBytes;
        this.drainTimeout = b.drainTimeout;
        this.ownExecutor = b.executor == null ? Executors.newFixedThreadPool(b.threads, daemon()) : null;
        this.delivery = new EventDelivery(b.handler, b.executor != null ? b.executor : ownExecutor, b.capacity, b.clock, b.dedupeWindow,
                b.dedupeCapacity, b.errorListener);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Handles one webhook post.
     *
     * @param body the request body
     * @param headers the request headers (names in any case)
     * @return the answer to give MAX: 200, or 403, 413, 400 or 503
     */
    public CallbackResponse handle(byte[] body, Map<String, List<String>> headers) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(headers, "headers");
        if (!secretMatches(headers)) {
            log.warn("MAX webhook post refused: the {} header is missing or wrong (a forged or misrouted request)", SECRET_HEADER);
            return new CallbackResponse(403, "forbidden");
        }
        if (body.length > maxBodyBytes) {
            return new CallbackResponse(413, "body too large");
        }
        JsonNode update;
        try {
            update = Json.read(body);
        } catch (JacksonException e) {
            log.warn("MAX webhook post refused with 400: the body is not JSON ({})", Json.describe(e));
            return new CallbackResponse(400, "not json");
        }
        if (!update.isObject() || !update.path("update_type").isString()) {
            log.warn("MAX webhook post refused with 400: not an update (no update_type)");
            return new CallbackResponse(400, "not an update");
        }
        ChatEvent event = MaxEventParser.parse(update, botId, EventOrigin.CALLBACK);
        EventDelivery.Admission a = delivery.offer(event);
        log.debug("MAX webhook {} {}: {}", event.meta().type(), event.meta().eventId(), a);
        return switch (a) {
            case ACCEPTED, DUPLICATE -> new CallbackResponse(200, "ok");
            case FULL -> new CallbackResponse(503, "busy");
            case CLOSED -> new CallbackResponse(503, "closed");
        };
    }

    /**
     * Handles one webhook post, reading at most {@code maxBodyBytes + 1} bytes of the body.
     *
     * @param body the request body
     * @param headers the request headers
     * @return the answer to give MAX
     * @throws IOException if the body cannot be read
     */
    public CallbackResponse handle(InputStream body, Map<String, List<String>> headers) throws IOException {
        byte[] bytes = body.readNBytes(maxBodyBytes + 1);
        return handle(bytes, headers);
    }

    private boolean secretMatches(Map<String, List<String>> headers) {
        String given = null;
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().toLowerCase(Locale.ROOT).equals(SECRET_HEADER.toLowerCase(Locale.ROOT))
                    && h.getValue() != null && !h.getValue().isEmpty()) {
                given = h.getValue().get(0);
            }
        }
        return given != null && MessageDigest.isEqual(secretDigest, digest(given));
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** @return the largest body accepted */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** @return how many accepted events are waiting or running */
    public int pending() {
        return delivery.pending();
    }

    /** Refuses new posts with 503 (MAX keeps them), waits up to the drain timeout for accepted ones, stops own threads. */
    @Override
    public void close() {
        delivery.close();
        boolean drained = false;
        try {
            drained = delivery.awaitIdle(drainTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!drained) {
            log.warn("MAX webhook receiver closed with {} events not yet handled after {}", delivery.pending(), drainTimeout);
        }
        if (ownExecutor != null) {
            ownExecutor.shutdown();
        }
    }

    @Override
    public String toString() {
        return "MaxWebhookReceiver[bot=" + botId + ", pending=" + delivery.pending() + "]";
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "sferum-max-webhook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Builds a {@link MaxWebhookReceiver}. Not thread-safe. */
    public static final class Builder {
        private Secret secret;
        private long botId;
        private EventHandler<? super ChatEvent> handler;
        private java.util.concurrent.Executor executor;
        private int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int capacity = 10_000;
        private Duration dedupeWindow = Duration.ofHours(9);
        private int dedupeCapacity = 100_000;
        private Duration drainTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();
        private EventErrorListener errorListener = (event, error) -> log.warn("a MAX event handler failed on {} {}: {}",
                event.meta().type(), event.meta().eventId(), error.toString());
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

        private Builder() {
        }

        /**
         * The subscription's secret, which MAX sends in {@value MaxWebhookReceiver#SECRET_HEADER}; required (an unguarded
         * webhook would take anyone's posts).
         *
         * @param secret 5 to 256 of {@code A-Z a-z 0-9 _ -}, as MAX requires
         * @return this builder
         * @throws IllegalArgumentException if it breaks MAX's rule
         */
        public Builder secret(Secret secret) {
            Objects.requireNonNull(secret, "secret");
            if (!secret.reveal().matches("[A-Za-z0-9_-]{5,256}")) {
                throw new IllegalArgumentException("a MAX webhook secret is 5 to 256 of A-Z, a-z, 0-9, _ and - (MAX refuses others); "
                        + "this one has " + secret.reveal().length() + " characters or others");
            }
            this.secret = secret;
            return this;
        }

        /**
         * The bot's user id (MAX's {@code GET /me}); it stands in {@code EventMeta.groupId()}, and marks the bot in
         * {@code bot_added} / {@code bot_removed}. Required.
         *
         * @param botId positive
         * @return this builder
         */
        public Builder botId(long botId) {
            if (botId <= 0) {
                throw new IllegalArgumentException("botId must be positive (the bot's user_id from GET /me): " + botId);
            }
            this.botId = botId;
            return this;
        }

        /**
         * Who gets the events; required. It may block (it holds up only its own chat) and may throw (the error goes to the
         * error listener).
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder handler(EventHandler<? super ChatEvent> handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Where handlers run. Default: the receiver's own daemon threads (as many as processors, at least 2), stopped by
         * {@link MaxWebhookReceiver#close()}.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(java.util.concurrent.Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @param capacity the most events waiting or running before the receiver answers 503; default 10,000
         * @return this builder
         */
        public Builder capacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /**
         * @param window how long an update is remembered to drop its retries; default 9 hours, since MAX retries for up
         *     to 8 hours
         * @param capacity the most updates remembered, oldest forgotten first; default 100,000
         * @return this builder
         */
        public Builder dedupe(Duration window, int capacity) {
            if (window.isNegative() || window.isZero() || capacity < 1) {
                throw new IllegalArgumentException("dedupe window must be positive and capacity at least 1: " + window + ", " + capacity);
            }
            this.dedupeWindow = window;
            this.dedupeCapacity = capacity;
            return this;
        }

        /**
         * @param timeout how long {@code close()} waits for accepted events; default 10 s
         * @return this builder
         */
        public Builder drainTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("drainTimeout must not be negative: " + timeout);
            }
            this.drainTimeout = timeout;
            return this;
        }

        /**
         * @param clock the wall clock of the de-duplication window; default {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param listener told when a handler throws; default a WARN line naming the event's type and id
         * @return this builder
         */
        public Builder errorListener(EventErrorListener listener) {
            this.errorListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @param bytes the largest body accepted, at least 1 KiB; default 1 MiB
         * @return this builder
         */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024: " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * @return the receiver
         * @throws IllegalStateException if the secret, bot id or handler is missing
         */
        public MaxWebhookReceiver build() {
            if (secret == null || botId <= 0 || handler == null) {
                throw new IllegalStateException("set the secret, the botId and the handler: MaxWebhookReceiver.builder().secret(...)"
                        + ".botId(...).handler(...)");
            }
            return new MaxWebhookReceiver(this);
        }
    }
}
