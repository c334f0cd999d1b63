package dev.sferum.sdk.chat.event;

/**
 * Which source delivered an event.
 *
 * @since 0.1.0
 */
public enum EventOrigin {
    /** VK posted it to a {@link CallbackReceiver}. */
    CALLBACK,
    /** A {@link LongPollSource} fetched it from Bots Long Poll. */
    LONG_POLL
}
