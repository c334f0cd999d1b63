package dev.sferum.sdk.auth.testing;

import dev.sferum.sdk.auth.SignInCallback;
import dev.sferum.sdk.auth.SignInResult;
import dev.sferum.sdk.auth.SignInStart;
import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.auth.VkIdClient;
import dev.sferum.sdk.auth.VkIdConfig;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TokenProvider;
import dev.sferum.sdk.testkit.FakeClock;
import dev.sferum.sdk.testkit.FakeOAuthClient;
import dev.sferum.sdk.testkit.FakeToken;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.TokenKind;
import dev.sferum.sdk.testsupport.Secrets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Several VK ID clients ("nodes"), each over its own token store connection, against one fake VK with VK ID: signs a
 * teacher in and races API calls from every node at once. Shared with sdk-redis and sdk-jdbc through this module's test
 * jar, so each store proves the same race.
 */
public final class RefreshRace implements AutoCloseable {
    public static final Instant START = Instant.parse("2025-09-01T08:00:00Z");
    private static final String REDIRECT_URI = "https://school.example/vkid/callback";
    private static final ApiRequest USERS_GET = ApiRequest.builder("users.get").build();

    public final FakeClock clock = FakeClock.at(START);
    public final FakeVk fake;
    public final FakeUser teacher;
    private final FakeOAuthClient app;

    public RefreshRace() {
        fake = FakeVk.builder().clock(clock).rateLimitsEnabled(false).start();
        app = fake.oauth().registerClient(URI.create(REDIRECT_URI));
        Secrets.register(app.clientSecret());
        teacher = fake.createUser("Анна", "Петрова");
        fake.oauth().signIn(teacher);
    }

    /** One node's VK ID client over {@code store}. */
    public VkIdClient client(TokenStore store, UnaryOperator<VkIdConfig.Builder> settings) {
        VkIdConfig config = settings.apply(VkIdConfig.builder().clientId(app.clientId()).redirectUri(REDIRECT_URI)
                .idBaseUrl(fake.baseUri().toString()).oauthBaseUrl(fake.baseUri().toString())
                .clientSecret(Secret.of(app.clientSecret())).clock(clock)).build();
        return VkIdClient.builder().config(config).tokenStore(store).buildClient();
    }

    /** Signs the teacher in through {@code client}; returns the grant key. */
    public String signIn(VkIdClient client) throws Exception {
        SignInStart start = client.startSignIn();
        Secrets.register(start.state());
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(start.authorizeUri()).GET().build(), HttpResponse.BodyHandlers.ofString());
        SignInResult done = client.completeSignIn(SignInCallback.fromUri(URI.create(r.headers().firstValue("Location").orElseThrow())));
        Secrets.register(done.tokens().accessToken().reveal());
        Secrets.register(done.tokens().refreshToken().reveal());
        return done.grantKey();
    }

    /** VK starts answering error 5 to this access token although it has not expired (its refresh token still works). */
    public void rejectAccessToken(String accessToken) {
        fake.revoke(new FakeToken(TokenKind.USER, accessToken, teacher.id(), FakeToken.fingerprintOf(accessToken), Optional.empty()));
    }

    /** An API client builder of one node, calling the fake with the node's token provider. */
    public ApiClientBuilder api(TokenProvider tokens) {
        return ApiClient.builder()
                .config(ClientConfig.builder().baseUrl(fake.baseUri().toString()).clock(clock).rateLimits(RateLimits.unlimited()).build())
                .tokenProvider(tokens);
    }

    /**
     * Starts {@code callsEach} calls of {@code users.get} on every node at once behind one gate (sync: a thread per
     * call; async: futures started by a few threads) and returns the user ids answered.
     */
    public static List<Long> race(boolean async, List<ApiClientBuilder> nodes, int callsEach) throws Exception {
        List<Function<ApiRequest, CompletableFuture<Long>>> callers = new ArrayList<>();
        for (ApiClientBuilder b : nodes) {
            if (!async) {
                ApiClient api = b.buildClient();
                callers.add(r -> CompletableFuture.completedFuture(api.call(r, ResultType.json()).get(0).get("id").asLong()));
            } else {
                var api = b.buildAsyncClient();
                callers.add(r -> api.call(r, ResultType.json()).thenApply(n -> n.get(0).get("id").asLong()));
            }
        }
        int total = nodes.size() * callsEach;
        ExecutorService pool = Executors.newFixedThreadPool(async ? 8 : total);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<CompletableFuture<Long>>> started = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                Function<ApiRequest, CompletableFuture<Long>> caller = callers.get(i % callers.size());
                started.add(pool.submit(() -> {
                    go.await();
                    return caller.apply(USERS_GET);
                }));
            }
            go.countDown();
            List<Long> ids = new ArrayList<>();
            for (Future<CompletableFuture<Long>> f : started) {
                ids.add(f.get(120, TimeUnit.SECONDS).get(120, TimeUnit.SECONDS));
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        fake.close();
    }
}
