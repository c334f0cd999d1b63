package dev.sferum.sdk.vk.event.internal;

import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.EventAdmission;
import dev.sferum.sdk.chat.event.EventOrigin;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.core.Transport;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.core.internal.LimitedBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Bots Long Poll loop: {@code groups.getLongPollServer} through the API client, then
 * {@code GET {server}?act=a_check&key=&ts=&wait=} over the API client's {@link Transport} (so its injected
 * {@code HttpClient}, proxy or custom transport applies), each batch handed to the delivery lanes
 * (waiting while they are full) before its {@code ts} is committed.
 *
 * <p>Answers: {@code failed:1} — go on from the returned {@code ts}; {@code failed:2} — new key and server, same
 * {@code ts}; {@code failed:3} — new key, server and {@code ts}. An HTTP or network failure, a malformed answer or
 * a retryable failure of {@code getLongPollServer} waits with capped exponential back-off (75–100% jitter) and
 * tries again; after every {@code reacquireAfter} failures in a row the server is acquired anew (keeping {@code ts}).
 * A non-retryable failure of {@code getLongPollServer} (a wrong token, long poll disabled) stops the loop and is
 * kept as {@link #failure()}.
 *
 * <p>The long-poll key lets anybody read the community's events: it is held as a {@link Secret}, and never logged
 * (URLs are logged without their query).
 */
public final class LongPoller implements Runnable {
    private static final byte[] NO_BODY = new byte[0];
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.vk.event.LongPollSource");

    /**
     * The loop's settings.
     *
     * @param api calls {@code groups.getLongPollServer}
     * @param groupId the community
     * @param waitSeconds the {@code wait} parameter, 1..90
     * @param transport carries the exchanges with the long-poll server
     * @param time back-off waits
     * @param minBackoff the first back-off
     * @param maxBackoff the longest back-off
     * @param reacquireAfter failures in a row after which the server is acquired anew
     * @param startTs the {@code ts} to resume from, or null for the server's current one
     * @param maxResponseBytes the largest long-poll answer read
     * @param userAgent the {@code User-Agent}
     */
    public record Settings(ApiClient api, long groupId, int waitSeconds, Transport transport, TimeSource time, Duration minBackoff,
                           Duration maxBackoff, int reacquireAfter, String startTs, int maxResponseBytes, String userAgent) {
    }

    private enum Reset { NONE, KEEP_TS, NEW_TS }

    private final Settings s;
    private final EventStream stream;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object runnerLock = new Object();
    private Thread runner;
    private volatile boolean closed;
    private volatile CompletableFuture<Transport.Response> inFlight;
    private volatile String ts;
    private volatile SferumException failure;

    private String server;
    private Secret key;

    /**
     * @param settings the settings
     * @param stream where events go
     */
    public LongPoller(Settings settings, EventStream stream) {
        this.s = settings;
        this.stream = stream;
        this.ts = settings.startTs();
    }

    @Override
    public void run() {
        synchronized (runnerLock) {
            if (closed) {
                finished.countDown();
                return;
            }
            runner = Thread.currentThread();
        }
        try {
            loop();
        } finally {
            synchronized (runnerLock) {
                runner = null;
                if (closed) {
                    // Our own interrupt from close() must not leak into the executor's next task.
                    Thread.interrupted();
                }
            }
            finished.countDown();
            log.debug("long poll for group {} stopped", s.groupId());
        }
    }

    private void loop() {
        int failures = 0;
        int resets = 0;
        while (!closed) {
            try {
                if (server == null) {
                    acquire(ts != null);
                }
                Reset reset = pollOnce();
                failures = 0;
                if (reset == Reset.NONE) {
                    resets = 0;
                    continue;
                }
                server = null;
                key = null;
                if (reset == Reset.NEW_TS) {
                    ts = null;
                }
                if (++resets > 1) {
                    // VK refused a key it just gave out: do not spin on getLongPollServer.
                    backoff(resets - 1);
                }
            } catch (Stop e) {
                return;
            } catch (RuntimeException caught) {
                if (closed) {
                    return;
                }
                SferumException e = caught instanceof SferumException se ? se
                        : new SferumException(ErrorCategory.TRANSIENT, null, "the long poll failed unexpectedly: " + caught.getClass().getName(),
                        "the SDK retries with back-off; report this if it persists", null);
                if (!e.retryable()) {
                    failure = e;
                    log.warn("long poll for group {} stopped: {} ({}). {}", s.groupId(), e.getMessage(), e.category(),
                            e.remedy().orElse("Fix the cause and start a new LongPollSource"));
                    report(e, false);
                    return;
                }
                failures++;
                if (failures % s.reacquireAfter() == 0 && server != null) {
                    log.debug("long poll for group {}: {} failures in a row; acquiring the server anew, keeping ts", s.groupId(), failures);
                    server = null;
                    key = null;
                }
                if (failures >= s.reacquireAfter()) {
                    log.warn("long poll for group {} failing ({} in a row): {}; retrying with back-off", s.groupId(), failures, e.getMessage());
                } else {
                    log.debug("long poll for group {} failed: {}; retrying with back-off", s.groupId(), e.getMessage());
                }
                report(e, true);
                try {
                    backoff(failures);
                } catch (Stop stop) {
                    return;
                }
            }
        }
    }

    /** The loop must end: closed, interrupted by close, or the stream refused events. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private void acquire(boolean keepTs) {
        JsonNode r = s.api().call(ApiRequest.builder("groups.getLongPollServer").param("group_id", s.groupId()).build(), ResultType.json());
        if (closed) {
            throw new Stop();
        }
        String newServer = text(r.path("server"));
        String newKey = text(r.path("key"));
        String newTs = text(r.path("ts"));
        if (newServer.isBlank() || newKey.isBlank() || newTs.isBlank()) {
            throw new TransportException(ErrorCategory.TRANSIENT, "groups.getLongPollServer", TransportException.Failure.MALFORMED_BODY, 0,
                    true, "groups.getLongPollServer answered without server, key or ts", null, null);
        }
        server = newServer.contains("://") ? newServer : "https://" + newServer;
        key = Secret.of(newKey);
        if (!keepTs || ts == null) {
            ts = newTs;
        }
        log.debug("long poll for group {}: server {} acquired{}", s.groupId(), withoutQuery(server), keepTs ? ", keeping ts" : "");
    }

    private Reset pollOnce() {
        URI uri = URI.create(server + (server.indexOf('?') >= 0 ? "&" : "?") + "act=a_check&key=" + enc(key.reveal()) + "&ts=" + enc(ts)
                + "&wait=" + s.waitSeconds());
        Transport.Exchange request = new Transport.Exchange("GET", uri, null, NO_BODY, null, Map.of(), s.userAgent(),
                Duration.ofSeconds(s.waitSeconds() + 10L), s.maxResponseBytes());
        Transport.Response response = exchange(request);
        if (response.status() != 200) {
            throw failure(TransportException.Failure.HTTP_STATUS, response.status(),
                    "the long-poll server answered HTTP " + response.status());
        }
        JsonNode body;
        try {
            body = Json.read(response.body());
        } catch (JacksonException e) {
            throw failure(TransportException.Failure.MALFORMED_BODY, 200, "the long-poll answer is not JSON: " + Json.describe(e));
        }
        if (body == null || !body.isObject()) {
            throw failure(TransportException.Failure.MALFORMED_BODY, 200, "the long-poll answer is not a JSON object");
        }
        if (body.has("failed")) {
            int code = body.path("failed").asInt(0);
            switch (code) {
                case 1: {
                    String newTs = text(body.path("ts"));
                    if (newTs.isBlank()) {
                        log.debug("long poll for group {}: failed 1 without ts; acquiring a new key and ts", s.groupId());
                        return Reset.NEW_TS;
                    }
                    log.debug("long poll for group {}: failed 1 (history outdated); going on from the returned ts", s.groupId());
                    ts = newTs;
                    return Reset.NONE;
                }
                case 2:
                    log.debug("long poll for group {}: failed 2 (key expired); acquiring a new key, keeping ts", s.groupId());
                    return Reset.KEEP_TS;
                case 3:
                    log.debug("long poll for group {}: failed 3 (information lost); acquiring a new key and ts", s.groupId());
                    return Reset.NEW_TS;
                default:
                    log.debug("long poll for group {}: unknown failed {}; acquiring a new key, keeping ts", s.groupId(), code);
                    return Reset.KEEP_TS;
            }
        }
        String newTs = text(body.path("ts"));
        if (newTs.isBlank()) {
            throw failure(TransportException.Failure.MALFORMED_BODY, 200, "the long-poll answer has neither ts nor failed");
        }
        List<ChatEvent> batch = new ArrayList<>();
        for (JsonNode update : body.path("updates")) {
            if (update.isObject()) {
                batch.add(EventParser.parse(update, s.groupId(), EventOrigin.LONG_POLL));
            } else {
                log.debug("long poll for group {}: skipped an update that is not an object", s.groupId());
            }
        }
        handOff(batch);
        ts = newTs;
        if (!batch.isEmpty()) {
            log.debug("long poll for group {}: {} events handed off", s.groupId(), batch.size());
        }
        return Reset.NONE;
    }

    private void handOff(List<ChatEvent> batch) {
        for (ChatEvent e : batch) {
            EventAdmission a;
            try {
                a = stream.put(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new Stop();
            }
            if (a == EventAdmission.CLOSED) {
                log.debug("long poll for group {}: the event stream is closed; stopping without committing ts", s.groupId());
                closed = true;
                throw new Stop();
            }
        }
    }

    private Transport.Response exchange(Transport.Exchange request) {
        CompletableFuture<Transport.Response> f;
        try {
            f = s.transport().sendAsync(request);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        inFlight = f;
        if (closed) {
            f.cancel(true);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new Stop();
        } catch (CancellationException e) {
            throw new Stop();
        } catch (ExecutionException e) {
            if (closed) {
                throw new Stop();
            }
            Throwable c = e.getCause();
            if (c instanceof HttpTimeoutException) {
                throw failure(TransportException.Failure.TIMEOUT, 0, "the long-poll request got no answer within wait + 10 s");
            }
            if (c instanceof Transport.ResponseTooLargeException) {
                throw failure(TransportException.Failure.BODY_TOO_LARGE, 200, c.getMessage());
            }
            if (c instanceof java.net.ConnectException) {
                throw failure(TransportException.Failure.CONNECT, 0, "could not connect to the long-poll server " + withoutQuery(server));
            }
            throw failure(TransportException.Failure.IO, 0, "the long-poll request failed: " + c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : " (" + scrub(c.getMessage()) + ")"));
        } finally {
            inFlight = null;
        }
    }

    private TransportException failure(TransportException.Failure kind, int status, String message) {
        return new TransportException(ErrorCategory.TRANSIENT, null, kind, status, true, message,
                "the SDK retries with back-off; check the network path to VK's long-poll server if it persists", null);
    }

    /** Removes the key from text that might echo the URL. */
    private String scrub(String text) {
        Secret k = key;
        String out = text;
        if (k != null) {
            out = out.replace(k.reveal(), "<key>").replace(enc(k.reveal()), "<key>");
        }
        int q = out.indexOf("act=a_check");
        return q >= 0 ? out.substring(0, q) + "<query>" : out;
    }

    private void backoff(int failures) {
        long min = s.minBackoff().toNanos();
        long max = s.maxBackoff().toNanos();
        int shift = Math.min(failures - 1, 30);
        long base = min > (max >> shift) ? max : Math.min(max, min << shift);
        long wait = (long) (base * (0.75 + 0.25 * ThreadLocalRandom.current().nextDouble()));
        try {
            s.time().sleep(Duration.ofNanos(wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stop();
        }
        if (closed) {
            throw new Stop();
        }
    }

    private void report(SferumException e, boolean willRetry) {
        try {
            stream.reportSourceFailure(EventOrigin.LONG_POLL, e, willRetry);
        } catch (RuntimeException listenerFailure) {
            log.warn("the EventErrorListener threw {} while reporting a long-poll failure; make it catch its own errors",
                    listenerFailure.getClass().getName());
        }
    }

    /**
     * Stops the loop: cancels the poll in flight, interrupts a back-off or a wait for room, and waits for the loop to
     * end, at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return whether the loop has ended
     */
    public boolean close(Duration timeout) {
        Thread current;
        synchronized (runnerLock) {
            closed = true;
            CompletableFuture<Transport.Response> f = inFlight;
            if (f != null) {
                f.cancel(true);
            }
            current = runner;
            if (current != null && current != Thread.currentThread()) {
                current.interrupt();
            }
        }
        if (current == Thread.currentThread()) {
            return false;
        }
        try {
            return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return finished.getCount() == 0;
        }
    }

    /** Marks a loop that was never started as ended. */
    public void neverStarted() {
        closed = true;
        finished.countDown();
    }

    /** {@return the last committed {@code ts}, or null} */
    public String ts() {
        return ts;
    }

    /** {@return why the loop stopped on its own, or null} */
    public SferumException failure() {
        return failure;
    }

    /** {@return whether the loop has ended} */
    public boolean hasEnded() {
        return finished.getCount() == 0;
    }

    private static String text(JsonNode n) {
        return n.isString() || n.isNumber() ? n.asString() : "";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q >= 0 ? url.substring(0, q) : url;
    }
}
