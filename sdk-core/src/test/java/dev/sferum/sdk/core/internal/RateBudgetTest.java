package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.testing.VirtualTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-memory budget with virtual time: the causal window, refill, cancel and AIMD. */
class RateBudgetTest {
    private final VirtualTime time = new VirtualTime();
    private final InMemoryRateBudgets store = new InMemoryRateBudgets(time);
    private final RateBudgetStore.Budget twenty = new RateBudgetStore.Budget(20, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(5));
    /** Cuts on every counted refusal: {@code refusalThreshold(1, 0)}. */
    private final RateBudgetStore.Budget hairTrigger = new RateBudgetStore.Budget(20, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(5), 1, 0);

    @Test
    void reserve_whenBurst_grantsTheLimitThenAsksToWaitForTheOldestCompletionPlusAWindow() {
        List<RateBudgetStore.Reservation> granted = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RateBudgetStore.Reservation r = store.reserve("tok", twenty);
            assertThat(r.granted()).isTrue();
            granted.add(r);
        }
        RateBudgetStore.Reservation refused = store.reserve("tok", twenty);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.delay()).isEqualTo(InMemoryRateBudgets.IN_FLIGHT_POLL);

        time.advance(Duration.ofMillis(30));
        granted.forEach(RateBudgetStore.Reservation::complete);
        assertThat(store.reserve("tok", twenty).delay()).isEqualTo(Duration.ofSeconds(1));

        time.advance(Duration.ofSeconds(1));
        assertThat(store.reserve("tok", twenty).granted()).isTrue();
    }

    /**
     * Simulates calls with random latency (grant → arrival at the server → completion) and checks the server's
     * view: never more than the limit arrivals in any sliding window, whatever the delays.
     */
    @Test
    void reserve_whenLatencyVariesWildly_serverNeverSeesMoreThanTheLimitInAnyWindow() {
        Random random = new Random(7);
        List<Long> arrivals = new ArrayList<>();
        record InFlight(long completesAt, RateBudgetStore.Reservation r) {
        }
        PriorityQueue<InFlight> flying = new PriorityQueue<>((a, b) -> Long.compare(a.completesAt, b.completesAt));
        int sent = 0;
        while (sent < 2_000) {
            long now = time.nanoTime();
            while (!flying.isEmpty() && flying.peek().completesAt <= now) {
                flying.poll().r().complete();
            }
            RateBudgetStore.Reservation r = store.reserve("tok", twenty);
            if (r.granted()) {
                long toServer = Duration.ofMillis(random.nextInt(400)).toNanos();
                long back = Duration.ofMillis(random.nextInt(50)).toNanos();
                arrivals.add(now + toServer);
                flying.add(new InFlight(now + toServer + back, r));
                sent++;
            } else {
                long next = flying.isEmpty() ? Long.MAX_VALUE : flying.peek().completesAt - now;
                time.advance(Duration.ofNanos(Math.max(1, Math.min(r.delay().toNanos(), next))));
            }
            if (random.nextInt(4) == 0) {
                time.advance(Duration.ofMillis(random.nextInt(30)));
            }
        }

        arrivals.sort(Long::compare);
        long window = Duration.ofSeconds(1).toNanos();
        int worst = 0;
        for (int i = 0, j = 0; i < arrivals.size(); i++) {
            while (arrivals.get(i) - arrivals.get(j) >= window) {
                j++;
            }
            worst = Math.max(worst, i - j + 1);
        }
        assertThat(worst).isLessThanOrEqualTo(20).isGreaterThanOrEqualTo(10);
    }

    @Test
    void reserve_whenKeysDiffer_keepsSeparateBudgets() {
        for (int i = 0; i < 20; i++) {
            store.reserve("a", twenty);
        }

        assertThat(store.reserve("b", twenty).granted()).isTrue();
        assertThat(store.reserve("a", twenty).granted()).isFalse();
    }

    @Test
    void cancel_whenNeverSent_freesTheSlotAtOnce() {
        List<RateBudgetStore.Reservation> granted = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            granted.add(store.reserve("tok", twenty));
        }

        granted.get(19).cancel();
        granted.get(19).cancel();

        assertThat(store.reserve("tok", twenty).granted()).isTrue();
        assertThat(store.reserve("tok", twenty).granted()).isFalse();
    }

    @Test
    void refusedReservation_holdsNothingToGiveBack() {
        for (int i = 0; i < 20; i++) {
            store.reserve("tok", twenty);
        }
        RateBudgetStore.Reservation refused = store.reserve("tok", twenty);

        assertThatThrownBy(refused::complete).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void throttled_whenRefusalsAreIsolated_neitherCutsNorBlocks() {
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 20; i++) {
                RateBudgetStore.Reservation r = store.reserve("tok", twenty);
                assertThat(r.granted()).as("round %d, call %d", round, i).isTrue();
                r.complete();
                if (i == 7 || i == 15) {
                    store.throttled("tok", twenty, r); // two random refusals per round: fewer than the minimum of 3
                }
            }
            time.advance(Duration.ofSeconds(1));
        }

        assertThat(store.currentLimit("tok", twenty)).isEqualTo(20);
        assertThat(store.state("tok", twenty).orElseThrow().blockedFor()).isZero();
    }

    @Test
    void throttled_whenRefusalsAreSustained_cutsOnceBlocksOneWindowAndRecoversAdditively() {
        List<RateBudgetStore.Reservation> round = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RateBudgetStore.Reservation r = store.reserve("tok", twenty);
            r.complete();
            round.add(r);
        }
        store.throttled("tok", twenty, round.get(0));
        store.throttled("tok", twenty, round.get(1));
        assertThat(store.currentLimit("tok", twenty)).as("two refusals of 20 calls: not yet").isEqualTo(20);
        store.throttled("tok", twenty, round.get(2));
        assertThat(store.currentLimit("tok", twenty)).as("the third: cut").isEqualTo(10);
        for (RateBudgetStore.Reservation late : round.subList(3, 20)) {
            store.throttled("tok", twenty, late);
        }
        assertThat(store.currentLimit("tok", twenty)).as("refusals of calls granted before the cut: answered by it").isEqualTo(10);

        assertThat(store.reserve("tok", twenty).delay()).as("blocked for one window").isEqualTo(Duration.ofSeconds(1));
        time.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 10; i++) {
            assertThat(store.reserve("tok", twenty).granted()).isTrue();
        }
        assertThat(store.reserve("tok", twenty).granted()).isFalse();

        time.advance(Duration.ofSeconds(4));
        assertThat(store.currentLimit("tok", twenty)).isEqualTo(11);
        time.advance(Duration.ofSeconds(45));
        assertThat(store.currentLimit("tok", twenty)).isEqualTo(20);
        time.advance(Duration.ofSeconds(100));
        assertThat(store.currentLimit("tok", twenty)).isEqualTo(20);
    }

    @Test
    void throttled_withASmallBudget_isNotCutByOneRefusalButIsByASustainedShare() {
        RateBudgetStore.Budget three = new RateBudgetStore.Budget(3, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(30));
        for (int second = 0; second < 30; second++) {
            for (int i = 0; i < 3; i++) {
                RateBudgetStore.Reservation r = store.reserve("user", three);
                r.complete();
                if (second == 10 && i == 1) {
                    store.throttled("user", three, r);
                }
            }
            time.advance(Duration.ofSeconds(1));
        }
        assertThat(store.currentLimit("user", three)).as("one random refusal").isEqualTo(3);

        for (int second = 0; second < 10; second++) {
            for (int i = 0; i < 3; i++) {
                RateBudgetStore.Reservation r = store.reserve("user", three);
                if (!r.granted()) {
                    continue;
                }
                r.complete();
                if (i == 2) {
                    store.throttled("user", three, r); // a real limit of 2 per second
                }
            }
            time.advance(Duration.ofSeconds(1));
        }
        assertThat(store.state("user", three).orElseThrow().limit()).as("cut within a few rounds").isLessThan(3);
    }

    /**
     * The server's real limit is 10 per window while the budget says 20 (another process on the token, or a lower
     * limit): the budget converges, and after that only a small share of calls is refused. Then random refusals at
     * 1.5 % with the real limit back at 20: the budget stays near 20.
     */
    @Test
    void throttled_whenTheRealLimitIsLower_convergesAndFewCallsAreRefusedThereafter() {
        RateBudgetStore.Budget budget = new RateBudgetStore.Budget(20, Duration.ofMillis(1020), 0.5, Duration.ofSeconds(1));
        Simulation lower = new Simulation(store, time, budget, 10, 0, new Random(3));
        lower.run(Duration.ofSeconds(20));
        lower.reset();
        lower.run(Duration.ofSeconds(60));

        assertThat(lower.refusalShare()).as("refused share after convergence").isLessThan(0.10);
        assertThat(lower.perSecond()).as("calls per second the server accepted").isGreaterThan(7.0);

        Simulation random = new Simulation(store, time, budget, 20, 0.015, new Random(5));
        random.key = "other";
        random.run(Duration.ofSeconds(60));
        assertThat(random.perSecond()).as("random refusals barely slow the token").isGreaterThan(17.0);
    }

    /** Calls as fast as the budget grants, 50 ms each way, against a server that accepts {@code realLimit} per second. */
    static final class Simulation {
        private final RateBudgetStore store;
        private final VirtualTime time;
        private final RateBudgetStore.Budget budget;
        private final int realLimit;
        private final double randomRefusals;
        private final Random random;
        private final java.util.ArrayDeque<Long> accepted = new java.util.ArrayDeque<>();
        String key = "tok";
        int calls;
        int refused;
        long startedAt;

        Simulation(RateBudgetStore store, VirtualTime time, RateBudgetStore.Budget budget, int realLimit, double randomRefusals, Random random) {
            this.store = store;
            this.time = time;
            this.budget = budget;
            this.realLimit = realLimit;
            this.randomRefusals = randomRefusals;
            this.random = random;
            this.startedAt = time.nanoTime();
        }

        void reset() {
            calls = 0;
            refused = 0;
            startedAt = time.nanoTime();
        }

        void run(Duration d) {
            record Flying(long arrives, long completes, RateBudgetStore.Reservation r) {
            }
            PriorityQueue<Flying> flying = new PriorityQueue<>((a, b) -> Long.compare(a.completes, b.completes));
            long end = time.nanoTime() + d.toNanos();
            long leg = Duration.ofMillis(50).toNanos();
            long second = Duration.ofSeconds(1).toNanos();
            while (time.nanoTime() - end < 0) {
                long now = time.nanoTime();
                while (!flying.isEmpty() && flying.peek().completes <= now) {
                    Flying f = flying.poll();
                    while (!accepted.isEmpty() && f.arrives - accepted.peekFirst() >= second) {
                        accepted.pollFirst();
                    }
                    boolean refuse = accepted.size() >= realLimit || random.nextDouble() < randomRefusals;
                    if (!refuse) {
                        accepted.addLast(f.arrives);
                    }
                    f.r.complete();
                    calls++;
                    if (refuse) {
                        refused++;
                        store.throttled(key, budget, f.r);
                    }
                }
                RateBudgetStore.Reservation r = store.reserve(key, budget);
                if (r.granted()) {
                    flying.add(new Flying(now + leg, now + 2 * leg, r));
                } else {
                    long next = flying.isEmpty() ? Long.MAX_VALUE : flying.peek().completes - now;
                    time.advance(Duration.ofNanos(Math.max(1, Math.min(r.delay().toNanos(), next))));
                }
            }
        }

        double refusalShare() {
            return (double) refused / calls;
        }

        double perSecond() {
            return (calls - refused) / ((time.nanoTime() - startedAt) / 1e9);
        }
    }

    @Test
    void state_readsLimitOccupiedSlotsAndTheBlockWithoutChangingThem() {
        assertThat(store.state("tok", twenty)).contains(new RateBudgetStore.State(20, 0, Duration.ZERO));
        RateBudgetStore.Reservation flying = store.reserve("tok", twenty);
        RateBudgetStore.Reservation done = store.reserve("tok", twenty);
        done.complete();
        assertThat(store.state("tok", twenty)).contains(new RateBudgetStore.State(20, 2, Duration.ZERO));

        time.advance(Duration.ofMillis(400));
        store.throttled("tok", hairTrigger);
        time.advance(Duration.ofMillis(300));
        assertThat(store.state("tok", hairTrigger)).as("blocked for the rest of the window, limit halved")
                .contains(new RateBudgetStore.State(10, 2, Duration.ofMillis(700)));
        time.advance(Duration.ofMillis(700));
        assertThat(store.state("tok", hairTrigger)).as("the completion left the window; the call in flight still holds its slot")
                .contains(new RateBudgetStore.State(10, 1, Duration.ZERO));
        flying.cancel();
        assertThat(store.state("tok", hairTrigger)).contains(new RateBudgetStore.State(10, 0, Duration.ZERO));
        assertThat(store.reserve("tok", hairTrigger).granted()).as("reading changed no decision").isTrue();
    }

    @Test
    void state_afterOldCompletionsExpired_countsOnlyTheRecentOnes() {
        for (int i = 0; i < 3; i++) {
            store.reserve("tok", twenty).complete();
        }
        time.advance(Duration.ofSeconds(5));
        store.reserve("tok", twenty).complete(); // this grant expires the three old completions
        store.reserve("tok", twenty).complete();

        assertThat(store.state("tok", twenty)).contains(new RateBudgetStore.State(20, 2, Duration.ZERO));
    }

    @Test
    void throttled_whenRepeated_neverGoesBelowOne() {
        for (int i = 0; i < 10; i++) {
            store.throttled("tok", hairTrigger);
        }

        assertThat(store.currentLimit("tok", hairTrigger)).isEqualTo(1);
    }

    @Test
    void reserve_whenManyTokensWentIdle_forgetsThemAtTheNextSweepAndGrantsAsBefore() {
        for (int i = 0; i < 1_000; i++) {
            store.reserve("teacher-" + i, twenty).complete();
        }
        assertThat(store.keys()).isEqualTo(1_000);

        time.advance(InMemoryRateBudgets.SWEEP_INTERVAL.plusSeconds(1));
        RateBudgetStore.Reservation next = store.reserve("teacher-0", twenty);

        assertThat(next.granted()).isTrue();
        assertThat(store.keys()).as("only the key just used is held").isEqualTo(1);
    }

    @Test
    void reserve_whenAKeyIsInFlightOrRecentlyUsedOrSlowedDown_keepsItThroughTheSweep() {
        RateBudgetStore.Reservation flying = store.reserve("in-flight", twenty);
        time.advance(InMemoryRateBudgets.SWEEP_INTERVAL.minusSeconds(2));
        store.throttled("slowed", hairTrigger);
        store.reserve("idle", twenty).complete();
        time.advance(Duration.ofMillis(1_500));
        store.reserve("recent", twenty).complete();
        time.advance(Duration.ofMillis(600));

        store.reserve("trigger", twenty).complete();

        assertThat(store.keys()).as("in flight, completed within the window, still slowed down, and the trigger; not the idle one")
                .isEqualTo(4);
        assertThat(store.currentLimit("slowed", hairTrigger)).as("the slow-down survives the sweep").isLessThan(20);
        flying.complete();
    }

    @Test
    void reserve_afterASweep_stillNeverGrantsMoreThanTheLimitInAWindow() {
        List<RateBudgetStore.Reservation> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            held.add(store.reserve("tok", twenty));
        }
        time.advance(InMemoryRateBudgets.SWEEP_INTERVAL.plusSeconds(1));
        held.forEach(RateBudgetStore.Reservation::complete);

        RateBudgetStore.Reservation after = store.reserve("tok", twenty);

        assertThat(after.granted()).as("20 completions a moment ago still occupy the window").isFalse();
        assertThat(after.delay()).isEqualTo(Duration.ofSeconds(1));
    }

    /**
     * A budget of hundreds of slots per window, completions out of grant order and the clock moving on: every
     * refusal's wait is what a plain sorted list of completion times gives (the store keeps them in a ring that
     * wraps and grows; this pins both).
     */
    @Test
    void reserve_whenManySlotsCompleteOutOfOrder_waitIsTheOldestOccupyingCompletionPlusAWindow() {
        RateBudgetStore.Budget large = new RateBudgetStore.Budget(300, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(5));
        long window = Duration.ofSeconds(1).toNanos();
        Random random = new Random(11);
        List<RateBudgetStore.Reservation> flying = new ArrayList<>();
        List<Long> completed = new ArrayList<>();
        int refusalsChecked = 0;
        for (int step = 0; step < 20_000; step++) {
            long now = time.nanoTime();
            completed.removeIf(t -> t <= now - window);
            int op = random.nextInt(10);
            if (op < 5) {
                RateBudgetStore.Reservation r = store.reserve("tok", large);
                int occupied = flying.size() + completed.size();
                assertThat(r.granted()).as("step %d, %d occupied", step, occupied).isEqualTo(occupied < 300);
                if (r.granted()) {
                    flying.add(r);
                } else if (occupied - 300 + 1 <= completed.size()) {
                    long oldest = completed.stream().sorted().skip(occupied - 300).findFirst().orElseThrow();
                    assertThat(r.delay().toNanos()).as("step %d", step).isEqualTo(Math.max(1, oldest + window - now));
                    refusalsChecked++;
                } else {
                    assertThat(r.delay()).isEqualTo(InMemoryRateBudgets.IN_FLIGHT_POLL);
                }
            } else if (op < 9 && !flying.isEmpty()) {
                flying.remove(random.nextInt(flying.size())).complete();
                completed.add(now);
            } else {
                time.advance(Duration.ofMillis(random.nextInt(40)));
            }
        }
        assertThat(refusalsChecked).isGreaterThan(100);
    }
}
