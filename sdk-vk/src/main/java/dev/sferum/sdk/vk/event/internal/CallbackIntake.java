package dev.sferum.sdk.vk.event.internal;

import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.EventAdmission;
import dev.sferum.sdk.chat.event.EventDedupeException;
import dev.sferum.sdk.chat.event.EventOrigin;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.internal.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The checks and hand-off of one Callback API request, in the order that keeps a bad request cheap: size, JSON,
 * community, confirmation, secret (compared in constant time), then a non-blocking offer to the delivery lanes.
 * Never throws for bad input; never logs the secret, the confirmation string or the body.
 */
public final class CallbackIntake {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.vk.event.CallbackReceiver");

    /** VK's header on a re-sent event: how many times it was sent before. */
    public static final String RETRY_HEADER = "X-Retry-Counter";

    /** An answer: status and plain-text body. */
    public record Reply(int status, String body) {
    }

    static final Reply OK = new Reply(200, "ok");
    static final Reply TOO_LARGE = new Reply(413, "body too large");
    static final Reply MALFORMED = new Reply(400, "malformed JSON");
    static final Reply NOT_AN_EVENT = new Reply(400, "not a VK Callback API event");
    static final Reply FORBIDDEN = new Reply(403, "forbidden");
    static final Reply WRONG_GROUP = new Reply(403, "wrong group");
    static final Reply BUSY = new Reply(503, "busy, retry later");
    static final Reply CLOSED = new Reply(503, "closed");
    static final Reply DEDUPE_UNAVAILABLE = new Reply(503, "de-duplication store unavailable, retry later");
    static final Reply CONFIRMATION_UNAVAILABLE = new Reply(503, "confirmation unavailable");

    private final long groupId;
    private final Supplier<Secret> confirmation;
    private final Secret secret;
    private final int maxBodyBytes;
    private final EventStream stream;

    /**
     * @param groupId the one community this receiver serves
     * @param confirmation gives the string to answer VK's confirmation request with, asked on each such request
     * @param secret the secret key VK puts in every event
     * @param maxBodyBytes the largest body accepted
     * @param stream where accepted events go
     */
    public CallbackIntake(long groupId, Supplier<Secret> confirmation, Secret secret, int maxBodyBytes, EventStream stream) {
        this.groupId = groupId;
        this.confirmation = confirmation;
        this.secret = secret;
        this.maxBodyBytes = maxBodyBytes;
        this.stream = stream;
    }

    /**
     * Reads at most one byte past the limit, so a giant body costs no more memory than the limit.
     *
     * @param body the request body
     * @param headers the request headers (any capitalisation)
     * @return the answer
     * @throws IOException if reading the body fails
     */
    public Reply handle(InputStream body, Map<String, List<String>> headers) throws IOException {
        byte[] bytes = body.readNBytes(maxBodyBytes + 1);
        return handle(bytes, headers);
    }

    /**
     * @param body the request body
     * @param headers the request headers (any capitalisation)
     * @return the answer
     */
    public Reply handle(byte[] body, Map<String, List<String>> headers) {
        if (body.length > maxBodyBytes) {
            log.warn("callback request rejected with 413: the body is larger than the {} bytes allowed; raise "
                    + "CallbackReceiver.builder().maxBodyBytes(...) if VK's events for group {} are that large", maxBodyBytes, groupId);
            return TOO_LARGE;
        }
        JsonNode root;
        try {
            root = Json.read(body);
        } catch (JacksonException e) {
            log.debug("callback request rejected with 400: {}", Json.describe(e));
            return MALFORMED;
        }
        if (root == null || !root.isObject() || !root.path("type").isString() || root.path("type").asString().isBlank()) {
            log.debug("callback request rejected with 400: not a JSON object with a type");
            return NOT_AN_EVENT;
        }
        String type = root.path("type").asString();
        long group = root.path("group_id").asLong(0);
        boolean isConfirmation = "confirmation".equals(type);
        if (group != groupId) {
            log.warn("callback {} for group {} rejected with 403: this receiver serves group {}. Give each community its "
                    + "own CallbackReceiver (and URL)", isConfirmation ? "confirmation request" : "event " + LogSafe.token(type),
                    group, groupId);
            return WRONG_GROUP;
        }
        JsonNode given = root.path("secret");
        if (isConfirmation) {
            // VK may leave the secret out of the confirmation request; when present it must still match.
            if (!given.isMissingNode() && !matches(given)) {
                log.warn("callback confirmation request for group {} rejected with 403: wrong secret", groupId);
                return FORBIDDEN;
            }
            Secret code;
            try {
                code = confirmation.get();
            } catch (RuntimeException e) {
                log.warn("callback confirmation request for group {} answered 503: the confirmation source threw {}; VK will ask again",
                        groupId, e.getClass().getName());
                return CONFIRMATION_UNAVAILABLE;
            }
            if (code == null) {
                log.warn("callback confirmation request for group {} answered 503: the confirmation source gave null", groupId);
                return CONFIRMATION_UNAVAILABLE;
            }
            log.debug("callback confirmation request for group {} answered", groupId);
            return new Reply(200, code.reveal());
        }
        String eventId = root.path("event_id").isString() || root.path("event_id").isNumber() ? root.path("event_id").asString() : "";
        if (given.isMissingNode() || given.isNull()) {
            log.warn("callback event {} {} for group {} rejected with 403: no secret. Set a secret key in the community's "
                    + "Callback API settings and the same value on CallbackReceiver.builder().secret(...)",
                    LogSafe.token(type), LogSafe.token(eventId), groupId);
            return FORBIDDEN;
        }
        if (!matches(given)) {
            log.warn("callback event {} {} for group {} rejected with 403: wrong secret (a forged request, or the secret "
                    + "key was changed in VK's settings but not here)", LogSafe.token(type), LogSafe.token(eventId), groupId);
            return FORBIDDEN;
        }
        ChatEvent event = EventParser.parse(root, groupId, EventOrigin.CALLBACK);
        EventAdmission admission;
        try {
            admission = stream.offer(event);
        } catch (EventDedupeException e) {
            log.warn("callback event {} {} for group {} answered 503: {}; VK will send it again", LogSafe.token(type),
                    LogSafe.token(eventId), groupId, e.getMessage());
            return DEDUPE_UNAVAILABLE;
        }
        if (log.isDebugEnabled()) {
            log.debug("callback event {} {} for group {} (retry {}): {}", LogSafe.token(type), LogSafe.token(eventId), groupId,
                    LogSafe.token(header(headers, RETRY_HEADER)), admission);
        }
        switch (admission) {
            case ACCEPTED:
            case DUPLICATE:
                return OK;
            case FULL:
                log.warn("callback event {} {} for group {} answered 503: {} events are waiting for handlers (the stream's "
                        + "capacity); VK will send it again", LogSafe.token(type), LogSafe.token(eventId), groupId, stream.capacity());
                return BUSY;
            default:
                return CLOSED;
        }
    }

    private boolean matches(JsonNode given) {
        byte[] actual = (given.isString() ? given.asString() : "").getBytes(StandardCharsets.UTF_8);
        byte[] expected = secret.reveal().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, actual);
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** {@return the largest body accepted} */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }
}
