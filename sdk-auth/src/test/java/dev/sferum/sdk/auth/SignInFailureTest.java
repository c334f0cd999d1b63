package dev.sferum.sdk.auth;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.auth.SignInFailedException.Reason;
import dev.sferum.sdk.auth.internal.Pkce;
import dev.sferum.sdk.auth.testing.Canary;
import dev.sferum.sdk.auth.testing.Clients;
import dev.sferum.sdk.auth.testing.Mode;
import dev.sferum.sdk.auth.testing.VkIdWire;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every way completing a sign-in can go wrong gives a typed error that says what happened, and stores nothing.
 */
class SignInFailureTest {
    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String FULL_ANSWER = "\"access_token\":\"" + Canary.ACCESS_TOKEN + "\",\"refresh_token\":\"" + Canary.REFRESH_TOKEN
            + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"user_id\":1001,\"state\":\"{{form.state}}\"";

    /**
     * One bad callback or answer: sets up the server and the clock for a started sign-in with the given state, and
     * returns the callback to complete.
     */
    record Case(String name, BiFunction<Clients, String, SignInCallback> setup, Reason reason, ErrorCategory category, boolean exchanges) {
        @Override
        public String toString() {
            return name;
        }
    }

    static SignInCallback good(String state) {
        return SignInFlowTest.callback(state);
    }

    static void answer(ResponseDefinitionBuilder response) {
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).willReturn(response));
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("wrong state", (c, s) -> good(Pkce.newState()), Reason.STATE_UNKNOWN, ErrorCategory.INVALID_INPUT, false));
        cases.add(new Case("missing state", (c, s) -> SignInCallback.fromQuery("code=" + Canary.CODE + "&device_id=" + Canary.DEVICE_ID),
                Reason.STATE_MISSING, ErrorCategory.INVALID_INPUT, false));
        cases.add(new Case("access_denied", (c, s) -> SignInCallback.fromQuery("error=access_denied&error_description=User+denied+access&state=" + s),
                Reason.DENIED, ErrorCategory.PERMISSION, false));
        cases.add(new Case("other error in callback", (c, s) -> SignInCallback.fromQuery("error=invalid_scope&state=" + s),
                Reason.PROVIDER_ERROR, ErrorCategory.PERMISSION, false));
        cases.add(new Case("sign-in expired", (c, s) -> {
            c.clock.advance(VkIdConfig.DEFAULT_SIGN_IN_TIMEOUT.plusSeconds(1));
            return good(s);
        }, Reason.EXPIRED, ErrorCategory.TOKEN, false));
        cases.add(new Case("callback at another path", (c, s) -> SignInCallback.fromUri(URI.create("https://school.example/other/callback?code="
                + Canary.CODE + "&state=" + s + "&device_id=" + Canary.DEVICE_ID)), Reason.REDIRECT_URI_MISMATCH, ErrorCategory.INVALID_INPUT, false));
        cases.add(new Case("no device_id", (c, s) -> SignInCallback.fromQuery("code=" + Canary.CODE + "&state=" + s),
                Reason.CALLBACK_MALFORMED, ErrorCategory.INVALID_INPUT, false));
        cases.add(new Case("no code", (c, s) -> SignInCallback.fromQuery("state=" + s + "&device_id=" + Canary.DEVICE_ID),
                Reason.CALLBACK_MALFORMED, ErrorCategory.INVALID_INPUT, false));
        cases.add(new Case("reused code", (c, s) -> {
            answer(VkIdWire.oauthError(400, "invalid_grant", "code has already been used"));
            return good(s);
        }, Reason.CODE_REJECTED, ErrorCategory.TOKEN, true));
        cases.add(new Case("expired code", (c, s) -> {
            answer(VkIdWire.oauthError(400, "invalid_grant", "code is expired"));
            return good(s);
        }, Reason.CODE_REJECTED, ErrorCategory.TOKEN, true));
        cases.add(new Case("redirect_uri mismatch at VK ID", (c, s) -> {
            answer(VkIdWire.oauthError(400, "invalid_request", "redirect_uri does not match"));
            return good(s);
        }, Reason.REDIRECT_URI_MISMATCH, ErrorCategory.INVALID_INPUT, true));
        cases.add(new Case("invalid_client", (c, s) -> {
            answer(VkIdWire.oauthError(401, "invalid_client", "client_id is incorrect"));
            return good(s);
        }, Reason.PROVIDER_ERROR, ErrorCategory.INVALID_INPUT, true));
        for (String field : List.of("access_token", "refresh_token", "expires_in", "user_id")) {
            String members = FULL_ANSWER.replaceAll("\"" + field + "\":(\"[^\"]*\"|\\d+),?", "");
            cases.add(new Case("answer without " + field, (c, s) -> {
                answer(VkIdWire.tokensJson(members));
                return good(s);
            }, Reason.RESPONSE_INVALID, ErrorCategory.TOKEN, true));
        }
        cases.add(new Case("answer with another state", (c, s) -> {
            answer(VkIdWire.tokensJson(FULL_ANSWER.replace("{{form.state}}", Pkce.newState())));
            return good(s);
        }, Reason.RESPONSE_INVALID, ErrorCategory.TOKEN, true));
        cases.add(new Case("answer with token_type mac", (c, s) -> {
            answer(VkIdWire.tokensJson(FULL_ANSWER.replace("Bearer", "mac")));
            return good(s);
        }, Reason.RESPONSE_INVALID, ErrorCategory.TOKEN, true));
        cases.add(new Case("answer with negative expires_in", (c, s) -> {
            answer(VkIdWire.tokensJson(FULL_ANSWER.replace("3600", "-1")));
            return good(s);
        }, Reason.RESPONSE_INVALID, ErrorCategory.TOKEN, true));
        return cases;
    }

    static Stream<Arguments> casesInBothModes() {
        return cases().stream().flatMap(c -> Stream.of(Arguments.of(c, Mode.SYNC), Arguments.of(c, Mode.ASYNC)));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("casesInBothModes")
    void completeSignIn_whenCallbackOrAnswerIsBad_failsTypedAndStoresNothing(Case bad, Mode mode) {
        Clients c = new Clients(vk);
        SignInStart start = c.sync.startSignIn();
        Canary.remember(start.state());
        SignInCallback cb = bad.setup().apply(c, start.state());

        SignInFailedException e = catchThrowableOfType(SignInFailedException.class,
                () -> mode.run(() -> c.sync.completeSignIn(cb), () -> c.async.completeSignIn(cb)));

        assertThat(e).as("a typed failure").isNotNull();
        assertThat(e.reason()).isEqualTo(bad.reason());
        assertThat(e.category()).isEqualTo(bad.category());
        assertThat(e.remedy()).isPresent();
        assertThat(e.getMessage()).doesNotContain(Canary.CODE, Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN, start.state());
        assertThat(c.store.load("vkid:1001")).as("nothing stored").isEmpty();
        assertThat(VkIdWire.count(vk, VkIdWire.exchangeRequests())).isEqualTo(bad.exchanges() ? 1 : 0);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void completeSignIn_whenCallbackReplayed_refusesSecondUseWithoutExchanging(Mode mode) {
        Clients c = new Clients(vk);
        answer(VkIdWire.tokens(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN));
        SignInStart start = c.sync.startSignIn();
        Canary.remember(start.state());
        SignInCallback cb = good(start.state());
        mode.run(() -> c.sync.completeSignIn(cb), () -> c.async.completeSignIn(cb));
        c.store.delete("vkid:1001");

        SignInFailedException e = catchThrowableOfType(SignInFailedException.class,
                () -> mode.run(() -> c.sync.completeSignIn(cb), () -> c.async.completeSignIn(cb)));

        assertThat(e.reason()).isEqualTo(Reason.STATE_UNKNOWN);
        assertThat(VkIdWire.count(vk, VkIdWire.exchangeRequests())).isEqualTo(1);
        assertThat(c.store.load("vkid:1001")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void completeSignIn_whenAForgedStateCameFirst_stillCompletesTheGenuineCallback(Mode mode) {
        Clients c = new Clients(vk);
        answer(VkIdWire.tokens(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN));
        SignInStart start = c.sync.startSignIn();
        Canary.remember(start.state());
        SignInCallback forged = good(Pkce.newState());
        catchThrowableOfType(SignInFailedException.class, () -> mode.run(() -> c.sync.completeSignIn(forged), () -> c.async.completeSignIn(forged)));

        SignInResult done = mode.run(() -> c.sync.completeSignIn(good(start.state())), () -> c.async.completeSignIn(good(start.state())));

        assertThat(done.tokens().userId()).isEqualTo(1001);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void completeSignIn_whenVkIdAnswersHtml500_failsTransientAndStoresNothing(Mode mode) {
        Clients c = new Clients(vk);
        answer(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>"));
        SignInStart start = c.sync.startSignIn();
        Canary.remember(start.state());

        TransportException e = catchThrowableOfType(TransportException.class,
                () -> mode.run(() -> c.sync.completeSignIn(good(start.state())), () -> c.async.completeSignIn(good(start.state()))));

        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.httpStatus()).hasValue(502);
        assertThat(c.store.load("vkid:1001")).isEmpty();
    }

    @Test
    void fromUri_whenAParameterRepeats_refusesTheCallback() {
        URI polluted = URI.create(VkIdWire.REDIRECT_URI + "?code=a&state=s1&state=s2&device_id=d");

        SignInFailedException e = catchThrowableOfType(SignInFailedException.class, () -> SignInCallback.fromUri(polluted));

        assertThat(e.reason()).isEqualTo(Reason.CALLBACK_MALFORMED);
        assertThat(e.getMessage()).contains("state appears more than once");
    }

    @Test
    void startSignIn_whenNoRedirectUriConfigured_failsBeforeAnyIo() {
        VkIdClient client = VkIdClient.builder().config(VkIdConfig.builder().clientId(1).idBaseUrl(vk.baseUrl()).build()).buildClient();

        IllegalStateException e = catchThrowableOfType(IllegalStateException.class, client::startSignIn);

        assertThat(e).hasMessageContaining("redirectUri");
        assertThat(vk.getAllServeEvents()).isEmpty();
    }

    @Test
    void sferumException_isTheRootOfSignInFailures() {
        assertThat(SferumException.class).isAssignableFrom(SignInFailedException.class);
        assertThat(VkIdException.class).isAssignableFrom(SignInRequiredException.class);
    }
}
