package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.SignInFailedException.Reason;
import dev.sferum.sdk.auth.testing.Canary;
import dev.sferum.sdk.auth.testing.FakeVkId;
import dev.sferum.sdk.auth.testing.Mode;
import dev.sferum.sdk.auth.testing.MutableClock;
import dev.sferum.sdk.auth.testing.Clients;
import dev.sferum.sdk.auth.testing.VkIdWire;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.TokenProvider;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The whole VK ID flow against the testkit's stateful fake: the browser step on the authorize URL the SDK built,
 * PKCE checked by the server, single-use codes, refresh tokens that rotate and die, the user's token working on the
 * fake API, sign-out ending the session.
 */
class VkIdOnFakeTest {
    static final ApiRequest USERS_GET = ApiRequest.builder("users.get").build();

    static SignInResult complete(Mode mode, FakeVkId f, SignInCallback cb) {
        SignInResult done = mode.run(() -> f.sync.completeSignIn(cb), () -> f.async.completeSignIn(cb));
        remember(done.tokens());
        return done;
    }

    static void remember(UserTokens t) {
        Canary.remember(t.accessToken().reveal());
        Canary.remember(t.refreshToken().reveal());
        t.idToken().ifPresent(id -> Canary.remember(id.reveal()));
        Canary.remember(t.deviceId());
    }

    static long myId(Mode mode, FakeVkId f, TokenProvider tokens) {
        JsonNode me = mode.run(() -> f.api(tokens).call(USERS_GET, ResultType.json()), () -> f.apiAsync(tokens).call(USERS_GET, ResultType.json()));
        return me.get(0).get("id").asLong();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void wholeFlow_signInCallRefreshRotateAndSignOut(Mode mode) {
        try (FakeVkId f = new FakeVkId()) {
            SignInResult done = complete(mode, f, f.approvedCallback());

            assertThat(done.grantKey()).isEqualTo("vkid:" + f.teacher.id());
            assertThat(done.tokens().userId()).isEqualTo(f.teacher.id());
            assertThat(done.tokens().scopes()).contains("email");
            assertThat(done.tokens().idToken()).isPresent();
            assertThat(f.fake.oauth().codeExchangeCount()).isEqualTo(1);
            assertThat(f.store.load(done.grantKey()).orElseThrow().revision()).isEqualTo(1);

            UserTokenProvider tokens = f.sync.tokenProvider(done.grantKey());
            assertThat(myId(mode, f, tokens)).isEqualTo(f.teacher.id());
            VkIdUser me = mode.run(() -> f.sync.userInfo(UserTokenRequest.of(done.tokens())), () -> f.async.userInfo(UserTokenRequest.of(done.tokens())));
            assertThat(me.userId()).isEqualTo(f.teacher.id());
            assertThat(me.email()).isPresent();

            f.clock.advance(Duration.ofHours(1));
            assertThat(myId(mode, f, tokens)).as("calls go on after the access token expired").isEqualTo(f.teacher.id());
            assertThat(f.fake.oauth().refreshRequestCount()).isEqualTo(1);
            StoredGrant rotated = f.store.load(done.grantKey()).orElseThrow();
            remember(rotated.tokens());
            assertThat(rotated.revision()).isEqualTo(2);
            assertThat(rotated.tokens().refreshToken()).isNotEqualTo(done.tokens().refreshToken());
            assertThat(rotated.tokens().accessTokenExpiresAt()).isEqualTo(f.clock.instant().plusSeconds(3600));

            RefreshRequest withOldToken = RefreshRequest.of(done.tokens());
            SignInRequiredException old = catchThrowableOfType(SignInRequiredException.class,
                    () -> mode.run(() -> f.sync.refresh(withOldToken), () -> f.async.refresh(withOldToken)));
            assertThat(old.error()).as("the fake rejects a used refresh token").contains("invalid_grant");

            mode.exec(() -> f.sync.signOut(done.grantKey()), () -> f.async.signOut(done.grantKey()));
            assertThat(f.store.load(done.grantKey())).isEmpty();
            AccessToken last = rotated.tokens().accessToken();
            ApiException dead = catchThrowableOfType(ApiException.class, () -> f.api(TokenProvider.of(last)).call(USERS_GET, ResultType.json()));
            assertThat(dead.errorCode()).as("the session ended at VK ID").isEqualTo(5);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void completeSignIn_whenNobodyIsSignedInAtVkId_failsDeniedWithoutExchange(Mode mode) {
        try (FakeVkId f = new FakeVkId()) {
            f.fake.oauth().signIn(null);
            SignInCallback cb = f.approvedCallback();

            SignInFailedException e = catchThrowableOfType(SignInFailedException.class,
                    () -> mode.run(() -> f.sync.completeSignIn(cb), () -> f.async.completeSignIn(cb)));

            assertThat(e.reason()).isEqualTo(Reason.DENIED);
            assertThat(e.error()).contains("access_denied");
            assertThat(f.fake.oauth().codeExchangeCount()).isZero();
            assertThat(f.store.load("vkid:" + f.teacher.id())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void completeSignIn_whenCodeIsReusedWithAnotherState_failsCodeRejectedAndStoresNothing(Mode mode) {
        try (FakeVkId f = new FakeVkId()) {
            SignInCallback first = f.approvedCallback();
            SignInResult done = complete(mode, f, first);
            StoredGrant before = f.store.load(done.grantKey()).orElseThrow();
            SignInStart again = f.sync.startSignIn();
            Canary.remember(again.state());
            SignInCallback replay = SignInCallback.builder().code(first.code().orElseThrow().reveal()).state(again.state())
                    .deviceId(first.deviceId().orElseThrow()).build();

            SignInFailedException e = catchThrowableOfType(SignInFailedException.class,
                    () -> mode.run(() -> f.sync.completeSignIn(replay), () -> f.async.completeSignIn(replay)));

            assertThat(e.reason()).isEqualTo(Reason.CODE_REJECTED);
            assertThat(e.category()).isEqualTo(ErrorCategory.TOKEN);
            assertThat(e.getMessage()).contains("already used");
            assertThat(f.store.load(done.grantKey())).as("nothing stored from the failed exchange").contains(before);
            assertThat(f.fake.oauth().codeExchangeCount()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void completeSignIn_whenCodeExpiredAtVkId_failsCodeRejected(Mode mode) {
        try (FakeVkId f = new FakeVkId(b -> b.authorizationCodeLifetime(Duration.ofMinutes(1)), c -> c, new InMemoryTokenStore())) {
            SignInCallback cb = f.approvedCallback();
            f.clock.advance(Duration.ofMinutes(2));

            SignInFailedException e = catchThrowableOfType(SignInFailedException.class,
                    () -> mode.run(() -> f.sync.completeSignIn(cb), () -> f.async.completeSignIn(cb)));

            assertThat(e.reason()).isEqualTo(Reason.CODE_REJECTED);
            assertThat(e.getMessage()).contains("expired");
            assertThat(f.store.load("vkid:" + f.teacher.id())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void completeSignIn_whenCodeWasIssuedForAnotherRedirectUri_failsMismatch(Mode mode) {
        try (FakeVkId f = new FakeVkId(b -> b, c -> c.redirectUri(FakeVkId.SECOND_REDIRECT_URI), new InMemoryTokenStore())) {
            SignInStart start = f.sync.startSignIn();
            Canary.remember(start.state());
            Map<String, String> q = VkIdWire.query(start.authorizeUri().getRawQuery());
            URI back = f.fake.oauth().authorize(f.teacher, f.app, URI.create(VkIdWire.REDIRECT_URI), start.state(), q.get("code_challenge"));
            SignInCallback withoutPath = SignInCallback.fromQuery(back.getRawQuery());

            SignInFailedException e = catchThrowableOfType(SignInFailedException.class,
                    () -> mode.run(() -> f.sync.completeSignIn(withoutPath), () -> f.async.completeSignIn(withoutPath)));

            assertThat(e.reason()).isEqualTo(Reason.REDIRECT_URI_MISMATCH);
            assertThat(e.getMessage()).contains("redirect_uri differs");
            assertThat(f.fake.oauth().codeExchangeCount()).isEqualTo(1);
            assertThat(f.store.load("vkid:" + f.teacher.id())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void token_whenUserSignedOutEverywhere_throwsSignInRequired(Mode mode) {
        try (FakeVkId f = new FakeVkId()) {
            SignInResult done = complete(mode, f, f.approvedCallback());
            f.fake.oauth().endSessions(f.teacher);
            f.clock.advance(Duration.ofHours(1));
            UserTokenProvider tokens = f.sync.tokenProvider(done.grantKey());

            SignInRequiredException e = catchThrowableOfType(SignInRequiredException.class,
                    () -> mode.run(tokens::token, tokens::tokenAsync));

            assertThat(e.grantKey()).contains(done.grantKey());
            assertThat(e.category()).isEqualTo(ErrorCategory.TOKEN);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void apiCalls_whenVkRejectsTheTokenBeforeTheClientExpectsIt_renewOnceAndRepeat(Mode mode) {
        MutableClock sdkClock = new MutableClock(Clients.START);
        try (FakeVkId f = new FakeVkId(b -> b, c -> c.clock(sdkClock), new InMemoryTokenStore())) {
            SignInResult done = complete(mode, f, f.approvedCallback());
            UserTokenProvider tokens = f.sync.tokenProvider(done.grantKey());
            f.clock.advance(Duration.ofHours(1));
            ApiClient api = ApiClient.builder().config(f.apiConfig(sdkClock)).tokenProvider(tokens).buildClient();

            JsonNode me = mode.run(() -> api.call(USERS_GET, ResultType.json()),
                    () -> ApiClient.builder().config(f.apiConfig(sdkClock)).tokenProvider(tokens).buildAsyncClient().call(USERS_GET, ResultType.json()));

            assertThat(me.get(0).get("id").asLong()).isEqualTo(f.teacher.id());
            assertThat(f.fake.oauth().refreshRequestCount()).isEqualTo(1);
            assertThat(f.fake.methodCallCount("users.get")).as("the rejected call and its repeat").isEqualTo(2);
            remember(f.store.load(done.grantKey()).orElseThrow().tokens());
        }
    }

    /**
     * VK rejects the token and VK ID refuses the refresh: the call fails with {@link SignInRequiredException}
     * (category TOKEN) in both forms, so the application knows to send the user through sign-in again.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void apiCall_whenVkRejectsTheTokenAndTheGrantIsDead_failsWithTokenCategory(Mode mode) {
        MutableClock sdkClock = new MutableClock(Clients.START);
        try (FakeVkId f = new FakeVkId(b -> b, c -> c.clock(sdkClock), new InMemoryTokenStore())) {
            SignInResult done = complete(mode, f, f.approvedCallback());
            f.fake.oauth().endSessions(f.teacher);
            f.clock.advance(Duration.ofHours(1));
            UserTokenProvider tokens = f.sync.tokenProvider(done.grantKey());

            dev.sferum.sdk.core.exception.SferumException e = catchThrowableOfType(dev.sferum.sdk.core.exception.SferumException.class,
                    () -> mode.run(() -> ApiClient.builder().config(f.apiConfig(sdkClock)).tokenProvider(tokens).buildClient().call(USERS_GET),
                            () -> ApiClient.builder().config(f.apiConfig(sdkClock)).tokenProvider(tokens).buildAsyncClient().call(USERS_GET)));

            assertThat(e.category()).isEqualTo(ErrorCategory.TOKEN);
            assertThat(e).isInstanceOf(SignInRequiredException.class);
            assertThat(f.fake.oauth().refreshRequestCount()).isEqualTo(1);
        }
    }
}
