package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.auth.RefreshLease;
import dev.sferum.sdk.auth.StoredGrant;
import dev.sferum.sdk.auth.UserTokens;
import dev.sferum.sdk.auth.VkIdClient;
import dev.sferum.sdk.auth.testing.RefreshRace;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.jdbc.testing.Canary;
import dev.sferum.sdk.jdbc.testing.Mode;
import dev.sferum.sdk.jdbc.testing.Servers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.Statement;
import java.util.function.UnaryOperator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Users' VK ID grants on a real PostgreSQL: compare-and-set rotation, one refresh at a time across nodes, foreign rows. */
class JdbcTokenStoreTest {
    private static final Instant START = Instant.parse("2025-09-01T08:00:00Z");

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
    void tryLease_whenAnotherHolderHasIt_isEmptyUntilReleasedAndALateReleaseNeverEndsTheSuccessorsLease() throws Exception {
        TokenStore a = node(c -> c.nodeId("node-a"));
        TokenStore b = node(c -> c.nodeId("node-b"));
        Duration ttl = Duration.ofSeconds(30);
        StoredGrant g = grant("vk2.a.CANARYaccessONE1234567", "vk2.r.CANARYrefreshONE1234567", START.plusSeconds(3600), 1);
        for (String key : List.of("vkid:1001", "vkid:2002", "vkid:3003")) {
            a.save(key, g);
        }

        RefreshLease held = a.tryLease("vkid:1001", ttl).orElseThrow();
        assertThat(leaseOwner("vkid:1001")).startsWith("node-a/");
        assertThat(b.tryLease("vkid:1001", ttl)).as("another node").isEmpty();
        assertThat(a.tryLease("vkid:1001", ttl)).as("another holder on the same node").isEmpty();
        assertThat(b.tryLease("vkid:2002", ttl)).as("another grant").isPresent();
        assertThat(b.tryLease("vkid:4004", ttl)).as("no grant stored").isEmpty();
        a.save("vkid:1001", g);
        assertThat(b.tryLease("vkid:1001", ttl)).as("a new sign-in leaves the lease to its holder").isEmpty();
        held.close();
        RefreshLease next = b.tryLease("vkid:1001", ttl).orElseThrow();
        held.close();
        assertThat(a.tryLease("vkid:1001", ttl)).as("closing an ended lease again leaves the new holder's alone").isEmpty();
        next.close();
        assertThat(leaseOwner("vkid:1001")).isNull();

        RefreshLease lapsing = a.tryLease("vkid:3003", Duration.ofMillis(200)).orElseThrow();
        RefreshLease successor = awaitLease(b, "vkid:3003");
        lapsing.close();
        assertThat(leaseOwner("vkid:3003")).as("the expired holder's release").startsWith("node-b/");
        successor.close();
        assertThat(leaseOwner("vkid:3003")).isNull();
    }

    /** Bounded polling: the lease ends on the database's clock. */
    private static RefreshLease awaitLease(TokenStore store, String key) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            Optional<RefreshLease> lease = store.tryLease(key, Duration.ofSeconds(30));
            if (lease.isPresent()) {
                return lease.get();
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the lease of " + key + " did not expire within 10 s");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void calls_whenVkRejectsTheStillFreshTokenOnFourNodesMakingFiftyConcurrentCallsEach_refreshExactlyOnce(Mode mode) throws Exception {
        try (RefreshRace race = new RefreshRace()) {
            List<VkIdClient> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                clients.add(race.client(node(), c -> c));
            }
            String key = race.signIn(clients.get(0));
            race.rejectAccessToken(clients.get(0).tokenProvider(key).token().reveal());
            List<ApiClientBuilder> nodes = clients.stream().map(c -> race.api(c.tokenProvider(key))).toList();

            List<Long> ids = RefreshRace.race(mode == Mode.ASYNC, nodes, 50);

            assertThat(ids).hasSize(200).containsOnly(race.teacher.id());
            assertThat(race.fake.oauth().refreshRequestCount()).as("refresh requests to VK ID from 4 nodes").isEqualTo(1);
            StoredGrant now = node().load(key).orElseThrow();
            Canary.watch(now.tokens().accessToken().reveal());
            Canary.watch(now.tokens().refreshToken().reveal());
            assertThat(now.revision()).isEqualTo(2);
            assertThat(leaseOwner(key)).as("released").isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void renew_whenTheLeaseHolderDiedHoldingIt_anotherNodeRefreshesAfterItsTtl(Mode mode) throws Exception {
        try (RefreshRace race = new RefreshRace()) {
            TokenStore deadNode = node(c -> c.nodeId("node-dead"));
            VkIdClient live = race.client(node(c -> c.nodeId("node-live")),
                    c -> c.calls(dev.sferum.sdk.core.ClientConfig.builder().connectTimeout(Duration.ofMillis(500)).attemptTimeout(Duration.ofSeconds(2)).build()).refreshLease(Duration.ofSeconds(3)));
            String key = race.signIn(live);
            race.rejectAccessToken(live.tokenProvider(key).token().reveal());
            deadNode.tryLease(key, Duration.ofSeconds(1)).orElseThrow();   // taken, never released: its node "died"

            List<Long> ids = RefreshRace.race(mode == Mode.ASYNC, List.of(race.api(live.tokenProvider(key))), 1);

            assertThat(ids).containsExactly(race.teacher.id());
            assertThat(race.fake.oauth().refreshRequestCount()).isEqualTo(1);
            StoredGrant now = deadNode.load(key).orElseThrow();
            Canary.watch(now.tokens().accessToken().reveal());
            Canary.watch(now.tokens().refreshToken().reveal());
            assertThat(now.revision()).isEqualTo(2);
        }
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
        try (RefreshRace race = new RefreshRace()) {
            List<VkIdClient> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                clients.add(race.client(node(), c -> c));
            }
            String key = race.signIn(clients.get(0));
            race.clock.advance(Duration.ofHours(2));
            List<ApiClientBuilder> nodes = clients.stream().map(c -> race.api(c.tokenProvider(key))).toList();

            List<Long> ids = RefreshRace.race(mode == Mode.ASYNC, nodes, 50);

            assertThat(ids).as("50 answered calls on each of 4 nodes").hasSize(200).containsOnly(race.teacher.id());
            assertThat(race.fake.oauth().refreshRequestCount()).as("refresh requests to VK ID from 4 nodes").isEqualTo(1);
            StoredGrant now = node().load(key).orElseThrow();
            Canary.watch(now.tokens().accessToken().reveal());
            Canary.watch(now.tokens().refreshToken().reveal());
            assertThat(now.revision()).isEqualTo(2);
        }
    }

}
