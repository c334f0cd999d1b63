package dev.sferum.sdk.benchmarks.jmh;

import dev.sferum.sdk.benchmarks.Contenders;
import dev.sferum.sdk.benchmarks.VkLikeServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code messages.send} end to end over loopback, one caller thread: the raw JDK client doing only the
 * exchange against the SDK's full call path on the same kind of client. The in-process server's own work is in
 * both numbers alike; the difference is what the SDK adds.
 */
@Warmup(iterations = 4, time = 2)
public class CallBenchmark extends JmhSettings {
    private VkLikeServer server;
    private Contenders.Blocking raw;
    private Contenders.Blocking rawDirect;
    private Contenders.Blocking sdk;
    private Contenders.Blocking peer;
    private final AtomicInteger ids = new AtomicInteger();

    /** Starts the server and the clients. */
    @Setup(Level.Trial)
    public void start() throws Exception {
        server = VkLikeServer.start();
        Contenders.Counters counters = new Contenders.Counters();
        raw = Contenders.blocking(Contenders.Kind.RAW_DEFAULT, server.baseUrl(), counters);
        rawDirect = Contenders.blocking(Contenders.Kind.RAW_DIRECT, server.baseUrl(), counters);
        sdk = Contenders.blocking(Contenders.Kind.SDK_SYNC_APACHE, server.baseUrl(), counters);
        peer = Contenders.blocking(Contenders.Kind.VK_SDK, server.baseUrl(), counters);
    }

    /** Stops the server. */
    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.close();
    }

    /** The JDK client with default settings, exchange only. */
    @Benchmark
    public void rawHttpClient() throws Exception {
        raw.send(ids.incrementAndGet());
    }

    /** The JDK client with {@code executor(Runnable::run)}, exchange only. */
    @Benchmark
    public void rawHttpClientDirect() throws Exception {
        rawDirect.send(ids.incrementAndGet());
    }

    /** The SDK's sync client, full call path. */
    @Benchmark
    public void sdkSync() throws Exception {
        sdk.send(ids.incrementAndGet());
    }

    /** VK's SDK. */
    @Benchmark
    public void vkSdk() throws Exception {
        peer.send(ids.incrementAndGet());
    }
}
