package dev.sferum.sdk.chat.event;



/**
 * Hears what went wrong while events were delivered: a handler that threw, a source that failed. The default
 * listener logs at WARN (without message texts or secrets); set your own to count, alert or retry.
 *
 * <pre>{@code
 * EventStream events = EventStream.builder()
 *         .errorListener((event, error) -> metrics.counter("vk.events.failed", "type", event.meta().type()).increment())
 *         .build();
 * }</pre>
 *
 * <p>Methods are called on the thread where the failure happened (a handler thread, the long-poll thread). They
 * must be quick and must not throw; an exception from a listener is logged and otherwise ignored.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EventErrorListener {

    /**
     * A handler threw. The stream goes on; this event is not delivered to that handler again.
     *
     * @param event the event it was handling
     * @param error what it threw
     */
    void handlerFailed(ChatEvent event, Throwable error);

    /**
     * A source could not fetch or accept events: a failed long poll or {@code groups.getLongPollServer} call.
     * The default does nothing beyond the SDK's own log line.
     *
     * @param origin which source
     * @param error what went wrong (never holding the long-poll key or a secret)
     * @param willRetry true if the source backs off and tries again; false if it has stopped (see
     *     sdk-vk's {@code LongPollSource.failure()})
     */
    default void sourceFailed(EventOrigin origin, Throwable error, boolean willRetry) {
    }
}
