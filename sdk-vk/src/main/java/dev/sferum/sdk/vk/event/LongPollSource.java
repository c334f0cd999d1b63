package dev.sferum.sdk.vk.event;

import dev.sferum.sdk.chat.event.EventErrorListener;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.internal.Require;
import dev.sferum.sdk.vk.event.internal.LongPoller;

import dev.sferum.sdk.core.Transport;
import dev.sferum.sdk.core.internal.ClientThreads;
import dev.sferum.sdk.core.internal.HttpTransport;
import dev.sferum.sdk.core.internal.JdkTransport;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pulls a community's events from VK's Bots Long Poll and feeds them to an {@link EventStream}: for servers that
 * VK cannot reach with the Callback API (no public HTTPS endpoint, a school's internal network).
 *
 * <pre>{@code
 * ApiClient api = ApiClient.builder().token(AccessToken.community(System.getenv("VK_GROUP_TOKEN"), 123456)).buildClient();
 * LongPollSource poll = LongPollSource.builder().api(api).groupId(123456).build(events);
 * poll.start();                 // its own daemon thread; or poll.start(executor)
 * ...
 * poll.close();                 // cancels the poll in flight and returns once the loop has ended
 * }</pre>
 *
 * <p>Long poll must be enabled for the community (its settings, or {@code groups.setLongPollSettings} with
 * {@code enabled=1}, the API version and the event types). The loop:
 * <ul>
 *   <li>calls {@code groups.getLongPollServer} through {@code api} (a community token, or an administrator's user
 *       token) for the server, key and {@code ts};</li>
 *   <li>polls {@code GET {server}?act=a_check&key=…&ts=…&wait=25} over the API client's {@code Transport} (not as an API
 *       call: another host, no token, no rate budget), with a read timeout of {@code wait} + 10 s;</li>
 *   <li>hands each batch to the stream — waiting while the stream is full — and only then moves {@code ts} on, so
 *       a batch is never skipped;</li>
 *   <li>on {@code failed:1} goes on from the returned {@code ts}; on {@code failed:2} gets a new key and keeps its
 *       {@code ts}; on {@code failed:3} gets a new key and {@code ts} (events in between are lost on VK's side);</li>
 *   <li>on an HTTP or network failure waits with capped exponential back-off and tries again, acquiring the server
 *       anew after {@link Builder#reacquireAfter(int)} failures in a row; each failure goes to
 *       {@link EventErrorListener#sourceFailed};</li>
 *   <li>stops on a failure retrying cannot fix (a wrong or revoked token, long poll disabled): see
 *       {@link #failure()}.</li>
 * </ul>
 *
 * <p>The long-poll key gives read access to the community's events: the SDK never logs it. Thread-safe. A source
 * runs once: after {@link #close()}, build a new one. {@link EventStream#close()} closes it too.
 *
 * @since 0.1.0
 */
public final class LongPollSource implements AutoCloseable {
    /** Default {@link Builder#waitSeconds(int)}: {@value} (proxies often cut idle connections at 30 s). */
    public static final int DEFAULT_WAIT_SECONDS = 25;
    /** The largest {@code wait} VK accepts: {@value}. */
    public static final int MAX_WAIT_SECONDS = 90;
    /** Default {@link Builder#reacquireAfter(int)}: {@value}. */
    public static final int DEFAULT_REACQUIRE_AFTER = 3;
    /** Default first back-off: 1 second. */
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofSeconds(1);
    /** Default longest back-off: 1 minute. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
    /** Default {@link Builder#closeTimeout(Duration)}: 5 seconds. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final long groupId;
    private final LongPoller poller;
    private final Duration closeTimeout;
    private final AtomicBoolean started = new AtomicBoolean();
    /** The transport this source built, and with it any threads it owns: closed with the source. */
    private final AutoCloseable ownTransport;

    private LongPollSource(Builder b, EventStream stream) {
        this.groupId = b.groupId;
        this.closeTimeout = b.closeTimeout;
        Transport transport;
        if (b.http != null) {
            ClientThreads threads = ClientThreads.of(null, "sferum-long-poll");
            transport = new JdkTransport(b.http, threads);
            this.ownTransport = threads;
        } else {
            HttpTransport http = new HttpTransport(b.api.config());
            transport = http;
            this.ownTransport = http;
        }
        TimeSource time = b.time != null ? b.time : b.api.config().timeSource();
        this.poller = new LongPoller(new LongPoller.Settings(b.api, b.groupId, b.waitSeconds, transport, time, b.minBackoff, b.maxBackoff,
                b.reacquireAfter, b.startTs, b.maxResponseBytes, b.api.config().userAgent()), stream);
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts polling on a new daemon thread named {@code sferum-long-poll-<group>}.
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start() {
        claim();
        Thread t = new Thread(poller, "sferum-long-poll-" + groupId);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Starts polling as one long-running task on {@code executor}, which then holds one of its threads until
     * {@link #close()}.
     *
     * @param executor runs the loop
     * @throws IllegalStateException if already started or closed
     * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the task
     */
    public void start(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        claim();
        try {
            executor.execute(poller);
        } catch (RuntimeException e) {
            poller.neverStarted();
            throw e;
        }
    }

    private void claim() {
        if (poller.hasEnded() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("this LongPollSource was already started or closed; build a new one");
        }
    }

    /**
     * Stops polling: cancels the request in flight, interrupts a back-off or a wait for room in the stream, and
     * returns once the loop has ended (at most {@link Builder#closeTimeout(Duration)}). A batch not yet fully handed
     * to the stream does not move {@code ts} on. Idempotent.
     */
    @Override
    public void close() {
        try {
            if (started.compareAndSet(false, true)) {
                poller.neverStarted();
                return;
            }
            poller.close(closeTimeout);
        } finally {
            closeTransport();
        }
    }

    private void closeTransport() {
        try {
            ownTransport.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the long poll's transport failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** {@return whether the loop is running: started, and neither closed nor stopped by a failure} */
    public boolean isRunning() {
        return started.get() && !poller.hasEnded();
    }

    /**
     * The last {@code ts} whose events were all handed to the stream. Store it to resume after a restart with
     * {@link Builder#startTs(String)}.
     *
     * @return the {@code ts}, or empty before the first answer
     */
    public Optional<String> ts() {
        return Optional.ofNullable(poller.ts());
    }

    /** {@return why the loop stopped on its own (a wrong token, long poll disabled), if it did} */
    public Optional<SferumException> failure() {
        return Optional.ofNullable(poller.failure());
    }

    /** {@return the community polled} */
    public long groupId() {
        return groupId;
    }

    @Override
    public String toString() {
        return "LongPollSource[group=" + groupId + (isRunning() ? ", running" : "") + "]";
    }

    /**
     * Configures a {@link LongPollSource}. Not thread-safe; build once.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private ApiClient api;
        private long groupId;
        private int waitSeconds = DEFAULT_WAIT_SECONDS;
        private HttpClient http;
        private TimeSource time;
        private Duration minBackoff = DEFAULT_MIN_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private int reacquireAfter = DEFAULT_REACQUIRE_AFTER;
        private String startTs;
        private int maxResponseBytes = 16 * 1024 * 1024;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

        private Builder() {
        }

        /**
         * The API client that calls {@code groups.getLongPollServer}: with the community's token, or a user token
         * of one of its administrators. Required. Its configuration also gives the default HTTP client, time source
         * and {@code User-Agent}.
         *
         * @param api the client
         * @return this builder
         */
        public Builder api(ApiClient api) {
            this.api = Objects.requireNonNull(api, "api");
            return this;
        }

        /**
         * The community to poll. Required.
         *
         * @param groupId the community id, positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder groupId(long groupId) {
            if (groupId <= 0) {
                throw new IllegalArgumentException("groupId must be positive (the community id without a minus sign): " + groupId);
            }
            this.groupId = groupId;
            return this;
        }

        /**
         * How long VK holds a poll open when there are no events ({@code wait}). Default 25: proxies and NATs
         * often drop connections idle for 30 s. Raise it (up to 90) on a direct connection to make fewer requests.
         *
         * @param seconds 1 to 90
         * @return this builder
         * @throws IllegalArgumentException if outside 1..90
         */
        public Builder waitSeconds(int seconds) {
            this.waitSeconds = Require.between(seconds, 1, MAX_WAIT_SECONDS, "waitSeconds");
            return this;
        }

        /**
         * The HTTP client for the long-poll server. Default: the API client's configured transport ({@code
         * ClientConfig.transport}, {@code httpClient}, or the client the SDK builds with its connect timeout and trust).
         *
         * @param client the client
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            this.http = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Where back-off waits come from. Default: the API client's {@code ClientConfig.timeSource()}. Tests pass a
         * virtual one so back-off costs no real time.
         *
         * @param time the time source
         * @return this builder
         */
        public Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * The back-off after failures: {@code min} after the first, doubling up to {@code max}, each wait a random
         * 75–100% of that. Default 1 s to 1 min.
         *
         * @param min the first wait, positive
         * @param max the longest wait, at least {@code min}
         * @return this builder
         * @throws IllegalArgumentException if {@code min} is not positive or {@code max} is below it
         */
        public Builder backoff(Duration min, Duration max) {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < min <= max: min " + min + ", max " + max);
            }
            this.minBackoff = min;
            this.maxBackoff = max;
            return this;
        }

        /**
         * After how many failures in a row the server and key are acquired anew (keeping {@code ts}). Default 3.
         *
         * @param failures at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder reacquireAfter(int failures) {
            this.reacquireAfter = Require.atLeast(failures, 1, "reacquireAfter");
            return this;
        }

        /**
         * Resumes from a stored {@code ts} (see {@link LongPollSource#ts()}) instead of the server's current one, so
         * events that arrived while the application was down are delivered — if VK still has them (otherwise it
         * answers {@code failed:1} or {@code 3} and the loop goes on from what VK gives).
         *
         * @param ts the stored {@code ts}; not blank
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder startTs(String ts) {
            Objects.requireNonNull(ts, "ts");
            if (ts.isBlank()) {
                throw new IllegalArgumentException("startTs must not be blank");
            }
            this.startTs = ts;
            return this;
        }

        /**
         * The largest long-poll answer read. Default 16 MiB.
         *
         * @param bytes at least 1024
         * @return this builder
         * @throws IllegalArgumentException if below 1024
         */
        public Builder maxResponseBytes(int bytes) {
            this.maxResponseBytes = Require.atLeast(bytes, 1024, "maxResponseBytes");
            return this;
        }

        /**
         * How long {@link LongPollSource#close()} waits for the loop to end. Default 5 seconds; the loop normally
         * ends at once, since close cancels the poll in flight.
         *
         * @param timeout zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = Require.notNegative(timeout, "closeTimeout");
            return this;
        }

        /**
         * Builds the source, feeding {@code stream}; closing the stream closes the source too.
         *
         * @param stream the event stream
         * @return the source, not started
         * @throws IllegalStateException if the API client or the group id is missing
         */
        public LongPollSource build(EventStream stream) {
            Objects.requireNonNull(stream, "stream");
            if (api == null) {
                throw new IllegalStateException("set api(...): an ApiClient with the community's token, for groups.getLongPollServer");
            }
            if (groupId == 0) {
                throw new IllegalStateException("set groupId(...): the community whose events to poll");
            }
            LongPollSource source = new LongPollSource(this, stream);
            stream.attach(source);
            return source;
        }
    }
}
