package dev.sferum.sdk.redis.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own, on a free loopback port, so the test can kill and restart it. No persistence:
 * a restart comes back empty, as after a crash of a cache-only Redis.
 */
public final class RedisProcess implements AutoCloseable {
    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;

    private RedisProcess(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    public static RedisProcess start() throws IOException, InterruptedException {
        Path binary = Servers.redisServerBinary();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RedisProcess r = new RedisProcess(binary, Files.createTempDirectory("sferum-redis-test"), port);
        r.startAgain();
        return r;
    }

    public int port() {
        return port;
    }

    /** @return the URL with the canary password */
    public String url() {
        return "redis://default:" + Canary.REDIS_PASSWORD + "@127.0.0.1:" + port;
    }

    /** Kills the server at once (SIGKILL), as a crash would, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("redis-server on port " + port + " did not die");
        }
    }

    /** Starts the server again on the same port and waits (bounded) until it accepts connections. */
    public void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(binary.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--save", "", "--appendonly", "no", "--requirepass", Canary.REDIS_PASSWORD, "--dir", dir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        for (int i = 0; i < 200; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(25);
            }
        }
        throw new IllegalStateException("redis-server did not start listening on port " + port);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
