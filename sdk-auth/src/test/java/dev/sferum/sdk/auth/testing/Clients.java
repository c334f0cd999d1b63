package dev.sferum.sdk.auth.testing;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.auth.InMemoryTokenStore;
import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.auth.VkIdAsyncClient;
import dev.sferum.sdk.auth.VkIdClient;
import dev.sferum.sdk.auth.VkIdClientBuilder;
import dev.sferum.sdk.auth.VkIdConfig;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TokenProvider;

import java.time.Instant;
import java.util.function.UnaryOperator;

/** A sync and an async VK ID client from one builder, on a WireMock server, with a movable clock. */
public final class Clients {
    public static final Instant START = Instant.parse("2025-09-01T08:00:00Z");

    public final MutableClock clock = new MutableClock(START);
    public final TokenStore store;
    public final VkIdConfig config;
    public final VkIdClient sync;
    public final VkIdAsyncClient async;
    private final String baseUrl;

    public Clients(WireMockExtension server) {
        this(server, new InMemoryTokenStore(), b -> b);
    }

    public Clients(WireMockExtension server, TokenStore store, UnaryOperator<VkIdConfig.Builder> tweak) {
        this.baseUrl = server.baseUrl();
        this.store = store;
        this.config = tweak.apply(VkIdConfig.builder()
                .clientId(VkIdWire.CLIENT_ID)
                .redirectUri(VkIdWire.REDIRECT_URI)
                .idBaseUrl(baseUrl)
                .oauthBaseUrl(baseUrl)
                .clientSecret(Secret.of(Canary.CLIENT_SECRET))
                .clock(clock)).build();
        VkIdClientBuilder b = VkIdClient.builder().config(config).tokenStore(store);
        this.sync = b.buildClient();
        this.async = b.buildAsyncClient();
    }

    /** An API client (sync) on the same server, with the given token provider and clock. */
    public ApiClient api(TokenProvider tokens) {
        return ApiClient.builder().config(apiConfig()).tokenProvider(tokens).buildClient();
    }

    /** An API client (async) on the same server, with the given token provider and clock. */
    public ApiAsyncClient apiAsync(TokenProvider tokens) {
        return ApiClient.builder().config(apiConfig()).tokenProvider(tokens).buildAsyncClient();
    }

    private ClientConfig apiConfig() {
        return ClientConfig.builder().baseUrl(baseUrl).clock(clock).rateLimits(dev.sferum.sdk.core.RateLimits.unlimited()).build();
    }
}
