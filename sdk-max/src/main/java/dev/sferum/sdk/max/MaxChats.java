package dev.sferum.sdk.max;

import dev.sferum.sdk.chat.ChatAsyncClient;
import dev.sferum.sdk.chat.ChatCapabilities;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.max.internal.AsyncMaxChatClient;
import dev.sferum.sdk.max.internal.MaxChatOps;
import dev.sferum.sdk.max.internal.MaxPipeline;
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
 * <p>Defaults: {@link MaxConfig#defaults()}, an {@linkplain MessageOutbox#inMemory() in-memory outbox} (give a file
 * or database outbox to survive restarts), {@link MaxDeliveryConfig#defaults()}, and the config's clock. Clients
 * built from one builder share its outbox and delivery state. The builder is not thread-safe; the clients are.
 *
 * @since 0.1.0
 */
public final class MaxChats {

    private MaxChats() {
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What the MAX backend can do.
     *
     * @param requestsPerSecond the configured rate ({@link MaxConfig#requestsPerSecond()})
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
        private MaxConfig config = MaxConfig.defaults();
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
         * How to reach MAX. Default {@link MaxConfig#defaults()}.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder config(MaxConfig config) {
            this.config = Objects.requireNonNull(config, "config");
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
         * @return the sync client
         * @throws IllegalStateException if no token is set
         */
        public ChatClient buildClient() {
            return new SyncMaxChatClient(ops());
        }

        /**
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
                ops = new MaxChatOps(new MaxPipeline(config, token), outbox, clock != null ? clock : config.clock(), delivery);
            }
            return ops;
        }
    }
}
