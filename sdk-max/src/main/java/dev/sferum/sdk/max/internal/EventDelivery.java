package dev.sferum.sdk.max.internal;

import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.EventErrorListener;
import dev.sferum.sdk.chat.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands accepted MAX events to the application's handler: duplicates (by event id, within a window) are dropped, the
 * events of one peer run one after another in arrival order, different peers in parallel on the executor, and at most
 * {@code capacity} events wait or run at once. A handler that throws goes to the error listener; the next event goes
 * on. Thread-safe.
 *
 * <p>(sdk-chat's {@code EventStream} does the same for VK's sources; it accepts no source from another module yet.)
 */
public final class EventDelivery {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.max.events");

    /** What became of an offered event. */
    public enum Admission {
        /** Queued for the handler. */
        ACCEPTED,
        /** Seen within the window: dropped. */
        DUPLICATE,
        /** Capacity reached: not taken; the source should have it sent again later. */
        FULL,
        /** Closed: not taken. */
        CLOSED
    }

    private final EventHandler<? super ChatEvent> handler;
    private final Executor executor;
    private final int capacity;
    private final Clock clock;
    private final long windowMillis;
    private final int dedupeCapacity;
    private final EventErrorListener errors;
    private final Map<String, Long> seen = new LinkedHashMap<>();
    private final Map<Object, ArrayDeque<ChatEvent>> queues = new HashMap<>();
    private int pending;
    private boolean closed;

    /**
     * @param handler the application's handler
     * @param executor where handlers run
     * @param capacity the most events waiting or running
     * @param clock for the de-duplication window
     * @param dedupeWindow how long an event id is remembered
     * @param dedupeCapacity the most ids remembered
     * @param errors told of handler failures
     */
    public EventDelivery(EventHandler<? super ChatEvent> handler, Executor executor, int capacity, Clock clock, Duration dedupeWindow,
                         int dedupeCapacity, EventErrorListener errors) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.windowMillis = dedupeWindow.toMillis();
        this.dedupeCapacity = dedupeCapacity;
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    /**
     * Takes an event without waiting.
     *
     * @param event the event
     * @return what became of it
     */
    public synchronized Admission offer(ChatEvent event) {
        if (closed) {
            return Admission.CLOSED;
        }
        long now = clock.millis();
        evict(now);
        String id = event.meta().eventId();
        Long expires = seen.get(id);
        if (expires != null && expires > now) {
            log.debug("MAX event {} {} is a duplicate; dropped", event.meta().type(), id);
            return Admission.DUPLICATE;
        }
        if (pending >= capacity) {
            return Admission.FULL;
        }
        seen.remove(id);
        seen.put(id, now + windowMillis);
        pending++;
        Object key = event.peer().<Object>map(p -> p).orElse("none");
        ArrayDeque<ChatEvent> queue = queues.get(key);
        if (queue != null) {
            queue.add(event);
            return Admission.ACCEPTED;
        }
        queue = new ArrayDeque<>();
        queue.add(event);
        queues.put(key, queue);
        ArrayDeque<ChatEvent> mine = queue;
        try {
            executor.execute(() -> drain(key, mine));
        } catch (RejectedExecutionException e) {
            queues.remove(key);
            pending--;
            seen.remove(id);
            return Admission.CLOSED;
        }
        return Admission.ACCEPTED;
    }

    /**
     * Takes an event, waiting while the capacity is reached (for the long poll, which can wait).
     *
     * @param event the event
     * @return {@link Admission#ACCEPTED}, {@link Admission#DUPLICATE} or {@link Admission#CLOSED}
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized Admission put(ChatEvent event) throws InterruptedException {
        while (true) {
            Admission a = offer(event);
            if (a != Admission.FULL) {
                return a;
            }
            wait();
        }
    }

    private void drain(Object key, ArrayDeque<ChatEvent> queue) {
        while (true) {
            ChatEvent event;
            synchronized (this) {
                event = queue.peek();
                if (event == null) {
                    queues.remove(key);
                    return;
                }
            }
            try {
                handler.handle(event);
            } catch (Throwable t) {
                try {
                    errors.handlerFailed(event, t);
                } catch (RuntimeException listenerFailed) {
                    log.debug("the error listener failed: {}", listenerFailed.toString());
                }
            }
            synchronized (this) {
                queue.poll();
                pending--;
                notifyAll();
            }
        }
    }

    private void evict(long now) {
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() <= now || seen.size() > dedupeCapacity) {
                it.remove();
            } else {
                break;
            }
        }
    }

    /** @return how many events are waiting or running */
    public synchronized int pending() {
        return pending;
    }

    /** Refuses new events; those accepted still run. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /**
     * @param timeout how long to wait
     * @return whether every accepted event was handled in time
     * @throws InterruptedException if interrupted
     */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (pending > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
