package dev.sferum.sdk.testkit;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The settings every fake server shares ({@link FakeVk.Builder}, {@code FakeMax.Builder}): where it listens, its
 * seed and clock, its rate window, its worker threads and strict mode. Each fake's builder adds its own settings.
 * Every option has a default that suits most tests. Not thread-safe; use one builder per fake.
 *
 * @param <F> the fake it starts
 * @param <B> the concrete builder, returned by every setter for chaining
 * @since 0.1.0
 */
public abstract class FakeServerBuilder<F extends AutoCloseable, B extends FakeServerBuilder<F, B>> {

    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private int port;
    private long seed;
    private FakeClock clock;
    private Duration rateLimitWindow = Duration.ofSeconds(1);
    private boolean rateLimitsEnabled = true;
    private int serverThreads = 4;
    private boolean strict = true;

    /** For the fakes' own builders. */
    protected FakeServerBuilder() {
    }

    /** {@return this builder as its concrete type} */
    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * The port to listen on. Default 0: a free port, so tests never collide; set one for manual testing.
     *
     * @param port 0-65535
     * @return this
     */
    public B port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        this.port = port;
        return self();
    }

    /**
     * The address to listen on. Default the loopback address (127.0.0.1): only this machine can connect.
     *
     * @param address the address, e.g. {@code InetAddress.getByName("0.0.0.0")} to serve a container network
     * @return this
     */
    public B bindAddress(InetAddress address) {
        this.bindAddress = Objects.requireNonNull(address, "address");
        return self();
    }

    /**
     * Seed for generated tokens, ids, links and random faults. Default 0: every fake with the same calls generates
     * the same values, so failures reproduce.
     *
     * @param seed the seed
     * @return this
     */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /**
     * The fake's clock. Default: a {@link FakeClock} at the current time, truncated to seconds.
     *
     * @param clock the clock, possibly shared with the code under test
     * @return this
     */
    public B clock(FakeClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /**
     * Length of the sliding window the rate limit counts in, in real time. Default 1 second. A longer window makes
     * "the next call is refused" deterministic on a slow machine.
     *
     * @param window positive
     * @return this
     */
    public B rateLimitWindow(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("rate limit window must be positive: " + window);
        }
        this.rateLimitWindow = window;
        return self();
    }

    /**
     * Whether rate limits apply at all. Default true; switch off for tests that do not care about budgets.
     *
     * @param enabled false to never refuse a request for its rate on its own (faults still can)
     * @return this
     */
    public B rateLimitsEnabled(boolean enabled) {
        this.rateLimitsEnabled = enabled;
        return self();
    }

    /**
     * Worker threads of the HTTP server. Default 4, enough for concurrent clients; long polls do not hold a thread
     * while they wait.
     *
     * @param threads at least 1
     * @return this
     */
    public B serverThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("server threads must be at least 1: " + threads);
        }
        this.serverThreads = threads;
        return self();
    }

    /**
     * Strict mode: requests are checked against the API's own schema (VK's 5.199 JSON schema, MAX's OpenAPI), and
     * what it does not allow is refused the way the server refuses it and recorded in the fake's
     * {@code strictViolations()}. Default true (and on in both JUnit extensions); see each fake's builder for what
     * is checked.
     *
     * @param strict false to let such requests through to the fake's own, laxer checks
     * @return this
     */
    public B strict(boolean strict) {
        this.strict = strict;
        return self();
    }

    /**
     * Starts the fake.
     *
     * @return the running fake; close it when done
     * @throws java.io.UncheckedIOException if the port cannot be opened
     */
    public abstract F start();

    /** {@return the address to listen on} */
    protected final InetAddress bindAddress() {
        return bindAddress;
    }

    /** {@return the port, 0 for a free one} */
    protected final int port() {
        return port;
    }

    /** {@return the seed} */
    protected final long seed() {
        return seed;
    }

    /** {@return the clock set, or a new one at the current time truncated to seconds} */
    protected final FakeClock clockOrNow() {
        return clock != null ? clock : FakeClock.at(Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@return the rate window} */
    protected final Duration rateLimitWindow() {
        return rateLimitWindow;
    }

    /** {@return whether rate limits apply} */
    protected final boolean rateLimitsEnabled() {
        return rateLimitsEnabled;
    }

    /** {@return the worker threads} */
    protected final int serverThreads() {
        return serverThreads;
    }

    /** {@return whether strict mode is on} */
    protected final boolean strict() {
        return strict;
    }
}
