package dev.sferum.sdk.vk.event;

import dev.sferum.sdk.chat.event.CallbackResponse;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.vk.event.internal.CallbackIntake;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Receives VK's Callback API requests for one community and feeds them to an {@link EventStream}: a plain function
 * from request body and headers to a {@link CallbackResponse}, for any HTTP server (servlet, Spring, Netty, …).
 * {@link CallbackHttpHandler} adapts it to the JDK's own {@code HttpServer}.
 *
 * <pre>{@code
 * CallbackReceiver receiver = CallbackReceiver.builder()
 *         .groupId(123456)
 *         .confirmation(Secret.of(confirmationCode))   // from groups.getCallbackConfirmationCode
 *         .secret(Secret.of(System.getenv("VK_CALLBACK_SECRET")))
 *         .build(events);
 *
 * // Spring
 * @PostMapping(value = "/vk/callback/123456", produces = "text/plain")
 * ResponseEntity<String> vk(@RequestBody byte[] body, @RequestHeader HttpHeaders headers) {
 *     CallbackResponse r = receiver.handle(body, headers);
 *     return ResponseEntity.status(r.status()).body(r.body());
 * }
 * }</pre>
 *
 * <p>Each request is checked in this order:
 * <ol>
 *   <li>a body over {@link Builder#maxBodyBytes(int)}: 413;</li>
 *   <li>not a JSON object with a {@code type}: 400;</li>
 *   <li>a {@code group_id} other than this receiver's: 403 (a confirmation request for another community is
 *       never answered with this one's string);</li>
 *   <li>the confirmation request ({@code "type":"confirmation"}): 200 with the confirmation string;</li>
 *   <li>a missing or wrong {@code secret} (compared in constant time): 403, logged without the value;</li>
 *   <li>otherwise the event is handed to the stream without waiting and VK gets {@code 200 ok} at once — also for a
 *       duplicate (VK's retry, marked by {@code X-Retry-Counter}), which is not delivered again. If the stream is
 *       full or closed the answer is 503, so VK sends the event again later instead of it being lost.</li>
 * </ol>
 * Handlers run after the answer, on the stream's executor. Bad input never throws.
 *
 * <p>Thread-safe; one receiver serves concurrent requests.
 *
 * @since 0.1.0
 */
public final class CallbackReceiver {
    /** Default {@link Builder#maxBodyBytes(int)}: 2 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
    private static final int MAX_BODY_BYTES_LIMIT = 64 * 1024 * 1024;

    private final long groupId;
    private final CallbackIntake intake;

    private CallbackReceiver(Builder b, EventStream stream) {
        this.groupId = b.groupId;
        this.intake = new CallbackIntake(b.groupId, b.confirmation, b.secret, b.maxBodyBytes, stream);
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Handles one request whose body the server has already read.
     *
     * @param body the request body
     * @param headers the request headers, with names in any capitalisation (servlet, Spring's {@code HttpHeaders},
     *     the JDK's {@code Headers} all fit)
     * @return the answer to send
     */
    public CallbackResponse handle(byte[] body, Map<String, List<String>> headers) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(headers, "headers");
        return response(intake.handle(body, headers));
    }

    /**
     * Handles one request, reading at most {@link Builder#maxBodyBytes(int)} plus one byte of the body, so a giant
     * body is refused without being held in memory.
     *
     * @param body the request body stream; not closed here
     * @param headers the request headers, with names in any capitalisation
     * @return the answer to send
     * @throws IOException if reading the body fails (the client went away)
     */
    public CallbackResponse handle(InputStream body, Map<String, List<String>> headers) throws IOException {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(headers, "headers");
        return response(intake.handle(body, headers));
    }

    /** {@return the community this receiver serves} */
    public long groupId() {
        return groupId;
    }

    /** {@return the largest request body accepted, in bytes} */
    public int maxBodyBytes() {
        return intake.maxBodyBytes();
    }

    private static CallbackResponse response(CallbackIntake.Reply r) {
        return new CallbackResponse(r.status(), r.body());
    }

    @Override
    public String toString() {
        return "CallbackReceiver[group=" + groupId + "]";
    }

    /**
     * Configures a {@link CallbackReceiver}. Not thread-safe; build once.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private long groupId;
        private Supplier<Secret> confirmation;
        private Secret secret;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

        private Builder() {
        }

        /**
         * The community whose events this receiver takes. Required.
         *
         * @param groupId the community id, positive (as in {@code club123456})
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder groupId(long groupId) {
            if (groupId <= 0) {
                throw new IllegalArgumentException("groupId must be positive (the community id without a minus sign): " + groupId);
            }
            this.groupId = groupId;
            return this;
        }

        /**
         * The string VK expects in answer to its confirmation request. Required (this or
         * {@link #confirmation(Supplier)}). Fetch it with {@code groups.getCallbackConfirmationCode}: it changes
         * when callback servers are added or edited.
         *
         * @param confirmation the confirmation string
         * @return this builder
         */
        public Builder confirmation(Secret confirmation) {
            Objects.requireNonNull(confirmation, "confirmation");
            this.confirmation = () -> confirmation;
            return this;
        }

        /**
         * Where to get the confirmation string, asked anew on each confirmation request (they are rare: one per
         * server added or edited). Use it when servers may be added while the application runs, since each
         * addition changes the string.
         *
         * <pre>{@code
         * .confirmation(() -> Secret.of(api.call("groups.getCallbackConfirmationCode",
         *         Map.of("group_id", 123456)).path("code").asString()))
         * }</pre>
         *
         * <p>If it throws or gives {@code null}, VK gets 503 and asks again.
         *
         * @param source gives the current confirmation string; called on the request's thread
         * @return this builder
         */
        public Builder confirmation(Supplier<Secret> source) {
            this.confirmation = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * The secret key set for this server in the community's Callback API settings ({@code secret_key} of
         * {@code groups.addCallbackServer}). Required: without one anybody who finds the URL could post forged
         * events.
         *
         * @param secret the secret key
         * @return this builder
         */
        public Builder secret(Secret secret) {
            this.secret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /**
         * The largest request body accepted; larger ones get 413 without being read in full. Default 2 MiB, far
         * above a message with attachments and forwarded messages. Lower it to bound memory per request.
         *
         * @param bytes 1024 to 67,108,864 (64 MiB)
         * @return this builder
         * @throws IllegalArgumentException if outside that range
         */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1024 || bytes > MAX_BODY_BYTES_LIMIT) {
                throw new IllegalArgumentException("maxBodyBytes must be between 1024 and " + MAX_BODY_BYTES_LIMIT + ": " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * Builds the receiver, feeding {@code stream}.
         *
         * @param stream the event stream
         * @return the receiver
         * @throws IllegalStateException if the group id, the confirmation string or the secret is missing
         */
        public CallbackReceiver build(EventStream stream) {
            Objects.requireNonNull(stream, "stream");
            if (groupId == 0) {
                throw new IllegalStateException("set groupId(...): the community whose Callback API events this receiver takes");
            }
            if (confirmation == null) {
                throw new IllegalStateException("set confirmation(...): the string from groups.getCallbackConfirmationCode "
                        + "(or the community's Callback API settings page)");
            }
            if (secret == null) {
                throw new IllegalStateException("set secret(...): the secret key of this callback server in the community's "
                        + "Callback API settings; without it anyone could post forged events");
            }
            return new CallbackReceiver(this, stream);
        }
    }
}
