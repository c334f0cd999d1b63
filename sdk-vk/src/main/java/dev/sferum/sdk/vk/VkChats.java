package dev.sferum.sdk.vk;

import dev.sferum.sdk.chat.ChatAsyncClient;
import dev.sferum.sdk.chat.ChatCapabilities;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.vk.internal.AsyncChatClient;
import dev.sferum.sdk.vk.internal.SyncChatClient;
import dev.sferum.sdk.vk.internal.VkChatOps;

import java.time.Clock;
import java.util.Objects;

/**
 * Builds the VK backend's {@link ChatClient} and {@link ChatAsyncClient} over sdk-core's API clients.
 *
 * <pre>{@code
 * AccessToken token = AccessToken.community(System.getenv("VK_GROUP_TOKEN"), 123456);
 * ApiClientBuilder api = ApiClient.builder().token(token);
 * VkChats.Builder chats = VkChats.builder()
 *         .actor(ChatActor.of(token))
 *         .outbox(MessageOutbox.file(Path.of("/var/lib/school-bot/outbox.json")));
 * ChatClient sync = chats.buildClient(api.buildClient());
 * ChatAsyncClient async = chats.buildAsyncClient(api.buildAsyncClient());
 * }</pre>
 *
 * <p>Defaults: an {@linkplain MessageOutbox#inMemory() in-memory outbox} (give a file or database outbox to
 * survive restarts), and the API client's clock for outbox timestamps. Clients built from one builder share its
 * outbox. Not thread-safe; the clients are.
 *
 * @since 0.1.0
 */
public final class VkChats {

    private VkChats() {
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The VK backend over a sync API client, with an in-memory outbox. Shorthand for
     * {@code builder().actor(actor).buildClient(api)}.
     *
     * @param api the API client; its token must be of the actor's kind
     * @param actor who the client acts as
     * @return the client
     */
    public static ChatClient client(ApiClient api, ChatActor actor) {
        return builder().actor(actor).buildClient(api);
    }

    /**
     * The VK backend over an async API client, with an in-memory outbox. Shorthand for
     * {@code builder().actor(actor).buildAsyncClient(api)}.
     *
     * @param api the async API client; its token must be of the actor's kind
     * @param actor who the client acts as
     * @return the client
     */
    public static ChatAsyncClient asyncClient(ApiAsyncClient api, ChatActor actor) {
        return builder().actor(actor).buildAsyncClient(api);
    }

    /**
     * What the VK backend can do when acting as {@code actor}.
     *
     * @param actor a community or user
     * @return the capabilities
     */
    public static ChatCapabilities capabilities(ChatActor actor) {
        return VkChatOps.capabilities(Objects.requireNonNull(actor, "actor"));
    }

    /** Builds VK chat clients. Not thread-safe. */
    public static final class Builder {
        private ChatActor actor;
        private MessageOutbox outbox;
        private Clock clock;

        private Builder() {
        }

        /**
         * Who the clients act as; required. It must match the kind of the API client's token.
         *
         * @param actor a community or user
         * @return this builder
         */
        public Builder actor(ChatActor actor) {
            this.actor = Objects.requireNonNull(actor, "actor");
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
            return this;
        }

        /**
         * The clock for outbox timestamps. Default: the API client's ({@code ClientConfig.clock()}).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the sync client.
         *
         * @param api a sync API client whose token is of the actor's kind
         * @return the sync client
         * @throws IllegalStateException if no actor is set
         */
        public ChatClient buildClient(ApiClient api) {
            Objects.requireNonNull(api, "api");
            return new SyncChatClient(api, ops(api.config().clock()));
        }

        /**
         * Builds the async client.
         *
         * @param api an async API client whose token is of the actor's kind
         * @return the async client
         * @throws IllegalStateException if no actor is set
         */
        public ChatAsyncClient buildAsyncClient(ApiAsyncClient api) {
            Objects.requireNonNull(api, "api");
            return new AsyncChatClient(api, ops(api.config().clock()));
        }

        private VkChatOps ops(Clock apiClock) {
            if (actor == null) {
                throw new IllegalStateException("set the actor: VkChats.builder().actor(ChatActor.community(groupId)) or "
                        + "ChatActor.of(token)");
            }
            if (outbox == null) {
                outbox = MessageOutbox.inMemory();
            }
            return new VkChatOps(actor, outbox, clock != null ? clock : apiClock);
        }
    }
}
