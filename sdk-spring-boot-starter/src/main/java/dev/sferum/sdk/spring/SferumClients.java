package dev.sferum.sdk.spring;

import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.auth.VkIdClient;
import dev.sferum.sdk.auth.VkIdConfig;
import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.chat.ChatAsyncClient;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.RequestListener;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.max.MaxBotToken;
import dev.sferum.sdk.max.MaxChats;
import dev.sferum.sdk.spring.SferumProperties.Backend;

import java.util.List;
import java.util.Map;

/**
 * Every construction of a backend's clients from {@link SferumProperties}, in one place: the rest of the starter
 * only sees the clients this returns.
 */
final class SferumClients implements AutoCloseable {
    private final Backend backend;
    private final ApiClient api;
    private final ApiAsyncClient asyncApi;
    private final ChatClient chats;
    private final ChatAsyncClient asyncChats;
    private final String baseUrl;

    private SferumClients(Backend backend, ApiClient api, ApiAsyncClient asyncApi, ChatClient chats, ChatAsyncClient asyncChats,
            String baseUrl) {
        this.backend = backend;
        this.api = api;
        this.asyncApi = asyncApi;
        this.chats = chats;
        this.asyncChats = asyncChats;
        this.baseUrl = baseUrl;
    }

    /**
     * Builds the clients of the configured backend: sync and async from one builder, so they share the token's rate
     * budget and the outbox.
     */
    static SferumClients create(SferumProperties p, List<RequestListener> listeners, MessageOutbox outbox, SferumBudgets budgets) {
        if (!SferumProperties.hasText(p.token())) {
            throw new IllegalStateException("sferum.token is not set; set it (or the environment variable SFERUM_TOKEN) to the "
                    + (p.backend() == Backend.VK ? "community token" : "bot token") + ", or define your own ChatClient bean");
        }
        if (p.backend() == Backend.VK) {
            ClientConfig config = vkConfig(p, listeners, budgets, "chats", TokenKind.COMMUNITY);
            ApiClientBuilder builder = ApiClient.builder().config(config).token(AccessToken.community(p.token(), p.groupId()));
            ApiClient api = builder.buildClient();
            ApiAsyncClient asyncApi = builder.buildAsyncClient();
            VkChats.Builder chats = VkChats.builder().actor(ChatActor.community(p.groupId())).outbox(outbox);
            return new SferumClients(Backend.VK, api, asyncApi, chats.buildClient(api), chats.buildAsyncClient(asyncApi),
                    config.baseUri().toString());
        }
        ClientConfig.Builder config = MaxChats.defaultConfig().toBuilder().connectTimeout(p.connectTimeout())
                .callTimeout(p.callTimeout()).insecureHttpAllowed(p.insecureHttpAllowed());
        p.baseUrlOverride().ifPresent(config::baseUrl);
        config.rateLimits(limits(MaxChats.defaultConfig().rateLimits().toBuilder(), p, budgets, "chats", TokenKind.BOT));
        listeners.forEach(config::addListener);
        ClientConfig built = config.build();
        MaxChats.Builder chats = MaxChats.builder().token(MaxBotToken.of(p.token())).config(built).outbox(outbox);
        return new SferumClients(Backend.MAX, null, null, chats.buildClient(), chats.buildAsyncClient(), built.baseUri().toString());
    }

    static ClientConfig vkConfig(SferumProperties p, List<RequestListener> listeners, SferumBudgets budgets, String name, TokenKind kind) {
        ClientConfig.Builder config = ClientConfig.builder().connectTimeout(p.connectTimeout()).callTimeout(p.callTimeout())
                .insecureHttpAllowed(p.insecureHttpAllowed());
        p.baseUrlOverride().ifPresent(config::baseUrl);
        config.rateLimits(limits(RateLimits.builder(), p, budgets, name, kind));
        listeners.forEach(config::addListener);
        return config.build();
    }

    /**
     * The limits of one client: {@code sferum.rate-limit} for the token's kind (the main token's; the teacher's user
     * token keeps the SDK's default), kept in the watched store.
     */
    private static RateLimits limits(RateLimits.Builder limits, SferumProperties p, SferumBudgets budgets, String name, TokenKind kind) {
        if (p.rateLimit() > 0 && kind != TokenKind.USER) {
            limits.perSecond(kind, p.rateLimit());
        }
        RateBudgetStore watched = budgets.watch(name, limits.build().budget(kind));
        return limits.store(watched).build();
    }

    /** The API client of a teacher's user token, for video calls; a bean of its own so that shutdown closes it. */
    static final class Teacher implements AutoCloseable {
        final ApiClient api;

        Teacher(SferumProperties p, List<RequestListener> listeners, SferumBudgets budgets) {
            this.api = ApiClient.builder().config(vkConfig(p, listeners, budgets, "lessons", TokenKind.USER))
                    .token(AccessToken.user(p.lessons().teacherToken())).buildClient();
        }

        @Override
        public void close() {
            api.close();
        }

        @Override
        public String toString() {
            return "SferumClients.Teacher";
        }
    }

    /**
     * Asks VK for the community's current Callback API confirmation code, for a receiver configured without one.
     *
     * @throws dev.sferum.sdk.core.exception.SferumException if the call fails (the receiver then answers 503 and VK
     *     asks again)
     */
    static Secret confirmationCode(ApiClient api, long groupId) {
        return Secret.of(api.call("groups.getCallbackConfirmationCode", Map.of("group_id", groupId)).path("code").asString());
    }

    static VkIdClient vkId(SferumProperties p, TokenStore tokens) {
        SferumProperties.VkId v = p.vkid();
        VkIdConfig.Builder config = VkIdConfig.builder().clientId(v.clientId()).redirectUri(v.redirectUri())
                .insecureHttpAllowed(p.insecureHttpAllowed())
                .calls(ClientConfig.builder().connectTimeout(p.connectTimeout()).callTimeout(p.callTimeout()).build());
        if (SferumProperties.hasText(v.clientSecret())) {
            config.clientSecret(Secret.of(v.clientSecret()));
        }
        if (SferumProperties.hasText(v.idBaseUrl())) {
            config.idBaseUrl(v.idBaseUrl());
        }
        if (SferumProperties.hasText(v.oauthBaseUrl())) {
            config.oauthBaseUrl(v.oauthBaseUrl());
        }
        return VkIdClient.builder().config(config.build()).tokenStore(tokens).buildClient();
    }

    Backend backend() {
        return backend;
    }

    /** {@return the VK API client, or {@code null} on MAX} */
    ApiClient api() {
        return api;
    }

    /** {@return the async VK API client, or {@code null} on MAX} */
    ApiAsyncClient asyncApi() {
        return asyncApi;
    }

    ChatClient chats() {
        return chats;
    }

    ChatAsyncClient asyncChats() {
        return asyncChats;
    }

    String baseUrl() {
        return baseUrl;
    }

    /**
     * Ends the threads and connections of the VK API clients (the chat clients run on them). Closing twice does
     * nothing. sdk-max's chat clients have no {@code close()} yet: their idle async threads (daemon, or virtual)
     * end within a minute, their JDK HTTP client when it is collected.
     */
    @Override
    public void close() {
        if (asyncApi != null) {
            asyncApi.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Override
    public String toString() {
        return "SferumClients{backend=" + backend + ", baseUrl=" + baseUrl + "}";
    }
}
