package dev.sferum.sdk.chat.event;

/**
 * What became of an event handed to {@link EventStream#offer(ChatEvent)} or {@link EventStream#put(ChatEvent)}.
 *
 * <p>How a source answers each, in the SDK's own sources:
 * <table>
 *   <caption>Admission and the source's answer</caption>
 *   <tr><th>admission</th><th>VK Callback API / MAX webhook</th><th>long poll</th></tr>
 *   <tr><td>{@link #ACCEPTED}</td><td>200</td><td>next event; the position moves on after the batch</td></tr>
 *   <tr><td>{@link #DUPLICATE}</td><td>200 (so the sender stops retrying)</td><td>next event</td></tr>
 *   <tr><td>{@link #FULL}</td><td>503 (the sender retries later)</td><td>never: {@code put} waits for room</td></tr>
 *   <tr><td>{@link #CLOSED}</td><td>503</td><td>stops without moving the position on</td></tr>
 * </table>
 *
 * @since 0.1.0
 */
public enum EventAdmission {
    /** Queued for the handlers; it will reach every matching handler unless the process dies first. */
    ACCEPTED,
    /**
     * Its key ({@code groupId:eventId}) was seen within the de-duplication window — by this stream or, with a shared
     * {@link EventDedupeStore}, by another node's: not queued, and it must not be sent again.
     */
    DUPLICATE,
    /** The stream holds {@code capacity} events already: nothing was queued or remembered; offer it again later. */
    FULL,
    /** The stream is closed: nothing was queued or remembered. */
    CLOSED;

    /** {@return whether the sender may consider the event handed over ({@link #ACCEPTED} or {@link #DUPLICATE})} */
    public boolean handedOver() {
        return this == ACCEPTED || this == DUPLICATE;
    }
}
