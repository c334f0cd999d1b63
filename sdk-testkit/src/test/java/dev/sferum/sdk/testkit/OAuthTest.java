package dev.sferum.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** VK ID: authorize with PKCE, code exchange, refresh rotation, expiry by the fake clock, revoke, user info. */
class OAuthTest {

    private static final URI CALLBACK = URI.create("https://school.example/vkid/callback");
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private FakeVk fake;
    private VkHttp vk;
    private FakeUser teacher;
    private FakeOAuthClient app;

    @BeforeEach
    void start() {
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        vk = new VkHttp(fake);
        teacher = fake.createUser("Анна", "Петрова");
        app = fake.oauth().registerClient(CALLBACK);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            result.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return result;
    }

    private Map<String, String> authorize(String... scopes) {
        URI back = fake.oauth().authorize(teacher, app, CALLBACK, "state-123", FakeOAuth.codeChallenge(VERIFIER),
                scopes);
        assertThat(back.toString()).startsWith(CALLBACK + "?");
        return query(back);
    }

    private HttpResponse<String> exchange(Map<String, String> redirect, String verifier) {
        return vk.send(vk.post("oauth2/auth", "grant_type", "authorization_code", "code", redirect.get("code"),
                "code_verifier", verifier, "client_id", String.valueOf(app.clientId()),
                "device_id", redirect.get("device_id"), "redirect_uri", CALLBACK.toString(), "state", "state-123"));
    }

    private HttpResponse<String> refresh(String refreshToken, String deviceId) {
        return vk.send(vk.post("oauth2/auth", "grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", String.valueOf(app.clientId()), "device_id", deviceId, "state", "s2"));
    }

    @Test
    void authorize_whenValid_expectedRedirectWithCodeStateDeviceIdAndCodeLifetime() {
        Map<String, String> redirect = authorize("email");

        assertThat(redirect).containsKeys("code", "device_id").containsEntry("state", "state-123")
                .containsEntry("type", "code_v2").containsEntry("expires_in", "600");
    }

    @Test
    void authorize_whenRedirectUriNotRegistered_expectedIllegalArgumentNamingIt() {
        assertThatThrownBy(() -> fake.oauth().authorize(teacher, app, URI.create("https://evil.example/cb"), "s",
                FakeOAuth.codeChallenge(VERIFIER)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("evil.example");
    }

    @Test
    void exchange_whenVerifierMatches_expectedTokensThatWorkOnVkMethods() {
        HttpResponse<String> response = exchange(authorize("email"), VERIFIER);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode tokens = VkHttp.json(response);
        assertThat(tokens.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(tokens.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(tokens.get("user_id").asLong()).isEqualTo(teacher.id());
        assertThat(tokens.get("state").asString()).isEqualTo("state-123");
        assertThat(tokens.get("scope").asString()).isEqualTo("email");
        assertThat(tokens.get("id_token").asString().split("\\.")).hasSize(3);
        String access = tokens.get("access_token").asString();
        assertThat(vk.ok(access, "users.get").get(0).get("id").asLong()).isEqualTo(teacher.id());
        assertThat(fake.oauth().codeExchangeCount()).isEqualTo(1);
    }

    @Test
    void exchange_whenVerifierWrong_expectedInvalidGrantInOAuthShape() {
        HttpResponse<String> response = exchange(authorize(), "x".repeat(43));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = VkHttp.json(response);
        assertThat(error.get("error").asString()).isEqualTo("invalid_grant");
        assertThat(error.get("error_description").asString()).contains("code_verifier");
        assertThat(error.get("state").asString()).isEqualTo("state-123");
        assertThat(error.has("response")).isFalse();
    }

    @Test
    void exchange_whenCodeUsedTwice_expectedInvalidGrantAndFirstTokensRevoked() {
        Map<String, String> redirect = authorize();
        String access = VkHttp.json(exchange(redirect, VERIFIER)).get("access_token").asString();

        HttpResponse<String> second = exchange(redirect, VERIFIER);

        assertThat(VkHttp.json(second).get("error").asString()).isEqualTo("invalid_grant");
        assertThat(vk.call(access, "users.get").at("/error/error_code").asInt()).isEqualTo(5);
    }

    @Test
    void exchange_whenCodeExpiredByFakeClock_expectedInvalidGrant() {
        Map<String, String> redirect = authorize();
        fake.clock().advance(Duration.ofMinutes(10));

        assertThat(VkHttp.json(exchange(redirect, VERIFIER)).get("error_description").asString())
                .contains("expired");
    }

    @Test
    void exchange_whenRedirectUriDiffers_expectedInvalidGrant() {
        Map<String, String> redirect = authorize();

        HttpResponse<String> response = vk.send(vk.post("oauth2/auth", "grant_type", "authorization_code",
                "code", redirect.get("code"), "code_verifier", VERIFIER, "client_id", String.valueOf(app.clientId()),
                "device_id", redirect.get("device_id"), "redirect_uri", "https://school.example/other"));

        assertThat(VkHttp.json(response).get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void exchange_whenParameterMissing_expectedInvalidRequest() {
        HttpResponse<String> response = vk.send(vk.post("oauth2/auth", "grant_type", "authorization_code",
                "client_id", String.valueOf(app.clientId())));

        assertThat(VkHttp.json(response).get("error").asString()).isEqualTo("invalid_request");
    }

    @Test
    void accessToken_whenExpiredByFakeClock_expectedVkError5WithSubcode1130() {
        String access = VkHttp.json(exchange(authorize(), VERIFIER)).get("access_token").asString();

        fake.clock().advance(Duration.ofHours(1));
        JsonNode error = vk.call(access, "users.get").get("error");

        assertThat(error.get("error_code").asInt()).isEqualTo(5);
        assertThat(error.get("error_subcode").asInt()).isEqualTo(1130);
    }

    @Test
    void refresh_whenRotated_expectedNewTokensAndOldRefreshTokenRejected() {
        Map<String, String> redirect = authorize();
        JsonNode first = VkHttp.json(exchange(redirect, VERIFIER));
        String oldRefresh = first.get("refresh_token").asString();
        fake.clock().advance(Duration.ofMinutes(59));

        JsonNode second = VkHttp.json(refresh(oldRefresh, redirect.get("device_id")));
        HttpResponse<String> reuse = refresh(oldRefresh, redirect.get("device_id"));

        assertThat(second.get("refresh_token").asString()).isNotEqualTo(oldRefresh);
        assertThat(second.get("access_token").asString()).isNotEqualTo(first.get("access_token").asString());
        assertThat(second.get("state").asString()).isEqualTo("s2");
        assertThat(reuse.statusCode()).isEqualTo(400);
        assertThat(VkHttp.json(reuse).get("error").asString()).isEqualTo("invalid_grant");
        assertThat(fake.oauth().refreshRequestCount()).isEqualTo(2);
        fake.clock().advance(Duration.ofMinutes(30));
        assertThat(vk.ok(second.get("access_token").asString(), "users.get")).hasSize(1);
    }

    @Test
    void refresh_whenSessionsEnded_expectedInvalidGrant() {
        Map<String, String> redirect = authorize();
        String refreshToken = VkHttp.json(exchange(redirect, VERIFIER)).get("refresh_token").asString();

        fake.oauth().endSessions(teacher);

        assertThat(VkHttp.json(refresh(refreshToken, redirect.get("device_id"))).get("error").asString())
                .isEqualTo("invalid_grant");
    }

    @Test
    void revoke_whenAccessTokenRevoked_expectedVkMethodsRejectItAndRefreshStops() {
        Map<String, String> redirect = authorize();
        JsonNode tokens = VkHttp.json(exchange(redirect, VERIFIER));
        String access = tokens.get("access_token").asString();

        JsonNode revoked = VkHttp.json(vk.send(vk.post("oauth2/revoke", "access_token", access,
                "client_id", String.valueOf(app.clientId()))));

        assertThat(revoked.get("response").asInt()).isEqualTo(1);
        assertThat(vk.call(access, "users.get").at("/error/error_code").asInt()).isEqualTo(5);
        assertThat(VkHttp.json(refresh(tokens.get("refresh_token").asString(), redirect.get("device_id")))
                .get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void userInfo_whenEmailGranted_expectedEmailButNoPhone() {
        String access = VkHttp.json(exchange(authorize("email"), VERIFIER)).get("access_token").asString();

        JsonNode info = VkHttp.json(vk.send(vk.post("oauth2/user_info", "access_token", access,
                "client_id", String.valueOf(app.clientId()))));

        assertThat(info.at("/user/user_id").asString()).isEqualTo(String.valueOf(teacher.id()));
        assertThat(info.at("/user/first_name").asString()).isEqualTo("Анна");
        assertThat(info.at("/user").has("email")).isTrue();
        assertThat(info.at("/user").has("phone")).isFalse();
    }

    @Test
    void userInfo_whenTokenInvalid_expectedInvalidTokenError() {
        HttpResponse<String> response = vk.send(vk.post("oauth2/user_info", "access_token", "nope",
                "client_id", String.valueOf(app.clientId())));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(VkHttp.json(response).get("error").asString()).isEqualTo("invalid_token");
    }

    @Test
    void logout_whenValidToken_expectedResponse1AndTokenDead() {
        String access = VkHttp.json(exchange(authorize(), VERIFIER)).get("access_token").asString();

        JsonNode body = VkHttp.json(vk.send(vk.post("oauth2/logout?client_id=" + app.clientId(),
                "access_token", access)));

        assertThat(body.get("response").asInt()).isEqualTo(1);
        assertThat(vk.call(access, "users.get").at("/error/error_code").asInt()).isEqualTo(5);
    }

    @Test
    void publicInfo_whenIdTokenFromExchange_expectedUser() {
        String idToken = VkHttp.json(exchange(authorize(), VERIFIER)).get("id_token").asString();

        JsonNode info = VkHttp.json(vk.send(vk.post("oauth2/public_info", "id_token", idToken,
                "client_id", String.valueOf(app.clientId()))));

        assertThat(info.at("/user/user_id").asString()).isEqualTo(String.valueOf(teacher.id()));
    }

    @Test
    void browserAuthorize_whenSignedIn_expectedRedirectToCallbackWithCode() {
        fake.oauth().signIn(teacher);
        URI authorizeUri = fake.oauth().authorizeUri(app, CALLBACK, "st", FakeOAuth.codeChallenge(VERIFIER));

        HttpResponse<String> response = vk.send(vk.get(authorizeUri.toString()));

        assertThat(response.statusCode()).isEqualTo(302);
        Map<String, String> redirect = query(URI.create(response.headers().firstValue("Location").orElseThrow()));
        assertThat(redirect).containsKey("code").containsEntry("state", "st");
        assertThat(VkHttp.json(exchange(redirect, VERIFIER)).has("access_token")).isTrue();
    }

    @Test
    void browserAuthorize_whenNobodySignedIn_expectedAccessDeniedRedirect() {
        URI authorizeUri = fake.oauth().authorizeUri(app, CALLBACK, "st", FakeOAuth.codeChallenge(VERIFIER));

        HttpResponse<String> response = vk.send(vk.get(authorizeUri.toString()));

        assertThat(response.headers().firstValue("Location").orElseThrow()).contains("error=access_denied")
                .contains("state=st");
    }

    @Test
    void browserAuthorize_whenChallengeMissing_expectedInvalidRequestRedirect() {
        fake.oauth().signIn(teacher);

        HttpResponse<String> response = vk.send(vk.get("authorize?response_type=code&client_id=" + app.clientId()
                + "&redirect_uri=" + CALLBACK + "&state=st"));

        assertThat(response.headers().firstValue("Location").orElseThrow()).contains("error=invalid_request");
    }

    @Test
    void clientCredentials_whenSecretRight_expectedServiceTokenThatCallsUsersGetOnly() {
        HttpResponse<String> response = vk.send(vk.get("access_token?client_id=" + app.clientId()
                + "&client_secret=" + app.clientSecret() + "&v=5.199&grant_type=client_credentials"));

        String service = VkHttp.json(response).get("access_token").asString();
        assertThat(vk.ok(service, "users.get", "user_ids", String.valueOf(teacher.id()))).hasSize(1);
        assertThat(vk.call(service, "messages.getConversations").at("/error/error_code").asInt()).isEqualTo(28);
    }

    @Test
    void clientCredentials_whenSecretWrong_expectedInvalidClient() {
        HttpResponse<String> response = vk.send(vk.get("access_token?client_id=" + app.clientId()
                + "&client_secret=wrong&v=5.199&grant_type=client_credentials"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(VkHttp.json(response).get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void requests_whenOAuthCalls_expectedSecretsRedacted() {
        Map<String, String> redirect = authorize();
        exchange(redirect, VERIFIER);

        RecordedRequest recorded = fake.requests("/oauth2/auth").get(0);

        assertThat(recorded.params().get("code")).startsWith("<redacted:");
        assertThat(recorded.params().get("code_verifier")).startsWith("<redacted:");
        assertThat(recorded.toString()).doesNotContain(VERIFIER).doesNotContain(redirect.get("code"));
        assertThat(app.toString()).doesNotContain(app.clientSecret());
    }
}
