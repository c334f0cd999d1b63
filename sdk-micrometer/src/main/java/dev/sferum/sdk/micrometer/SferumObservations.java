package dev.sferum.sdk.micrometer;

import dev.sferum.sdk.core.CallInfo;
import dev.sferum.sdk.core.RequestListener;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.exception.SferumException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes one Micrometer {@link Observation} per SDK call, which a tracing bridge (micrometer-tracing with
 * OpenTelemetry or Brave) turns into one span: a {@link RequestListener} to add to a client's configuration.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder()
 *         .addListener(SferumObservations.of(observationRegistry))
 *         .build();
 * }</pre>
 *
 * <p>The observation is named {@value #NAME}, with the contextual name {@code "sferum " + method}. Its
 * low-cardinality keys are {@code sferum.backend}, {@code sferum.method} and {@code sferum.outcome} ({@code success}
 * or the error category in lower case); its one high-cardinality key, {@code sferum.token.fingerprint}, is the
 * token's fingerprint, never the token. Each attempt, budget wait and scheduled retry is an event on it
 * ({@value #ATTEMPT_EVENT}, {@value #BUDGET_WAIT_EVENT}, {@value #RETRY_EVENT}); a failure is its error.
 *
 * <p>The observation is a plain one, not a sender context, so no propagator writes a {@code traceparent} or any other
 * trace header into the SDK's requests: trace context reaches neither the API host nor any other. Its parent is the
 * observation current on the thread that starts the call.
 *
 * <p>If the registry has a meter handler (Spring Boot installs one), the observation also yields a timer named
 * {@value #NAME}; {@link SferumMetrics} remains the detailed one.
 *
 * <p>Thread-safe; fast and non-blocking as {@link RequestListener} requires.
 *
 * @since 0.1.0
 */
public final class SferumObservations implements RequestListener {
    /** The observation's name. */
    public static final String NAME = "sferum.call";
    /** The event of each HTTP attempt. */
    public static final String ATTEMPT_EVENT = "sferum.attempt";
    /** The event of a wait for the rate budget. */
    public static final String BUDGET_WAIT_EVENT = "sferum.budget.wait";
    /** The event of a scheduled retry. */
    public static final String RETRY_EVENT = "sferum.retry";

    private final ObservationRegistry registry;
    private final Map<Long, Observation> open = new ConcurrentHashMap<>();

    private SferumObservations(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Creates the listener.
     *
     * @param registry the application's observation registry
     * @return a listener; share one per client configuration (it pairs events by call id within one client)
     */
    public static SferumObservations of(ObservationRegistry registry) {
        return new SferumObservations(registry);
    }

    @Override
    public void callStarted(CallInfo call) {
        if (registry.isNoop()) {
            return;
        }
        Observation observation = Observation.createNotStarted(NAME, registry)
                .contextualName("sferum " + call.method())
                .lowCardinalityKeyValue("sferum.backend", call.tokenKind() == TokenKind.BOT ? "max" : "vk")
                .lowCardinalityKeyValue("sferum.method", call.method());
        if (call.tokenFingerprint() != null) {
            observation.highCardinalityKeyValue("sferum.token.fingerprint", call.tokenFingerprint());
        }
        open.put(call.callId(), observation.start());
    }

    @Override
    public void attemptStarted(CallInfo call, int attempt) {
        Observation o = open.get(call.callId());
        if (o != null) {
            o.event(Observation.Event.of(ATTEMPT_EVENT, "attempt " + attempt));
        }
    }

    @Override
    public void throttled(CallInfo call, Duration wait) {
        Observation o = open.get(call.callId());
        if (o != null) {
            o.event(Observation.Event.of(BUDGET_WAIT_EVENT, "budget wait " + wait.toMillis() + " ms"));
        }
    }

    @Override
    public void retryScheduled(CallInfo call, int nextAttempt, Duration delay, SferumException cause) {
        Observation o = open.get(call.callId());
        if (o != null) {
            o.event(Observation.Event.of(RETRY_EVENT, "retry " + nextAttempt + " in " + delay.toMillis() + " ms after "
                    + cause.category().name().toLowerCase(Locale.ROOT)));
        }
    }

    @Override
    public void callFinished(CallInfo call, Duration elapsed, SferumException error) {
        Observation o = open.remove(call.callId());
        if (o == null) {
            return;
        }
        if (call.tokenFingerprint() != null) {
            o.highCardinalityKeyValue("sferum.token.fingerprint", call.tokenFingerprint());
        }
        o.lowCardinalityKeyValue("sferum.outcome", error == null ? "success" : error.category().name().toLowerCase(Locale.ROOT));
        if (error != null) {
            o.error(error);
        }
        o.stop();
    }

    @Override
    public String toString() {
        return "SferumObservations{open=" + open.size() + "}";
    }
}
