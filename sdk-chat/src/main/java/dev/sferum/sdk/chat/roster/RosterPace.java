package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.spi.CallBudget;

import java.time.Duration;

/**
 * The pace a plan is estimated at, from the numbers apply will run under: the rate (the config's override, else
 * the API client's rate budget for its token, else the backend's published rate), how long each request holds its
 * slot (the budget's window: one second plus its margin), and how many calls one request carries (with batching,
 * up to {@code maxCalls}, but never more than the calls apply has in flight at once: its concurrency).
 *
 * @param requestsPerSecond requests the budget lets start per window
 * @param window how long a request holds its slot
 * @param callsPerRequest API calls one request is expected to carry
 * @param threads how many classes apply works on at once: the configured concurrency, but never more than the
 *     token's budget can serve at once (its rate × the calls one request can carry), so no call waits for the
 *     budget past its deadline while others run
 */
record RosterPace(double requestsPerSecond, Duration window, int callsPerRequest, int threads) {
    /**
     * Classes run at once beyond what the budget serves: while some threads sleep in a call's own retry back-off or
     * read back an unknown outcome, the others keep the budget busy; each extra thread waits at most about half a
     * window for a slot, far from any call's deadline.
     */
    static final double HEADROOM = 1.5;

    static RosterPace of(ChatClient chats, RosterSyncConfig config) {
        double backend = chats.capabilities().requestsPerSecond();
        if (chats instanceof CallBudget budget) {
            double rate = config.requestsPerSecond().orElse(budget.requestsPerSecond().orElse(backend));
            int threads = config.concurrency();
            if (budget.requestsPerSecond().isPresent()) {
                double servable = Math.ceil(budget.requestsPerSecond().getAsDouble()) * budget.callsPerRequest();
                threads = (int) Math.max(1, Math.min(threads, Math.ceil(servable * HEADROOM)));
            }
            return new RosterPace(rate, budget.window(), Math.max(1, Math.min(budget.callsPerRequest(), threads)), threads);
        }
        return new RosterPace(config.requestsPerSecond().orElse(backend), Duration.ofSeconds(1), 1, config.concurrency());
    }

    /**
     * The lower bound apply can reach: requests ÷ rate, each request holding its slot for one window. Round trips
     * and the batching window come on top when apply runs fewer calls at once than the budget allows.
     *
     * @param calls API calls
     * @return the estimate
     */
    Duration estimate(int calls) {
        long requests = (calls + callsPerRequest - 1L) / callsPerRequest;
        return Duration.ofMillis((long) Math.ceil(requests * (window.toNanos() / 1e6) / requestsPerSecond));
    }
}
