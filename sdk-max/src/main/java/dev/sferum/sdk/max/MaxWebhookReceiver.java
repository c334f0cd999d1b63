package dev.sferum.sdk.max;

import dev.sferum.sdk.chat.event.CallbackResponse;
import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.EventAdmission;
import dev.sferum.sdk.chat.event.EventDedupeException;
import dev.sferum.sdk.chat.event.EventOrigin;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.core.internal.Require;
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
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Receives MAX's webhook posts ({@code POST /subscriptions} set them up) and hands each update, typed as the chat
 * module's {@link ChatEvent}s (the same types VK's events have), to an {@link EventStream} — the same stream, handlers
 * and delivery guarantees as VK's {@code CallbackReceiver}.
 *
 * <pre>{@code
 * EventStream events = EventStream.builder().dedupeWindow(Duration.ofHours(9)).build();   // MAX retries for up to 8 h
 * events.onMessageNew(m -> inbox.store(m.message()));
 * MaxWebhookReceiver receiver = MaxWebhookReceiver.builder()
 *         .secret(Secret.of(System.getenv("MAX_WEBHOOK_SECRET")))   // the "secret" given to POST /subscriptions
 *         .botId(229229229)
 *         .build(events);
 * server.createContext("/max/webhook", MaxWebhookHttpHandler.of(receiver));   // or call receiver.handle(body, headers)
 * }</pre>
 *
 * <p><b>What it checks.</b> The {@code X-Max-Bot-Api-Secret} header must equal the secret (compared in constant time,
 * over SHA-256 digests so not even the length leaks); a missing or wrong one is answered 403 and nothing is delivered.
 * A body over {@link Builder#maxBodyBytes(int)} is refused with 413, one that is not a JSON object with an
 * {@code update_type} with 400.
 *
 * <p><b>Delivery.</b> A valid update is answered 200 as soon as the stream accepted it: handlers run afterwards on the
 * stream's executor, so slow work never delays MAX (which retries anything but a 200 for up to 8 hours). Events of one
 * chat or dialog run one after another in arrival order; a duplicate — MAX's retry of an update whose 200 was lost,
 * recognised by the update's content ({@code max:} + a hash as its event id) — is answered 200 and dropped, also on
 * another node when the stream's {@link dev.sferum.sdk.chat.event.EventDedupeStore} is shared. The receiver answers 503,
 * so MAX sends the update again later, when the stream is full, closed, or its de-duplication store cannot answer. At
 * least once: an update answered 200 is lost only if the process dies before the handlers ran. Give the stream a
 * {@code dedupeWindow} of at least 9 hours (the build warns otherwise).
 *
 * <p>Thread-safe; it holds no threads or resources of its own: close the stream to stop it (then 503).
 *
 * @since 0.1.0
 */
public final class MaxWebhookReceiver {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.max.events");
    /** The header MAX sends the subscription's secret in: {@value}. */
    public static final String SECRET_HEADER = "X-Max-Bot-Api-Secret";
    /** Default {@link Builder#maxBodyBytes(int)}: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    private final byte[] secretDigest;
    private final long botId;
    private final int maxBodyBytes;
    /** How long MAX retries an update that was not answered 200, plus an hour: the shortest useful de-duplication window. */
    public static final Duration MAX_RETRY_WINDOW = Duration.ofHours(9);

    private final EventStream stream;

    private MaxWebhookReceiver(Builder b, EventStream stream) {
        this.secretDigest = digest(b.secret.reveal());
        this.botId = b.botId;
        this.maxBodyBytes = b.maxBodyBytes;
        this.stream = stream;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Handles one webhook post.
     *
     * @param body the request body
     * @param headers the request headers (names in any case)
     * @return the answer to give MAX: 200, or 403, 413, 400 or 503 (stream full or closed, or its de-duplication store
     *     unavailable: MAX sends the update again later)
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
        ChatEvent event = MaxEventParser.parse(update, botId, EventOrigin.WEBHOOK);
        EventAdmission a;
        try {
            a = stream.offer(event);
        } catch (EventDedupeException e) {
            log.warn("MAX webhook {} {} answered 503: {}; MAX will send it again", event.meta().type(), event.meta().eventId(),
                    e.getMessage());
            return new CallbackResponse(503, "de-duplication store unavailable");
        }
        log.debug("MAX webhook {} {}: {}", event.meta().type(), event.meta().eventId(), a);
        return switch (a) {
            case ACCEPTED, DUPLICATE -> new CallbackResponse(200, "ok");
            case FULL -> {
                log.warn("MAX webhook {} {} answered 503: {} events are waiting for handlers (the stream's capacity); MAX will "
                        + "send it again", event.meta().type(), event.meta().eventId(), stream.capacity());
                yield new CallbackResponse(503, "busy");
            }
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

    /** {@return the largest body accepted} */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    @Override
    public String toString() {
        return "MaxWebhookReceiver[bot=" + botId + ", " + stream + "]";
    }

    /** Builds a {@link MaxWebhookReceiver}. Not thread-safe. */
    public static final class Builder {
        private Secret secret;
        private long botId;
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
         * Sets the largest body accepted, at least 1 KiB.
         *
         * @param bytes the largest body accepted, at least 1 KiB; default 1 MiB
         * @return this builder
         */
        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = Require.atLeast(bytes, 1024, "maxBodyBytes");
            return this;
        }

        /**
         * Builds the receiver on a stream. Logs a WARN if the stream's {@code dedupeWindow} is shorter than
         * {@link MaxWebhookReceiver#MAX_RETRY_WINDOW}: a retry MAX sends later would then be delivered again.
         *
         * @param stream where accepted updates go
         * @return the receiver
         * @throws IllegalStateException if the secret or bot id is missing
         */
        public MaxWebhookReceiver build(EventStream stream) {
            Objects.requireNonNull(stream, "stream");
            if (secret == null || botId <= 0) {
                throw new IllegalStateException("set the secret and the botId: MaxWebhookReceiver.builder().secret(...).botId(...)"
                        + ".build(events)");
            }
            if (stream.dedupeWindow().compareTo(MAX_RETRY_WINDOW) < 0) {
                log.warn("the EventStream's dedupeWindow ({}) is shorter than MAX's webhook retries (up to 8 h): a late retry would "
                        + "be delivered again; build the stream with dedupeWindow(Duration.ofHours(9))", stream.dedupeWindow());
            }
            return new MaxWebhookReceiver(this, stream);
        }
    }
}
