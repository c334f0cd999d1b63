package dev.sferum.sdk.chat.event;

/**
 * A handler's registration with an {@link EventStream}; close it to stop the handler getting further events.
 *
 * <pre>{@code
 * try (Subscription s = events.on(MemberJoined.class, j -> welcome(j))) {
 *     runTheTerm();
 * }
 * }</pre>
 *
 * <p>An event already being handled finishes. Closing twice is harmless. Thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Removes the handler. */
    @Override
    void close();
}
