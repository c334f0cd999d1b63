package dev.sferum.sdk.redis;

import dev.sferum.sdk.auth.RefreshLease;
import dev.sferum.sdk.auth.StoredGrant;
import dev.sferum.sdk.auth.UserTokens;
import dev.sferum.sdk.auth.VkIdClient;
import dev.sferum.sdk.auth.testing.RefreshRace;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.redis.testing.Canary;
import dev.sferum.sdk.redis.testing.Mode;
import dev.sferum.sdk.redis.testing.Servers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Users' VK ID grants on a real Redis: compare-and-set rotation, one refresh at a time across nodes, foreign data. */
class RedisTokenStoreTest {

    private final List<RedisStores> nodes = new ArrayList<>();
    private String prefix;

    @BeforeEach
    void prefix() {
        prefix = "test:" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void close() {
        nodes.forEach(RedisStores::close);
    }

    private RedisStores node() {
        RedisStores n = RedisStores.connect(RedisConfig.builder().url(Servers.redisUrl()).keyPrefix(prefix)
                .commandTimeout(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(30)).build());
        nodes.add(n);
        return n;
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
        RedisTokenStore a = RedisTokenStore.builder(node()).build();
        RedisTokenStore b = RedisTokenStore.builder(node()).build();
        Instant later = Instant.now().plus(Duration.ofHours(1));
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
    void load_whenKeyHoldsAnotherApplicationsData_failsNamingTheKeyWithoutOverwriting() {
        RedisStores node = node();
        RedisTokenStore store = RedisTokenStore.builder(node).build();
        node.commands().set(prefix + "grant:{vkid:1}", "CANARYforeignVALUE123");
        node.commands().hset(prefix + "grant:{vkid:2}", java.util.Map.of("refresh_token", "CANARYforeignVALUE123", "revision", "1"));

        RedisStoreException string = catchThrowableOfType(RedisStoreException.class, () -> store.load("vkid:1"));
        RedisStoreException hash = catchThrowableOfType(RedisStoreException.class, () -> store.load("vkid:2"));
        StoredGrant g = grant("vk2.a.CANARYaccessONE1234567", "vk2.r.CANARYrefreshONE1234567", Instant.now().plusSeconds(3600), 1);
        RedisStoreException replace = catchThrowableOfType(RedisStoreException.class, () -> store.replace("vkid:2", g, g.next(g.tokens())));

        for (RedisStoreException e : List.of(string, hash, replace)) {
            assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
            assertThat(e.getMessage()).contains(prefix + "grant:{vkid:").doesNotContain("CANARYforeignVALUE123");
        }
        assertThat(node.commands().hget(prefix + "grant:{vkid:2}", "refresh_token")).isEqualTo("CANARYforeignVALUE123");
    }

    @Test
    void tryLease_whenAnotherHolderHasIt_isEmptyUntilReleasedAndALateReleaseNeverEndsTheSuccessorsLease() throws Exception {
        RedisStores aNode = node();
        RedisTokenStore a = RedisTokenStore.builder(aNode).build();
        RedisTokenStore b = RedisTokenStore.builder(node()).build();
        Duration ttl = Duration.ofSeconds(30);

        RefreshLease held = a.tryLease("vkid:1001", ttl).orElseThrow();
        assertThat(b.tryLease("vkid:1001", ttl)).as("another node").isEmpty();
        assertThat(a.tryLease("vkid:1001", ttl)).as("another holder on the same node").isEmpty();
        assertThat(b.tryLease("vkid:2002", ttl)).as("another grant").isPresent();
        assertThat(aNode.commands().pttl(prefix + "grant:{vkid:1001}:lease")).as("expiry counted by Redis").isBetween(1L, 30_000L);
        held.close();
        RefreshLease next = b.tryLease("vkid:1001", ttl).orElseThrow();
        held.close();
        assertThat(a.tryLease("vkid:1001", ttl)).as("closing an ended lease again leaves the new holder's alone").isEmpty();
        next.close();

        RefreshLease lapsing = a.tryLease("vkid:3003", Duration.ofMillis(200)).orElseThrow();
        RefreshLease successor = awaitLease(b, "vkid:3003");
        lapsing.close();
        assertThat(aNode.commands().exists(prefix + "grant:{vkid:3003}:lease")).as("the expired holder's release").isEqualTo(1L);
        assertThat(a.tryLease("vkid:3003", ttl)).isEmpty();
        successor.close();
        assertThat(aNode.commands().exists(prefix + "grant:{vkid:3003}:lease")).isZero();
    }

    /** Bounded polling: the lease ends on Redis's clock, after its PX. */
    private static RefreshLease awaitLease(RedisTokenStore store, String key) throws InterruptedException {
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
                clients.add(race.client(RedisTokenStore.builder(node()).build(), c -> c));
            }
            String key = race.signIn(clients.get(0));
            race.rejectAccessToken(clients.get(0).tokenProvider(key).token().reveal());
            List<ApiClientBuilder> nodes = clients.stream().map(c -> race.api(c.tokenProvider(key))).toList();

            List<Long> ids = RefreshRace.race(mode == Mode.ASYNC, nodes, 50);

            assertThat(ids).hasSize(200).containsOnly(race.teacher.id());
            assertThat(race.fake.oauth().refreshRequestCount()).as("refresh requests to VK ID from 4 nodes").isEqualTo(1);
            StoredGrant now = RedisTokenStore.builder(node()).build().load(key).orElseThrow();
            Canary.watch(now.tokens().accessToken().reveal());
            Canary.watch(now.tokens().refreshToken().reveal());
            assertThat(now.revision()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void renew_whenTheLeaseHolderDiedHoldingIt_anotherNodeRefreshesAfterItsTtl(Mode mode) throws Exception {
        try (RefreshRace race = new RefreshRace()) {
            RedisTokenStore deadNode = RedisTokenStore.builder(node()).build();
            VkIdClient live = race.client(RedisTokenStore.builder(node()).build(),
                    c -> c.calls(dev.sferum.sdk.core.ClientConfig.builder().connectTimeout(Duration.ofMillis(500)).attemptTimeout(Duration.ofSeconds(2)).build()).refreshLease(Duration.ofSeconds(3)));
            String key = race.signIn(live);
            race.rejectAccessToken(live.tokenProvider(key).token().reveal());
            deadNode.tryLease(key, Duration.ofSeconds(1)).orElseThrow();   // taken, never released: its node "died"

            List<Long> ids = RefreshRace.race(mode == Mode.ASYNC, List.of(race.api(live.tokenProvider(key))), 1);

            assertThat(ids).containsExactly(race.teacher.id());
            assertThat(race.fake.oauth().refreshRequestCount()).isEqualTo(1);
            assertThat(deadNode.load(key).orElseThrow().revision()).isEqualTo(2);
            Canary.watch(deadNode.load(key).orElseThrow().tokens().accessToken().reveal());
            Canary.watch(deadNode.load(key).orElseThrow().tokens().refreshToken().reveal());
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void calls_whenFourNodesMakeFiftyCallsEachWithAnExpiredToken_refreshExactlyOnce(Mode mode) throws Exception {
        try (RefreshRace race = new RefreshRace()) {
            List<VkIdClient> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                clients.add(race.client(RedisTokenStore.builder(node()).build(), c -> c));
            }
            String key = race.signIn(clients.get(0));
            race.clock.advance(Duration.ofHours(2));
            List<ApiClientBuilder> nodes = clients.stream().map(c -> race.api(c.tokenProvider(key))).toList();

            List<Long> ids = RefreshRace.race(mode == Mode.ASYNC, nodes, 50);

            assertThat(ids).as("50 answered calls on each of 4 nodes").hasSize(200).containsOnly(race.teacher.id());
            assertThat(race.fake.oauth().refreshRequestCount()).as("refresh requests to VK ID from 4 nodes").isEqualTo(1);
            StoredGrant now = RedisTokenStore.builder(node()).build().load(key).orElseThrow();
            Canary.watch(now.tokens().accessToken().reveal());
            Canary.watch(now.tokens().refreshToken().reveal());
            assertThat(now.revision()).isEqualTo(2);
        }
    }

}
