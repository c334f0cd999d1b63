package dev.sferum.sdk.chat.event;

/**
 * Reacts to one kind of event. Handlers run on the {@link EventStream}'s executor: events of one peer one after
 * another in the order VK sent them, different peers possibly at the same time. A handler may block (it holds up
 * only its own peer) and may throw: the exception goes to the stream's {@link EventErrorListener} and the stream
 * goes on with the next event.
 *
 * <pre>{@code
 * EventHandler<MessageNew> store = m -> inbox.store(m.message());
 * }</pre>
 *
 * @param <E> the event type
 * @since 0.1.0
 */
@FunctionalInterface
public interface EventHandler<E extends ChatEvent> {

    /**
     * Handles one event.
     *
     * @param event the event
     * @throws Exception anything; it is reported, and the event is not delivered again
     */
    void handle(E event) throws Exception;
}
