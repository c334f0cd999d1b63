package dev.sferum.sdk.spring;

import dev.sferum.sdk.core.RateBudgetStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The rate budgets of the starter's clients, watched for the health indicator: every client config gets a
 * {@link Watch} over the one {@link RateBudgetStore} (the application's bean, Redis's, or one in memory). The store
 * decides every call; a watch only remembers what health shows — how often calls were told to wait and for how long,
 * when the server last refused a call for sending too much — and reads the store's live
 * {@linkplain RateBudgetStore#state state}. It keeps the budget key (a token's fingerprint) only to ask the store,
 * and never shows it.
 */
final class SferumBudgets {
    private final RateBudgetStore store;
    private final String storeName;
    private final Clock clock;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    SferumBudgets(RateBudgetStore store, String storeName, Clock clock) {
        this.store = store;
        this.storeName = storeName;
        this.clock = clock;
    }

    /**
     * Watches a client's rate budget for the health indicator.
     *
     * @param name what health calls this client's budget, such as {@code chats} or {@code lessons}
     * @param configured the budget the client's token gets, shown before its first call
     * @return the store to put in the client's {@code RateLimits}
     */
    RateBudgetStore watch(String name, RateBudgetStore.Budget configured) {
        return watches.computeIfAbsent(name, n -> new Watch(configured));
    }

    /** {@return each watched client's budget now, by name; no key, no token} */
    Map<String, Object> details() {
        Map<String, Object> out = new LinkedHashMap<>();
        watches.forEach((name, w) -> out.put(name, w.details()));
        return out;
    }

    /** One client's view of the store. */
    final class Watch implements RateBudgetStore {
        private final Budget configured;
        private volatile String key;
        private volatile Budget budget;
        private final LongAdder waits = new LongAdder();
        private volatile Duration lastWait;
        private volatile Instant lastWaitAt;
        private final LongAdder refusals = new LongAdder();
        private volatile Instant lastRefusalAt;

        Watch(Budget configured) {
            this.configured = configured;
        }

        @Override
        public Reservation reserve(String key, Budget budget) {
            seen(key, budget);
            Reservation r = store.reserve(key, budget);
            if (!r.granted()) {
                waits.increment();
                lastWait = r.delay();
                lastWaitAt = clock.instant();
            }
            return r;
        }

        @Override
        public void throttled(String key, Budget budget) {
            refused(key, budget);
            store.throttled(key, budget);
        }

        @Override
        public void throttled(String key, Budget budget, Reservation call) {
            refused(key, budget);
            store.throttled(key, budget, call);
        }

        private void refused(String key, Budget budget) {
            seen(key, budget);
            refusals.increment();
            lastRefusalAt = clock.instant();
        }

        @Override
        public java.util.Optional<State> state(String key, Budget budget) {
            return store.state(key, budget);
        }

        private void seen(String key, Budget budget) {
            this.key = key;
            this.budget = budget;
        }

        Map<String, Object> details() {
            Budget b = budget != null ? budget : configured;
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("store", storeName);
            d.put("perWindow", b.permits());
            d.put("windowMillis", b.window().toMillis());
            String k = key;
            if (k == null) {
                d.put("state", "no call yet");
            } else {
                java.util.Optional<State> now = store.state(k, b);
                if (now.isPresent()) {
                    State s = now.get();
                    d.put("state", s.blockedFor().isZero() ? (s.limit() < b.permits() ? "recovering" : "ok") : "blocked");
                    d.put("limitNow", s.limit());
                    d.put("occupied", s.occupied());
                    d.put("blockedForMillis", s.blockedFor().toMillis());
                } else {
                    d.put("state", "unknown: the store cannot be read now");
                }
            }
            d.put("waits", waits.sum());
            if (lastWaitAt != null) {
                d.put("lastWaitMillis", lastWait.toMillis());
                d.put("lastWaitAt", lastWaitAt.toString());
            }
            d.put("refusedByServer", refusals.sum());
            if (lastRefusalAt != null) {
                d.put("lastRefusedAt", lastRefusalAt.toString());
            }
            return d;
        }

        @Override
        public String toString() {
            return "SferumBudgets.Watch{store=" + storeName + "}";
        }
    }

    @Override
    public String toString() {
        return "SferumBudgets{store=" + storeName + ", clients=" + watches.keySet() + "}";
    }
}
