package dev.sferum.sdk.chat.event;

import java.time.Duration;

/**
 * Where an {@link EventStream} remembers the events it accepted, to recognise the same event again — VK's Callback
 * retries, MAX's webhook replays, a long-poll batch fetched twice, the same event from two sources. The default keeps
 * the keys in the stream's memory; a shared store (sdk-jdbc's {@code JdbcEventDedupeStore}, or your own) lets several
 * application nodes behind one load balancer de-duplicate together.
 *
 * <pre>{@code
 * EventStream events = EventStream.builder()
 *         .dedupeStore(stores.eventDedupeStore())          // sdk-jdbc: one table shared by every node
 *         .dedupeWindow(Duration.ofHours(9))
 *         .build();
 * }</pre>
 *
 * <p><b>What several nodes sharing a store get.</b> An event is queued by at most one node within the window: a
 * Callback retry (or MAX webhook replay) that the load balancer sends to another node is recognised there and answered
 * {@code ok} without being handled again; two long polls of the same community on two nodes split the events between
 * them, each handled once. The store does <em>not</em> make handling durable: the key is marked when the event is
 * queued, not when it was handled, so an event accepted by a node that dies before its handlers ran is lost — exactly as
 * with the in-memory store, since VK and MAX got their {@code ok} — and its retries are dropped as duplicates. Handlers
 * that must not lose events keep their own record (an outbox, an idempotent write) keyed by
 * {@link EventMeta#eventId()}.
 *
 * <p><b>Contract.</b> {@link #markFirst} must be atomic across every node sharing the store: of concurrent calls with the
 * same key, exactly one returns {@code true}. A key is remembered for at least {@code window} after it was marked;
 * forgetting it later is allowed (the in-memory store forgets the oldest beyond its capacity). Keys are
 * {@code groupId:eventId} (the community on VK, the bot on MAX), at most a few hundred characters. Implementations must
 * be thread-safe, must not log keys at more than DEBUG, and should take time from one clock for all nodes (the
 * database's or the server's), not each node's.
 *
 * <p><b>Failures.</b> A store that cannot answer throws: an {@link EventDedupeException} (any other
 * {@code RuntimeException} is wrapped in one by the stream). The stream then <em>refuses</em> the event — nothing is
 * queued, {@code offer} and {@code put} throw the {@link EventDedupeException} — because accepting it unchecked could
 * deliver a duplicate and dropping it would lose it. The Callback API and MAX webhook receivers answer 503, so VK or MAX
 * send it again later; the long-poll sources back off and fetch the same batch again without moving their position on.
 *
 * @since 0.1.0
 */
public interface EventDedupeStore {

    /**
     * Marks the key as seen for {@code window}, if it is not marked already, atomically.
     *
     * @param key the event's key, {@code groupId:eventId}; not blank
     * @param window how long it stays marked; positive
     * @return {@code true} if this is the first sighting within the window (the caller queues the event), {@code false}
     *     if it was marked already (a duplicate)
     * @throws EventDedupeException if the store cannot answer; the key's state is then unknown to the caller
     * @throws IllegalArgumentException if the key is blank or the window not positive
     */
    boolean markFirst(String key, Duration window);

    /**
     * Forgets a key that {@link #markFirst} marked, because the event could not be queued after all (the stream was
     * closed in between), so that the sender's retry is not dropped as a duplicate. Forgetting a key that is not marked
     * does nothing.
     *
     * @param key the event's key; not blank
     * @throws EventDedupeException if the store cannot answer; the key then stays marked until its window ends
     * @throws IllegalArgumentException if the key is blank
     */
    void forget(String key);
}
