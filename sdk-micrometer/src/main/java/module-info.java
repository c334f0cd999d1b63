/**
 * Micrometer metrics and observations (spans) for sferum-java-sdk calls, without Spring.
 *
 * <p>Add {@link dev.sferum.sdk.micrometer.SferumMetrics} and {@link dev.sferum.sdk.micrometer.SferumObservations}
 * to a client's {@code ClientConfig} as listeners.
 */
module dev.sferum.sdk.micrometer {
    requires transitive dev.sferum.sdk.core;
    requires transitive dev.sferum.sdk.chat;
    requires transitive micrometer.core;
    requires transitive micrometer.observation;

    exports dev.sferum.sdk.micrometer;
}
