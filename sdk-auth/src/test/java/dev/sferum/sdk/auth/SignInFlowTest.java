package dev.sferum.sdk.auth;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.auth.internal.Pkce;
import dev.sferum.sdk.auth.testing.Canary;
import dev.sferum.sdk.auth.testing.Clients;
import dev.sferum.sdk.auth.testing.Mode;
import dev.sferum.sdk.auth.testing.VkIdWire;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.TokenKind;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole VK ID flow over HTTP: authorize URL, callback, code exchange, stored grant, API calls, user info, sign-out. */
class SignInFlowTest {
    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static SignInCallback callback(String state) {
        return SignInCallback.fromUri(URI.create(VkIdWire.REDIRECT_URI + "?code=" + Canary.CODE + "&state=" + state
                + "&device_id=" + Canary.DEVICE_ID + "&type=code_v2&expires_in=600"));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void signIn_whenTheExchangeAnswerDoesNotEchoState_stillSignsIn(Mode mode) {
        Clients c = new Clients(vk);
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).withFormParam("grant_type", equalTo("authorization_code"))
                .willReturn(VkIdWire.tokensJson("\"access_token\":\"" + Canary.ACCESS_TOKEN + "\",\"refresh_token\":\""
                        + Canary.REFRESH_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"user_id\":1001")));

        SignInStart start = mode == Mode.SYNC ? c.sync.startSignIn(r -> r.scopes("email")) : c.async.startSignIn(r -> r.scopes("email"));
        Canary.remember(start.state());
        SignInCallback cb = callback(start.state());
        SignInResult done = mode.run(() -> c.sync.completeSignIn(cb), () -> c.async.completeSignIn(cb));

        assertThat(done.tokens().userId()).as("the callback's state was checked; the answer need not repeat it").isEqualTo(1001);
        assertThat(VkIdWire.onlyForm(vk, VkIdWire.exchangeRequests())).containsEntry("state", start.state());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void signIn_whenUserApproves_exchangesCodeWithVerifierAndStoresGrantUsableForCalls(Mode mode) {
        Clients c = new Clients(vk);
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).withFormParam("grant_type", equalTo("authorization_code"))
                .withFormParam("code", equalTo(Canary.CODE))
                .willReturn(VkIdWire.tokens(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN)));

        SignInStart start = mode == Mode.SYNC ? c.sync.startSignIn(r -> r.scopes("email")) : c.async.startSignIn(r -> r.scopes("email"));
        Canary.remember(start.state());

        URI authorize = start.authorizeUri();
        Map<String, String> q = VkIdWire.query(authorize.getRawQuery());
        assertThat(authorize.toString()).startsWith(vk.baseUrl() + "/authorize?");
        assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", "51234567")
                .containsEntry("redirect_uri", VkIdWire.REDIRECT_URI).containsEntry("state", start.state())
                .containsEntry("code_challenge_method", "s256").containsEntry("scope", "email");
        assertThat(start.state()).matches("[A-Za-z0-9_-]{43}");
        assertThat(q.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(start.expiresAt()).isEqualTo(Clients.START.plus(VkIdConfig.DEFAULT_SIGN_IN_TIMEOUT));

        SignInCallback cb = callback(start.state());
        SignInResult done = mode.run(() -> c.sync.completeSignIn(cb), () -> c.async.completeSignIn(cb));

        Map<String, String> form = VkIdWire.onlyForm(vk, VkIdWire.exchangeRequests());
        Canary.remember(form.get("code_verifier"));
        assertThat(form).containsEntry("code", Canary.CODE).containsEntry("device_id", Canary.DEVICE_ID)
                .containsEntry("client_id", "51234567").containsEntry("redirect_uri", VkIdWire.REDIRECT_URI)
                .containsEntry("state", start.state()).doesNotContainKey("client_secret");
        assertThat(form.get("code_verifier")).matches("[A-Za-z0-9_-]{43,128}");
        assertThat(Pkce.challenge(form.get("code_verifier"))).as("S256 of the verifier is the challenge sent").isEqualTo(q.get("code_challenge"));

        UserTokens t = done.tokens();
        assertThat(done.grantKey()).isEqualTo("vkid:1001");
        assertThat(t.userId()).isEqualTo(1001);
        assertThat(t.accessToken().kind()).isEqualTo(TokenKind.USER);
        assertThat(t.accessToken().reveal()).isEqualTo(Canary.ACCESS_TOKEN);
        assertThat(t.accessTokenExpiresAt()).isEqualTo(Clients.START.plusSeconds(3600));
        assertThat(t.refreshToken().reveal()).isEqualTo(Canary.REFRESH_TOKEN);
        assertThat(t.idToken()).hasValueSatisfying(id -> assertThat(id.reveal()).isEqualTo(Canary.ID_TOKEN));
        assertThat(t.deviceId()).isEqualTo(Canary.DEVICE_ID);
        assertThat(t.scopes()).containsExactly("vkid.personal_info", "email");
        assertThat(c.store.load("vkid:1001")).contains(new StoredGrant(t, 1));

        vk.stubFor(post("/method/users.get").withHeader("Authorization", equalTo("Bearer " + Canary.ACCESS_TOKEN))
                .willReturn(okJson("{\"response\":[{\"id\":1001,\"first_name\":\"Анна\"}]}")));
        UserTokenProvider tokens = mode == Mode.SYNC ? c.sync.tokenProvider(done.grantKey()) : c.async.tokenProvider(done.grantKey());
        ApiRequest usersGet = ApiRequest.builder("users.get").build();
        JsonNode me = mode.run(() -> c.api(tokens).call(usersGet, ResultType.json()), () -> c.apiAsync(tokens).call(usersGet, ResultType.json()));
        assertThat(me.get(0).get("id").asLong()).isEqualTo(1001);
        assertThat(VkIdWire.count(vk, VkIdWire.refreshRequests())).as("a fresh token is not refreshed").isZero();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void userInfo_whenTokenValid_readsProfileWithTokenInBody(Mode mode) {
        Clients c = new Clients(vk);
        vk.stubFor(post(urlPathEqualTo("/oauth2/user_info")).willReturn(okJson(
                "{\"user\":{\"user_id\":\"1001\",\"first_name\":\"Анна\",\"last_name\":\"Петрова\",\"avatar\":\"https://sun.example/a.jpg\","
                        + "\"email\":\"anna@school.example\"}}")));
        UserTokenRequest request = UserTokenRequest.builder().accessToken(dev.sferum.sdk.core.AccessToken.user(Canary.ACCESS_TOKEN))
                .deviceId(Canary.DEVICE_ID).build();

        VkIdUser user = mode.run(() -> c.sync.userInfo(request), () -> c.async.userInfo(request));

        assertThat(user.userId()).isEqualTo(1001);
        assertThat(user.firstName()).contains("Анна");
        assertThat(user.email()).contains("anna@school.example");
        assertThat(user.phone()).isEmpty();
        assertThat(user.toString()).isEqualTo("VkIdUser[userId=1001]");
        vk.verify(postRequestedFor(urlPathEqualTo("/oauth2/user_info")).withQueryParam("client_id", equalTo("51234567"))
                .withFormParam("access_token", equalTo(Canary.ACCESS_TOKEN)).withFormParam("device_id", equalTo(Canary.DEVICE_ID)));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void userInfo_whenTokenInvalid_failsWithTokenCategory(Mode mode) {
        Clients c = new Clients(vk);
        vk.stubFor(post(urlPathEqualTo("/oauth2/user_info")).willReturn(VkIdWire.oauthError(401, "invalid_token", "access_token is invalid")));
        UserTokenRequest request = UserTokenRequest.builder().accessToken(dev.sferum.sdk.core.AccessToken.user(Canary.ACCESS_TOKEN)).build();

        VkIdException e = org.assertj.core.api.Assertions.catchThrowableOfType(VkIdException.class,
                () -> mode.run(() -> c.sync.userInfo(request), () -> c.async.userInfo(request)));

        assertThat(e.category()).isEqualTo(dev.sferum.sdk.core.exception.ErrorCategory.TOKEN);
        assertThat(e.error()).contains("invalid_token");
        assertThat(e.getMessage()).contains("invalid_token").doesNotContain(Canary.ACCESS_TOKEN);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void signOut_whenGrantStored_logsOutAtVkIdAndDeletesGrant(Mode mode) {
        Clients c = new Clients(vk);
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).willReturn(VkIdWire.tokens(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN)));
        vk.stubFor(post(urlPathEqualTo("/oauth2/logout")).willReturn(okJson("{\"response\":1}")));
        SignInStart start = c.sync.startSignIn();
        Canary.remember(start.state());
        SignInResult done = c.sync.completeSignIn(callback(start.state()));
        c.clock.advance(Duration.ofMinutes(5));

        mode.exec(() -> c.sync.signOut(done.grantKey()), () -> c.async.signOut(done.grantKey()));

        assertThat(c.store.load(done.grantKey())).isEmpty();
        vk.verify(postRequestedFor(urlPathEqualTo("/oauth2/logout")).withQueryParam("client_id", equalTo("51234567"))
                .withFormParam("access_token", equalTo(Canary.ACCESS_TOKEN)).withFormParam("device_id", equalTo(Canary.DEVICE_ID)));
        assertThat(VkIdWire.count(vk, VkIdWire.refreshRequests())).isZero();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void signOut_whenVkIdSaysTokenAlreadyInvalid_stillDeletesGrant(Mode mode) {
        Clients c = new Clients(vk);
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).willReturn(VkIdWire.tokens(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN)));
        vk.stubFor(post(urlPathEqualTo("/oauth2/logout")).willReturn(VkIdWire.oauthError(401, "invalid_token", "token is expired")));
        SignInStart start = c.sync.startSignIn();
        Canary.remember(start.state());
        SignInResult done = c.sync.completeSignIn(callback(start.state()));

        mode.exec(() -> c.sync.signOut(done.grantKey()), () -> c.async.signOut(done.grantKey()));

        assertThat(c.store.load(done.grantKey())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void revoke_whenCalled_postsTokenAndClientIdInBody(Mode mode) {
        Clients c = new Clients(vk);
        vk.stubFor(post(urlPathEqualTo("/oauth2/revoke")).willReturn(okJson("{\"response\":1}")));
        RevokeRequest request = RevokeRequest.builder().accessToken(dev.sferum.sdk.core.AccessToken.user(Canary.ACCESS_TOKEN)).build();

        mode.exec(() -> c.sync.revoke(request), () -> c.async.revoke(request));

        vk.verify(postRequestedFor(urlPathEqualTo("/oauth2/revoke")).withFormParam("access_token", equalTo(Canary.ACCESS_TOKEN))
                .withFormParam("client_id", equalTo("51234567")));
        assertThat(vk.findAll(postRequestedFor(urlPathEqualTo("/oauth2/revoke"))).get(0).getUrl()).doesNotContain(Canary.ACCESS_TOKEN);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void signIn_whenCallbackPacksParametersInPayload_readsThem(Mode mode) {
        Clients c = new Clients(vk);
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).willReturn(VkIdWire.tokens(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN)));
        SignInStart start = c.sync.startSignIn();
        Canary.remember(start.state());
        String payload = "{\"type\":\"code_v2\",\"code\":\"" + Canary.CODE + "\",\"state\":\"" + start.state() + "\",\"device_id\":\""
                + Canary.DEVICE_ID + "\",\"expires_in\":600}";
        SignInCallback cb = SignInCallback.fromParameters(Map.of("payload", payload));

        SignInResult done = mode.run(() -> c.sync.completeSignIn(cb), () -> c.async.completeSignIn(cb));

        assertThat(done.tokens().deviceId()).isEqualTo(Canary.DEVICE_ID);
        assertThat(VkIdWire.onlyForm(vk, VkIdWire.exchangeRequests())).containsEntry("code", Canary.CODE);
    }
}
