package dev.sferum.sdk.auth;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.auth.testing.Canary;
import dev.sferum.sdk.auth.testing.Clients;
import dev.sferum.sdk.auth.testing.FakeVkId;
import dev.sferum.sdk.auth.testing.Grants;
import dev.sferum.sdk.auth.testing.Mode;
import dev.sferum.sdk.auth.testing.MutableClock;
import dev.sferum.sdk.auth.testing.Race;
import dev.sferum.sdk.auth.testing.VkIdWire;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ResultType;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** However many calls race on an expired or rejected token, exactly one refresh request reaches VK ID. */
class SingleFlightTest {
    static final int CALLERS = 200;
    static final ApiRequest USERS_GET = ApiRequest.builder("users.get").build();

    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().containerThreads(64)).build();

    static List<Long> callUsersGet(Mode mode, ApiClient api, ApiAsyncClient apiAsync) throws Exception {
        return Race.run(CALLERS, mode,
                () -> api.call(USERS_GET, ResultType.json()).get(0).get("id").asLong(),
                () -> apiAsync.call(USERS_GET, ResultType.json()).thenApply(n -> n.get(0).get("id").asLong()));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void apiCalls_whenTokenExpiredAndManyRace_causeExactlyOneRefreshAtFake(Mode mode) throws Exception {
        try (FakeVkId f = new FakeVkId()) {
            SignInResult done = f.sync.completeSignIn(f.approvedCallback());
            VkIdOnFakeTest.remember(done.tokens());
            f.clock.advance(Duration.ofHours(2));
            UserTokenProvider tokens = f.sync.tokenProvider(done.grantKey());

            List<Long> ids = callUsersGet(mode, f.api(tokens), f.apiAsync(tokens));

            assertThat(ids).hasSize(CALLERS).containsOnly(f.teacher.id());
            assertThat(f.fake.oauth().refreshRequestCount()).isEqualTo(1);
            assertThat(f.fake.methodCallCount("users.get")).isEqualTo(CALLERS);
            assertThat(f.store.load(done.grantKey()).orElseThrow().revision()).isEqualTo(2);
            VkIdOnFakeTest.remember(f.store.load(done.grantKey()).orElseThrow().tokens());
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void apiCalls_whenVkRejectsTokenForManyRacingCalls_causeExactlyOneRefreshAtFake(Mode mode) throws Exception {
        MutableClock sdkClock = new MutableClock(Clients.START);
        try (FakeVkId f = new FakeVkId(b -> b, c -> c.clock(sdkClock), new InMemoryTokenStore())) {
            SignInResult done = f.sync.completeSignIn(f.approvedCallback());
            VkIdOnFakeTest.remember(done.tokens());
            f.clock.advance(Duration.ofHours(1));
            UserTokenProvider tokens = f.sync.tokenProvider(done.grantKey());
            ApiClient api = ApiClient.builder().config(f.apiConfig(sdkClock)).tokenProvider(tokens).buildClient();
            ApiAsyncClient apiAsync = ApiClient.builder().config(f.apiConfig(sdkClock)).tokenProvider(tokens).buildAsyncClient();

            List<Long> ids = callUsersGet(mode, api, apiAsync);

            assertThat(ids).hasSize(CALLERS).containsOnly(f.teacher.id());
            assertThat(f.fake.oauth().refreshRequestCount()).isEqualTo(1);
            VkIdOnFakeTest.remember(f.store.load(done.grantKey()).orElseThrow().tokens());
        }
    }

    /** The refresh answer is held back, so every caller arrives while the one refresh is in flight. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void apiCalls_whenRefreshIsSlowAndManyRace_allWaitForTheOneRefresh(Mode mode) throws Exception {
        Clients c = new Clients(vk);
        Grants.seed(c.store);
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).willReturn(VkIdWire.tokens(Canary.FRESH_ACCESS_TOKEN, Canary.FRESH_REFRESH_TOKEN)
                .withFixedDelay(500)));
        vk.stubFor(post("/method/users.get").withHeader("Authorization", equalTo("Bearer " + Canary.FRESH_ACCESS_TOKEN))
                .willReturn(okJson("{\"response\":[{\"id\":1001}]}")));
        c.clock.advance(Duration.ofHours(2));
        UserTokenProvider tokens = c.sync.tokenProvider(Grants.KEY);

        List<Long> ids = callUsersGet(mode, c.api(tokens), c.apiAsync(tokens));

        assertThat(ids).hasSize(CALLERS).containsOnly(1001L);
        assertThat(VkIdWire.count(vk, VkIdWire.refreshRequests())).isEqualTo(1);
        assertThat(vk.countRequestsMatching(postRequestedFor(urlPathEqualTo("/method/users.get")).build()).getCount()).isEqualTo(CALLERS);
    }

    /** renew(rejected) after another caller already replaced the token returns the newer one without asking VK ID. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void renew_whenARefreshAlreadyReplacedTheRejectedToken_returnsNewerTokenWithoutRefreshing(Mode mode) {
        Clients c = new Clients(vk);
        Grants.seed(c.store);
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).willReturn(VkIdWire.tokens(Canary.FRESH_ACCESS_TOKEN, Canary.FRESH_REFRESH_TOKEN)));
        UserTokenProvider first = c.sync.tokenProvider(Grants.KEY);
        UserTokenProvider second = c.async.tokenProvider(Grants.KEY);
        AccessToken rejected = first.token();
        second.token();

        Optional<AccessToken> a = mode.run(() -> first.renew(rejected), () -> first.renewAsync(rejected));
        Optional<AccessToken> b = mode.run(() -> second.renew(rejected), () -> second.renewAsync(rejected));

        assertThat(a).hasValueSatisfying(t -> assertThat(t.reveal()).isEqualTo(Canary.FRESH_ACCESS_TOKEN));
        assertThat(b).isEqualTo(a);
        assertThat(VkIdWire.count(vk, VkIdWire.refreshRequests())).isEqualTo(1);
    }
}
