package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.event.internal.Deduper;
import dev.sferum.sdk.chat.event.internal.Dispatcher;
import dev.sferum.sdk.chat.event.internal.LoggingErrorListener;
import dev.sferum.sdk.core.internal.Require;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One stream of chat events, whichever backend and source they come from: subscribe handlers, then feed it from
 * sdk-vk's {@code CallbackReceiver} or {@code LongPollSource}, sdk-max's {@code MaxWebhookReceiver} or
 * {@code MaxLongPollSource}, or a source of your own through {@link #offer(ChatEvent)} / {@link #put(ChatEvent)}.
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
 * LongPollSource poll = LongPollSource.builder().api(api).groupId(123456).build(events);   // sdk-vk
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
 * <p><b>Your own sources</b> (a relay from a message queue, say) get exactly what the SDK's do: {@link #offer} for
 * a source that must answer at once (like a webhook), {@link #put} for one that can wait (like a poller), the same
 * lanes, capacity, de-duplication and closing; {@link #attach(AutoCloseable)} makes {@link #close()} stop the source
 * first, and {@link #reportSourceFailure} tells the error listener of its failures.
 *
 * <pre>{@code
 * EventAdmission a = events.put(event);          // waits for room
 * if (a == EventAdmission.CLOSED) { stopConsuming(); } else { queue.ack(delivery); }
 * }</pre>
 *
 * <p><b>De-duplication</b> is by {@code groupId:eventId} in an {@link EventDedupeStore}: in memory by default, or
 * shared by several nodes ({@link Builder#dedupeStore(EventDedupeStore)}, which says what sharing gives and what not).
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
    private final Duration dedupeWindow;
    private final List<AutoCloseable> sources = new CopyOnWriteArrayList<>();
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
        this.dedupeWindow = b.dedupeWindow;
        EventDedupeStore store = b.dedupeStore != null ? b.dedupeStore : new Deduper(b.clock, b.dedupeCapacity);
        this.dispatcher = new Dispatcher(executor, b.capacity, store, b.dedupeWindow, b.errorListener);
    }

    /** {@return a builder with the defaults} */
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

    /**
     * Hands an event to the stream if there is room now, without waiting: for sources that must answer their sender at
     * once (a webhook), which then answer "try again later" to {@link EventAdmission#FULL} and
     * {@link EventAdmission#CLOSED}. An event with an {@code eventId} is first marked in the
     * {@linkplain Builder#dedupeStore(EventDedupeStore) de-duplication store} (a full stream asks the store nothing);
     * one seen within the window is {@link EventAdmission#DUPLICATE}. An accepted event joins its peer's lane
     * ({@link EventMeta#groupId()} and {@link ChatEvent#peer()}), behind the events of that peer accepted before it.
     *
     * <p>Thread-safe; sources may offer concurrently (the order between two threads' events of one peer is the order
     * their offers took effect).
     *
     * @param event the event
     * @return what became of it
     * @throws EventDedupeException if the de-duplication store could not answer: the event was refused, nothing was
     *     queued; hand it again later (the SDK's receivers answer 503)
     * @throws NullPointerException if {@code event} is null
     */
    public EventAdmission offer(ChatEvent event) {
        return dispatcher.offer(event);
    }

    /**
     * Hands an event to the stream, waiting while it is full: for sources that can slow down (a poller, a relay from a
     * queue), which move their position on only after the whole batch was handed over. Otherwise as
     * {@link #offer(ChatEvent)}.
     *
     * @param event the event
     * @return {@link EventAdmission#ACCEPTED}, {@link EventAdmission#DUPLICATE} or {@link EventAdmission#CLOSED}
     *     (never {@code FULL})
     * @throws InterruptedException if interrupted while waiting for room; nothing was queued
     * @throws EventDedupeException if the de-duplication store could not answer: the event was refused, nothing was
     *     queued; hand it again later (the SDK's long polls back off and fetch the batch again)
     * @throws NullPointerException if {@code event} is null
     */
    public EventAdmission put(ChatEvent event) throws InterruptedException {
        return dispatcher.put(event);
    }

    /**
     * Makes {@link #close()} close a source first, before the stream stops accepting and drains: the SDK's long-poll
     * sources attach themselves; attach your own poller or relay the same way. If the stream is already closed, the
     * source is closed at once. A source that throws on close is logged (its exception class only) and the next goes on.
     *
     * @param source the source
     * @throws NullPointerException if {@code source} is null
     */
    public void attach(AutoCloseable source) {
        Objects.requireNonNull(source, "source");
        boolean closeNow;
        synchronized (closeLock) {
            closeNow = closeDone;
            if (!closeNow) {
                sources.add(source);
            }
        }
        if (closeNow) {
            closeQuietly(source);
        }
    }

    /**
     * Tells the stream's {@link EventErrorListener} that a source failed, as the SDK's own sources do; a listener that
     * throws is logged and contained.
     *
     * @param origin which kind of source
     * @param error what failed
     * @param willRetry whether the source goes on by itself
     */
    public void reportSourceFailure(EventOrigin origin, Throwable error, boolean willRetry) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(error, "error");
        try {
            dispatcher.errors().sourceFailed(origin, error, willRetry);
        } catch (RuntimeException listenerFailure) {
            log.warn("the EventErrorListener threw {} while reporting a {} source failure; make it catch its own errors",
                    listenerFailure.getClass().getName(), origin);
        }
    }

    /** {@return how long an event's key stays marked in the de-duplication store ({@link Builder#dedupeWindow})} */
    public Duration dedupeWindow() {
        return dedupeWindow;
    }

    /** {@return the most events accepted and not yet handled ({@link Builder#capacity(int)})} */
    public int capacity() {
        return dispatcher.capacity();
    }

    /** {@return how many events were accepted and are not handled yet} */
    public int pending() {
        return dispatcher.pending();
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return dispatcher.isClosed();
    }

    /**
     * Stops the stream: closes the sources attached to it (the long polls built on it), refuses new events (the Callback API receiver
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
        for (AutoCloseable s : sources) {
            closeQuietly(s);
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

    private static void closeQuietly(AutoCloseable source) {
        try {
            source.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("an event source threw {} while the stream closed it", e.getClass().getName());
        }
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
        private EventDedupeStore dedupeStore;

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
            this.threads = Require.atLeast(threads, 1, "threads");
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
            this.capacity = Require.atLeast(capacity, 1, "capacity");
            return this;
        }

        /**
         * How long an {@code event_id} is remembered to recognise a duplicate. Default one hour: VK's Callback
         * retries come within minutes. Raise it if the same events may come from both sources far apart, and to at
         * least 9 hours for MAX's webhook (MAX retries an update for up to 8 hours).
         *
         * @param window positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder dedupeWindow(Duration window) {
            this.dedupeWindow = Require.positive(window, "dedupeWindow");
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
            this.dedupeCapacity = Require.atLeast(capacity, 1, "dedupeCapacity");
            return this;
        }

        /**
         * Where the keys of accepted events are marked to recognise duplicates. Default: this stream's memory
         * ({@link #dedupeCapacity(int)} keys, on {@link #clock(Clock)}). Give a shared store (sdk-jdbc's
         * {@code JdbcEventDedupeStore}) to de-duplicate across application nodes: a Callback API retry or MAX webhook
         * replay that lands on another node is then dropped there, and an event is queued by one node only. It does not
         * make handling durable: an event accepted by a node that dies before its handlers ran is lost, as in memory.
         * When the store fails the stream refuses the event ({@link EventDedupeException}; see {@link EventDedupeStore}).
         * {@link #dedupeCapacity(int)} and {@link #clock(Clock)} then do not apply to de-duplication; the store keeps
         * its own time.
         *
         * @param store the store
         * @return this builder
         */
        public Builder dedupeStore(EventDedupeStore store) {
            this.dedupeStore = Objects.requireNonNull(store, "store");
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
            this.drainTimeout = Require.notNegative(timeout, "drainTimeout");
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

        /** {@return the stream} */
        public EventStream build() {
            return new EventStream(this);
        }
    }

}
