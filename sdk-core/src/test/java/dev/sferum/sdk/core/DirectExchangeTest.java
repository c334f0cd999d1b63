package dev.sferum.sdk.core;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.testing.Canary;
import dev.sferum.sdk.core.testing.FaultyVk;
import dev.sferum.sdk.core.testing.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The opt-in caller-thread exchange ({@code directExchange(true)}) keeps the wire format and every failure type. */
class DirectExchangeTest {
    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static ApiClientBuilder client(ClientConfig.Builder config, AccessToken token) {
        return ApiClient.builder().config(config.directExchange(true).retryPolicy(RetryPolicy.none())
                .rateLimits(RateLimits.unlimited()).build()).token(token);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenDirect_postsTheSameFormWithBearer(Mode mode) {
        vk.stubFor(post("/method/messages.send").willReturn(okJson("{\"response\": 4711}")));

        JsonNode id = mode.call(client(ClientConfig.builder().baseUrl(vk.baseUrl()), Canary.community()),
                ApiRequest.builder("messages.send").param("peer_id", 2000000012L).param("random_id", 7).param("message", "Урок").build(),
                ResultType.json());

        assertThat(id.asLong()).isEqualTo(4711);
        vk.verify(postRequestedFor(urlEqualTo("/method/messages.send"))
                .withHeader("Authorization", equalTo("Bearer " + Canary.COMMUNITY_TOKEN))
                .withRequestBody(equalTo("peer_id=2000000012&random_id=7&message=%D0%A3%D1%80%D0%BE%D0%BA&v=5.199")));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenDirectAndServerFailsOrStalls_failuresStayTyped(Mode mode) {
        vk.stubFor(post("/method/users.get").willReturn(aResponse().withStatus(502).withBody("<html>bad gateway</html>")));
        vk.stubFor(post("/method/messages.send").willReturn(okJson("{\"error\":{\"error_code\":7,\"error_msg\":\"Permission to perform this action is denied\"}}")));
        vk.stubFor(post("/method/groups.getById").willReturn(okJson("{\"response\":[]}").withFixedDelay(3_000)));
        ApiClientBuilder b = client(ClientConfig.builder().baseUrl(vk.baseUrl()), Canary.community());
        // Only the stalled call gets a short attempt timeout: on a loaded machine a 200 ms budget can run out on
        // the other two before WireMock answers, and they would fail as timeouts instead of what they test.
        RequestOptions shortAttempt = RequestOptions.builder().attemptTimeout(Duration.ofMillis(200)).build();

        TransportException bad = catchThrowableOfType(TransportException.class, () -> mode.call(b, ApiRequest.builder("users.get").build(), ResultType.json()));
        ApiException vkError = catchThrowableOfType(ApiException.class, () -> mode.call(b, ApiRequest.builder("messages.send").build(), ResultType.json()));
        TransportException slow = catchThrowableOfType(TransportException.class, () -> mode.call(b, ApiRequest.builder("groups.getById").options(shortAttempt).build(), ResultType.json()));

        assertThat(bad.httpStatus()).hasValue(502);
        assertThat(vkError.category()).isEqualTo(ErrorCategory.PERMISSION);
        assertThat(slow.failure()).isEqualTo(TransportException.Failure.TIMEOUT);
        assertThat(slow.requestSent()).isTrue();
    }

    @Test
    void send_whenDirectThroughTenPercentFaults_losesNothingAndDeliversNothingTwice() throws Exception {
        try (FaultyVk server = new FaultyVk(77).faultRate(0.10)) {
            ApiClient api = ApiClient.builder().config(ClientConfig.builder().baseUrl(server.baseUrl()).directExchange(true)
                    .rateLimits(RateLimits.unlimited())
                    .retryPolicy(RetryPolicy.builder().maxAttempts(10).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build())
                    .build()).token(Canary.community()).buildClient();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<JsonNode>> sent = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                ApiRequest send = ApiRequest.builder("messages.send").param("peer_id", 2000000012L).param("random_id", 5_000_000L + i)
                        .param("message", "Задание " + i).build();
                sent.add(pool.submit(() -> api.call(send)));
            }
            for (Future<JsonNode> f : sent) {
                assertThat(f.get().asLong()).isPositive();
            }
            pool.shutdown();

            assertThat(server.deliveriesByRandomId()).hasSize(500).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
            assertThat(server.faults(FaultyVk.Fault.DROP_AFTER)).isPositive();
        }
    }
}
