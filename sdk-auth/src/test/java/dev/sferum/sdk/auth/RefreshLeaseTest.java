package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.testing.FakeVkId;
import dev.sferum.sdk.auth.testing.Mode;
import dev.sferum.sdk.auth.testing.Race;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.testkit.FakeToken;
import dev.sferum.sdk.testkit.TokenKind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every refresh, forced ones too, runs under the store's refresh lease: separate clients sharing a store refresh a
 * grant once; a dead holder's lease lapses; a lease that never frees fails the waiter naming the key.
 */
class RefreshLeaseTest {
    static final ApiRequest USERS_GET = ApiRequest.builder("users.get").build();

    @TempDir
    Path dir;

    enum Store { MEMORY, FILE }

    private TokenStore store(Store kind) {
        return kind == Store.MEMORY ? new InMemoryTokenStore() : FileTokenStore.open(dir.resolve("grants.json"));
    }

    private static void reject(FakeVkId f, AccessToken token) {
        f.fake.revoke(new FakeToken(TokenKind.USER, token.reveal(), f.teacher.id(), FakeToken.fingerprintOf(token.reveal()), Optional.empty()));
    }

    /** Four clients from separate builders (no shared single-flight) over one store: only its lease keeps them apart. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void apiCalls_whenVkRejectsTheStillFreshTokenOnFourClientsSharingAStore_refreshOnceUnderTheDefaultLock(Mode mode) throws Exception {
        for (Store kind : Store.values()) {
            try (FakeVkId f = new FakeVkId(b -> b, c -> c, store(kind))) {
                SignInResult done = f.sync.completeSignIn(f.approvedCallback());
                VkIdOnFakeTest.remember(done.tokens());
                List<ApiClient> apis = new ArrayList<>();
                List<ApiAsyncClient> asyncApis = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    UserTokenProvider tokens = VkIdClient.builder().config(f.config).tokenStore(f.store).buildClient().tokenProvider(done.grantKey());
                    apis.add(f.api(tokens));
                    asyncApis.add(f.apiAsync(tokens));
                }
                reject(f, done.tokens().accessToken());
                AtomicInteger next = new AtomicInteger();

                List<Long> ids = Race.run(200, mode,
                        () -> apis.get(next.getAndIncrement() % 4).call(USERS_GET, ResultType.json()).get(0).get("id").asLong(),
                        () -> asyncApis.get(next.getAndIncrement() % 4).call(USERS_GET, ResultType.json()).thenApply(n -> n.get(0).get("id").asLong()));

                assertThat(ids).as(kind.name()).hasSize(200).containsOnly(f.teacher.id());
                assertThat(f.fake.oauth().refreshRequestCount()).as(kind + ": refresh requests from 4 clients").isEqualTo(1);
                StoredGrant now = f.store.load(done.grantKey()).orElseThrow();
                VkIdOnFakeTest.remember(now.tokens());
                assertThat(now.revision()).isEqualTo(2);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void renew_whenTheLeaseHolderDiedHoldingIt_refreshesAfterItsTtl(Mode mode) {
        try (FakeVkId f = new FakeVkId(b -> b, c -> c.calls(dev.sferum.sdk.core.ClientConfig.builder().connectTimeout(Duration.ofMillis(500)).attemptTimeout(Duration.ofSeconds(2)).build())
                .refreshLease(Duration.ofSeconds(3)), new InMemoryTokenStore())) {
            SignInResult done = f.sync.completeSignIn(f.approvedCallback());
            VkIdOnFakeTest.remember(done.tokens());
            reject(f, done.tokens().accessToken());
            f.store.tryLease(done.grantKey(), Duration.ofSeconds(1)).orElseThrow();   // taken, never closed: its holder "died"
            UserTokenProvider tokens = f.sync.tokenProvider(done.grantKey());

            Optional<AccessToken> renewed = mode.run(() -> tokens.renew(done.tokens().accessToken()),
                    () -> tokens.renewAsync(done.tokens().accessToken()));

            assertThat(renewed).isPresent().isNotEqualTo(Optional.of(done.tokens().accessToken()));
            assertThat(f.fake.oauth().refreshRequestCount()).isEqualTo(1);
            VkIdOnFakeTest.remember(f.store.load(done.grantKey()).orElseThrow().tokens());
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void renew_whenTheLeaseNeverFrees_failsAfterTwoLeasesNamingTheKeyWithoutRefreshing(Mode mode) {
        VirtualTime time = new VirtualTime();
        TokenStore busy = new Busy(new InMemoryTokenStore());
        try (FakeVkId f = new FakeVkId(b -> b, c -> c.calls(dev.sferum.sdk.core.ClientConfig.builder().connectTimeout(Duration.ofMillis(200)).attemptTimeout(Duration.ofSeconds(1)).build())
                .refreshLease(Duration.ofSeconds(2)).timeSource(time), busy)) {
            SignInResult done = f.sync.completeSignIn(f.approvedCallback());
            VkIdOnFakeTest.remember(done.tokens());
            UserTokenProvider tokens = f.sync.tokenProvider(done.grantKey());

            Throwable e = catchThrowable(() -> mode.run(() -> tokens.renew(done.tokens().accessToken()),
                    () -> tokens.renewAsync(done.tokens().accessToken())));
            while (e instanceof CompletionException && e.getCause() != null) {
                e = e.getCause();
            }

            assertThat(e).isInstanceOf(RefreshLeaseTimeoutException.class).hasMessageContaining(done.grantKey())
                    .hasMessageContaining("PT4S");
            RefreshLeaseTimeoutException timeout = (RefreshLeaseTimeoutException) e;
            assertThat(timeout.grantKey()).isEqualTo(done.grantKey());
            assertThat(timeout.category()).isEqualTo(ErrorCategory.TRANSIENT);
            assertThat(time.now.get()).as("waited two leases by the time source").isGreaterThan(Duration.ofSeconds(4).toNanos());
            assertThat(f.fake.oauth().refreshRequestCount()).isZero();
        }
    }

    /** A store whose lease is always held by someone else. */
    private record Busy(TokenStore grants) implements TokenStore {
        @Override
        public Optional<StoredGrant> load(String key) {
            return grants.load(key);
        }

        @Override
        public void save(String key, StoredGrant grant) {
            grants.save(key, grant);
        }

        @Override
        public boolean replace(String key, StoredGrant expected, StoredGrant next) {
            return grants.replace(key, expected, next);
        }

        @Override
        public void delete(String key) {
            grants.delete(key);
        }

        @Override
        public Optional<RefreshLease> tryLease(String key, Duration ttl) {
            return Optional.empty();
        }
    }

    /** Time that passes only when the SDK waits. */
    private static final class VirtualTime implements TimeSource {
        final AtomicLong now = new AtomicLong();

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public void sleep(Duration duration) {
            now.addAndGet(duration.toNanos());
        }

        @Override
        public CompletableFuture<Void> delay(Duration duration) {
            now.addAndGet(duration.toNanos());
            return CompletableFuture.completedFuture(null);
        }
    }
}
