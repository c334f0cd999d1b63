package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.testing.Canary;
import dev.sferum.sdk.auth.testing.Clients;
import dev.sferum.sdk.auth.testing.Grants;
import dev.sferum.sdk.core.Secret;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@link TokenStore} contract, for every store the SDK ships. */
class TokenStoreContractTest {
    @TempDir
    Path dir;

    enum Kind {
        IN_MEMORY, FILE;

        TokenStore open(Path dir) {
            return this == IN_MEMORY ? new InMemoryTokenStore() : FileTokenStore.open(dir.resolve("state/vkid-tokens.json"));
        }
    }

    static StoredGrant grant(String access, String refresh, long revision) {
        UserTokens t = Grants.tokens(access, refresh, Clients.START.plusSeconds(3600)).toBuilder()
                .idToken(Secret.of(Canary.ID_TOKEN)).scopes(List.of("vkid.personal_info", "email")).build();
        return new StoredGrant(t, revision);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void saveThenLoad_returnsEveryPart(Kind kind) {
        TokenStore store = kind.open(dir);
        StoredGrant g = grant(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN, 1);

        assertThat(store.load(Grants.KEY)).isEmpty();
        store.save(Grants.KEY, g);

        StoredGrant back = store.load(Grants.KEY).orElseThrow();
        assertThat(back).isEqualTo(g);
        assertThat(back.tokens().accessTokenExpiresAt()).isEqualTo(g.tokens().accessTokenExpiresAt());
        assertThat(back.tokens().idToken()).contains(Secret.of(Canary.ID_TOKEN));
        assertThat(back.tokens().scopes()).containsExactly("vkid.personal_info", "email");
        assertThat(back.tokens().deviceId()).isEqualTo(Canary.DEVICE_ID);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void replace_whenStoredIsExpected_writesAndSaysSo(Kind kind) {
        TokenStore store = kind.open(dir);
        StoredGrant g1 = grant(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN, 1);
        store.save(Grants.KEY, g1);
        StoredGrant g2 = g1.next(grant(Canary.FRESH_ACCESS_TOKEN, Canary.FRESH_REFRESH_TOKEN, 1).tokens());

        assertThat(store.replace(Grants.KEY, g1, g2)).isTrue();

        assertThat(store.load(Grants.KEY)).contains(g2);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void replace_whenStoredChangedMeanwhile_writesNothing(Kind kind) {
        TokenStore store = kind.open(dir);
        StoredGrant g1 = grant(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN, 1);
        StoredGrant theirs = grant(Canary.FRESH_ACCESS_TOKEN, Canary.FRESH_REFRESH_TOKEN, 2);
        StoredGrant ours = grant(Canary.THIRD_ACCESS_TOKEN, Canary.THIRD_REFRESH_TOKEN, 2);
        store.save(Grants.KEY, theirs);

        assertThat(store.replace(Grants.KEY, g1, ours)).isFalse();
        assertThat(store.replace("vkid:404", g1, ours)).as("no grant under the key").isFalse();

        assertThat(store.load(Grants.KEY)).contains(theirs);
        assertThat(store.load("vkid:404")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void delete_removesOnlyThatGrant(Kind kind) {
        TokenStore store = kind.open(dir);
        store.save(Grants.KEY, grant(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN, 1));
        store.save("vkid:2002", grant(Canary.FRESH_ACCESS_TOKEN, Canary.FRESH_REFRESH_TOKEN, 1));

        store.delete(Grants.KEY);
        store.delete("vkid:404");

        assertThat(store.load(Grants.KEY)).isEmpty();
        assertThat(store.load("vkid:2002")).isPresent();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void replace_whenManyThreadsRaceFromTheSameGrant_exactlyOneWins(Kind kind) throws Exception {
        TokenStore store = kind.open(dir);
        StoredGrant start = grant(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN, 1);
        store.save(Grants.KEY, start);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> wins = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            StoredGrant mine = grant(Canary.ACCESS_TOKEN + i, Canary.REFRESH_TOKEN + i, 2);
            wins.add(pool.submit(() -> {
                go.await();
                return store.replace(Grants.KEY, start, mine);
            }));
        }
        go.countDown();
        int won = 0;
        for (Future<Boolean> w : wins) {
            won += w.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();

        assertThat(won).isEqualTo(1);
        assertThat(store.load(Grants.KEY).orElseThrow().revision()).isEqualTo(2);
    }
}
