package dev.sferum.sdk.chat.event.internal;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.EventAdmission;
import dev.sferum.sdk.chat.event.EventDedupeException;
import dev.sferum.sdk.chat.event.EventDedupeStore;
import dev.sferum.sdk.chat.event.EventErrorListener;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.chat.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands accepted events to the handlers: at least once, in order per peer, with a bounded number of events in
 * flight.
 *
 * <p>Each (community, peer) has a lane, a queue that at most one task drains at a time on the executor; so one
 * peer's events never run concurrently or out of order, while different peers run in parallel. A lane drains up to
 * {@value #BATCH} events and then yields its thread, so a busy chat cannot starve the others. Empty lanes are
 * dropped.
 *
 * <p>Capacity is a semaphore of permits, one per event accepted and not yet handled: {@link #put} waits for one
 * (the long-poll loop slows to the handlers' pace), {@link #offer} does not (the Callback API must answer at once,
 * and a non-{@code ok} answer makes VK retry later). The permit is taken first and the key marked in the
 * {@link EventDedupeStore} second, so a full stream costs the store nothing; a duplicate gives its permit back. A store
 * that fails refuses the event: the permit is given back and an {@link EventDedupeException} thrown.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    static final int BATCH = 64;

    private record Registration(Class<? extends ChatEvent> type, EventHandler<ChatEvent> handler) {
    }

    private record LaneKey(long groupId, PeerId peer) {
    }

    private final Executor executor;
    private final EventDedupeStore dedupe;
    private final Duration dedupeWindow;
    private final EventErrorListener errors;
    private final Semaphore permits;
    private final int capacity;
    private final CopyOnWriteArrayList<Registration> handlers = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final Map<LaneKey, Lane> lanes = new HashMap<>();
    private int inFlight;
    private volatile boolean closed;

    /**
     * @param executor where handlers run
     * @param capacity the most events accepted and not yet handled
     * @param dedupe where seen keys are marked
     * @param dedupeWindow how long a key stays marked
     * @param errors hears handler failures
     */
    public Dispatcher(Executor executor, int capacity, EventDedupeStore dedupe, Duration dedupeWindow, EventErrorListener errors) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.dedupe = Objects.requireNonNull(dedupe, "dedupe");
        this.dedupeWindow = Objects.requireNonNull(dedupeWindow, "dedupeWindow");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.capacity = capacity;
        this.permits = new Semaphore(capacity);
    }

    /**
     * Registers a handler.
     *
     * @param type the events it wants (a class or one of the sealed interfaces)
     * @param handler the handler
     * @param <E> the event type
     * @return removes the handler
     */
    @SuppressWarnings("unchecked")
    public <E extends ChatEvent> Runnable subscribe(Class<E> type, EventHandler<? super E> handler) {
        Registration r = new Registration(type, (EventHandler<ChatEvent>) handler);
        handlers.add(r);
        return () -> handlers.remove(r);
    }

    /**
     * Accepts the event if there is room now, without waiting.
     *
     * @param event the event
     * @return what became of it
     * @throws EventDedupeException if the de-duplication store failed; nothing was queued
     */
    public EventAdmission offer(ChatEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed) {
            return EventAdmission.CLOSED;
        }
        if (!permits.tryAcquire()) {
            return EventAdmission.FULL;
        }
        return admit(event);
    }

    /**
     * Accepts the event, waiting for room.
     *
     * @param event the event
     * @return {@link EventAdmission#ACCEPTED}, {@link EventAdmission#DUPLICATE} or {@link EventAdmission#CLOSED}
     * @throws InterruptedException if interrupted while waiting for room; nothing was queued
     * @throws EventDedupeException if the de-duplication store failed; nothing was queued
     */
    public EventAdmission put(ChatEvent event) throws InterruptedException {
        Objects.requireNonNull(event, "event");
        if (closed) {
            return EventAdmission.CLOSED;
        }
        permits.acquire();
        return admit(event);
    }

    /** Called holding a permit, which it passes on to the queued event or gives back. */
    private EventAdmission admit(ChatEvent event) {
        String key = dedupeKey(event);
        if (key != null) {
            boolean first;
            try {
                first = dedupe.markFirst(key, dedupeWindow);
            } catch (RuntimeException e) {
                permits.release();
                throw storeFailed(e);
            } catch (Error e) {
                permits.release();
                throw e;
            }
            if (!first) {
                permits.release();
                return EventAdmission.DUPLICATE;
            }
        }
        Lane start = null;
        lock.lock();
        try {
            if (closed) {
                permits.release();
                start = null;
            } else {
                LaneKey laneKey = new LaneKey(event.meta().groupId(), event.peer().orElse(null));
                Lane lane = lanes.computeIfAbsent(laneKey, Lane::new);
                lane.queue.add(event);
                inFlight++;
                if (!lane.scheduled) {
                    lane.scheduled = true;
                    start = lane;
                }
                key = null;
            }
        } finally {
            lock.unlock();
        }
        if (key != null) {
            // Closed between the mark and the queue: forget the mark, so the sender's retry is not taken for a duplicate.
            forget(key, event);
            return EventAdmission.CLOSED;
        }
        if (start != null) {
            schedule(start);
        }
        return EventAdmission.ACCEPTED;
    }

    private void forget(String key, ChatEvent event) {
        try {
            dedupe.forget(key);
        } catch (RuntimeException e) {
            log.warn("the event de-duplication store could not forget {} refused on close ({}); a retry of it within the "
                    + "de-duplication window will be taken for a duplicate", event.meta(), e.getClass().getName());
        }
    }

    private static EventDedupeException storeFailed(RuntimeException e) {
        if (e instanceof EventDedupeException d) {
            return d;
        }
        if (e instanceof IllegalArgumentException) {
            throw e;
        }
        ErrorCategory category = e instanceof SferumException s ? s.category() : ErrorCategory.TRANSIENT;
        String detail = e instanceof SferumException ? e.getMessage() : e.getClass().getName();
        return new EventDedupeException(category, "the event de-duplication store failed (" + detail + "); the event was "
                + "refused, not queued", "the sender hands it again later; make the de-duplication store reachable", e);
    }

    /** {@return the event's key in the de-duplication store, {@code groupId:eventId}, or null if it has no id} */
    public static String dedupeKey(ChatEvent event) {
        String id = event.meta().eventId();
        return id.isBlank() ? null : event.meta().groupId() + ":" + id;
    }

    private void schedule(Lane lane) {
        if (!submit(lane)) {
            lane.run();
        }
    }

    /** {@return false if the executor rejected the task; the caller then runs it (keeping the order, losing nothing)} */
    private boolean submit(Lane lane) {
        try {
            executor.execute(lane);
            return true;
        } catch (RejectedExecutionException e) {
            log.warn("the event executor rejected a task ({}); running the handlers on the calling thread. Give the "
                    + "EventStream an executor that is not shut down and has no bounded queue", e.getClass().getSimpleName());
            return false;
        }
    }

    /** One peer's queue; at most one task drains it at a time. Guarded by {@link #lock}. */
    private final class Lane implements Runnable {
        private final LaneKey key;
        private final ArrayDeque<ChatEvent> queue = new ArrayDeque<>();
        private boolean scheduled;

        Lane(LaneKey key) {
            this.key = key;
        }

        @Override
        public void run() {
            do {
                for (int i = 0; i < BATCH; i++) {
                    ChatEvent event;
                    lock.lock();
                    try {
                        event = queue.poll();
                        if (event == null) {
                            scheduled = false;
                            lanes.remove(key);
                            return;
                        }
                    } finally {
                        lock.unlock();
                    }
                    try {
                        deliver(event);
                    } finally {
                        finished();
                    }
                }
                // Yield the thread to other peers; if the executor refuses, go on here.
            } while (!submit(this));
        }
    }

    private void deliver(ChatEvent event) {
        boolean any = false;
        for (Registration r : handlers) {
            if (!r.type().isInstance(event)) {
                continue;
            }
            any = true;
            try {
                r.handler().handle(event);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                if (t instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                report(event, t);
            }
        }
        if (!any && log.isDebugEnabled()) {
            log.debug("no handler for {}", event.meta());
        }
    }

    private void report(ChatEvent event, Throwable t) {
        try {
            errors.handlerFailed(event, t);
        } catch (RuntimeException listenerFailure) {
            log.warn("the EventErrorListener threw {} while reporting a handler failure for {}; make it catch its own errors",
                    listenerFailure.getClass().getName(), event.meta());
        }
    }

    private void finished() {
        permits.release();
        lock.lock();
        try {
            if (--inFlight == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting events; those accepted are still handled. */
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Waits until every accepted event was handled.
     *
     * @param timeoutNanos the longest wait
     * @return true if idle, false if the time ran out
     * @throws InterruptedException if interrupted
     */
    public boolean awaitIdle(long timeoutNanos) throws InterruptedException {
        long left = timeoutNanos;
        lock.lock();
        try {
            while (inFlight > 0) {
                if (left <= 0) {
                    return false;
                }
                left = idle.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** {@return events accepted and not yet handled} */
    public int pending() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** {@return the listener that hears handler and source failures} */
    public EventErrorListener errors() {
        return errors;
    }

    /** {@return the most events accepted and not yet handled} */
    public int capacity() {
        return capacity;
    }
}
