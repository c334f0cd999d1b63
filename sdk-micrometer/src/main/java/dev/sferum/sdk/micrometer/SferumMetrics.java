package dev.sferum.sdk.micrometer;

import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.core.CallInfo;
import dev.sferum.sdk.core.RequestListener;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Records every SDK call as Micrometer meters: a {@link RequestListener} to add to a client's configuration.
 *
 * <pre>{@code
 * SferumMetrics metrics = SferumMetrics.builder(registry).build();
 * ApiClient api = ApiClient.builder()
 *         .config(ClientConfig.builder().addListener(metrics).build())
 *         .token(token)
 *         .buildClient();
 * SferumMetrics.monitorOutbox(registry, outbox, "school");      // the gauge sferum.outbox.pending
 * }</pre>
 *
 * <p>The meters, each tagged {@code backend} ({@code vk} or {@code max}) and {@code method} (the VK method, such as
 * {@code messages.send}, or MAX's operation template, such as {@code POST /messages}):
 * <table>
 * <caption>meters</caption>
 * <tr><th>name</th><th>type</th><th>more tags</th><th>what it counts</th></tr>
 * <tr><td>{@value #CALLS}</td><td>timer</td><td>{@code outcome}</td><td>whole calls, attempts, back-off and budget
 *     waits included; {@code outcome} is {@code success} or the error category in lower case</td></tr>
 * <tr><td>{@value #ATTEMPTS}</td><td>counter</td><td></td><td>HTTP attempts (a call without retries makes one)</td></tr>
 * <tr><td>{@value #RETRIES}</td><td>counter</td><td>{@code cause}</td><td>retries, by the category of the failure
 *     that caused them</td></tr>
 * <tr><td>{@value #BUDGET_WAIT}</td><td>timer</td><td></td><td>time spent waiting for a permit of the token's rate
 *     budget</td></tr>
 * <tr><td>{@value #THROTTLED}</td><td>counter</td><td>{@code code}</td><td>answers that said "too many" (VK
 *     errors 6, 9, 29; MAX HTTP 429), whether retried or final</td></tr>
 * <tr><td>{@value #OUTCOME_UNKNOWN}</td><td>counter</td><td></td><td>calls that ended in
 *     {@link dev.sferum.sdk.core.exception.OutcomeUnknownException}: a write that may or may not have happened</td></tr>
 * </table>
 *
 * <p>No tag ever holds a token, a peer id or a user id: every tag has a small, fixed set of values. The call timer
 * publishes no percentiles and no histogram unless {@link Builder#percentileHistogram(boolean)} or
 * {@link Builder#percentiles(double...)} asks for them, because both multiply the series per method.
 *
 * <p>Thread-safe; its methods are fast and never block, as {@link RequestListener} requires.
 *
 * @since 0.1.0
 */
public final class SferumMetrics implements RequestListener {
    /** The call timer. */
    public static final String CALLS = "sferum.client.calls";
    /** The attempt counter. */
    public static final String ATTEMPTS = "sferum.client.attempts";
    /** The retry counter. */
    public static final String RETRIES = "sferum.client.retries";
    /** The rate-budget wait timer. */
    public static final String BUDGET_WAIT = "sferum.client.budget.wait";
    /** The counter of throttled answers. */
    public static final String THROTTLED = "sferum.client.throttled";
    /** The counter of calls whose outcome is unknown. */
    public static final String OUTCOME_UNKNOWN = "sferum.client.outcome.unknown";
    /** The gauge of messages waiting in an outbox. */
    public static final String OUTBOX_PENDING = "sferum.outbox.pending";
    /** The gauge of events queued in an event stream. */
    public static final String EVENTS_QUEUED = "sferum.events.queued";

    private final MeterRegistry registry;
    private final String backend;
    private final boolean histogram;
    private final double[] percentiles;
    private final Tags extraTags;

    private SferumMetrics(Builder b) {
        this.registry = b.registry;
        this.backend = b.backend;
        this.histogram = b.histogram;
        this.percentiles = b.percentiles.clone();
        this.extraTags = b.tags;
    }

    /**
     * Starts a builder.
     *
     * @param registry where the meters go
     * @return a builder with the defaults: backend told by the token kind, no histogram, no percentiles
     */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /**
     * Registers the gauge {@value #OUTBOX_PENDING}: how many messages an outbox still holds (sent but not yet
     * confirmed, or waiting for a resend). Read at each scrape through {@link MessageOutbox#size()}, so a shared
     * outbox (JDBC) claims no entry for this node; the gauge holds the outbox weakly, as Micrometer's gauges do, so
     * keep a reference to it.
     *
     * @param registry where the gauge goes
     * @param outbox the outbox to watch
     * @param name a short, fixed name for it (the tag {@code outbox}), such as {@code school}
     * @throws IllegalArgumentException if the name is blank
     */
    public static void monitorOutbox(MeterRegistry registry, MessageOutbox outbox, String name) {
        gauge(registry, OUTBOX_PENDING, Objects.requireNonNull(outbox, "outbox"), MessageOutbox::size,
                "Messages in the outbox not yet known to be delivered", "outbox", name);
    }

    /**
     * Registers the gauge {@value #EVENTS_QUEUED}: events received but not yet handed to handlers.
     *
     * @param registry where the gauge goes
     * @param events the stream to watch
     * @param name a short, fixed name for it (the tag {@code stream}), such as {@code callback}
     * @throws IllegalArgumentException if the name is blank
     */
    public static void monitorEvents(MeterRegistry registry, EventStream events, String name) {
        gauge(registry, EVENTS_QUEUED, Objects.requireNonNull(events, "events"), EventStream::pending,
                "Events received and waiting for their handlers", "stream", name);
    }

    /** One gauge of one watched object, tagged with its fixed name. */
    private static <T> void gauge(MeterRegistry registry, String meter, T watched, java.util.function.ToDoubleFunction<T> value,
            String description, String tag, String name) {
        Objects.requireNonNull(registry, "registry");
        Gauge.builder(meter, watched, value).description(description).tag(tag, checkName(name)).register(registry);
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank: give the outbox or stream a short fixed name");
        }
        return name;
    }

    @Override
    public void attemptStarted(CallInfo call, int attempt) {
        Counter.builder(ATTEMPTS).description("HTTP attempts of SDK calls")
                .tags(base(call)).register(registry).increment();
    }

    @Override
    public void throttled(CallInfo call, Duration wait) {
        Timer.builder(BUDGET_WAIT).description("Time SDK calls waited for their token's rate budget")
                .tags(base(call)).register(registry).record(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void retryScheduled(CallInfo call, int nextAttempt, Duration delay, SferumException cause) {
        Counter.builder(RETRIES).description("Retries of SDK calls by the category of the failure")
                .tags(base(call)).tag("cause", lower(cause.category())).register(registry).increment();
        countThrottled(call, cause);
    }

    @Override
    public void callFinished(CallInfo call, Duration elapsed, SferumException error) {
        Timer.Builder timer = Timer.builder(CALLS).description("SDK calls, retries and waits included")
                .tags(base(call)).tag("outcome", error == null ? "success" : lower(error.category()))
                .publishPercentileHistogram(histogram);
        if (percentiles.length > 0) {
            timer.publishPercentiles(percentiles);
        }
        timer.register(registry).record(elapsed.toNanos(), TimeUnit.NANOSECONDS);
        if (error != null) {
            countThrottled(call, error);
            if (error.category() == ErrorCategory.OUTCOME_UNKNOWN) {
                Counter.builder(OUTCOME_UNKNOWN).description("SDK calls whose write may or may not have happened")
                        .tags(base(call)).register(registry).increment();
            }
        }
    }

    private void countThrottled(CallInfo call, SferumException error) {
        if (error.category() != ErrorCategory.THROTTLED) {
            return;
        }
        Counter.builder(THROTTLED).description("Answers that said too many requests")
                .tags(base(call)).tag("code", code(error)).register(registry).increment();
    }

    /** VK's error code (6, 9, 29) or, for any other backend's throttling, its HTTP status (429). */
    private static String code(SferumException error) {
        if (error instanceof ApiException api) {
            return Integer.toString(api.errorCode());
        }
        return "429";
    }

    private Tags base(CallInfo call) {
        String b = backend != null ? backend : call.tokenKind() == TokenKind.BOT ? "max" : "vk";
        return extraTags.and("backend", b, "method", call.method());
    }

    private static String lower(ErrorCategory category) {
        return category.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "SferumMetrics{backend=" + (backend == null ? "by token kind" : backend) + ", histogram=" + histogram + "}";
    }

    /**
     * Builds {@link SferumMetrics}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final MeterRegistry registry;
        private String backend;
        private boolean histogram;
        private double[] percentiles = new double[0];
        private Tags tags = Tags.empty();

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * Fixes the {@code backend} tag. By default it follows the call's token kind: {@code max} for a MAX bot
         * token, {@code vk} otherwise.
         *
         * @param backend a short fixed name, such as {@code vk}
         * @return this builder
         * @throws IllegalArgumentException if it is blank
         */
        public Builder backend(String backend) {
            this.backend = checkName(backend);
            return this;
        }

        /**
         * Publishes a percentile histogram of the call timer, for percentiles computed by the monitoring system
         * (Prometheus {@code histogram_quantile}). Off by default: it adds dozens of series per method and outcome.
         *
         * @param enabled whether to publish it
         * @return this builder
         */
        public Builder percentileHistogram(boolean enabled) {
            this.histogram = enabled;
            return this;
        }

        /**
         * Publishes client-side percentiles of the call timer, such as {@code 0.5, 0.99}. None by default: they
         * cannot be aggregated across nodes.
         *
         * @param percentiles values in [0, 1]
         * @return this builder
         * @throws IllegalArgumentException if one is outside [0, 1]
         */
        public Builder percentiles(double... percentiles) {
            for (double p : percentiles) {
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("percentiles must be within [0, 1], such as 0.99: " + p);
                }
            }
            this.percentiles = percentiles.clone();
            return this;
        }

        /**
         * Adds fixed tags to every meter, such as the school's region. Only low-cardinality values.
         *
         * @param tags the tags
         * @return this builder
         */
        public Builder tags(Iterable<io.micrometer.core.instrument.Tag> tags) {
            this.tags = this.tags.and(tags);
            return this;
        }

        /** {@return the listener} */
        public SferumMetrics build() {
            return new SferumMetrics(this);
        }
    }
}
