package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.testing.VirtualTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory sliding-window budget with virtual time: refill, the sliding guarantee, cancel and AIMD. */
class RateBudgetTest {
    private final VirtualTime time = new VirtualTime();
    private final InMemoryRateBudgets store = new InMemoryRateBudgets(time);
    private final RateBudgetStore.Budget twenty = new RateBudgetStore.Budget(20, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(5));

    private long startOf(RateBudgetStore.Reservation r) {
        return time.nanoTime() + r.delay().toNanos();
    }

    @Test
    void reserve_whenBurstOfTwentyFive_grantsTwentyNowAndTheRestOneWindowLater() {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            delays.add(store.reserve("tok", twenty).delay());
        }

        assertThat(delays.subList(0, 20)).allMatch(Duration::isZero);
        assertThat(delays.subList(20, 25)).allMatch(d -> d.equals(Duration.ofSeconds(1)));
    }

    @Test
    void reserve_whenCallsSpreadUnevenly_neverPutsMoreThanTheLimitInAnySlidingWindow() {
        List<Long> starts = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2_000; i++) {
            time.advance(Duration.ofMillis(random.nextInt(120)));
            starts.add(startOf(store.reserve("tok", twenty)));
        }

        starts.sort(Long::compare);
        long window = Duration.ofSeconds(1).toNanos();
        int worst = 0;
        for (int i = 0, j = 0; i < starts.size(); i++) {
            while (starts.get(i) - starts.get(j) >= window) {
                j++;
            }
            worst = Math.max(worst, i - j + 1);
        }
        assertThat(worst).isLessThanOrEqualTo(20);
    }

    @Test
    void reserve_whenKeysDiffer_keepsSeparateBudgets() {
        for (int i = 0; i < 20; i++) {
            store.reserve("a", twenty);
        }

        assertThat(store.reserve("b", twenty).delay()).isZero();
        assertThat(store.reserve("a", twenty).delay()).isPositive();
    }

    @Test
    void cancel_whenReservationIsReturned_givesThePermitToTheNextCaller() {
        for (int i = 0; i < 19; i++) {
            store.reserve("tok", twenty);
        }
        RateBudgetStore.Reservation twentieth = store.reserve("tok", twenty);

        twentieth.cancel();
        twentieth.cancel();

        assertThat(store.reserve("tok", twenty).delay()).isZero();
        assertThat(store.reserve("tok", twenty).delay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void throttled_whenServerRefuses_halvesTheLimitDrainsOneWindowAndRecoversAdditively() {
        store.throttled("tok", twenty);

        assertThat(store.currentLimit("tok", twenty)).isEqualTo(10);
        assertThat(store.reserve("tok", twenty).delay()).isEqualTo(Duration.ofSeconds(1));

        time.advance(Duration.ofSeconds(5));
        assertThat(store.currentLimit("tok", twenty)).isEqualTo(11);
        time.advance(Duration.ofSeconds(45));
        assertThat(store.currentLimit("tok", twenty)).isEqualTo(20);
        time.advance(Duration.ofSeconds(100));
        assertThat(store.currentLimit("tok", twenty)).isEqualTo(20);
    }

    @Test
    void throttled_whenRepeated_neverGoesBelowOne() {
        for (int i = 0; i < 10; i++) {
            store.throttled("tok", twenty);
        }

        assertThat(store.currentLimit("tok", twenty)).isEqualTo(1);
    }
}
