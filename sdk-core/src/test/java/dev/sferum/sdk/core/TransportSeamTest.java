package dev.sferum.sdk.core;

import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.testing.Canary;
import dev.sferum.sdk.core.testing.FaultyVk;
import dev.sferum.sdk.core.testing.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The {@link Transport} seam: a plugged transport carries every call, and its failures are typed like the JDK's. */
class TransportSeamTest {

    /** Records each exchange and answers from a script. */
    static final class Recording implements Transport {
        final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
        volatile IOException failure;

        @Override
        public Response send(Exchange exchange) throws IOException {
            exchanges.add(exchange);
            if (failure != null) {
                throw failure;
            }
            return new Response(200, "{\"response\":42}".getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public CompletableFuture<Response> sendAsync(Exchange exchange) {
            try {
                return CompletableFuture.completedFuture(send(exchange));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    private static ApiClientBuilder client(Transport t) {
        return ApiClient.builder()
                .config(ClientConfig.builder().baseUrl("https://api.vk.com").transport(t).retryPolicy(RetryPolicy.none()).build())
                .token(Canary.community());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenTransportConfigured_carriesTheFormBearerAndLimits(Mode mode) {
        Recording t = new Recording();

        Long id = mode.call(client(t), ApiRequest.builder("messages.send").param("peer_id", 2000000001L).param("random_id", 5).build(),
                ResultType.of(Long.class));

        assertThat(id).isEqualTo(42L);
        Transport.Exchange e = t.exchanges.get(0);
        assertThat(e.uri()).hasToString("https://api.vk.com/method/messages.send");
        assertThat(new String(e.body(), StandardCharsets.UTF_8)).isEqualTo("peer_id=2000000001&random_id=5&v=5.199");
        assertThat(e.method()).isEqualTo("POST");
        assertThat(e.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(e.headers()).containsEntry("Accept", "application/json");
        assertThat(e.authorization().reveal()).isEqualTo("Bearer " + Canary.COMMUNITY_TOKEN);
        assertThat(e.maxResponseBytes()).isEqualTo(ClientConfig.DEFAULT_MAX_RESPONSE_BYTES);
        assertThat(e.toString()).doesNotContain(Canary.COMMUNITY_TOKEN).doesNotContain("random_id");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenTransportSaysConnectFailed_isTypedAsNotSent(Mode mode) {
        Recording t = new Recording();
        t.failure = new java.net.ConnectException("refused");

        TransportException e = catchThrowableOfType(TransportException.class,
                () -> mode.call(client(t), ApiRequest.builder("users.get").build(), ResultType.json()));

        assertThat(e.failure()).isEqualTo(TransportException.Failure.CONNECT);
        assertThat(e.requestSent()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenTransportSaysTooLarge_isTypedAsBodyTooLarge(Mode mode) {
        Recording t = new Recording();
        t.failure = new Transport.ResponseTooLargeException(1024);

        TransportException e = catchThrowableOfType(TransportException.class,
                () -> mode.call(client(t), ApiRequest.builder("users.get").build(), ResultType.json()));

        assertThat(e.failure()).isEqualTo(TransportException.Failure.BODY_TOO_LARGE);
    }

    @Test
    void build_whenBothHttpClientAndTransport_refusesBeforeAnyCall() {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        assertThatThrownBy(() -> ClientConfig.builder().httpClient(http).transport(new Recording()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("set one");
    }

    @Test
    void asyncCall_whenInjectedClientRunsTasksInline_neverCompletesOnTheSelectorThread() throws Exception {
        try (FaultyVk vk = new FaultyVk(1)) {
            HttpClient inline = HttpClient.newBuilder().executor(Runnable::run).followRedirects(HttpClient.Redirect.NEVER).build();
            ApiAsyncClient api = ApiClient.builder()
                    .config(ClientConfig.builder().baseUrl(vk.baseUrl()).httpClient(inline).rateLimits(RateLimits.unlimited()).build())
                    .token(Canary.community())
                    .buildAsyncClient();

            for (int i = 0; i < 20; i++) {
                Thread ran = api.call(ApiRequest.builder("messages.send").param("peer_id", 2000000001L).param("random_id", i + 1).build(),
                        ResultType.of(Long.class)).thenApply(x -> Thread.currentThread()).get();
                assertThat(ran.getClass().getName()).doesNotContain("SelectorManager");
            }
        }
    }

    @Test
    void asyncCall_onTheSdksOwnClient_neverCompletesOnTheSelectorThread() throws Exception {
        try (FaultyVk vk = new FaultyVk(1)) {
            ApiAsyncClient api = ApiClient.builder()
                    .config(ClientConfig.builder().baseUrl(vk.baseUrl()).rateLimits(RateLimits.unlimited()).build())
                    .token(Canary.community())
                    .buildAsyncClient();

            for (int i = 0; i < 20; i++) {
                Thread ran = api.call(ApiRequest.builder("messages.send").param("peer_id", 2000000001L).param("random_id", i + 1).build(),
                        ResultType.of(Long.class)).thenApply(x -> Thread.currentThread()).get();
                assertThat(ran.getClass().getName()).doesNotContain("SelectorManager");
            }
        }
    }

    @Test
    void exchangeAndResponse_toString_nameNoBodyQueryOrCredential() {
        Transport.Exchange e = new Transport.Exchange("PUT", java.net.URI.create("https://lp.vk.com/wh1?act=a_check&key=longpollkey123&ts=5"),
                "application/json; charset=utf-8", "{\"text\":\"Ivanov\"}".getBytes(StandardCharsets.UTF_8),
                Secret.of(Canary.COMMUNITY_TOKEN), java.util.Map.of("Accept", "application/json"), "sferum-test/1",
                java.time.Duration.ofSeconds(5), 1024);
        Transport.Response r = new Transport.Response(429, "{\"code\":\"too.many.requests\"}".getBytes(StandardCharsets.UTF_8),
                java.util.Map.of("retry-after", "3", "content-type", "application/json"));

        assertThat(e.toString()).contains("PUT https://lp.vk.com/wh1", "application/json", "authorized")
                .doesNotContain("longpollkey123").doesNotContain(Canary.COMMUNITY_TOKEN).doesNotContain("Ivanov");
        assertThat(r.toString()).contains("429").doesNotContain("too.many");
        assertThat(r.header("Retry-After")).contains("3");
    }

    @Test
    void exchange_whenABodyHasNoContentType_isRefused() {
        assertThatThrownBy(() -> new Transport.Exchange("POST", java.net.URI.create("https://api.vk.com/method/x"), null, new byte[] {1},
                null, java.util.Map.of(), "ua", java.time.Duration.ofSeconds(1), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contentType");
        assertThatThrownBy(() -> new Transport.Exchange("post", java.net.URI.create("https://api.vk.com/method/x"), null, new byte[0],
                null, java.util.Map.of(), "ua", java.time.Duration.ofSeconds(1), 1)).hasMessageContaining("upper-case");
    }
}
