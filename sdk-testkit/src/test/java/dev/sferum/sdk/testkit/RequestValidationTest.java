package dev.sferum.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What a client can send wrongly gets VK's error code in VK's envelope, never a 500 or a stack trace. */
class RequestValidationTest {

    private FakeVk fake;
    private VkHttp vk;
    private FakeCommunity school;
    private FakeUser teacher;

    @BeforeEach
    void start() {
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        vk = new VkHttp(fake);
        teacher = fake.createUser("Анна", "Петрова");
        school = fake.createCommunity("Школа №1", teacher);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void start_whenDefaults_expectedLoopbackBaseUriOnFreePort() {
        assertThat(fake.baseUri().getHost()).isEqualTo("127.0.0.1");
        assertThat(fake.baseUri().getPort()).isPositive();
        assertThat(fake.baseUri().getPath()).isEqualTo("/");
    }

    @Test
    void anyAnswer_whenMethodCalled_expectedExactJsonContentTypeAndHttp200() {
        HttpResponse<String> response = vk.send(vk.post("method/users.get", "v", "5.199"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    }

    @Test
    void call_whenMethodUnknown_expectedError3() {
        assertThat(vk.errorCode(school.token(), "messages.sendAll", "peer_id", "1")).isEqualTo(3);
    }

    @Test
    void call_whenMethodNameCaseDiffers_expectedError3() {
        assertThat(vk.errorCode(school.token(), "Messages.Send", "peer_id", "1")).isEqualTo(3);
    }

    @Test
    void call_whenVersionMissing_expectedError100NamingV() {
        JsonNode body = VkHttp.json(vk.send(vk.post("method/users.get", "access_token", school.token().value())));

        assertThat(body.at("/error/error_code").asInt()).isEqualTo(100);
        assertThat(body.at("/error/error_msg").asString()).contains("v is undefined");
    }

    @Test
    void call_whenNoToken_expectedError5() {
        JsonNode body = vk.call((String) null, "users.get");

        assertThat(body.at("/error/error_code").asInt()).isEqualTo(5);
        assertThat(body.at("/error/error_msg").asString()).isEqualTo(
                "User authorization failed: no access_token passed.");
    }

    @Test
    void call_whenTokenUnknown_expectedError5() {
        assertThat(vk.call("vk1.a.not-a-token", "users.get").at("/error/error_code").asInt()).isEqualTo(5);
    }

    @Test
    void call_whenTokenRevoked_expectedError5() {
        FakeToken token = fake.userToken(teacher);
        fake.revoke(token);

        assertThat(vk.errorCode(token, "users.get")).isEqualTo(5);
    }

    @Test
    void call_whenUserTokenExpiredByFakeClock_expectedError5WithSubcode1130() {
        FakeToken token = fake.userToken(teacher, Duration.ofHours(1));
        vk.ok(token, "users.get");

        fake.clock().advance(Duration.ofHours(1));
        JsonNode error = vk.call(token, "users.get").get("error");

        assertThat(error.get("error_code").asInt()).isEqualTo(5);
        assertThat(error.get("error_subcode").asInt()).isEqualTo(1130);
    }

    @Test
    void call_whenCommunityTokenCallsUserOnlyMethod_expectedError27() {
        assertThat(vk.errorCode(school.token(), "messages.addChatUser", "chat_id", "1", "user_id", "1001"))
                .isEqualTo(27);
        assertThat(vk.errorCode(school.token(), "calls.start")).isEqualTo(27);
        assertThat(vk.errorCode(school.token(), "messages.getChat", "chat_id", "1")).isEqualTo(27);
    }

    @Test
    void call_whenServiceTokenCallsMessages_expectedError28() {
        FakeToken service = fake.serviceToken(51234567);

        assertThat(vk.errorCode(service, "messages.send", "peer_id", "1001", "message", "x", "random_id", "1"))
                .isEqualTo(28);
        assertThat(vk.ok(service, "users.get", "user_ids", String.valueOf(teacher.id()))).hasSize(1);
    }

    @Test
    void call_whenRequiredParameterMissing_expectedError100NamingIt() {
        JsonNode error = vk.call(school.token(), "messages.removeChatUser", "user_id", "1001").get("error");

        assertThat(error.get("error_code").asInt()).isEqualTo(100);
        assertThat(error.get("error_msg").asString())
                .isEqualTo("One of the parameters specified was missing or invalid: chat_id is undefined");
    }

    @Test
    void call_whenIntegerParameterIsText_expectedError100() {
        assertThat(vk.errorCode(school.token(), "messages.getHistory", "peer_id", "abc")).isEqualTo(100);
    }

    @Test
    void call_whenJsonBody_expectedError8() {
        HttpRequest request = HttpRequest.newBuilder(fake.baseUri().resolve("method/messages.send"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + school.token().value())
                .POST(HttpRequest.BodyPublishers.ofString("{\"peer_id\":1001,\"message\":\"hi\",\"v\":\"5.199\"}"))
                .build();

        HttpResponse<String> response = vk.send(request);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(VkHttp.json(response).at("/error/error_code").asInt()).isEqualTo(8);
    }

    @Test
    void call_whenHttpMethodIsPut_expectedError9999() {
        HttpRequest request = HttpRequest.newBuilder(fake.baseUri().resolve("method/users.get?v=5.199"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build();

        assertThat(VkHttp.json(vk.send(request)).at("/error/error_code").asInt()).isEqualTo(9999);
    }

    @Test
    void call_whenGetWithQueryString_expectedSameAsPost() {
        HttpResponse<String> response = vk.send(vk.get("method/users.get?v=5.199&user_ids=" + teacher.id()
                + "&access_token=" + school.token().value()));

        assertThat(VkHttp.json(response).at("/response/0/first_name").asString()).isEqualTo("Анна");
    }

    @Test
    void call_whenBodyIsGarbage_expectedVkErrorNotServerError() {
        HttpRequest request = HttpRequest.newBuilder(fake.baseUri().resolve("method/messages.send"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("%%%&&==\u0000\uFFFF=%zz"))
                .build();

        HttpResponse<String> response = vk.send(request);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(VkHttp.json(response).at("/error/error_code").asInt()).isEqualTo(100);
    }

    @Test
    void call_whenMultipartForm_expectedParametersRead() {
        String boundary = "----b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\n5.199\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"user_ids\"\r\n\r\n" + teacher.id()
                + "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(fake.baseUri().resolve("method/users.get"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + school.token().value())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();

        assertThat(VkHttp.json(vk.send(request)).at("/response/0/id").asLong()).isEqualTo(teacher.id());
    }

    @Test
    void errorEnvelope_whenTokenSentAsParameter_expectedRequestParamsEchoItAsVkDoes() {
        JsonNode body = VkHttp.json(vk.send(vk.post("method/messages.getChat", "chat_id", "1",
                "access_token", school.token().value(), "v", "5.199")));

        JsonNode params = body.at("/error/request_params");
        assertThat(params.get(0).get("key").asString()).isEqualTo("method");
        assertThat(params.get(0).get("value").asString()).isEqualTo("messages.getChat");
        assertThat(params.toString()).contains("\"oauth\"").contains(school.token().value());
    }

    @Test
    void errorEnvelope_whenTokenSentAsBearerHeader_expectedTokenNotEchoed() {
        JsonNode body = vk.call(school.token(), "messages.getChat", "chat_id", "1");

        assertThat(body.toString()).doesNotContain(school.token().value());
    }

    @Test
    void unknownPath_whenRequested_expectedHtml404NotStackTrace() {
        HttpResponse<String> response = vk.send(vk.get("nope"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("404").doesNotContain("Exception");
    }
}
