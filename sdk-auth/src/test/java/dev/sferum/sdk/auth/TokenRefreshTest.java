package dev.sferum.sdk.auth;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.sferum.sdk.auth.testing.Canary;
import dev.sferum.sdk.auth.testing.Clients;
import dev.sferum.sdk.auth.testing.Grants;
import dev.sferum.sdk.auth.testing.Mode;
import dev.sferum.sdk.auth.testing.VkIdWire;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The refreshing provider: before expiry by the clock, rotation, dead grants, store-before-use, store races. */
class TokenRefreshTest {
    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static AccessToken token(Mode mode, UserTokenProvider p) {
        return mode.run(p::token, p::tokenAsync);
    }

    static void refreshAnswers(String refresh, String nextAccess, String nextRefresh) {
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).withFormParam("grant_type", equalTo("refresh_token"))
                .withFormParam("refresh_token", equalTo(refresh)).willReturn(VkIdWire.tokens(nextAccess, nextRefresh)));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void token_whenExpiryIsFartherThanSkew_usesStoredTokenWithoutRefreshing(Mode mode) {
        Clients c = new Clients(vk);
        Grants.seed(c.store);
        c.clock.advance(Duration.ofSeconds(3600 - 61));

        AccessToken t = token(mode, c.sync.tokenProvider(Grants.KEY));

        assertThat(t.reveal()).isEqualTo(Canary.ACCESS_TOKEN);
        assertThat(vk.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void token_whenWithinSkewOfExpiry_refreshesOnceAndStoresRotatedGrant(Mode mode) {
        Clients c = new Clients(vk);
        Grants.seed(c.store);
        refreshAnswers(Canary.REFRESH_TOKEN, Canary.FRESH_ACCESS_TOKEN, Canary.FRESH_REFRESH_TOKEN);
        UserTokenProvider p = c.sync.tokenProvider(Grants.KEY);
        assertThat(token(mode, p).reveal()).isEqualTo(Canary.ACCESS_TOKEN);
        c.clock.advance(Duration.ofSeconds(3600 - 59));

        AccessToken t = token(mode, p);
        AccessToken again = token(mode, p);

        assertThat(t.reveal()).isEqualTo(Canary.FRESH_ACCESS_TOKEN);
        assertThat(again).isEqualTo(t);
        assertThat(t.expiresAt()).contains(c.clock.instant().plusSeconds(3600));
        Map<String, String> form = VkIdWire.onlyForm(vk, VkIdWire.refreshRequests());
        Canary.remember(form.get("state"));
        assertThat(form).containsEntry("refresh_token", Canary.REFRESH_TOKEN).containsEntry("device_id", Canary.DEVICE_ID)
                .containsEntry("client_id", "51234567").containsKey("state");
        StoredGrant stored = c.store.load(Grants.KEY).orElseThrow();
        assertThat(stored.revision()).isEqualTo(2);
        assertThat(stored.tokens().refreshToken().reveal()).isEqualTo(Canary.FRESH_REFRESH_TOKEN);
        assertThat(stored.tokens().accessToken()).isEqualTo(t);
        assertThat(stored.tokens().deviceId()).isEqualTo(Canary.DEVICE_ID);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void token_whenSkewConfiguredLonger_refreshesEarlier(Mode mode) {
        Clients c = new Clients(vk, new InMemoryTokenStore(), b -> b.refreshSkew(Duration.ofMinutes(5)));
        Grants.seed(c.store);
        refreshAnswers(Canary.REFRESH_TOKEN, Canary.FRESH_ACCESS_TOKEN, Canary.FRESH_REFRESH_TOKEN);
        c.clock.advance(Duration.ofSeconds(3600 - 299));

        AccessToken t = token(mode, c.sync.tokenProvider(Grants.KEY));

        assertThat(t.reveal()).isEqualTo(Canary.FRESH_ACCESS_TOKEN);
        assertThat(VkIdWire.count(vk, VkIdWire.refreshRequests())).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void refresh_afterRotation_usesNewRefreshTokenAndOldOneIsRejected(Mode mode) {
        Clients c = new Clients(vk);
        Grants.seed(c.store);
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).inScenario("rotation").whenScenarioStateIs(Scenario.STARTED)
                .withFormParam("refresh_token", equalTo(Canary.REFRESH_TOKEN))
                .willReturn(VkIdWire.tokens(Canary.FRESH_ACCESS_TOKEN, Canary.FRESH_REFRESH_TOKEN)).willSetStateTo("rotated"));
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).inScenario("rotation").whenScenarioStateIs("rotated")
                .withFormParam("refresh_token", equalTo(Canary.REFRESH_TOKEN))
                .willReturn(VkIdWire.oauthError(400, "invalid_grant", "refresh token has already been used")));
        refreshAnswers(Canary.FRESH_REFRESH_TOKEN, Canary.THIRD_ACCESS_TOKEN, Canary.THIRD_REFRESH_TOKEN);
        UserTokenProvider p = c.sync.tokenProvider(Grants.KEY);

        c.clock.advance(Duration.ofHours(1));
        assertThat(token(mode, p).reveal()).isEqualTo(Canary.FRESH_ACCESS_TOKEN);
        c.clock.advance(Duration.ofHours(1));
        assertThat(token(mode, p).reveal()).isEqualTo(Canary.THIRD_ACCESS_TOKEN);

        assertThat(vk.findAll(VkIdWire.refreshRequests()).stream().map(r -> VkIdWire.form(r.getBodyAsString()).get("refresh_token")))
                .containsExactly(Canary.REFRESH_TOKEN, Canary.FRESH_REFRESH_TOKEN);
        assertThat(c.store.load(Grants.KEY).orElseThrow().revision()).isEqualTo(3);
        RefreshRequest old = RefreshRequest.builder().refreshToken(dev.sferum.sdk.core.Secret.of(Canary.REFRESH_TOKEN))
                .deviceId(Canary.DEVICE_ID).build();
        SignInRequiredException e = catchThrowableOfType(SignInRequiredException.class,
                () -> mode.run(() -> c.sync.refresh(old), () -> c.async.refresh(old)));
        assertThat(e.error()).contains("invalid_grant");
        assertThat(e.category()).isEqualTo(ErrorCategory.TOKEN);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void token_whenRefreshTokenRevoked_throwsSignInRequiredAndDoesNotAskAgain(Mode mode) {
        Clients c = new Clients(vk);
        Grants.seed(c.store);
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).willReturn(VkIdWire.oauthError(400, "invalid_grant", "refresh token is revoked")));
        UserTokenProvider p = c.sync.tokenProvider(Grants.KEY);
        c.clock.advance(Duration.ofHours(2));

        SignInRequiredException first = catchThrowableOfType(SignInRequiredException.class, () -> token(mode, p));
        SignInRequiredException second = catchThrowableOfType(SignInRequiredException.class, () -> token(mode, c.async.tokenProvider(Grants.KEY)));

        assertThat(first.grantKey()).contains(Grants.KEY);
        assertThat(first.category()).isEqualTo(ErrorCategory.TOKEN);
        assertThat(first.getMessage()).contains("invalid_grant").contains("sign-in again").doesNotContain(Canary.REFRESH_TOKEN);
        assertThat(second).isNotNull();
        assertThat(VkIdWire.count(vk, VkIdWire.refreshRequests())).as("a dead refresh token is not sent again").isEqualTo(1);

        c.store.save(Grants.KEY, new StoredGrant(Grants.tokens(Canary.ACCESS_TOKEN, Canary.FRESH_REFRESH_TOKEN, c.clock.instant().minusSeconds(1)), 1));
        refreshAnswers(Canary.FRESH_REFRESH_TOKEN, Canary.THIRD_ACCESS_TOKEN, Canary.THIRD_REFRESH_TOKEN);
        assertThat(token(mode, p).reveal()).as("a new grant under the key works again").isEqualTo(Canary.THIRD_ACCESS_TOKEN);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void token_whenNoGrantStored_throwsSignInRequiredWithoutIo(Mode mode) {
        Clients c = new Clients(vk);

        SignInRequiredException e = catchThrowableOfType(SignInRequiredException.class, () -> token(mode, c.sync.tokenProvider("vkid:404")));

        assertThat(e.grantKey()).contains("vkid:404");
        assertThat(vk.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void token_whenRefreshFailsForAWhileBeforeExpiry_keepsUsingTheValidToken(Mode mode) {
        Clients c = new Clients(vk);
        Grants.seed(c.store);
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).willReturn(aResponse().withStatus(503)));
        UserTokenProvider p = c.sync.tokenProvider(Grants.KEY);
        token(mode, p);
        c.clock.advance(Duration.ofSeconds(3600 - 30));

        AccessToken stillGood = token(mode, p);
        c.clock.advance(Duration.ofSeconds(30));
        TransportException expired = catchThrowableOfType(TransportException.class, () -> token(mode, p));

        assertThat(stillGood.reveal()).isEqualTo(Canary.ACCESS_TOKEN);
        assertThat(expired.httpStatus()).hasValue(503);
        assertThat(expired.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(c.store.load(Grants.KEY).orElseThrow().revision()).isEqualTo(1);
    }

    /** A store whose compare-and-set never succeeds to write: the rotated grant cannot be saved. */
    static final class FailingStore implements TokenStore {
        final InMemoryTokenStore inner = new InMemoryTokenStore();
        final AtomicInteger replaceCalls = new AtomicInteger();

        @Override
        public Optional<StoredGrant> load(String key) {
            return inner.load(key);
        }

        @Override
        public void save(String key, StoredGrant grant) {
            inner.save(key, grant);
        }

        @Override
        public boolean replace(String key, StoredGrant expected, StoredGrant next) {
            replaceCalls.incrementAndGet();
            throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
        }

        @Override
        public void delete(String key) {
            inner.delete(key);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void token_whenRotatedGrantCannotBeStored_neverHandsOutTheNewAccessToken(Mode mode) {
        FailingStore store = new FailingStore();
        Clients c = new Clients(vk, store, b -> b);
        Grants.seed(store);
        refreshAnswers(Canary.REFRESH_TOKEN, Canary.FRESH_ACCESS_TOKEN, Canary.FRESH_REFRESH_TOKEN);
        c.clock.advance(Duration.ofHours(1));

        SferumException e = catchThrowableOfType(SferumException.class, () -> token(mode, c.sync.tokenProvider(Grants.KEY)));

        assertThat(e).isNotNull();
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.getMessage()).contains("could not save the rotated VK ID grant").doesNotContain(Canary.FRESH_REFRESH_TOKEN)
                .doesNotContain(Canary.FRESH_ACCESS_TOKEN);
        assertThat(store.replaceCalls).hasValue(3);
        assertThat(store.load(Grants.KEY).orElseThrow().tokens().refreshToken().reveal()).isEqualTo(Canary.REFRESH_TOKEN);
    }

    /** A store whose replace waits for the test, to prove nobody gets the new token before it is stored. */
    static final class GatedStore implements TokenStore {
        final InMemoryTokenStore inner = new InMemoryTokenStore();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Optional<StoredGrant> load(String key) {
            return inner.load(key);
        }

        @Override
        public void save(String key, StoredGrant grant) {
            inner.save(key, grant);
        }

        @Override
        public boolean replace(String key, StoredGrant expected, StoredGrant next) {
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test did not release the store");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return inner.replace(key, expected, next);
        }

        @Override
        public void delete(String key) {
            inner.delete(key);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void token_whileRotatedGrantIsBeingStored_noCallerGetsTheNewToken(Mode mode) throws Exception {
        GatedStore store = new GatedStore();
        Clients c = new Clients(vk, store, b -> b);
        Grants.seed(store);
        refreshAnswers(Canary.REFRESH_TOKEN, Canary.FRESH_ACCESS_TOKEN, Canary.FRESH_REFRESH_TOKEN);
        c.clock.advance(Duration.ofHours(1));
        UserTokenProvider p = c.sync.tokenProvider(Grants.KEY);

        CompletableFuture<AccessToken> leader = mode == Mode.SYNC
                ? CompletableFuture.supplyAsync(p::token)
                : p.tokenAsync();
        assertThat(store.entered.await(30, TimeUnit.SECONDS)).as("the refresh reached the store").isTrue();
        CompletableFuture<AccessToken> follower = c.async.tokenProvider(Grants.KEY).tokenAsync();

        assertThat(leader).as("the leader waits for the store").isNotDone();
        assertThat(follower).as("a concurrent caller waits for the store").isNotDone();
        store.release.countDown();

        assertThat(leader.get(30, TimeUnit.SECONDS).reveal()).isEqualTo(Canary.FRESH_ACCESS_TOKEN);
        assertThat(follower.get(30, TimeUnit.SECONDS).reveal()).isEqualTo(Canary.FRESH_ACCESS_TOKEN);
        assertThat(store.load(Grants.KEY).orElseThrow().tokens().refreshToken().reveal()).isEqualTo(Canary.FRESH_REFRESH_TOKEN);
        assertThat(VkIdWire.count(vk, VkIdWire.refreshRequests())).isEqualTo(1);
    }

    /**
     * A store that another node writes to while this node refreshes, as a node that ignores the lease would (or one
     * whose lease expired mid-refresh). The flight loads twice before it refreshes: once to decide, once under the lease.
     */
    static final class RacingStore implements TokenStore {
        final InMemoryTokenStore inner = new InMemoryTokenStore();
        final StoredGrant theirs;
        final AtomicInteger loads = new AtomicInteger();
        final int raceAtLoad;

        RacingStore(StoredGrant theirs, int raceAtLoad) {
            this.theirs = theirs;
            this.raceAtLoad = raceAtLoad;
        }

        @Override
        public Optional<StoredGrant> load(String key) {
            if (loads.incrementAndGet() == raceAtLoad) {
                inner.save(key, theirs);
            }
            return inner.load(key);
        }

        @Override
        public void save(String key, StoredGrant grant) {
            inner.save(key, grant);
        }

        @Override
        public boolean replace(String key, StoredGrant expected, StoredGrant next) {
            if (raceAtLoad == 0 && loads.get() == 2) {
                inner.save(key, theirs);
            }
            return inner.replace(key, expected, next);
        }

        @Override
        public void delete(String key) {
            inner.delete(key);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void token_whenAnotherNodeRotatedDuringOurRefresh_usesTheStoredGrantAndKeepsIt(Mode mode) {
        StoredGrant theirs = new StoredGrant(Grants.tokens(Canary.THIRD_ACCESS_TOKEN, Canary.THIRD_REFRESH_TOKEN,
                Clients.START.plus(Duration.ofHours(2))), 2);
        RacingStore store = new RacingStore(theirs, 0);
        Clients c = new Clients(vk, store, b -> b);
        Grants.seed(store.inner);
        refreshAnswers(Canary.REFRESH_TOKEN, Canary.FRESH_ACCESS_TOKEN, Canary.FRESH_REFRESH_TOKEN);
        c.clock.advance(Duration.ofHours(1));

        AccessToken t = token(mode, c.sync.tokenProvider(Grants.KEY));

        assertThat(t.reveal()).isEqualTo(Canary.THIRD_ACCESS_TOKEN);
        assertThat(store.inner.load(Grants.KEY)).contains(theirs);
        assertThat(VkIdWire.count(vk, VkIdWire.refreshRequests())).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void token_whenVkIdRefusesBecauseAnotherNodeRotatedFirst_usesTheStoredGrant(Mode mode) {
        StoredGrant theirs = new StoredGrant(Grants.tokens(Canary.THIRD_ACCESS_TOKEN, Canary.THIRD_REFRESH_TOKEN,
                Clients.START.plus(Duration.ofHours(2))), 2);
        RacingStore store = new RacingStore(theirs, 3);
        Clients c = new Clients(vk, store, b -> b);
        Grants.seed(store.inner);
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).withFormParam("refresh_token", equalTo(Canary.REFRESH_TOKEN))
                .willReturn(VkIdWire.oauthError(400, "invalid_grant", "refresh token has already been used")));
        c.clock.advance(Duration.ofHours(1));

        AccessToken t = token(mode, c.sync.tokenProvider(Grants.KEY));

        assertThat(t.reveal()).isEqualTo(Canary.THIRD_ACCESS_TOKEN);
        assertThat(VkIdWire.count(vk, VkIdWire.refreshRequests())).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void refresh_whenAnswerIsForAnotherUser_isRefusedAndNothingStored(Mode mode) {
        Clients c = new Clients(vk);
        Grants.seed(c.store);
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).willReturn(VkIdWire.tokensJson("\"access_token\":\"" + Canary.FRESH_ACCESS_TOKEN
                + "\",\"refresh_token\":\"" + Canary.FRESH_REFRESH_TOKEN + "\",\"expires_in\":3600,\"user_id\":2002")));
        c.clock.advance(Duration.ofHours(1));

        VkIdException e = catchThrowableOfType(VkIdException.class, () -> token(mode, c.sync.tokenProvider(Grants.KEY)));

        assertThat(e.getMessage()).contains("user 2002").contains("user 1001");
        assertThat(c.store.load(Grants.KEY).orElseThrow().revision()).isEqualTo(1);
    }
}
