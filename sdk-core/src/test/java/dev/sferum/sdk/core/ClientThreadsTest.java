package dev.sferum.sdk.core;

import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.testing.Canary;
import dev.sferum.sdk.core.testing.FaultyVk;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Async calls run on threads the client owns (or on the executor the user gave), never on the HTTP client's
 * selector thread nor on {@code CompletableFuture}'s default executor, and closing the client ends its threads.
 */
class ClientThreadsTest {

    private static ApiRequest send(int randomId) {
        return ApiRequest.builder("messages.send").param("peer_id", 2000000001L).param("random_id", randomId).build();
    }

    private static ClientConfig.Builder config(String baseUrl) {
        return ClientConfig.builder().baseUrl(baseUrl).rateLimits(RateLimits.unlimited()).retryPolicy(RetryPolicy.none());
    }

    /** The thread a callback on the call's future ran on. */
    private static Thread callbackThread(CompletableFuture<?> call) throws Exception {
        return call.handle((r, e) -> Thread.currentThread()).get();
    }

    private static boolean sdkThread(Thread t) {
        return t.getName().startsWith("sferum-async-");
    }

    @Test
    void asyncCall_onTheDefaultTransport_completesOnTheClientsOwnThreads() throws Exception {
        try (FaultyVk vk = new FaultyVk(1); ApiAsyncClient api = ApiClient.builder().config(config(vk.baseUrl()).build())
                .token(Canary.community()).buildAsyncClient()) {
            for (int i = 0; i < 20; i++) {
                Thread ran = callbackThread(api.call(send(i + 1), ResultType.of(Long.class)));
                assertThat(ran.getName()).doesNotContain("SelectorManager").doesNotContain("ForkJoinPool");
                // A callback attached after the future completed runs on the attaching thread (CompletableFuture's
                // rule; on JDK 21+ a virtual thread often finishes the call first): that is the test's thread, never
                // the HTTP client's or the common pool's.
                assertThat(sdkThread(ran) || ran == Thread.currentThread()).as("callback thread %s", ran.getName()).isTrue();
            }
        }
    }

    @Test
    void asyncCall_whenConnectionRefused_failsOnTheClientsOwnThreadsNotTheJdksAsyncPool() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (ApiAsyncClient api = ApiClient.builder().config(config("http://127.0.0.1:" + port).build())
                .token(Canary.community()).buildAsyncClient()) {
            CompletableFuture<Long> call = api.call(send(1), ResultType.of(Long.class));
            Thread ran = callbackThread(call);

            assertThat(catchThrowable(call::get)).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.failure()).isEqualTo(TransportException.Failure.CONNECT));
            assertThat(sdkThread(ran) || ran == Thread.currentThread()).as("callback thread %s", ran.getName()).isTrue();
        }
    }

    @Test
    void close_endsTheThreadsTheClientStarted() throws Exception {
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        try (FaultyVk vk = new FaultyVk(1)) {
            ApiAsyncClient api = ApiClient.builder().config(config(vk.baseUrl()).build()).token(Canary.community()).buildAsyncClient();
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            for (int i = 0; i < 10; i++) {
                used.add(callbackThread(api.call(send(i + 1), ResultType.of(Long.class))));
            }
            Set<Thread> selectors = ConcurrentHashMap.newKeySet();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (!before.contains(t) && t.getName().contains("SelectorManager")) {
                    selectors.add(t);
                }
            }
            assertThat(used).allMatch(ClientThreadsTest::sdkThread);

            api.close();

            for (Thread t : used) {
                t.join(10_000);
                assertThat(t.isAlive()).as("%s after close", t.getName()).isFalse();
            }
            if (Runtime.version().feature() >= 21) {
                // JDK 17's HttpClient cannot be stopped (its selector ends when the dropped client is collected).
                assertThat(selectors).isNotEmpty();
                for (Thread t : selectors) {
                    t.join(10_000);
                    assertThat(t.isAlive()).as("%s after close", t.getName()).isFalse();
                }
            }
            Throwable after = catchThrowable(() -> api.call(send(99), ResultType.of(Long.class)).get());
            assertThat(after).isNotNull();
        }
    }

    @Test
    void close_ofOneOfTwoClientsFromOneBuilder_keepsTheSharedThreadsForTheOther() throws Exception {
        try (FaultyVk vk = new FaultyVk(1)) {
            ApiClientBuilder builder = ApiClient.builder().config(config(vk.baseUrl()).build()).token(Canary.community());
            ApiClient sync = builder.buildClient();
            ApiAsyncClient async = builder.buildAsyncClient();

            sync.close();
            sync.close();

            assertThat(async.call(send(1), ResultType.of(Long.class)).get()).isNotNull();
            async.close();
        }
    }

    @Test
    void asyncCall_withAGivenExecutor_runsThereAndClosingTheClientLeavesItOpen() throws Exception {
        AtomicInteger tasks = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "app-pool"));
        try (FaultyVk vk = new FaultyVk(1)) {
            ApiAsyncClient api = ApiClient.builder().config(config(vk.baseUrl()).executor(task -> {
                tasks.incrementAndGet();
                pool.execute(task);
            }).build()).token(Canary.community()).buildAsyncClient();

            Thread ran = callbackThread(api.call(send(1), ResultType.of(Long.class)));
            api.close();

            assertThat(ran.getName()).isEqualTo("app-pool");
            assertThat(tasks).hasPositiveValue();
            assertThat(pool.isShutdown()).isFalse();
            assertThat(pool.submit(() -> 1).get()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
