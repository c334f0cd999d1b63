package dev.sferum.sdk.max;

import dev.sferum.sdk.core.ServerTrust;
import dev.sferum.sdk.chat.ChatAsyncClient;
import dev.sferum.sdk.chat.ChatCapabilities;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.max.internal.AsyncMaxChatClient;
import dev.sferum.sdk.max.internal.MaxChatOps;
import dev.sferum.sdk.max.internal.MaxBackend;
import dev.sferum.sdk.max.internal.SyncMaxChatClient;

import java.time.Clock;
import java.util.Objects;

/**
 * Builds the MAX backend's {@link ChatClient} and {@link ChatAsyncClient}: the same interfaces as the VK backend, so
 * switching a school from VK to MAX is configuration, not a rewrite.
 *
 * <pre>{@code
 * MaxBotToken token = MaxBotToken.of(System.getenv("MAX_BOT_TOKEN"));
 * ChatClient chats = MaxChats.builder().token(token).buildClient();
 * chats.send(r -> r.peer(PeerId.chat(-70000000000005L)).text("Урок перенесён на 10:00"));
 * }</pre>
 *
 * <p><b>What differs from VK</b>, as data in {@link #capabilities(int, MaxDeliveryConfig)}: a bot cannot create
 * chats (it works in chats people add it to), has no invite links, cannot delete a message only for itself, reads
 * history newest first only, and has no idempotency key — so the client sends exactly once with an invisible marker
 * and a check of the chat before any resend ({@link MaxDeliveryConfig}). An operation MAX cannot do fails with
 * {@link dev.sferum.sdk.chat.UnsupportedChatOperationException} before any I/O. Messages are at most 4,000 characters
 * (less the marker); longer texts are split in order. Chats are {@code PeerId.chat(id)} with MAX's (negative) chat
 * id, users {@code PeerId.user(id)}, messages {@code MessageRef.keyed(peer, mid)}; MAX has no communities.
 *
 * <p>Calls are configured with sdk-core's {@link ClientConfig}, as on VK (timeouts, retries, rate limits, listeners,
 * transport, trust); start from {@link #defaultConfig()}, which points at MAX's Bot API. The bot's budget is the
 * config's {@link dev.sferum.sdk.core.TokenKind#BOT} rate (30 per second by default).
 *
 * <p>Defaults: {@link #defaultConfig()}, an {@linkplain MessageOutbox#inMemory() in-memory outbox} (give a file
 * or database outbox to survive restarts), {@link MaxDeliveryConfig#defaults()}, and the config's clock. Clients
 * built from one builder share its outbox and delivery state. The builder is not thread-safe; the clients are.
 *
 * @since 0.1.0
 */
public final class MaxChats {

    /** MAX's Bot API, where {@link #defaultConfig()} points. */
    public static final String DEFAULT_BASE_URL = "https://platform-api2.max.ru";

    private MaxChats() {
    }

    /**
     * The configuration preset for MAX: sdk-core's defaults with MAX's Bot API as the base URL and the MAX backend's
     * user agent. Change what you need with {@code toBuilder()}:
     *
     * <pre>{@code
     * ClientConfig config = MaxChats.defaultConfig().toBuilder()
     *         .trust(ServerTrust.pem(Path.of("/etc/school-bot/russian_trusted_root_ca.pem")))
     *         .rateLimits(RateLimits.builder().perSecond(TokenKind.BOT, 10).build())
     *         .build();
     * }</pre>
     *
     * @return the preset
     */
    public static ClientConfig defaultConfig() {
        return ClientConfig.builder().baseUrl(DEFAULT_BASE_URL).userAgent("sferum-java-sdk/0.1 (max)").build();
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What the MAX backend can do.
     *
     * @param requestsPerSecond the configured rate (the config's {@code rateLimits().perSecond(TokenKind.BOT)})
     * @param delivery the delivery settings (a marker takes room from each message's text)
     * @return the capabilities: no chat creation, no invite links, no idempotent send, members can be added and
     *     removed, messages deleted for everyone, {@code 4000 - marker} characters per message, one peer per call
     */
    public static ChatCapabilities capabilities(int requestsPerSecond, MaxDeliveryConfig delivery) {
        return MaxChatOps.capabilities(requestsPerSecond, Objects.requireNonNull(delivery, "delivery"));
    }

    /** Builds MAX chat clients. Not thread-safe. */
    public static final class Builder {
        private MaxBotToken token;
        private ClientConfig config;
        private String apiVersion;
        private MessageOutbox outbox;
        private MaxDeliveryConfig delivery = MaxDeliveryConfig.defaults();
        private Clock clock;
        private MaxChatOps ops;

        private Builder() {
        }

        /**
         * The bot token; required.
         *
         * @param token the token MasterBot issued
         * @return this builder
         */
        public Builder token(MaxBotToken token) {
            this.token = Objects.requireNonNull(token, "token");
            this.ops = null;
            return this;
        }

        /**
         * How to reach MAX and how calls behave. Default {@link MaxChats#defaultConfig()}; derive yours from it, so
         * the base URL stays MAX's.
         *
         * @param config the configuration
         * @return this builder
         * @throws IllegalArgumentException if its base URL is a VK host
         */
        public Builder config(ClientConfig config) {
            this.config = MaxBackend.checked(Objects.requireNonNull(config, "config"));
            this.ops = null;
            return this;
        }

        /**
         * The Bot API version sent as {@code v} on every call, which MAX says pins the shape of its models. Default:
         * none (MAX's current version) — the SDK reads the fields of schema 0.0.30 and ignores unknown ones.
         *
         * @param version such as {@code 0.0.30}, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException if not three dot-separated numbers
         */
        public Builder apiVersion(String version) {
            this.apiVersion = MaxBackend.checkedVersion(version);
            this.ops = null;
            return this;
        }

        /**
         * Where sends wait until settled. Default: a new in-memory outbox, shared by the clients this builder builds.
         *
         * @param outbox the outbox
         * @return this builder
         */
        public Builder outbox(MessageOutbox outbox) {
            this.outbox = Objects.requireNonNull(outbox, "outbox");
            this.ops = null;
            return this;
        }

        /**
         * How sends are made exactly once. Default {@link MaxDeliveryConfig#defaults()}.
         *
         * @param delivery the settings
         * @return this builder
         */
        public Builder delivery(MaxDeliveryConfig delivery) {
            this.delivery = Objects.requireNonNull(delivery, "delivery");
            this.ops = null;
            return this;
        }

        /**
         * The clock for outbox timestamps and the delivery check's window. Default: the config's.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            this.ops = null;
            return this;
        }

        /**
         * Builds the sync client.
         *
         * @return the sync client
         * @throws IllegalStateException if no token is set
         */
        public ChatClient buildClient() {
            return new SyncMaxChatClient(ops());
        }

        /**
         * Builds the async client.
         *
         * @return the async client
         * @throws IllegalStateException if no token is set
         */
        public ChatAsyncClient buildAsyncClient() {
            return new AsyncMaxChatClient(ops());
        }

        private MaxChatOps ops() {
            if (token == null) {
                throw new IllegalStateException("set the bot token: MaxChats.builder().token(MaxBotToken.of(System.getenv(\"MAX_BOT_TOKEN\")))");
            }
            if (ops == null) {
                if (outbox == null) {
                    outbox = MessageOutbox.inMemory();
                }
                ClientConfig c = config != null ? config : defaultConfig();
                ops = new MaxChatOps(new MaxBackend(c, apiVersion, token), outbox, clock != null ? clock : c.clock(), delivery);
            }
            return ops;
        }
    }
}
