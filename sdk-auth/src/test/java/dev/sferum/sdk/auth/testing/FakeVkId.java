package dev.sferum.sdk.auth.testing;

import dev.sferum.sdk.auth.InMemoryTokenStore;
import dev.sferum.sdk.auth.SignInCallback;
import dev.sferum.sdk.auth.SignInStart;
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
import dev.sferum.sdk.testkit.FakeClock;
import dev.sferum.sdk.testkit.FakeOAuthClient;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The testkit's fake VK (API + VK ID) with a registered app, a signed-in teacher, and a sync and an async VK ID
 * client from one builder. The clients share the fake's clock unless a test gives them their own.
 */
public final class FakeVkId implements AutoCloseable {
    public static final String SECOND_REDIRECT_URI = "https://school.example/vkid/other-callback";

    public final FakeClock clock = FakeClock.at(Clients.START);
    public final FakeVk fake;
    public final FakeOAuthClient app;
    public final FakeUser teacher;
    public final TokenStore store;
    public final VkIdConfig config;
    public final VkIdClient sync;
    public final VkIdAsyncClient async;
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public FakeVkId() {
        this(b -> b, c -> c, new InMemoryTokenStore());
    }

    /**
     * @param fakeSettings changes to the fake's settings
     * @param clientSettings changes to the SDK's config (for example its own clock)
     * @param store the token store
     */
    public FakeVkId(UnaryOperator<FakeVk.Builder> fakeSettings, UnaryOperator<VkIdConfig.Builder> clientSettings, TokenStore store) {
        this.fake = fakeSettings.apply(FakeVk.builder().clock(clock).rateLimitsEnabled(false)).start();
        this.app = fake.oauth().registerClient(URI.create(VkIdWire.REDIRECT_URI), URI.create(SECOND_REDIRECT_URI));
        Canary.remember(app.clientSecret());
        this.teacher = fake.createUser("Анна", "Петрова");
        fake.oauth().signIn(teacher);
        this.store = store;
        String base = fake.baseUri().toString();
        this.config = clientSettings.apply(VkIdConfig.builder()
                .clientId(app.clientId())
                .redirectUri(VkIdWire.REDIRECT_URI)
                .idBaseUrl(base)
                .oauthBaseUrl(base)
                .clientSecret(Secret.of(app.clientSecret()))
                .clock(clock)).build();
        VkIdClientBuilder b = VkIdClient.builder().config(config).tokenStore(store);
        this.sync = b.buildClient();
        this.async = b.buildAsyncClient();
    }

    /**
     * The browser's part: opens the authorize URL the SDK built, as the signed-in user, and returns where VK ID
     * redirects back to (the callback), without following it.
     */
    public URI browse(SignInStart start) {
        Canary.remember(start.state());
        try {
            HttpResponse<String> r = browser.send(HttpRequest.newBuilder(start.authorizeUri()).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 3) {
                throw new AssertionError("the fake's authorize page answered " + r.statusCode() + ": " + r.body());
            }
            return URI.create(r.headers().firstValue("Location").orElseThrow());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts a sign-in and runs the browser step: the callback VK ID sends back. */
    public SignInCallback approvedCallback() {
        return SignInCallback.fromUri(browse(sync.startSignIn(r -> r.scopes("email"))));
    }

    public ApiClient api(TokenProvider tokens) {
        return ApiClient.builder().config(apiConfig(clock)).tokenProvider(tokens).buildClient();
    }

    public ApiAsyncClient apiAsync(TokenProvider tokens) {
        return ApiClient.builder().config(apiConfig(clock)).tokenProvider(tokens).buildAsyncClient();
    }

    public ClientConfig apiConfig(Clock c) {
        return ClientConfig.builder().baseUrl(fake.baseUri().toString()).clock(c).callTimeout(Duration.ofSeconds(60))
                .rateLimits(dev.sferum.sdk.core.RateLimits.unlimited()).build();
    }

    @Override
    public void close() {
        fake.close();
    }
}
