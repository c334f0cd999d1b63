package dev.sferum.sdk.chat.event;



/**
 * Which source delivered an event.
 *
 * @since 0.1.0
 */
public enum EventOrigin {
    /** VK posted it to sdk-vk's {@code CallbackReceiver} (VK's Callback API). */
    CALLBACK,
    /**
     * A long poll fetched it: sdk-vk's {@code LongPollSource} from VK's Bots Long Poll, or sdk-max's
     * {@code MaxLongPollSource} from MAX's {@code GET /updates}.
     */
    LONG_POLL,
    /** MAX posted it to sdk-max's {@code MaxWebhookReceiver} (a subscription made with {@code POST /subscriptions}). */
    WEBHOOK
}
