package dev.sferum.sdk.transport.apache;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.RetryPolicy;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.ServerTrust;
import dev.sferum.sdk.core.Transport;
import dev.sferum.sdk.core.exception.OutcomeUnknownException;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.testsupport.CapturedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The Apache transport against WireMock stubs: the wire format, TLS, proxies, timeouts and failure typing. */
class ApacheTransportTest {
    static final String TOKEN = "vk1.a.CANARYapacheTOKENr5Tq8Wz2Xc4Vb6Nm1Lk3";
    static final String OK = "{\"response\":777}";

    WireMockServer vk;

    @BeforeEach
    void start() throws Exception {
        Path keystore = Path.of(ApacheTransportTest.class.getResource("/tls/localhost.p12").toURI());
        vk = new WireMockServer(wireMockConfig().dynamicPort().dynamicHttpsPort().keystorePath(keystore.toString())
                .keystorePassword("changeit").keyManagerPassword("changeit").keystoreType("PKCS12"));
        vk.start();
    }

    /** The plain-HTTP base ({@code baseUrl()} names the HTTPS port once it is on). */
    private String http() {
        return "http://127.0.0.1:" + vk.port();
    }

    @AfterEach
    void stop() {
        vk.stop();
    }

    private static ApiRequest send(boolean idempotent) {
        ApiRequest.Builder b = ApiRequest.builder("messages.send").param("peer_id", 2000000001L).param("message", "Урок в 9:00");
        return idempotent ? b.param("random_id", 17).build() : b.build();
    }

    private static ClientConfig.Builder config(String baseUrl, Transport.Factory transport) {
        return ClientConfig.builder().baseUrl(baseUrl).transport(transport).rateLimits(RateLimits.unlimited())
                .attemptTimeout(Duration.ofSeconds(5));
    }

    private ApiClientBuilderFor client(ClientConfig.Builder config) {
        return new ApiClientBuilderFor(config.build());
    }

    /** Builds both clients from one config with the test token. */
    record ApiClientBuilderFor(ClientConfig config) {
        ApiClient sync() {
            return ApiClient.builder().config(config).token(AccessToken.community(TOKEN, 1)).buildClient();
        }

        ApiAsyncClient async() {
            return ApiClient.builder().config(config).token(AccessToken.community(TOKEN, 1)).buildAsyncClient();
        }

        Long call(boolean async, ApiRequest request) throws Exception {
            if (async) {
                try (ApiAsyncClient c = async()) {
                    try {
                        return c.call(request, ResultType.of(Long.class)).get();
                    } catch (ExecutionException e) {
                        throw (Exception) e.getCause();
                    }
                }
            }
            try (ApiClient c = sync()) {
                return c.call(request, ResultType.of(Long.class));
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void call_onApache_sendsTheFormWithTheBearerHeaderAndReadsTheAnswer(boolean async) throws Exception {
        vk.stubFor(post("/method/messages.send").willReturn(okJson(OK)));

        Long id = client(config(http(), ApacheTransport.factory()).userAgent("school-app/2")).call(async, send(true));

        assertThat(id).isEqualTo(777L);
        vk.verify(1, postRequestedFor(urlEqualTo("/method/messages.send"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("User-Agent", equalTo("school-app/2"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("random_id=17")));
    }

    @Test
    void send_carriesAnyMethodContentTypeAndHeadersAndReturnsTheResponseHeaders() throws Exception {
        vk.stubFor(put("/chats/42").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "3").withBody("{\"success\":true}")));
        vk.stubFor(get(urlPathEqualTo("/updates")).willReturn(okJson("{\"updates\":[]}")));
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (ApacheTransport t = ApacheTransport.builder().build(threads)) {
            Transport.Response put = t.send(new Transport.Exchange("PUT", URI.create(http() + "/chats/42"), "application/json",
                    "{\"title\":\"5А\"}".getBytes(StandardCharsets.UTF_8), Secret.of(TOKEN), Map.of("Accept", "application/json"),
                    "sdk", Duration.ofSeconds(5), 1 << 20));
            Transport.Response get = t.sendAsync(new Transport.Exchange("GET", URI.create(http() + "/updates?marker=5"), null,
                    new byte[0], Secret.of(TOKEN), Map.of(), "sdk", Duration.ofSeconds(5), 1 << 20)).get();

            assertThat(put.status()).isEqualTo(200);
            assertThat(put.header("retry-after")).contains("3");
            assertThat(new String(get.body(), StandardCharsets.UTF_8)).isEqualTo("{\"updates\":[]}");
            vk.verify(putRequestedFor(urlEqualTo("/chats/42")).withHeader("Authorization", equalTo(TOKEN))
                    .withHeader("Content-Type", equalTo("application/json")).withRequestBody(equalTo("{\"title\":\"5А\"}")));
            vk.verify(getRequestedFor(urlEqualTo("/updates?marker=5")).withoutHeader("Content-Type"));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void call_whenTheServerTrustedByTheGivenContext_worksOverTlsAndAWrongHostNameIsRefusedBeforeSending() throws Exception {
        vk.stubFor(post("/method/messages.send").willReturn(okJson(OK)));
        Transport.Factory trusting = ApacheTransport.builder().sslContext(trusting()).factory();

        Long ok = client(config("https://localhost:" + vk.httpsPort(), trusting)).call(false, send(true));
        Throwable wrongName = catchThrowable(() -> client(config("https://127.0.0.1:" + vk.httpsPort(), trusting)
                .retryPolicy(RetryPolicy.none())).call(false, send(false)));
        Throwable untrusted = catchThrowable(() -> client(config("https://localhost:" + vk.httpsPort(), ApacheTransport.factory())
                .retryPolicy(RetryPolicy.none())).call(false, send(false)));

        assertThat(ok).isEqualTo(777L);
        assertThat(wrongName).isInstanceOfSatisfying(TransportException.class,
                e -> assertThat(e.failure()).isEqualTo(TransportException.Failure.CONNECT));
        assertThat(untrusted).isInstanceOfSatisfying(TransportException.class,
                e -> assertThat(e.failure()).isEqualTo(TransportException.Failure.CONNECT));
        vk.verify(1, postRequestedFor(anyUrl()));
    }

    @Test
    void call_whenTheConfigsTrustHoldsTheServersCertificate_worksOverTlsWithTheOneLineFactory() throws Exception {
        vk.stubFor(post("/method/messages.send").willReturn(okJson(OK)));
        Path store = Path.of(ApacheTransportTest.class.getResource("/tls/localhost.p12").toURI());

        Long ok = client(config("https://localhost:" + vk.httpsPort(), ApacheTransport.factory())
                .trust(ServerTrust.pkcs12(store, Secret.of("changeit")))).call(true, send(true));

        assertThat(ok).isEqualTo(777L);
    }

    @Test
    void call_throughAProxy_reachesTheProxyNotTheHost() throws Exception {
        vk.stubFor(post("/method/messages.send").willReturn(okJson(OK)));
        int nothingThere = freePort();

        Long id = client(config("http://127.0.0.1:" + nothingThere,
                ApacheTransport.builder().proxy(URI.create("http://127.0.0.1:" + vk.port())).factory())).call(false, send(true));

        assertThat(id).isEqualTo(777L);
        vk.verify(1, postRequestedFor(urlEqualTo("/method/messages.send")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void call_whenNoAnswerWithinTheAttemptTimeout_isATimeoutAndAWriteIsNotRepeated(boolean async) throws Exception {
        vk.stubFor(post("/method/messages.send").willReturn(okJson(OK).withFixedDelay(3_000)));

        Throwable e = catchThrowable(() -> client(config(http(), ApacheTransport.factory())
                .attemptTimeout(Duration.ofMillis(300)).callTimeout(Duration.ofSeconds(10))).call(async, send(false)));

        assertThat(e).isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("messages.send");
        assertThat(((SferumException) e).getCause()).isInstanceOfSatisfying(TransportException.class,
                t -> assertThat(t.failure()).isEqualTo(TransportException.Failure.TIMEOUT));
        vk.verify(1, postRequestedFor(anyUrl()));
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void call_whenTheConnectionIsRefused_isAConnectFailureAndRetriedEvenForAWrite(boolean async) throws Exception {
        int closed = freePort();

        Throwable none = catchThrowable(() -> client(config("http://127.0.0.1:" + closed, ApacheTransport.factory())
                .retryPolicy(RetryPolicy.none())).call(async, send(false)));

        assertThat(none).isInstanceOfSatisfying(TransportException.class, e -> {
            assertThat(e.failure()).isEqualTo(TransportException.Failure.CONNECT);
            assertThat(e.getCause()).isInstanceOf(ConnectException.class);
        });
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void call_whenTheConnectionDropsAfterTheRequestWentOut_aWriteIsOutcomeUnknownAndSentOnce(boolean async) throws Exception {
        vk.stubFor(post("/method/messages.send").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Throwable e = catchThrowable(() -> client(config(http(), ApacheTransport.factory())).call(async, send(false)));

        assertThat(e).isInstanceOf(OutcomeUnknownException.class);
        assertThat(((SferumException) e).getCause()).isInstanceOfSatisfying(TransportException.class,
                t -> assertThat(t.failure()).isEqualTo(TransportException.Failure.IO));
        vk.verify(1, postRequestedFor(anyUrl()));
    }

    @Test
    void call_whenTheConnectionDropsAfterAnIdempotentRequest_isRetriedByTheSdk() throws Exception {
        vk.stubFor(post("/method/messages.send").inScenario("drop").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)).willSetStateTo("answered"));
        vk.stubFor(post("/method/messages.send").inScenario("drop").whenScenarioStateIs("answered").willReturn(okJson(OK)));

        Long id = client(config(http(), ApacheTransport.factory())
                .retryPolicy(RetryPolicy.builder().maxAttempts(2).build())).call(false, send(true));

        assertThat(id).isEqualTo(777L);
        vk.verify(2, postRequestedFor(anyUrl()));
    }

    @Test
    void send_ofAGetWhenTheServerAnswersNothing_isNotRetriedByApache() throws Exception {
        vk.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (ApacheTransport t = ApacheTransport.builder().build(threads)) {
            Throwable e = catchThrowable(() -> t.send(new Transport.Exchange("GET", URI.create(http() + "/updates"), null,
                    new byte[0], null, Map.of(), "sdk", Duration.ofSeconds(5), 1 << 20)));

            assertThat(e).isInstanceOf(java.io.IOException.class).isNotInstanceOf(ConnectException.class)
                    .isNotInstanceOf(HttpTimeoutException.class);
            vk.verify(1, getRequestedFor(anyUrl()));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void call_whenTheBodyIsLargerThanTheLimit_failsAsTooLarge() throws Exception {
        vk.stubFor(post("/method/messages.send").willReturn(okJson("{\"response\":\"" + "x".repeat(4096) + "\"}")));

        Throwable e = catchThrowable(() -> client(config(http(), ApacheTransport.factory()).maxResponseBytes(1024)
                .retryPolicy(RetryPolicy.none())).call(false, send(true)));

        assertThat(e).isInstanceOfSatisfying(TransportException.class,
                t -> assertThat(t.failure()).isEqualTo(TransportException.Failure.BODY_TOO_LARGE));
    }

    @Test
    void calls_withApacheLoggersAtDebug_neverLogAHeaderOrTheToken() throws Exception {
        vk.stubFor(post("/method/messages.send").willReturn(okJson(OK)));
        int before = CapturedLogs.lines().size();

        client(config(http(), ApacheTransport.factory())).call(false, send(true));
        client(config(http(), ApacheTransport.factory())).call(true, send(true));

        var lines = CapturedLogs.lines().subList(before, CapturedLogs.lines().size());
        assertThat(lines).as("Apache's DEBUG lines reach the test binding, so a header line would too")
                .anyMatch(l -> l.contains("org.apache.hc.client5"));
        assertThat(lines).noneMatch(l -> l.contains(TOKEN) || l.contains("CANARY") || l.contains("Authorization")
                || l.contains("Урок") || l.contains("http.headers") || l.contains("http.wire"));
    }

    @Test
    void close_ofTheClient_closesThePoolItBuilt() throws Exception {
        vk.stubFor(post("/method/messages.send").willReturn(okJson(OK)));
        ApiClient api = client(config(http(), ApacheTransport.factory()).retryPolicy(RetryPolicy.none())).sync();
        assertThat(api.call(send(true), ResultType.of(Long.class))).isEqualTo(777L);

        api.close();

        assertThat(catchThrowable(() -> api.call(send(true), ResultType.of(Long.class)))).isInstanceOf(SferumException.class);
        vk.verify(1, postRequestedFor(anyUrl()));
    }

    @Test
    void asyncCall_onApache_runsOnTheClientsThreadsNotASelector() throws Exception {
        // The delay makes each answer arrive after the callback is attached, so the callback runs where the call ends.
        vk.stubFor(post("/method/messages.send").willReturn(okJson(OK).withFixedDelay(50)));
        try (ApiAsyncClient api = client(config(http(), ApacheTransport.factory())).async()) {
            for (int i = 0; i < 10; i++) {
                CompletableFuture<Thread> ran = api.call(send(true), ResultType.of(Long.class)).thenApply(x -> Thread.currentThread());
                assertThat(ran.get().getName()).startsWith("sferum-async-");
            }
        }
    }

    @Test
    void asyncCall_onApache_handsOffOnceAndFinishesOnTheThreadThatMadeTheExchange() throws Exception {
        // One hand-off per call (caller -> exchange thread), none after it: the exchange thread completes the caller's
        // future, so a second hop (say, completing again on the executor) would show as two tasks per call.
        vk.stubFor(post("/method/messages.send").willReturn(okJson(OK).withFixedDelay(20)));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4,
                r -> new Thread(r, "test-exchange-" + System.nanoTime()));
        java.util.concurrent.atomic.AtomicInteger tasks = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.Executor counting = task -> {
            tasks.incrementAndGet();
            pool.execute(task);
        };
        try (ApiAsyncClient api = client(config(http(), ApacheTransport.factory()).executor(counting)).async()) {
            for (int i = 1; i <= 10; i++) {
                CompletableFuture<Thread> ran = api.call(send(true), ResultType.of(Long.class)).thenApply(x -> Thread.currentThread());
                assertThat(ran.get().getName()).startsWith("test-exchange-");
                assertThat(tasks.get()).as("executor tasks after %d calls", i).isEqualTo(i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A TLS context that trusts the self-signed {@code localhost} certificate of the test resources. */
    static SSLContext trusting() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = ApacheTransportTest.class.getResourceAsStream("/tls/localhost.p12")) {
            ks.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }
}
