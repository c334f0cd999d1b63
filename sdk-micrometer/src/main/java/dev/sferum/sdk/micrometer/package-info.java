/**
 * Metrics and observations of SDK calls: {@link dev.sferum.sdk.micrometer.SferumMetrics} (meters per backend,
 * method and outcome, plus outbox and event-queue gauges) and {@link dev.sferum.sdk.micrometer.SferumObservations}
 * (one observation, so one span, per call). Both are {@link dev.sferum.sdk.core.RequestListener}s.
 *
 * <p>Every type here is thread-safe unless its Javadoc says otherwise. No method accepts {@code null}.
 */
package dev.sferum.sdk.micrometer;
