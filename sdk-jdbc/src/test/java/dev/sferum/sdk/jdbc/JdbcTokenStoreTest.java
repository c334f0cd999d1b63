package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.auth.SignInCallback;
import dev.sferum.sdk.auth.SignInResult;
import dev.sferum.sdk.auth.SignInStart;
import dev.sferum.sdk.auth.StoredGrant;
import dev.sferum.sdk.auth.UserTokens;
import dev.sferum.sdk.auth.VkIdClient;
import dev.sferum.sdk.auth.VkIdClientBuilder;
import dev.sferum.sdk.auth.VkIdConfig;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.jdbc.testing.Canary;
import dev.sferum.sdk.jdbc.testing.Mode;
import dev.sferum.sdk.jdbc.testing.Servers;
import dev.sferum.sdk.testkit.FakeClock;
import dev.sferum.sdk.testkit.FakeOAuthClient;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.function.UnaryOperator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Users' VK ID grants on a real PostgreSQL: compare-and-set rotation, one refresh at a time across nodes, foreign rows. */
class JdbcTokenStoreTest {
    private static final Instant START = Instant.parse("2025-09-01T08:00:00Z");
    private static final String REDIRECT_URI = "https://school.example/vkid/callback";

    private String prefix;

    @BeforeEach
    void prefix() {
        prefix = Servers.freshPrefix();
    }

    /** A node: its own JdbcStores (own node id) over the shared tables. */
    private TokenStore node(UnaryOperator<JdbcConfig.Builder> settings) {
        return JdbcStores.open(Servers.dataSource(), settings.apply(JdbcConfig.builder().tablePrefix(prefix)).build()).tokenStore();
    }

    private TokenStore node() {
        return node(b -> b);
    }

    private void exec(String sql) throws Exception {
        try (Connection c = Servers.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static StoredGrant grant(String access, String refresh, Instant expires, long revision) {
        Canary.watch(access);
        Canary.watch(refresh);
        return new StoredGrant(UserTokens.builder()
                .accessToken(AccessToken.user(access, expires))
                .refreshToken(Secret.of(refresh))
                .deviceId("device-CANARY-1")
                .userId(1001)
                .scopes(Set.of("email", "messages"))
                .build(), revision);
    }

    @Test
    void replace_whenStoredGrantIsStillExpected_rotatesOnceAndRefusesTheStaleSecondWriter() {
        TokenStore a = node();
        TokenStore b = node();
        Instant later = START.plus(Duration.ofHours(1)); // timestamps are kept to the microsecond
        StoredGrant first = grant("vk2.a.CANARYaccessONE1234567", "vk2.r.CANARYrefreshONE1234567", later, 1);
        StoredGrant fromA = first.next(grant("vk2.a.CANARYaccessTWO1234567", "vk2.r.CANARYrefreshTWO1234567", later, 1).tokens());
        StoredGrant fromB = first.next(grant("vk2.a.CANARYaccessTRI1234567", "vk2.r.CANARYrefreshTRI1234567", later, 1).tokens());
        a.save("vkid:1001", first);

        assertThat(a.replace("vkid:1001", first, fromA)).isTrue();
        assertThat(b.replace("vkid:1001", first, fromB)).as("B read revision 1 before A rotated it").isFalse();
        assertThat(b.load("vkid:1001")).contains(fromA);
        assertThat(a.replace("vkid:2002", first, fromA)).as("nothing stored under the key").isFalse();

        a.delete("vkid:1001");
        assertThat(b.load("vkid:1001")).isEmpty();
    }

    @Test
    void load_whenARowWasWrittenByAnotherApplication_failsNamingTheRowWithoutItsValues() throws Exception {
        TokenStore store = node();
        exec("INSERT INTO " + prefix + "vkid_grant (grant_key, revision, refresh_fp, user_id, device_id, access_token, access_expires_at, "
                + "refresh_token, scopes) VALUES ('vkid:7', 1, 'x', -5, '', 'CANARYforeignVALUE123', now(), 'CANARYforeignVALUE123', '')");

        JdbcStoreException e = catchThrowableOfType(JdbcStoreException.class, () -> store.load("vkid:7"));

        assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(e.getMessage()).contains("grant vkid:7").contains(prefix + "vkid_grant").doesNotContain("CANARYforeignVALUE123");
    }

    @Test
    void load_whenAnotherNodeHoldsTheRefreshLease_waitsForItsRotatedGrant() throws Exception {
        Clock clock = Clock.fixed(START, ZoneOffset.UTC);
        TokenStore a = node(b -> b.clock(clock));
        TokenStore b = node(c -> c.clock(clock).refreshLease(Duration.ofSeconds(30)));
        StoredGrant expiring = grant("vk2.a.CANARYaccessOLD1234567", "vk2.r.CANARYrefreshOLD1234567", START.plusSeconds(30), 4);
        StoredGrant rotated = expiring.next(grant("vk2.a.CANARYaccessNEW1234567", "vk2.r.CANARYrefreshNEW1234567", START.plusSeconds(3600), 1).tokens());
        a.save("vkid:1001", expiring);

        assertThat(a.load("vkid:1001")).as("A takes the lease and refreshes").contains(expiring);
        CompletableFuture<Optional<StoredGrant>> seenByB = CompletableFuture.supplyAsync(() -> b.load("vkid:1001"));
        assertThat(seenByB).as("B waits while A refreshes").isNotDone();
        assertThat(a.replace("vkid:1001", expiring, rotated)).isTrue();

        assertThat(seenByB.get(20, TimeUnit.SECONDS)).as("B gets A's rotated grant: nothing to refresh").contains(rotated);
    }

    @Test
    void load_whenTheLeaseHolderVanished_takesTheLeaseAfterItExpires() throws Exception {
        Clock clock = Clock.fixed(START, ZoneOffset.UTC);
        TokenStore a = node(c -> c.clock(clock).refreshLease(Duration.ofMillis(300)).nodeId("node-a"));
        TokenStore b = node(c -> c.clock(clock).refreshLease(Duration.ofMillis(300)).nodeId("node-b"));
        StoredGrant expiring = grant("vk2.a.CANARYaccessOLD1234567", "vk2.r.CANARYrefreshOLD1234567", START.plusSeconds(30), 4);
        a.save("vkid:1001", expiring);
        a.load("vkid:1001");

        // A "dies" holding the lease. B waits out the lease, then takes it and gets the grant to refresh itself.
        assertThat(b.load("vkid:1001")).contains(expiring);
        assertThat(leaseOwner("vkid:1001")).isEqualTo("node-b");
        StoredGrant rotated = expiring.next(grant("vk2.a.CANARYaccessNEW1234567", "vk2.r.CANARYrefreshNEW1234567", START.plusSeconds(3600), 1).tokens());
        assertThat(b.replace("vkid:1001", expiring, rotated)).isTrue();
        assertThat(leaseOwner("vkid:1001")).as("released by the rotation").isNull();
    }

    private String leaseOwner(String key) throws Exception {
        try (Connection c = Servers.dataSource().getConnection(); Statement st = c.createStatement();
             java.sql.ResultSet r = st.executeQuery("SELECT refresh_lease_owner FROM " + prefix + "vkid_grant WHERE grant_key = '" + key + "'")) {
            r.next();
            return r.getString(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void calls_whenFourNodesMakeFiftyCallsEachWithAnExpiredToken_refreshExactlyOnce(Mode mode) throws Exception {
        FakeClock clock = FakeClock.at(START);
        try (FakeVk fake = FakeVk.builder().clock(clock).rateLimitsEnabled(false).start()) {
            FakeOAuthClient app = fake.oauth().registerClient(URI.create(REDIRECT_URI));
            Canary.watch(app.clientSecret());
            FakeUser teacher = fake.createUser("Анна", "Петрова");
            fake.oauth().signIn(teacher);
            VkIdConfig vkid = VkIdConfig.builder().clientId(app.clientId()).redirectUri(REDIRECT_URI)
                    .idBaseUrl(fake.baseUri().toString()).oauthBaseUrl(fake.baseUri().toString())
                    .clientSecret(Secret.of(app.clientSecret())).clock(clock).build();
            List<VkIdClient> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                VkIdClientBuilder b = VkIdClient.builder().config(vkid).tokenStore(node(c -> c.clock(clock)));
                clients.add(b.buildClient());
            }
            SignInResult signedIn = clients.get(0).completeSignIn(SignInCallback.fromUri(browse(clients.get(0).startSignIn())));
            Canary.watch(signedIn.tokens().accessToken().reveal());
            Canary.watch(signedIn.tokens().refreshToken().reveal());
            clock.advance(Duration.ofHours(2));

            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> done = new ArrayList<>();
            for (VkIdClient client : clients) {
                ApiClientBuilder api = ApiClient.builder()
                        .config(ClientConfig.builder().baseUrl(fake.baseUri().toString()).clock(clock).rateLimits(RateLimits.unlimited()).build())
                        .tokenProvider(client.tokenProvider(signedIn.grantKey()));
                done.add(pool.submit(() -> {
                    go.await();
                    int ok = 0;
                    for (int i = 0; i < 50; i++) {
                        mode.call(api, ApiRequest.builder("users.get").build(), ResultType.json());
                        ok++;
                    }
                    return ok;
                }));
            }
            go.countDown();
            for (Future<Integer> f : done) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(50);
            }
            pool.shutdown();

            assertThat(fake.oauth().refreshRequestCount()).as("refresh requests to VK ID from 4 nodes").isEqualTo(1);
            StoredGrant now = node(c -> c.clock(clock)).load(signedIn.grantKey()).orElseThrow();
            Canary.watch(now.tokens().accessToken().reveal());
            Canary.watch(now.tokens().refreshToken().reveal());
            assertThat(now.revision()).isEqualTo(2);
        }
    }

    /** The browser's part of sign-in: opens the authorize URL and returns where VK ID redirects back to. */
    private static URI browse(SignInStart start) throws IOException, InterruptedException {
        Canary.watch(start.state());
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(start.authorizeUri()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode() / 100).as("authorize page: " + r.body()).isEqualTo(3);
        return URI.create(r.headers().firstValue("Location").orElseThrow());
    }
}
