package dev.sferum.sdk.core;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.exception.WrongTokenKindException;
import dev.sferum.sdk.core.testing.Canary;
import dev.sferum.sdk.core.testing.Mode;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The core call path against WireMock stubs of VK's real wire format, each scenario sync and async. */
class ApiClientWireTest {

    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private ApiClientBuilder client(AccessToken token) {
        return client(ClientConfig.builder().baseUrl(vk.baseUrl()), token);
    }

    /** One attempt and no budget: these tests look at a single exchange; ResilienceTest covers retries. */
    private ApiClientBuilder client(ClientConfig.Builder config, AccessToken token) {
        return ApiClient.builder().config(config.retryPolicy(RetryPolicy.none()).rateLimits(RateLimits.unlimited()).build()).token(token);
    }

    private static String error(int code, String msg, String extra) {
        return "{\"error\":{\"error_code\":" + code + ",\"error_msg\":\"" + msg + "\"" + extra
                + ",\"request_params\":[{\"key\":\"method\",\"value\":\"messages.send\"},{\"key\":\"v\",\"value\":\"5.199\"},"
                + "{\"key\":\"access_token\",\"value\":\"" + Canary.COMMUNITY_TOKEN + "\"},{\"key\":\"peer_id\",\"value\":\"2000000012\"}]}}";
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenResponse_postsFormWithBearerAndReturnsTree(Mode mode) {
        vk.stubFor(post("/method/messages.send").willReturn(okJson("{\"response\": 4711}")));

        JsonNode result = mode.call(client(Canary.community()), ApiRequest.builder("messages.send")
                .param("peer_id", 2000000012L).param("random_id", 77L).param("message", "Урок перенесён на 9:00")
                .param("disable_mentions", true).build(), ResultType.json());

        assertThat(result.asLong()).isEqualTo(4711);
        vk.verify(postRequestedFor(urlEqualTo("/method/messages.send"))
                .withHeader("Authorization", equalTo("Bearer " + Canary.COMMUNITY_TOKEN))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("peer_id=2000000012&random_id=77&message=%D0%A3%D1%80%D0%BE%D0%BA+%D0%BF%D0%B5%D1%80%D0%B5%D0%BD%D0%B5%D1%81%D1%91%D0%BD+%D0%BD%D0%B0+9%3A00&disable_mentions=1&v=5.199")));
        assertThat(vk.getAllServeEvents()).allSatisfy(e -> {
            assertThat(e.getRequest().getUrl()).doesNotContain(Canary.COMMUNITY_TOKEN);
            assertThat(e.getRequest().getBodyAsString()).doesNotContain(Canary.COMMUNITY_TOKEN);
        });
    }

    record Member(long member_id, boolean is_admin, Role role) {
    }

    enum Role {
        TEACHER, PUPIL,
        @com.fasterxml.jackson.annotation.JsonEnumDefaultValue UNKNOWN
    }

    record Members(int count, List<Member> items) {
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenTyped_readsLenientlyWithUnknownFieldsEnumsAndNumericBooleans(Mode mode) {
        vk.stubFor(post("/method/messages.getConversationMembers").willReturn(okJson(
                "{\"response\":{\"count\":2,\"surprise\":{\"x\":1},\"items\":[{\"member_id\":-123456,\"is_admin\":1,\"role\":\"TEACHER\"},"
                        + "{\"member_id\":1001,\"is_admin\":0,\"role\":\"HEADMASTER\",\"can_kick\":true}]}}")));

        Members members = mode.call(client(Canary.community()), ApiRequest.builder("messages.getConversationMembers")
                .param("peer_id", 2000000012L).build(), ResultType.of(Members.class));

        assertThat(members.count()).isEqualTo(2);
        assertThat(members.items()).containsExactly(new Member(-123456, true, Role.TEACHER), new Member(1001, false, Role.UNKNOWN));
    }

    static Stream<Arguments> categories() {
        List<Arguments> args = new ArrayList<>();
        Object[][] table = {
                {10, ErrorCategory.TRANSIENT, true}, {6, ErrorCategory.THROTTLED, true}, {9, ErrorCategory.THROTTLED, true},
                {5, ErrorCategory.TOKEN, false}, {14, ErrorCategory.NEEDS_HUMAN, false}, {15, ErrorCategory.PERMISSION, false},
                {7, ErrorCategory.PERMISSION, false}, {100, ErrorCategory.INVALID_INPUT, false},
                {104, ErrorCategory.NOT_FOUND, false}, {29, ErrorCategory.THROTTLED, true},
                // chat codes are sdk-chat's; to core they are unknown, and unknown codes are not retried
                {950, ErrorCategory.INVALID_INPUT, false}, {777, ErrorCategory.INVALID_INPUT, false}};
        for (Mode m : Mode.values()) {
            for (Object[] row : table) {
                args.add(Arguments.of(m, row[0], row[1], row[2]));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} error {1} -> {2}")
    @MethodSource("categories")
    void call_whenVkError_throwsTypedApiExceptionWithCategory(Mode mode, int code, ErrorCategory category, boolean retryable) {
        vk.stubFor(post("/method/messages.send").willReturn(okJson(error(code, "Some error", ""))));

        ApiException e = catchThrowableOfType(ApiException.class, () -> mode.call(client(Canary.community()),
                ApiRequest.builder("messages.send").param("peer_id", 2000000012L).build(), ResultType.json()));

        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.category()).isEqualTo(category);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.method()).contains("messages.send");
        assertThat(e.getMessage()).contains("VK API error " + code).contains("messages.send");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenErrorEchoesToken_redactsItEverywhere(Mode mode) {
        vk.stubFor(post("/method/messages.send").willReturn(okJson(error(100, "One of the parameters specified was missing or invalid", ""))));

        ApiException e = catchThrowableOfType(ApiException.class, () -> mode.call(client(Canary.community()),
                ApiRequest.builder("messages.send").param("peer_id", 2000000012L).build(), ResultType.json()));

        assertThat(e.requestParams()).containsEntry("access_token", "[redacted]").containsEntry("peer_id", "2000000012");
        assertThat(e.getMessage()).doesNotContain(Canary.COMMUNITY_TOKEN);
        assertThat(e.toString()).doesNotContain(Canary.COMMUNITY_TOKEN);
        assertThat(e.requestParams().toString()).doesNotContain(Canary.COMMUNITY_TOKEN);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenCaptcha_exposesSidAndImage(Mode mode) {
        vk.stubFor(post("/method/messages.send").willReturn(okJson(error(14, "Captcha needed",
                ",\"captcha_sid\":\"548747100691\",\"captcha_img\":\"https://api.vk.com/captcha.php?sid=548747100691\""))));

        ApiException e = catchThrowableOfType(ApiException.class, () -> mode.call(client(Canary.community()),
                ApiRequest.builder("messages.send").param("peer_id", 1).build(), ResultType.json()));

        assertThat(e.category()).isEqualTo(ErrorCategory.NEEDS_HUMAN);
        assertThat(e.humanCheck()).hasValueSatisfying(h -> {
            assertThat(h.captchaSid()).isEqualTo("548747100691");
            assertThat(h.captchaImg()).isEqualTo("https://api.vk.com/captcha.php?sid=548747100691");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenHtml502_throwsTransientHttpStatus(Mode mode) {
        vk.stubFor(post("/method/users.get").willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")));

        TransportException e = catchThrowableOfType(TransportException.class, () -> mode.call(client(Canary.service()),
                ApiRequest.builder("users.get").param("user_ids", List.of(1, 2)).build(), ResultType.json()));

        assertThat(e.failure()).isEqualTo(TransportException.Failure.HTTP_STATUS);
        assertThat(e.httpStatus()).hasValue(502);
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.getMessage()).contains("HTTP 502");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenHtml200_throwsMalformedBody(Mode mode) {
        vk.stubFor(post("/method/users.get").willReturn(aResponse().withStatus(200).withBody("<!DOCTYPE html><p>captive portal</p>")));

        TransportException e = catchThrowableOfType(TransportException.class, () -> mode.call(client(Canary.service()),
                ApiRequest.builder("users.get").build(), ResultType.json()));

        assertThat(e.failure()).isEqualTo(TransportException.Failure.MALFORMED_BODY);
        assertThat(e.getMessage()).contains("HTML page");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenSlowerThanAttemptTimeout_throwsTimeoutThatMayHaveBeenSent(Mode mode) {
        vk.stubFor(post("/method/users.get").willReturn(okJson("{\"response\":[]}").withFixedDelay(3_000)));

        TransportException e = catchThrowableOfType(TransportException.class, () -> mode.call(
                client(ClientConfig.builder().baseUrl(vk.baseUrl()).attemptTimeout(Duration.ofMillis(200)), Canary.service()),
                ApiRequest.builder("users.get").build(), ResultType.json()));

        assertThat(e.failure()).isEqualTo(TransportException.Failure.TIMEOUT);
        assertThat(e.requestSent()).isTrue();
        assertThat(e.retryable()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenNeitherResponseNorError_throwsMalformedBody(Mode mode) {
        vk.stubFor(post("/method/users.get").willReturn(okJson("{\"result\": 1}")));

        TransportException e = catchThrowableOfType(TransportException.class, () -> mode.call(client(Canary.service()),
                ApiRequest.builder("users.get").build(), ResultType.json()));

        assertThat(e.failure()).isEqualTo(TransportException.Failure.MALFORMED_BODY);
        assertThat(e.getMessage()).contains("neither \"response\" nor \"error\"");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenBodyIsNotJson_throwsMalformedBodyWithoutEchoingIt(Mode mode) {
        vk.stubFor(post("/method/users.get").willReturn(okJson("{\"response\": [1, 2, " + Canary.USER_TOKEN)));

        TransportException e = catchThrowableOfType(TransportException.class, () -> mode.call(client(Canary.service()),
                ApiRequest.builder("users.get").build(), ResultType.json()));

        assertThat(e.failure()).isEqualTo(TransportException.Failure.MALFORMED_BODY);
        assertThat(e.getMessage()).doesNotContain(Canary.USER_TOKEN);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenDeeplyNested_throwsMalformedBodyNotStackOverflow(Mode mode) {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        vk.stubFor(post("/method/users.get").willReturn(okJson("{\"response\":" + deep + "}")));

        TransportException e = catchThrowableOfType(TransportException.class, () -> mode.call(client(Canary.service()),
                ApiRequest.builder("users.get").build(), ResultType.json()));

        assertThat(e.failure()).isEqualTo(TransportException.Failure.MALFORMED_BODY);
        assertThat(e.getMessage()).contains("read limit");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenTypedShapeDiffers_throwsMalformedBodyNamingTheType(Mode mode) {
        vk.stubFor(post("/method/messages.getConversationMembers").willReturn(okJson("{\"response\":{\"count\":\"many\",\"items\":7}}")));

        TransportException e = catchThrowableOfType(TransportException.class, () -> mode.call(client(Canary.community()),
                ApiRequest.builder("messages.getConversationMembers").param("peer_id", 2000000001L).build(), ResultType.of(Members.class)));

        assertThat(e.failure()).isEqualTo(TransportException.Failure.MALFORMED_BODY);
        assertThat(e.getMessage()).contains("Members");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenWrongTokenKind_refusesBeforeAnyRequest(Mode mode) {
        WrongTokenKindException e = catchThrowableOfType(WrongTokenKindException.class, () -> mode.call(client(Canary.community()),
                ApiRequest.builder("messages.addChatUser").param("chat_id", 12).param("user_id", 1001).build(), ResultType.json()));

        assertThat(e.getMessage()).startsWith("messages.addChatUser needs a user token; a community token was supplied");
        assertThat(e.category()).isEqualTo(ErrorCategory.TOKEN);
        assertThat(vk.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenTokenExpired_renewsOnceAndRepeats(Mode mode) {
        vk.stubFor(post("/method/users.get").withHeader("Authorization", equalTo("Bearer " + Canary.USER_TOKEN))
                .willReturn(okJson("{\"error\":{\"error_code\":5,\"error_subcode\":1130,\"error_msg\":\"User authorization failed: access_token has expired.\"}}")));
        vk.stubFor(post("/method/users.get").withHeader("Authorization", equalTo("Bearer " + Canary.FRESH_USER_TOKEN))
                .willReturn(okJson("{\"response\":[{\"id\":1001}]}")));
        List<AccessToken> renewed = Collections.synchronizedList(new ArrayList<>());
        TokenProvider provider = new TokenProvider() {
            @Override
            public AccessToken token() {
                return Canary.user();
            }

            @Override
            public CompletableFuture<AccessToken> tokenAsync() {
                return CompletableFuture.completedFuture(Canary.user());
            }

            @Override
            public Optional<AccessToken> renew(AccessToken rejected) {
                renewed.add(rejected);
                return Optional.of(AccessToken.user(Canary.FRESH_USER_TOKEN));
            }

            @Override
            public CompletableFuture<Optional<AccessToken>> renewAsync(AccessToken rejected) {
                return CompletableFuture.completedFuture(renew(rejected));
            }
        };

        JsonNode users = mode.call(ApiClient.builder().config(ClientConfig.builder().baseUrl(vk.baseUrl()).build()).tokenProvider(provider),
                ApiRequest.builder("users.get").build(), ResultType.json());

        assertThat(users.get(0).path("id").asLong()).isEqualTo(1001);
        assertThat(renewed).containsExactly(Canary.user());
        assertThat(vk.getAllServeEvents()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenTokenExpiredAndCannotRenew_throwsTokenError(Mode mode) {
        vk.stubFor(post("/method/users.get").willReturn(okJson("{\"error\":{\"error_code\":5,\"error_msg\":\"User authorization failed\"}}")));

        ApiException e = catchThrowableOfType(ApiException.class, () -> mode.call(client(Canary.user()),
                ApiRequest.builder("users.get").build(), ResultType.json()));

        assertThat(e.category()).isEqualTo(ErrorCategory.TOKEN);
        assertThat(vk.getAllServeEvents()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenOptionsOverride_usesCallTokenAndVersion(Mode mode) {
        vk.stubFor(post("/method/users.get").willReturn(okJson("{\"response\":[]}")));

        mode.call(client(Canary.community()), ApiRequest.builder("users.get")
                .options(RequestOptions.builder().token(Canary.service()).apiVersion("5.131").build()).build(), ResultType.json());

        vk.verify(postRequestedFor(urlEqualTo("/method/users.get"))
                .withHeader("Authorization", equalTo("Bearer " + Canary.SERVICE_TOKEN))
                .withRequestBody(containing("v=5.131")));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenNoTokenAnywhere_throwsTokenErrorWithFix(Mode mode) {
        SferumException e = catchThrowableOfType(SferumException.class, () -> mode.call(
                ApiClient.builder().config(ClientConfig.builder().baseUrl(vk.baseUrl()).build()),
                ApiRequest.builder("users.get").build(), ResultType.json()));

        assertThat(e.category()).isEqualTo(ErrorCategory.TOKEN);
        assertThat(e.getMessage()).contains("tokenProvider");
        assertThat(vk.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenServerUnreachable_throwsConnectNotSent(Mode mode) throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TransportException e = catchThrowableOfType(TransportException.class, () -> mode.call(
                client(ClientConfig.builder().baseUrl("http://127.0.0.1:" + port), Canary.service()),
                ApiRequest.builder("users.get").build(), ResultType.json()));

        assertThat(e.failure()).isEqualTo(TransportException.Failure.CONNECT);
        assertThat(e.requestSent()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenListening_reportsStartAttemptAndFinishWithFingerprintOnly(Mode mode) {
        vk.stubFor(post("/method/users.get").willReturn(okJson("{\"response\":[]}")));
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        RequestListener listener = new RequestListener() {
            @Override
            public void callStarted(CallInfo call) {
                events.add("start " + call.method() + " " + call.tokenKind() + " " + call.tokenFingerprint());
            }

            @Override
            public void attemptStarted(CallInfo call, int attempt) {
                events.add("attempt " + attempt);
            }

            @Override
            public void callFinished(CallInfo call, Duration elapsed, SferumException error) {
                events.add("finish " + (error == null ? "ok" : error.category()));
            }
        };

        mode.call(client(ClientConfig.builder().baseUrl(vk.baseUrl()).addListener(listener), Canary.service()),
                ApiRequest.builder("users.get").build(), ResultType.json());

        assertThat(events).containsExactly("start users.get SERVICE " + Canary.service().fingerprint(), "attempt 1", "finish ok");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenRawMap_encodesListsAndBooleans(Mode mode) {
        vk.stubFor(post("/method/messages.getConversationsById").willReturn(okJson("{\"response\":{\"count\":0,\"items\":[]}}")));

        ApiRequest request = ApiRequest.of("messages.getConversationsById", Map.of("peer_ids", List.of(2000000001L, 2000000002L)));
        mode.call(client(Canary.community()), request, ResultType.json());

        vk.verify(postRequestedFor(urlEqualTo("/method/messages.getConversationsById"))
                .withRequestBody(equalTo("peer_ids=2000000001%2C2000000002&v=5.199")));
    }

    @org.junit.jupiter.api.Test
    void asyncCall_whenCancelled_abortsAndFailsTheFuture() {
        vk.stubFor(post("/method/users.get").inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"response\":[]}").withFixedDelay(5_000)));
        ApiAsyncClient api = client(Canary.service()).buildAsyncClient();

        CompletableFuture<JsonNode> future = api.call("users.get", Map.of());
        future.cancel(true);

        assertThat(future).isCancelled();
    }
}
