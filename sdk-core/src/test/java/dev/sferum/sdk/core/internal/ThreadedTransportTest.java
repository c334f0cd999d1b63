package dev.sferum.sdk.core.internal;

import com.sun.net.httpserver.HttpServer;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Async exchanges as blocking ones on the SDK's threads: bounded without queueing, daemon, cancellable — against a
 * server that holds every answer until the test lets it go.
 */
class ThreadedTransportTest {
    private static final byte[] FORM = "peer_id=1&random_id=7&v=5.199".getBytes(StandardCharsets.US_ASCII);

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger arrivals = new AtomicInteger();
    private volatile CountDownLatch arrived = new CountDownLatch(1);
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final HttpServer server;
    private final URI base;

    ThreadedTransportTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(serverThreads);
        server.createContext("/method/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            arrivals.incrementAndGet();
            arrived.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"response\":1}".getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, body.length);
                out.write(body);
            } catch (IOException e) {
                // the client gave up on this exchange
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private Transport.Exchange exchange() {
        return new Transport.Exchange("POST", URI.create(base + "/method/messages.send"), "application/x-www-form-urlencoded", FORM,
                Secret.of("Bearer vk1.a.test"), java.util.Map.of(), "sferum-test/1",
                Duration.ofSeconds(60), 1 << 20);
    }

    private static JdkTransport jdk() {
        return new JdkTransport(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).executor(Runnable::run).build());
    }

    private Transport blocking(boolean direct) {
        return direct ? new CallerThreadTransport(base, 5_000, TimeSource.system()) : jdk();
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void sendAsync_whenMoreInFlightThanThePoolHolds_sendsEveryOneAtOnceWithoutQueueing(boolean direct) throws Exception {
        int inFlight = ExchangeThreads.MAX_THREADS + 16;
        arrived = new CountDownLatch(inFlight);
        Transport async = new ThreadedTransport(blocking(direct), ExchangeThreads.pool(), jdk());

        List<CompletableFuture<Transport.Response>> answers = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            answers.add(async.sendAsync(exchange()));
        }

        assertThat(arrived.await(60, TimeUnit.SECONDS)).as("every exchange reached the server while all were held").isTrue();
        release.countDown();
        for (CompletableFuture<Transport.Response> a : answers) {
            assertThat(a.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        assertThat(arrivals.get()).isEqualTo(inFlight);
        assertThat(((ThreadPoolExecutor) ExchangeThreads.pool()).getLargestPoolSize()).isLessThanOrEqualTo(ExchangeThreads.MAX_THREADS);
    }

    @Test
    void pool_threads_areDaemonSoTheyNeverKeepTheJvmAlive() throws Exception {
        CompletableFuture<Thread> ran = CompletableFuture.supplyAsync(Thread::currentThread, ExchangeThreads.pool());

        assertThat(ran.get(60, TimeUnit.SECONDS).isDaemon()).isTrue();
        assertThat(ran.get().getName()).startsWith("sferum-exchange-");
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void sendAsync_whenCancelled_interruptsTheBlockedExchange(boolean direct) throws Exception {
        Transport blocking = blocking(direct);
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Transport watched = new Transport() {
            @Override
            public Response send(Exchange exchange) throws IOException, InterruptedException {
                try {
                    Response r = blocking.send(exchange);
                    ended.complete(null);
                    return r;
                } catch (IOException | InterruptedException | RuntimeException e) {
                    ended.complete(e);
                    throw e;
                }
            }

            @Override
            public CompletableFuture<Response> sendAsync(Exchange exchange) {
                throw new UnsupportedOperationException();
            }
        };
        CompletableFuture<Transport.Response> answer = new ThreadedTransport(watched, ExchangeThreads.pool(), null).sendAsync(exchange());
        assertThat(arrived.await(60, TimeUnit.SECONDS)).isTrue();

        answer.cancel(true);

        assertThat(ended.get(60, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(answer).isCancelled();
    }

    @Test
    void sendAsync_whenThreadsRefuseAndNoOverflow_failsTheFuture() {
        ExecutorService closed = Executors.newSingleThreadExecutor();
        closed.shutdown();

        CompletableFuture<Transport.Response> answer = new ThreadedTransport(blocking(true), closed, null).sendAsync(exchange());

        assertThat(answer).isCompletedExceptionally();
        assertThat(arrivals.get()).isZero();
    }
}
