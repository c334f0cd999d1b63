package dev.sferum.sdk.testkit.max;

import java.util.Objects;

/**
 * One update the fake queued for a bot, as long polling and webhooks deliver it.
 *
 * @param marker its position in the bot's queue, from 1 ({@code /updates} markers point at it)
 * @param type MAX's {@code update_type}, such as {@code message_created}
 * @param json the update's JSON, as sent
 * @since 0.1.0
 */
public record FakeMaxUpdate(long marker, String type, String json) {

    /**
     * Checks the components.
     *
     * @param marker its position in the bot's queue, from 1 ({@code /updates} markers point at it)
     * @param type MAX's {@code update_type}, such as {@code message_created}
     * @param json the update's JSON, as sent
     */
    public FakeMaxUpdate {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(json, "json");
    }

    /** {@return the marker and type; never the JSON (it may hold message texts)} */
    @Override
    public String toString() {
        return "FakeMaxUpdate[" + marker + ", " + type + "]";
    }
}
