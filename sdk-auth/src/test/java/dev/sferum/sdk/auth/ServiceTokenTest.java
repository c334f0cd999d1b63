package dev.sferum.sdk.auth;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.auth.testing.Canary;
import dev.sferum.sdk.auth.testing.Clients;
import dev.sferum.sdk.auth.testing.FakeVkId;
import dev.sferum.sdk.auth.testing.Mode;
import dev.sferum.sdk.auth.testing.Race;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.TokenProvider;
import dev.sferum.sdk.core.exception.ErrorCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The legacy client-credentials grant: service tokens for app-level reads. */
class ServiceTokenTest {
    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @ParameterizedTest
    @EnumSource(Mode.class)
    void serviceToken_postsSecretInBodyAndReturnsServiceKind(Mode mode) {
        Clients c = new Clients(vk);
        vk.stubFor(post(urlPathEqualTo("/access_token")).willReturn(okJson("{\"access_token\":\"" + Canary.SERVICE_TOKEN + "\",\"expires_in\":0}")));

        AccessToken t = mode.run(c.sync::serviceToken, c.async::serviceToken);

        assertThat(t.kind()).isEqualTo(TokenKind.SERVICE);
        assertThat(t.reveal()).isEqualTo(Canary.SERVICE_TOKEN);
        assertThat(t.expiresAt()).isEmpty();
        vk.verify(postRequestedFor(urlPathEqualTo("/access_token")).withFormParam("client_id", equalTo("51234567"))
                .withFormParam("client_secret", equalTo(Canary.CLIENT_SECRET)).withFormParam("v", equalTo("5.199"))
                .withFormParam("grant_type", equalTo("client_credentials")));
        assertThat(vk.findAll(postRequestedFor(urlPathEqualTo("/access_token"))).get(0).getUrl()).doesNotContain(Canary.CLIENT_SECRET);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void serviceToken_whenSecretIsWrongAtFake_failsInvalidInputWithoutTheSecret(Mode mode) {
        try (FakeVkId f = new FakeVkId(b -> b, c -> c.clientSecret(dev.sferum.sdk.core.Secret.of(Canary.CLIENT_SECRET)),
                new InMemoryTokenStore())) {
            VkIdException e = catchThrowableOfType(VkIdException.class, () -> mode.run(f.sync::serviceToken, f.async::serviceToken));

            assertThat(e.category()).isEqualTo(ErrorCategory.INVALID_INPUT);
            assertThat(e.error()).contains("invalid_client");
            assertThat(e.remedy()).hasValueSatisfying(r -> assertThat(r).contains("clientSecret"));
            assertThat(e.getMessage()).doesNotContain(Canary.CLIENT_SECRET);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void serviceTokenProvider_whenManyRace_fetchesOnceAndTheTokenWorksOnTheFake(Mode mode) throws Exception {
        try (FakeVkId f = new FakeVkId()) {
            TokenProvider service = f.sync.serviceTokenProvider();
            ApiRequest usersGet = ApiRequest.builder("users.get").param("user_ids", f.teacher.id()).build();

            List<Long> ids = Race.run(50, mode,
                    () -> f.api(service).call(usersGet, ResultType.json()).get(0).get("id").asLong(),
                    () -> f.apiAsync(service).call(usersGet, ResultType.json()).thenApply(n -> n.get(0).get("id").asLong()));

            assertThat(ids).hasSize(50).containsOnly(f.teacher.id());
            assertThat(f.fake.requestCount("/access_token")).isEqualTo(1);
            Canary.remember(service.token().reveal());
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void serviceTokenProvider_renew_whenRejected_fetchesANewTokenOnce(Mode mode) {
        Clients c = new Clients(vk);
        vk.stubFor(post(urlPathEqualTo("/access_token")).inScenario("svc").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(okJson("{\"access_token\":\"" + Canary.SERVICE_TOKEN + "\"}")).willSetStateTo("second"));
        vk.stubFor(post(urlPathEqualTo("/access_token")).inScenario("svc").whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\":\"" + Canary.ACCESS_TOKEN + "\"}")));
        TokenProvider p = c.sync.serviceTokenProvider();
        AccessToken first = p.token();

        AccessToken renewed = mode.run(() -> p.renew(first).orElseThrow(), () -> p.renewAsync(first).thenApply(o -> o.orElseThrow()));
        AccessToken again = mode.run(() -> p.renew(first).orElseThrow(), () -> p.renewAsync(first).thenApply(o -> o.orElseThrow()));

        assertThat(renewed.reveal()).isEqualTo(Canary.ACCESS_TOKEN);
        assertThat(again).as("a renewal already done is not repeated").isEqualTo(renewed);
        assertThat(vk.countRequestsMatching(postRequestedFor(urlPathEqualTo("/access_token")).build()).getCount()).isEqualTo(2);
    }

    @Test
    void serviceToken_withoutClientSecret_failsBeforeAnyIo() {
        Clients c = new Clients(vk, new InMemoryTokenStore(), b -> b.clientSecret(null));

        IllegalStateException e = catchThrowableOfType(IllegalStateException.class, c.sync::serviceToken);
        IllegalStateException async = catchThrowableOfType(IllegalStateException.class, c.async::serviceToken);

        assertThat(e).hasMessageContaining("clientSecret");
        assertThat(async).hasMessageContaining("clientSecret");
        assertThat(vk.getAllServeEvents()).isEmpty();
    }
}
