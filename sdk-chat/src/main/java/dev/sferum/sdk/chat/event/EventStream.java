package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.event.internal.Deduper;
import dev.sferum.sdk.chat.event.internal.Dispatcher;
import dev.sferum.sdk.chat.event.internal.LoggingErrorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One stream of community events, whichever source they come from: subscribe handlers, then feed it from a
 * {@link CallbackReceiver}, a {@link LongPollSource}, or both.
 *
 * <pre>{@code
 * EventStream events = EventStream.builder()
 *         .executor(handlerPool)          // optional; default: its own daemon threads
 *         .errorListener((event, error) -> alerts.handlerFailed(event.meta().type(), error))
 *         .build();
 * events.onMessageNew(m -> inbox.store(m.message()));
 * events.on(MemberJoined.class, j -> roster.joined(j.chat(), j.member()));
 * events.on(MemberLeft.class, l -> roster.left(l.chat(), l.member()));
 * events.onAny(e -> audit.keep(e.meta()));
 *
 * LongPollSource poll = LongPollSource.builder().api(api).groupId(123456).build(events);
 * poll.start();
 * ...
 * events.close();                        // stops the long poll, handles what was accepted, then returns
 * }</pre>
 *
 * <p><b>Delivery.</b> At least once: an event a source accepted is handed to every matching handler, unless the
 * process dies first (a Callback API event is accepted after VK got {@code ok}; a long-poll batch before its
 * {@code ts} moves on). In order per peer: the events of one chat or dialog run one after another in the order
 * VK sent them, never concurrently; different peers run in parallel on the executor. Duplicates — VK's Callback
 * retries, a long-poll batch fetched twice, the same event from both sources — are recognised by {@code event_id}
 * and delivered once.
 *
 * <p><b>Backpressure.</b> At most {@link Builder#capacity(int) capacity} events wait or run at once. When full,
 * the long poll waits before fetching more, and the Callback API receiver answers VK with HTTP 503 instead of
 * {@code ok}, so VK sends the event again later; nothing is dropped.
 *
 * <p><b>Failures.</b> A handler that throws does not stop the stream: the error goes to the
 * {@link EventErrorListener} (by default a WARN log line) and the next handler and event go on.
 *
 * <p>Thread-safe. Handlers may be added and removed at any time; each affects events delivered after it.
 *
 * @since 0.1.0
 */
public final class EventStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    /** Default {@link Builder#capacity(int)}: {@value}. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Default {@link Builder#dedupeCapacity(int)}: {@value}. */
    public static final int DEFAULT_DEDUPE_CAPACITY = 100_000;
    /** Default {@link Builder#dedupeWindow(Duration)}: one hour. */
    public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofHours(1);
    /** Default {@link Builder#drainTimeout(Duration)}: 10 seconds. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final Dispatcher dispatcher;
    private final ExecutorService ownExecutor;
    private final Duration drainTimeout;
    private final List<LongPollSource> sources = new CopyOnWriteArrayList<>();
    private final Object closeLock = new Object();
    private boolean closeDone;

    private EventStream(Builder b) {
        Executor executor = b.executor;
        if (executor == null) {
            ownExecutor = Executors.newFixedThreadPool(b.threads, new DaemonThreads());
            executor = ownExecutor;
        } else {
            ownExecutor = null;
        }
        this.drainTimeout = b.drainTimeout;
        this.dispatcher = new Dispatcher(executor, b.capacity, new Deduper(b.clock, b.dedupeWindow, b.dedupeCapacity), b.errorListener);
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Subscribes a handler to every event, typed or not.
     *
     * @param handler the handler
     * @return its registration; close it to unsubscribe
     */
    public Subscription onAny(EventHandler<? super ChatEvent> handler) {
        return on(ChatEvent.class, handler);
    }

    /**
     * Subscribes a handler to one type of event, or to a family ({@link ChatActionEvent}, {@link ChatEvent}).
     *
     * <pre>{@code
     * events.on(MessageEvent.class, press -> buttons.answer(press));
     * events.on(ChatActionEvent.class, a -> chatLog.append(a.chat(), a.meta().type()));
     * }</pre>
     *
     * @param type the event class
     * @param handler the handler
     * @param <E> the event type
     * @return its registration; close it to unsubscribe
     */
    public <E extends ChatEvent> Subscription on(Class<E> type, EventHandler<? super E> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        Runnable remove = dispatcher.subscribe(type, handler);
        return remove::run;
    }

    /**
     * Subscribes a handler to new messages (not chat service messages: those are {@link ChatActionEvent}s).
     *
     * @param handler the handler
     * @return its registration; close it to unsubscribe
     */
    public Subscription onMessageNew(EventHandler<? super MessageNew> handler) {
        return on(MessageNew.class, handler);
    }

    /** @return how many events were accepted and are not handled yet */
    public int pending() {
        return dispatcher.pending();
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return dispatcher.isClosed();
    }

    /**
     * Stops the stream: closes the long-poll sources built on it, refuses new events (the Callback API receiver
     * answers 503, so VK keeps them for later), waits up to the drain timeout for accepted events to be handled,
     * and shuts down the stream's own threads. Idempotent.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closeDone) {
                return;
            }
            closeDone = true;
        }
        for (LongPollSource s : sources) {
            s.close();
        }
        dispatcher.close();
        boolean drained = false;
        try {
            drained = dispatcher.awaitIdle(drainTimeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!drained) {
            log.warn("event stream closed with {} events not yet handled after {}; raise drainTimeout if handlers need longer",
                    dispatcher.pending(), drainTimeout);
        }
        if (ownExecutor != null) {
            if (drained) {
                ownExecutor.shutdown();
            } else {
                ownExecutor.shutdownNow();
            }
        }
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    void attach(LongPollSource source) {
        sources.add(source);
    }

    @Override
    public String toString() {
        return "EventStream[pending=" + dispatcher.pending() + ", capacity=" + dispatcher.capacity()
                + (dispatcher.isClosed() ? ", closed" : "") + "]";
    }

    /** Names the stream's own threads and makes them daemons, so they never keep a JVM alive. */
    private static final class DaemonThreads implements ThreadFactory {
        private static final AtomicInteger STREAMS = new AtomicInteger();
        private final int stream = STREAMS.incrementAndGet();
        private final AtomicInteger threads = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "sferum-events-" + stream + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /**
     * Configures an {@link EventStream}. Not thread-safe; build once.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private Executor executor;
        private int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int capacity = DEFAULT_CAPACITY;
        private Duration dedupeWindow = DEFAULT_DEDUPE_WINDOW;
        private int dedupeCapacity = DEFAULT_DEDUPE_CAPACITY;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private EventErrorListener errorListener = LoggingErrorListener.INSTANCE;

        private Builder() {
        }

        /**
         * Where handlers run. Default: the stream's own pool of daemon threads (see {@link #threads(int)}), shut
         * down by {@link EventStream#close()}. Give your own to share a pool or to use virtual threads; you then
         * shut it down. A direct executor ({@code Runnable::run}) runs handlers on the source's thread: simple, but
         * a slow handler then delays the Callback API answer.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * How many threads the stream's own pool has, when no {@link #executor(Executor)} is given: the most peers
         * handled at once. Default: the number of processors, at least 2. Raise it for handlers that wait on I/O.
         *
         * @param threads at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * The most events accepted and not yet handled. Default {@value EventStream#DEFAULT_CAPACITY}. When full, the long
         * poll waits and the Callback API receiver answers 503 (VK retries). Lower it to bound memory under slow
         * handlers; raise it to absorb bursts.
         *
         * @param capacity at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder capacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /**
         * How long an {@code event_id} is remembered to recognise a duplicate. Default one hour: VK's Callback
         * retries come within minutes. Raise it if the same events may come from both sources far apart.
         *
         * @param window positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder dedupeWindow(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("dedupeWindow must be positive: " + window);
            }
            this.dedupeWindow = window;
            return this;
        }

        /**
         * The most {@code event_id}s remembered; beyond it the oldest are forgotten first. Default
         * {@value EventStream#DEFAULT_DEDUPE_CAPACITY} (a few MB). Raise it for communities with more events per window.
         *
         * @param capacity at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder dedupeCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("dedupeCapacity must be at least 1: " + capacity);
            }
            this.dedupeCapacity = capacity;
            return this;
        }

        /**
         * How long {@link EventStream#close()} waits for accepted events to be handled. Default 10 seconds.
         *
         * @param timeout zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder drainTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("drainTimeout must not be negative: " + timeout);
            }
            this.drainTimeout = timeout;
            return this;
        }

        /**
         * The wall clock for the de-duplication window. Default {@link Clock#systemUTC()}; tests pass a fixed or
         * movable clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Hears handler and source failures. Default: a WARN log line naming the event's type and id.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder errorListener(EventErrorListener listener) {
            this.errorListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** @return the stream */
        public EventStream build() {
            return new EventStream(this);
        }
    }

    EventErrorListener errorListener() {
        return dispatcher.errors();
    }
}
