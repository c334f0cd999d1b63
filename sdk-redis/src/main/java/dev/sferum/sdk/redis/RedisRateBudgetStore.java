package dev.sferum.sdk.redis;

import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.TimeSource;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * Each operation is one Lua script, so one round trip and atomic on the server. It applies the same rule as the
 * in-memory store: a reservation starts no earlier than the previous one, no earlier than the end of a block set
 * by a refusal, and at least one window after the reservation {@code limit} places back. Time comes from Redis's
 * {@code TIME}, never from a node, so a node whose clock is wrong or jumps changes nothing; the node only waits the
 * returned delay on its own monotonic clock. If Redis's own clock steps back, the budget counts the step as no
 * time passing (it never grants more because of it); if it steps forward, at most one window's worth of extra
 * calls can pass once. After VK refuses a call (error 6 or 9) the shared limit is multiplied by the decrease factor,
 * the token is blocked for one window, and the limit grows back by one per recovery interval — for all nodes.
 *
 * <h2>When Redis is unreachable</h2>
 * Calls are not left unlimited: each node falls back to a local budget, by default its share {@code 1/nodes} of
 * each token's budget ({@link #shareOf}). On falling back, a token's first local call waits one window after the
 * node's last shared start, so the local share does not stack on calls Redis granted just before. One WARN is
 * logged per outage (host and port, never the password). While down, one call per probe interval checks Redis
 * again; when it answers, the node copies its recent local starts into Redis, keeps using its local share for one
 * more window plus the probe interval and the longest reconnect delay (half a second), writing each start through
 * to Redis so that nodes reconnecting a moment later count it, and then returns to the shared budget. A refusal seen during an outage slows this node's local share only. When a
 * budget has fewer permits than there are nodes, the share is one call per {@code nodes/permits} windows: on
 * average under the limit, but nodes that happen to call at the same instant can exceed it.
 *
 * <h2>Keys</h2>
 * Two keys per token fingerprint, {@code <prefix>budget:{<fingerprint>}:starts} and {@code :state}, in one cluster
 * slot; both expire once they no longer matter (a few seconds after the last call, longer after a refusal).
 *
 * <p>Thread-safe. A {@link #reserve} costs one round trip to Redis; {@link Reservation#cancel()} one more.
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
        this.prefix = redis.config().keyPrefix();
    }

    /**
     * The default fallback: this node's share of a budget when {@code nodes} nodes use it without coordination.
     * With at least as many permits as nodes, {@code permits / nodes} (rounded down) per window; otherwise one call
     * per {@code ceil(nodes / permits)} windows.
     *
     * <pre>{@code
     * shareOf(new Budget(20, Duration.ofMillis(1100), 0.5, Duration.ofSeconds(5)), 4)  // 5 per 1.1 s
     * }</pre>
     *
     * @param budget a token's full budget
     * @param nodes how many nodes share it; at least 1
     * @return one node's share
     */
    public static Budget shareOf(Budget budget, int nodes) {
        Objects.requireNonNull(budget, "budget");
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1: " + nodes);
        }
        if (budget.permits() >= nodes) {
            return new Budget(budget.permits() / nodes, budget.window(), budget.decreaseFactor(), budget.recoveryInterval());
        }
        int stretch = (nodes + budget.permits() - 1) / budget.permits();
        return new Budget(1, budget.window().multipliedBy(stretch), budget.decreaseFactor(), budget.recoveryInterval());
    }

    /**
     * Reserves the next permit for {@code key} from the shared budget, or from the local share while Redis is
     * unreachable (see the class Javadoc).
     *
     * @param key the budget key: a token's fingerprint
     * @param budget the limits for the key
     * @return the reservation
     */
    @Override
    public Reservation reserve(String key, Budget budget) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(budget, "budget");
        Key k = keys.computeIfAbsent(key, Key::new);
        k.budget = budget;
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
                                handOver(time.nanoTime());
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
     * Slows {@code key} down for every node after VK refused a call (multiplicative decrease, blocked for one
     * window, additive recovery); while Redis is unreachable, only this node's local share.
     *
     * @param key the budget key
     * @param budget the limits for the key
     */
    @Override
    public void throttled(String key, Budget budget) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(budget, "budget");
        Key k = keys.computeIfAbsent(key, Key::new);
        k.budget = budget;
        State s = state.get();
        if (s.mode != Mode.LOCAL) {
            try {
                redis.<Long>eval(BudgetScripts.THROTTLED, ScriptOutputType.INTEGER, k.redisKeys, args(budget));
                if (s.mode == Mode.SHARED) {
                    return;
                }
            } catch (RuntimeException e) {
                fellBack(s, e);
            }
        }
        k.local.throttled(time.nanoTime(), fallback.apply(budget));
    }

    /**
     * @return whether budgets are shared through Redis right now; false while this node uses its local share
     */
    public boolean shared() {
        return state.get().mode == Mode.SHARED;
    }

    @Override
    public String toString() {
        return "RedisRateBudgetStore[" + redis.config().address() + ", " + state.get().mode + ", fallback " + fallbackDescription + "]";
    }

    // ------------------------------------------------------------------ shared

    private Reservation sharedReserve(Key k, Budget budget) {
        String id = nextId();
        String[] argv = args(budget, id);
        List<Object> answer = redis.eval(BudgetScripts.RESERVE, ScriptOutputType.MULTI, k.redisKeys, argv);
        long delayMicros = ((Number) answer.get(0)).longValue();
        long delayNanos = Math.max(0, delayMicros) * 1000;
        k.sharedStart(time.nanoTime() + delayNanos);
        return new SharedReservation(k, id, delayNanos);
    }

    private final class SharedReservation implements Reservation {
        private final Key key;
        private final String id;
        private final long delayNanos;
        private final AtomicBoolean cancelled = new AtomicBoolean();

        SharedReservation(Key key, String id, long delayNanos) {
            this.key = key;
            this.id = id;
            this.delayNanos = delayNanos;
        }

        @Override
        public Duration delay() {
            return Duration.ofNanos(delayNanos);
        }

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                forget(key, id);
            }
        }
    }

    private void forget(Key k, String id) {
        try {
            redis.commands().zrem(k.redisKeys[0], id);
        } catch (RuntimeException e) {
            // The permit simply stays used: conservative.
            log.debug("could not return a permit of budget {} to Redis: {}", k.name, redis.describe(e));
        }
    }

    // ------------------------------------------------------------------ local

    private Reservation localReserve(Key k, Budget budget, State s, boolean writeThrough) {
        Budget share = fallback.apply(budget);
        long now = time.nanoTime();
        k.enteredOutage(s.outage, now, budget.window().toNanos());
        LocalBudgets.Start start = k.local.reserve(now, share, nextId());
        if (writeThrough) {
            try {
                record(k, List.of(start), time.nanoTime());
            } catch (RuntimeException e) {
                fellBack(s, e);
            }
        }
        return new LocalReservation(k, start, Math.max(0, start.at - now));
    }

    private final class LocalReservation implements Reservation {
        private final Key key;
        private final LocalBudgets.Start start;
        private final long delayNanos;
        private final AtomicBoolean cancelled = new AtomicBoolean();

        LocalReservation(Key key, LocalBudgets.Start start, long delayNanos) {
            this.key = key;
            this.start = start;
            this.delayNanos = delayNanos;
        }

        @Override
        public Duration delay() {
            return Duration.ofNanos(delayNanos);
        }

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                key.local.release(start);
                if (start.recorded && state.get().mode != Mode.LOCAL) {
                    forget(key, start.id);
                }
            }
        }
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

    /** While local: if Redis answers, copy the recent local starts to it and start handing back. */
    private void probe(State s) {
        long now = time.nanoTime();
        if (!redis.connected()) {
            state.compareAndSet(s, new State(Mode.LOCAL, s.outage, now + probeNanos));
            return;
        }
        try {
            redis.commands().ping();
            // Local for one more window, plus the time other nodes may take to notice Redis is back, writing through.
            long hold = handOver(now) + probeNanos + RedisStores.MAX_RECONNECT_DELAY.toNanos();
            if (state.compareAndSet(s, new State(Mode.HANDBACK, s.outage, time.nanoTime() + hold))) {
                log.info("Redis at {} answers again; rate budgets are shared again in {} ms", redis.config().address(), hold / 1_000_000);
            }
        } catch (RuntimeException e) {
            log.debug("Redis at {} still unreachable: {}", redis.config().address(), redis.describe(e));
            state.compareAndSet(s, new State(Mode.LOCAL, s.outage, time.nanoTime() + probeNanos));
        }
    }

    /**
     * Copies every key's local starts of the last window (and those still ahead) to Redis.
     *
     * @return the longest window among the keys, in nanos
     */
    private long handOver(long now) {
        long longest = 0;
        for (Key k : keys.values()) {
            Budget b = k.budget;
            if (b == null) {
                continue;
            }
            long window = b.window().toNanos();
            longest = Math.max(longest, window);
            List<LocalBudgets.Start> recent = k.local.unrecorded(now, window);
            if (!recent.isEmpty()) {
                record(k, recent, now);
            }
        }
        return longest;
    }

    private void record(Key k, List<LocalBudgets.Start> starts, long now) {
        Budget b = k.budget;
        List<String> argv = new ArrayList<>(List.of(args(b)));
        for (LocalBudgets.Start s : starts) {
            argv.add(Long.toString((now - s.at) / 1000));
            argv.add(s.id);
        }
        redis.<Long>eval(BudgetScripts.RECORD, ScriptOutputType.INTEGER, k.redisKeys, argv.toArray(new String[0]));
        k.local.recorded(starts);
    }

    // ------------------------------------------------------------------ helpers

    private String nextId() {
        return idPrefix + "-" + Long.toHexString(ids.incrementAndGet());
    }

    private static String[] args(Budget b, String... more) {
        String[] out = new String[4 + more.length];
        out[0] = Integer.toString(b.permits());
        out[1] = Long.toString(Math.max(1, b.window().toNanos() / 1000));
        out[2] = Double.toString(b.decreaseFactor());
        out[3] = Long.toString(Math.max(1, b.recoveryInterval().toNanos() / 1000));
        System.arraycopy(more, 0, out, 4, more.length);
        return out;
    }

    /** What this node knows about one budget key. */
    private final class Key {
        final String name;
        final String[] redisKeys;
        final LocalBudgets local = new LocalBudgets();
        volatile Budget budget;
        private long lastSharedStart;
        private boolean anyShared;
        private long outageSeen;

        Key(String name) {
            this.name = name;
            String base = prefix + "budget:{" + name + "}:";
            this.redisKeys = new String[] {base + "starts", base + "state"};
        }

        synchronized void sharedStart(long at) {
            if (!anyShared || at - lastSharedStart > 0) {
                lastSharedStart = at;
                anyShared = true;
            }
        }

        /** On the first local call of an outage: no local start within one window of the last shared one. */
        synchronized void enteredOutage(long outage, long now, long windowNanos) {
            if (outageSeen != outage) {
                outageSeen = outage;
                long from = anyShared && lastSharedStart - now > 0 ? lastSharedStart : now;
                local.blockUntil(from + windowNanos);
            }
        }
    }
}
