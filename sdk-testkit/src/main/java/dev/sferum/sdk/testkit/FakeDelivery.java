package dev.sferum.sdk.testkit;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt of the fake to deliver a Callback API request (the confirmation or an event) to a server.
 *
 * <pre>{@code
 * assertThat(fake.events().awaitDeliveries(Duration.ofSeconds(10))).isTrue();
 * assertThat(fake.events().deliveries())
 *         .extracting(FakeDelivery::type, FakeDelivery::retryCounter, FakeDelivery::acknowledged)
 *         .containsExactly(tuple("confirmation", 0, true), tuple("message_new", 0, false),
 *                          tuple("message_new", 1, true));
 * }</pre>
 *
 * @param serverId      the callback server ({@code server_id})
 * @param type          {@code confirmation} or the event type, e.g. {@code message_new}
 * @param eventId       the event's {@code event_id}; empty for the confirmation
 * @param retryCounter  the {@code X-Retry-Counter} header sent: 0 on the first attempt (no header), then 1, 2...
 * @param httpStatus    the receiver's HTTP status, 0 when there was no answer (refused, timed out)
 * @param response      the start of the receiver's body, or the I/O error when there was no answer
 * @param acknowledged  whether the receiver accepted it: {@code ok} for events, the confirmation code for the
 *                      confirmation
 * @param time          when the attempt completed, by the fake clock
 * @since 0.1.0
 */
public record FakeDelivery(int serverId, String type, String eventId, int retryCounter, int httpStatus,
        String response, boolean acknowledged, Instant time) {

    /**
     * Creates the value, checking its components.
     *
     * @param serverId the callback server ({@code server_id})
     * @param type {@code confirmation} or the event type, e.g. {@code message_new}
     * @param eventId the event's {@code event_id}; empty for the confirmation
     * @param retryCounter the {@code X-Retry-Counter} header sent: 0 on the first attempt (no header), then 1, 2...
     * @param httpStatus the receiver's HTTP status, 0 when there was no answer (refused, timed out)
     * @param response the start of the receiver's body, or the I/O error when there was no answer
     * @param acknowledged whether the receiver accepted it: {@code ok} for events, the confirmation code for the
     *        confirmation
     * @param time when the attempt completed, by the fake clock
     */
    public FakeDelivery {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(time, "time");
    }
}
