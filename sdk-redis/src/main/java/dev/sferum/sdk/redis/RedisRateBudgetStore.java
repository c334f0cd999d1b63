package dev.sferum.sdk.redis;

import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.TimeSource;
import dev.sferum.sdk.core.internal.Reservations;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Per-token rate budgets in Redis, shared by every application node that uses the same Redis and key prefix: the
 * VK API sees at most {@code permits} calls of one token in any sliding window, counted over all nodes.
 *
 * <pre>{@code
 * RedisStores redis = RedisStores.connect(RedisConfig.builder().url("redis://10.0.0.5:6379").build());
 * RedisRateBudgetStore budgets = redis.rateBudgetStore(4);   // 4 nodes; each falls back to 1/4 of a budget
 * ClientConfig config = ClientConfig.builder()
 *         .rateLimits(RateLimits.builder().store(budgets).build())
 *         .build();
 * }</pre>
 *
 * <h2>How it keeps the guarantee</h2>
 * The rule is sdk-core's causal one: a call holds one of the token's slots from its grant until one window after
 * its exchange completed, so whatever the network or a node's load does, the server never sees more than
 * {@code permits} calls of the token within a window. Each operation is one Lua script — one round trip, atomic on
 * the server — and time comes from Redis's {@code TIME}, never from a node: a node whose clock is wrong or jumps
 * changes nothing. If Redis's own clock steps back, the budget counts the step as no time passing (it never grants
 * more because of it); a step forward can free the slots of one window early, once. VK's refusals (error 6 or 9)
 * follow sdk-core's rule, counted over all nodes: refusals are counted per round (a window and at least ten calls),
 * and only a round whose refusals reach {@link Budget#minRefusals()} and exceed {@link Budget#refusalShare()} of its
 * calls cuts the token's limit (times the decrease factor, the token blocked for one window); a refusal of a call
 * granted before that cut is not counted; the limit grows back by one per recovery interval — for all nodes.
 *
 * <p>A granted call's slot has a lease ({@link RedisConfig#slotLease()}, default 20 s): a node that dies with calls
 * in flight never completes them, so when the lease ends Redis counts each as completed then. Keep the lease
 * longer than your attempt timeout. Completing and cancelling are sent without waiting for the answer, so they cost
 * the caller no round trip.
 *
 * <h2>When Redis is unreachable</h2>
 * Calls are not left unlimited: each node falls back to a local budget, by default its share {@code 1/nodes} of
 * each token's budget ({@link #shareOf}), counting its own calls of the last window. A token's first local grant
 * of an outage waits one window, so the share does not stack on what other nodes were granted just before. One WARN
 * is logged per outage (host and port, never the password). While down, one call per probe interval checks Redis
 * again; when it answers, the node copies its calls in flight and of the last window into Redis, keeps to its share
 * for one more window plus the probe interval and the longest reconnect delay (so nodes that reconnect a moment
 * later are counted), writing each grant and completion through to Redis, and then shares again. A refusal seen
 * during an outage slows this node's share only. When a budget has fewer permits than there are nodes, the share
 * is one call per {@code nodes/permits} windows: on average under the limit, but nodes that happen to call at the
 * same moment can exceed it.
 *
 * <h2>Keys</h2>
 * Three keys per token fingerprint, {@code <prefix>budget:{<fingerprint>}:flight}, {@code :done} and
 * {@code :state}, in one cluster slot; all expire once they no longer matter (a few seconds after the last call,
 * longer after a refusal).
 *
 * <p>Thread-safe. {@link #reserve} costs one round trip to Redis; completing or cancelling one more, not waited for.
 *
 * @since 0.1.0
 */
public final class RedisRateBudgetStore implements RateBudgetStore {
    private static final Logger log = LoggerFactory.getLogger(RedisRateBudgetStore.class);

    private enum Mode { SHARED, LOCAL, HANDBACK }

    /** Where budgets come from now; replaced as a whole on every change. */
    private record State(Mode mode, long outage, long until) {
    }

    private final RedisStores redis;
    private final UnaryOperator<Budget> fallback;
    private final String fallbackDescription;
    private final TimeSource time;
    private final long probeNanos;
    private final String leaseMicros;
    private final String prefix;
    private final String idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<String, Key> keys = new ConcurrentHashMap<>();
    private final AtomicReference<State> state = new AtomicReference<>(new State(Mode.SHARED, 0, 0));
    private final AtomicBoolean probing = new AtomicBoolean();

    RedisRateBudgetStore(RedisStores redis, UnaryOperator<Budget> fallback, String fallbackDescription) {
        this.redis = redis;
        this.fallback = fallback;
        this.fallbackDescription = fallbackDescription;
        this.time = redis.config().timeSource();
        this.probeNanos = redis.config().probeInterval().toNanos();
        this.leaseMicros = Long.toString(redis.config().slotLease().toNanos() / 1000);
        this.prefix = redis.config().keyPrefix();
    }

    /**
     * The default fallback: this node's share of a budget when {@code nodes} nodes use it without coordination.
     * With at least as many permits as nodes, {@code permits / nodes} (rounded down) per window; otherwise one call
     * per {@code ceil(nodes / permits)} windows.
     *
     * <pre>{@code
     * shareOf(new Budget(20, Duration.ofMillis(1020), 0.5, Duration.ofSeconds(5)), 4)  // 5 per 1.02 s
     * }</pre>
     *
     * @param budget a token's full budget
     * @param nodes how many nodes share it; at least 1
     * @return one node's share
     * @throws IllegalArgumentException if {@code nodes} is below 1
     */
    public static Budget shareOf(Budget budget, int nodes) {
        Objects.requireNonNull(budget, "budget");
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1: " + nodes);
        }
        if (budget.permits() >= nodes) {
            return budget.withPermits(budget.permits() / nodes, budget.window());
        }
        int stretch = (nodes + budget.permits() - 1) / budget.permits();
        return budget.withPermits(1, budget.window().multipliedBy(stretch));
    }

    /**
     * Asks for a slot for one call of {@code key} now: from the shared budget, or from this node's share while
     * Redis is unreachable (see the class Javadoc).
     *
     * @param key the budget key: a token's fingerprint
     * @param budget the limits for the key
     * @return a granted slot, or a refusal saying how long to wait before asking again
     */
    @Override
    public Reservation reserve(String key, Budget budget) {
        Key k = key(key, budget);
        while (true) {
            State s = state.get();
            switch (s.mode) {
                case SHARED -> {
                    try {
                        return sharedReserve(k, budget);
                    } catch (RuntimeException e) {
                        fellBack(s, e);
                    }
                }
                case LOCAL -> {
                    if (time.nanoTime() - s.until >= 0 && probing.compareAndSet(false, true)) {
                        try {
                            probe(s);
                        } finally {
                            probing.set(false);
                        }
                        continue;
                    }
                    return localReserve(k, budget, s, false);
                }
                case HANDBACK -> {
                    if (time.nanoTime() - s.until >= 0) {
                        State next = new State(Mode.SHARED, s.outage, 0);
                        if (state.compareAndSet(s, next)) {
                            try {
                                handOver();
                            } catch (RuntimeException e) {
                                fellBack(next, e);
                            }
                        }
                        continue;
                    }
                    return localReserve(k, budget, s, true);
                }
                default -> throw new IllegalStateException(s.mode.name());
            }
        }
    }

    /**
     * Counts a refusal of a call of {@code key} (VK error 6 or 9) for every node, as one granted since the last cut:
     * sustained refusals slow the key down (see the class Javadoc); while Redis is unreachable, only this node's
     * share.
     *
     * @param key the budget key
     * @param budget the limits for the key
     */
    @Override
    public void throttled(String key, Budget budget) {
        throttled(key, budget, -1, -1);
    }

    /**
     * Counts a refusal of {@code call}, a call this store granted, for every node: not counted if the key's limit
     * was cut after the grant (see the class Javadoc); while Redis is unreachable, only in this node's share.
     *
     * @param key the budget key
     * @param budget the limits for the key
     * @param call the refused call's reservation
     */
    @Override
    public void throttled(String key, Budget budget, Reservation call) {
        if (call instanceof Grant g) {
            throttled(key, budget, Reservations.Granted.epochOf(g), g.slot.epoch);
        } else {
            throttled(key, budget);
        }
    }

    private void throttled(String key, Budget budget, long redisEpoch, long localEpoch) {
        Key k = key(key, budget);
        State s = state.get();
        if (s.mode != Mode.LOCAL) {
            try {
                redis.<Long>eval(BudgetScripts.THROTTLED, ScriptOutputType.INTEGER, k.redisKeys, args(budget, Long.toString(redisEpoch)));
            } catch (RuntimeException e) {
                fellBack(s, e);
            }
        }
        k.local.throttled(time.nanoTime(), fallback.apply(budget), localEpoch);
    }

    /**
     * Reads the shared budget of {@code key} from Redis (one round trip), for health checks and dashboards.
     *
     * @param key the budget key
     * @param budget the limits for the key
     * @return the state every node sees; empty while this node uses its local share or Redis does not answer
     */
    @Override
    public Optional<RateBudgetStore.State> state(String key, Budget budget) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(budget, "budget");
        if (state.get().mode != Mode.SHARED) {
            return Optional.empty();
        }
        Key known = keys.get(key);
        Key k = known != null ? known : new Key(key); // a read does not make this node remember the key
        try {
            List<Object> answer = redis.eval(BudgetScripts.STATE, ScriptOutputType.MULTI, k.redisKeys, args(budget));
            return Optional.of(new RateBudgetStore.State(((Number) answer.get(0)).intValue(), ((Number) answer.get(1)).intValue(),
                    Duration.ofNanos(((Number) answer.get(2)).longValue() * 1000)));
        } catch (RuntimeException e) {
            log.debug("could not read budget {} from Redis: {}", key, redis.describe(e));
            return Optional.empty();
        }
    }

    /**
     * {@return whether budgets are shared through Redis right now; false while this node uses its local share}
     */
    public boolean shared() {
        return state.get().mode == Mode.SHARED;
    }

    @Override
    public String toString() {
        return "RedisRateBudgetStore[" + redis.config().address() + ", " + state.get().mode + ", fallback " + fallbackDescription + "]";
    }

    /** The state of one budget key, created on first use; remembers the budget last asked with. */
    private Key key(String key, Budget budget) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(budget, "budget");
        Key k = keys.computeIfAbsent(key, Key::new);
        k.budget = budget;
        return k;
    }

    // ------------------------------------------------------------------ shared

    private Reservation sharedReserve(Key k, Budget budget) {
        String id = nextId();
        List<Object> answer = redis.eval(BudgetScripts.RESERVE, ScriptOutputType.MULTI, k.redisKeys, args(budget, id, leaseMicros));
        if (((Number) answer.get(0)).longValue() == 1) {
            return granted(k, k.local.track(id, budget.window().toNanos()), budget, true, ((Number) answer.get(3)).longValue());
        }
        return Reservation.refused(Duration.ofNanos(Math.max(1, ((Number) answer.get(1)).longValue()) * 1000));
    }

    // ------------------------------------------------------------------ local

    private Reservation localReserve(Key k, Budget budget, State s, boolean writeThrough) {
        long now = time.nanoTime();
        k.enteredOutage(s.outage, now, budget.window().toNanos());
        long[] wait = new long[1];
        LocalBudgets.Slot slot = k.local.tryAcquire(now, fallback.apply(budget), nextId(), wait);
        if (slot == null) {
            return Reservation.refused(Duration.ofNanos(wait[0]));
        }
        if (writeThrough) {
            try {
                record(k, List.of(slot), List.of(), now);
            } catch (RuntimeException e) {
                fellBack(s, e);
                return granted(k, slot, budget, false, -1);
            }
        }
        return granted(k, slot, budget, writeThrough, -1);
    }

    // ------------------------------------------------------------------ reservations

    /**
     * A slot this node holds; known to Redis if {@code inRedis} (granted there, or written through); {@code redisEpoch}
     * is the key's cut count in Redis at a shared grant, -1 for a local one.
     */
    private Reservation granted(Key key, LocalBudgets.Slot slot, Budget budget, boolean inRedis, long redisEpoch) {
        return new Grant(slot, redisEpoch, () -> {
            key.local.complete(slot, time.nanoTime(), fallback.apply(budget));
            if (inRedis || state.get().mode != Mode.LOCAL) {
                redis.evalAsync(BudgetScripts.COMPLETE, ScriptOutputType.INTEGER, key.redisKeys, args(budget, slot.id))
                        .whenComplete((r, e) -> {
                            if (e != null) {
                                // The slot then lapses at its lease's end: later, never earlier.
                                log.debug("could not complete a slot of budget {} in Redis: {}", key.name, redis.describe(e));
                            }
                        });
            }
        }, () -> {
            key.local.cancel(slot);
            if (inRedis) {
                redis.zremAsync(key.redisKeys[0], slot.id).whenComplete((r, e) -> {
                    if (e != null) {
                        log.debug("could not return a slot of budget {} to Redis: {}", key.name, redis.describe(e));
                    }
                });
            }
        });
    }

    // ------------------------------------------------------------------ outages

    /** Switches to the local share after a failure; the thread that switches logs the one warning. */
    private void fellBack(State seen, RuntimeException e) {
        if (seen.mode == Mode.LOCAL) {
            return;
        }
        State down = new State(Mode.LOCAL, seen.outage + 1, time.nanoTime() + probeNanos);
        if (state.compareAndSet(seen, down)) {
            log.warn("Redis at {} is unreachable ({}); rate budgets fall back to this node's local share ({}) until it is back",
                    redis.config().address(), redis.describe(e), fallbackDescription);
        }
    }

    /** While local: if Redis answers, copy this node's recent calls to it and start handing back. */
    private void probe(State s) {
        if (!redis.connected()) {
            state.compareAndSet(s, new State(Mode.LOCAL, s.outage, time.nanoTime() + probeNanos));
            return;
        }
        try {
            redis.commands().ping();
            // Local for one more window, plus the time other nodes may take to notice Redis is back, writing through.
            long hold = handOver() + probeNanos + RedisStores.MAX_RECONNECT_DELAY.toNanos();
            if (state.compareAndSet(s, new State(Mode.HANDBACK, s.outage, time.nanoTime() + hold))) {
                log.info("Redis at {} answers again; rate budgets are shared again in {} ms", redis.config().address(), hold / 1_000_000);
            }
        } catch (RuntimeException e) {
            log.debug("Redis at {} still unreachable: {}", redis.config().address(), redis.describe(e));
            state.compareAndSet(s, new State(Mode.LOCAL, s.outage, time.nanoTime() + probeNanos));
        }
    }

    /**
     * Copies every key's calls in flight and completed within its window to Redis.
     *
     * @return the longest window among the keys, in nanos
     */
    private long handOver() {
        long longest = 0;
        long now = time.nanoTime();
        for (Key k : keys.values()) {
            Budget b = k.budget;
            if (b == null) {
                continue;
            }
            long window = b.window().toNanos();
            longest = Math.max(longest, window);
            List<LocalBudgets.Slot> flying = k.local.inFlight();
            List<LocalBudgets.Slot> recent = k.local.completedWithin(now, window);
            if (!flying.isEmpty() || !recent.isEmpty()) {
                record(k, flying, recent, now);
            }
        }
        return longest;
    }

    private void record(Key k, List<LocalBudgets.Slot> flying, List<LocalBudgets.Slot> completed, long now) {
        List<String> argv = new ArrayList<>(List.of(args(k.budget, leaseMicros)));
        for (LocalBudgets.Slot s : flying) {
            argv.add("f");
            argv.add("0");
            argv.add(s.id);
        }
        for (LocalBudgets.Slot s : completed) {
            argv.add("d");
            argv.add(Long.toString(Math.max(0, now - s.completedAt) / 1000));
            argv.add(s.id);
        }
        redis.<Long>eval(BudgetScripts.RECORD, ScriptOutputType.INTEGER, k.redisKeys, argv.toArray(new String[0]));
    }

    // ------------------------------------------------------------------ helpers

    private String nextId() {
        return idPrefix + "-" + Long.toHexString(ids.incrementAndGet());
    }

    private static String[] args(Budget b, String... more) {
        String[] out = new String[6 + more.length];
        out[0] = Integer.toString(b.permits());
        out[1] = Long.toString(Math.max(1, b.window().toNanos() / 1000));
        out[2] = Double.toString(b.decreaseFactor());
        out[3] = Long.toString(Math.max(1, b.recoveryInterval().toNanos() / 1000));
        out[4] = Integer.toString(b.minRefusals());
        out[5] = Double.toString(b.refusalShare());
        System.arraycopy(more, 0, out, 6, more.length);
        return out;
    }

    /**
     * A slot granted by this store: the slot's ends (once), plus what a refusal of it needs to know — the key's cut
     * count in Redis at the grant (-1 for a local grant) and this node's slot, which knows the local share's.
     */
    private static final class Grant extends Reservations.Granted {
        final LocalBudgets.Slot slot;

        Grant(LocalBudgets.Slot slot, long redisEpoch, Runnable onComplete, Runnable onCancel) {
            super(onComplete, onCancel, redisEpoch);
            this.slot = slot;
        }
    }

    /** What this node knows about one budget key. */
    private final class Key {
        final String name;
        final String[] redisKeys;
        final LocalBudgets local = new LocalBudgets();
        volatile Budget budget;
        private long outageSeen;

        Key(String name) {
            this.name = name;
            String base = prefix + "budget:{" + name + "}:";
            this.redisKeys = new String[] {base + "flight", base + "done", base + "state"};
        }

        /** On the first local call of an outage: no local grant for one window, for other nodes' recent calls. */
        synchronized void enteredOutage(long outage, long now, long windowNanos) {
            if (outageSeen != outage) {
                outageSeen = outage;
                local.blockUntil(now + windowNanos);
            }
        }
    }
}
