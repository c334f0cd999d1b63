package dev.sferum.sdk.benchmarks.jmh;

import dev.sferum.sdk.benchmarks.Contenders;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.CallInfo;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.RequestListener;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.TokenProvider;
import dev.sferum.sdk.core.Transport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SDK's own work per {@code messages.send}, over an in-memory {@link Transport} that answers at once: build the
 * request, token provider, kind check, rate budget (on, never binding), form encoding, listener events, answer
 * parsing and typed decode. No network, no HTTP client: what the SDK adds on top of any transport.
 */
public class SdkWorkBenchmark extends JmhSettings {
    private static final ResultType<Long> MESSAGE_ID = ResultType.of(Long.class);
    private static final byte[] ANSWER = "{\"response\":1048577}".getBytes(StandardCharsets.UTF_8);

    private ApiClient sync;
    private ApiAsyncClient async;
    private final AtomicLong ids = new AtomicLong();

    /** An in-memory transport that reads nothing and answers {@code messages.send} at once. */
    static final class Answering implements Transport {
        private final Response answer = new Response(200, ANSWER);
        volatile int bodyBytes;

        @Override
        public Response send(Exchange exchange) {
            bodyBytes = exchange.body().length;
            return answer;
        }

        @Override
        public CompletableFuture<Response> sendAsync(Exchange exchange) {
            bodyBytes = exchange.body().length;
            return CompletableFuture.completedFuture(answer);
        }
    }

    /** Builds the clients as an application would, with a counting listener. */
    @Setup
    public void setUp() {
        RequestListener listener = new RequestListener() {
            final AtomicLong finished = new AtomicLong();

            @Override
            public void callFinished(CallInfo call, Duration elapsed, dev.sferum.sdk.core.exception.SferumException error) {
                finished.incrementAndGet();
            }
        };
        ClientConfig config = ClientConfig.builder()
                .baseUrl("https://api.vk.com")
                .transport(new Answering())
                .rateLimits(RateLimits.builder().perSecond(TokenKind.COMMUNITY, 1_000_000).build())
                .addListener(listener)
                .build();
        var builder = ApiClient.builder().config(config)
                .tokenProvider(TokenProvider.of(AccessToken.community(Contenders.TOKEN, Contenders.GROUP_ID)));
        sync = builder.buildClient();
        async = builder.buildAsyncClient();
    }

    private ApiRequest request() {
        return ApiRequest.builder("messages.send")
                .param("peer_id", Contenders.PEER_ID)
                .param("random_id", ids.incrementAndGet())
                .param("message", Contenders.TEXT)
                .build();
    }

    /** {@return the message id, through the sync client} */
    @Benchmark
    public Long sendSync() {
        return sync.call(request(), MESSAGE_ID);
    }

    /** {@return the message id, through the async client} */
    @Benchmark
    public Long sendAsync() {
        return async.call(request(), MESSAGE_ID).join();
    }

    /** Just building the request: what the caller pays before the client sees it. */
    @Benchmark
    public void buildRequest(Blackhole bh) {
        bh.consume(request());
    }
}
