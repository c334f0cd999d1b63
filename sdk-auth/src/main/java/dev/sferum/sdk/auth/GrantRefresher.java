package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.internal.OAuthHttp;
import dev.sferum.sdk.auth.internal.OAuthHttp.Answer;
import dev.sferum.sdk.auth.internal.Pkce;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Refreshes stored grants single-flight: at most one refresh per grant key is in flight in this client, and every
 * caller that needs one meanwhile shares its future. The caller that starts the flight runs it — a sync caller on its
 * own thread with {@code HttpClient.send}, an async caller with {@code sendAsync} — so no thread is blocked for an
 * async caller and no pool is involved.
 *
 * <p>Across clients and nodes, every refresh runs under the grant's {@link TokenStore#tryLease refresh lease}: the
 * flight reads the grant, takes the lease (or, if another holder has it, polls the store every 50 ms until the rotated
 * grant appears, for at most twice {@link VkIdConfig#refreshLease()}), reads the grant again under the lease — a
 * grant another node or an earlier flight already rotated is used as it is — refreshes, writes the rotation with
 * compare-and-set, and only then releases the lease and completes: no caller sees the new access token before its
 * refresh token is stored. Sync waiters sleep on the config's {@code TimeSource}; async waiters resume from its
 * {@code delay}, so their store reads run on its threads (the JDK's common pool by default).
 */
final class GrantRefresher {
    /** Rounds a flight may take when the stored grant changes under it; each round re-reads the store. */
    private static final int MAX_ROUNDS = 3;
    /** How often a caller waiting for another holder's refresh reads the store. */
    private static final Duration POLL = Duration.ofMillis(50);

    private final VkIdCore core;
    private final ConcurrentHashMap<String, CompletableFuture<StoredGrant>> flights = new ConcurrentHashMap<>();
    /** Per grant key, the fingerprint of a refresh token VK ID refused for good: not sent again. */
    private final ConcurrentHashMap<String, String> dead = new ConcurrentHashMap<>();

    GrantRefresher(VkIdCore core) {
        this.core = core;
    }

    /**
     * The grant to use now: the stored one if its access token is fresh and not {@code rejected}, else a refreshed one.
     *
     * @param key the grant key
     * @param rejected the access token VK refused, or {@code null}
     * @param sync whether the caller blocks (the flight, if this call starts one, then runs on the calling thread)
     * @return the flight's future, shared with every concurrent caller for the key; complete already for a sync starter
     */
    CompletableFuture<StoredGrant> flight(String key, AccessToken rejected, boolean sync) {
        CompletableFuture<StoredGrant> mine = new CompletableFuture<>();
        CompletableFuture<StoredGrant> running = flights.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        if (sync) {
            try {
                settle(key, mine, runSync(key, rejected), null);
            } catch (RuntimeException | Error e) {
                settle(key, mine, null, e);
            }
        } else {
            CompletableFuture<StoredGrant> run;
            try {
                run = runAsync(key, rejected, core.config.timeSource().nanoTime(), 1);
            } catch (RuntimeException e) {
                run = CompletableFuture.failedFuture(e);
            }
            run.whenComplete((g, e) -> settle(key, mine, g, e));
        }
        return mine;
    }

    /** Forgets what is known about a key (a new grant was stored under it). */
    void forget(String key) {
        dead.remove(key);
    }

    private void settle(String key, CompletableFuture<StoredGrant> mine, StoredGrant grant, Throwable error) {
        flights.remove(key, mine);
        if (error != null) {
            mine.completeExceptionally(unwrap(error));
        } else {
            mine.complete(grant);
        }
    }

    private StoredGrant runSync(String key, AccessToken rejected) {
        long start = core.config.timeSource().nanoTime();
        for (int round = 1; ; ) {
            Step step = read(key, rejected);
            if (step.use != null) {
                return step.use;
            }
            Optional<RefreshLease> lease = takeLease(key);
            if (lease.isEmpty()) {
                waitedTooLong(key, start);
                sleep(key);
                continue;
            }
            StoredGrant saved;
            try {
                step = read(key, rejected);
                if (step.use != null) {
                    return step.use;
                }
                prepare(key, step);
                saved = afterAnswer(key, step, core.http.send(VkIdCore.TOKEN_ENDPOINT, step.http));
            } finally {
                release(key, lease.get());
            }
            if (saved != null) {
                return saved;
            }
            if (round++ == MAX_ROUNDS) {
                throw keptChanging(key);
            }
        }
    }

    private CompletableFuture<StoredGrant> runAsync(String key, AccessToken rejected, long start, int round) {
        Step first = read(key, rejected);
        if (first.use != null) {
            return CompletableFuture.completedFuture(first.use);
        }
        Optional<RefreshLease> lease = takeLease(key);
        if (lease.isEmpty()) {
            waitedTooLong(key, start);
            return core.config.timeSource().delay(POLL).thenCompose(v -> runAsync(key, rejected, start, round));
        }
        RefreshLease held = lease.get();
        Step step;
        CompletableFuture<Answer> sent;
        try {
            step = read(key, rejected);
            if (step.use != null) {
                release(key, held);
                return CompletableFuture.completedFuture(step.use);
            }
            prepare(key, step);
            sent = core.http.sendAsync(VkIdCore.TOKEN_ENDPOINT, step.http);
        } catch (RuntimeException | Error e) {
            release(key, held);
            throw e;
        }
        return sent.thenApply(answer -> afterAnswer(key, step, answer))
                .whenComplete((saved, error) -> release(key, held))
                .thenCompose(saved -> {
                    if (saved != null) {
                        return CompletableFuture.completedFuture(saved);
                    }
                    if (round == MAX_ROUNDS) {
                        throw keptChanging(key);
                    }
                    return runAsync(key, rejected, start, round + 1);
                });
    }

    /** Either a grant to use as it is, or the grant to refresh and, once prepared, the refresh to send. */
    private static final class Step {
        StoredGrant use;
        StoredGrant current;
        boolean refused;
        RefreshRequest request;
        String state;
        Instant sentAt;
        OAuthHttp.Request http;
    }

    /** Reads the store: the grant to use, or the one that needs a refresh (refused if its refresh token is dead). */
    private Step read(String key, AccessToken rejected) {
        StoredGrant current = core.loadGrant(key).orElseThrow(() -> new SignInRequiredException(VkIdCore.TOKEN_ENDPOINT, key,
                "no VK ID grant is stored under " + key + " (never signed in, signed out, or the store was reset)", null, null));
        AccessToken access = current.tokens().accessToken();
        boolean expiring = access.isExpiredAt(core.config.clock().instant(), core.config.refreshSkew().toSeconds());
        boolean refused = rejected != null && access.equals(rejected);
        Step step = new Step();
        if (!expiring && !refused) {
            step.use = current;
            return step;
        }
        if (current.tokens().refreshToken().fingerprint().equals(dead.get(key))) {
            throw new SignInRequiredException(VkIdCore.TOKEN_ENDPOINT, key, "VK ID already refused the refresh token of grant "
                    + key + "; it is not sent again", null, null);
        }
        step.current = current;
        step.refused = refused;
        return step;
    }

    /** Builds the refresh of {@code step.current}; called only while holding the grant's lease. */
    private void prepare(String key, Step step) {
        AccessToken access = step.current.tokens().accessToken();
        VkIdCore.log.debug("refreshing VK ID grant {} revision {}: access token {} {}, refresh token {}", key, step.current.revision(),
                access.fingerprint(), step.refused ? "was rejected" : "expires " + access.expiresAt().orElseThrow(),
                step.current.tokens().refreshToken().fingerprint());
        step.request = RefreshRequest.of(step.current.tokens());
        step.state = Pkce.newState();
        step.sentAt = core.config.clock().instant();
        step.http = core.refreshHttp(step.request, step.state);
    }

    private Optional<RefreshLease> takeLease(String key) {
        Optional<RefreshLease> lease = core.storeCall(() -> core.tokens.tryLease(key, core.config.refreshLease()));
        if (lease.isEmpty()) {
            VkIdCore.log.debug("VK ID grant {} is being refreshed by another holder of its lease; waiting for the rotated grant", key);
        }
        return lease;
    }

    /** Closes a lease; a failure only leaves the lease to expire, so it is logged, not thrown. */
    private void release(String key, RefreshLease lease) {
        try {
            lease.close();
        } catch (RuntimeException e) {
            VkIdCore.log.debug("the refresh lease of VK ID grant {} could not be released ({}); it expires within {}", key,
                    e.getClass().getName(), core.config.refreshLease());
        }
    }

    /** Throws once a waiter has waited for two leases: a holder's and, if that one died, its successor's. */
    private void waitedTooLong(String key, long start) {
        Duration limit = core.config.refreshLease().multipliedBy(2);
        if (core.config.timeSource().nanoTime() - start - limit.toNanos() > 0) {
            throw new RefreshLeaseTimeoutException(key, limit);
        }
    }

    private void sleep(String key) {
        try {
            core.config.timeSource().sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SferumException(ErrorCategory.TRANSIENT, VkIdCore.TOKEN_ENDPOINT,
                    "interrupted while waiting for another holder's refresh of VK ID grant " + key, null, null);
        }
    }

    /** {@return the saved grant, or {@code null} to start over because the stored grant changed meanwhile} */
    private StoredGrant afterAnswer(String key, Step step, Answer answer) {
        UserTokens next;
        try {
            next = core.readRefresh(answer, step.request, step.state, step.sentAt, key);
        } catch (SignInRequiredException e) {
            Optional<StoredGrant> now = core.loadGrant(key);
            if (now.isPresent() && !now.get().tokens().refreshToken().equals(step.current.tokens().refreshToken())) {
                VkIdCore.log.debug("VK ID grant {} was rotated elsewhere during the refresh; using the stored one", key);
                return null;
            }
            dead.put(key, step.current.tokens().refreshToken().fingerprint());
            VkIdCore.log.debug("VK ID grant {} is dead: {}", key, e.error().orElse("refused"));
            throw e;
        }
        StoredGrant saved = step.current.next(next);
        if (core.replaceGrant(key, step.current, saved)) {
            VkIdCore.log.debug("VK ID grant {} refreshed to revision {}: access token {} until {}, refresh token {}", key,
                    saved.revision(), next.accessToken().fingerprint(), next.accessTokenExpiresAt(), next.refreshToken().fingerprint());
            return saved;
        }
        VkIdCore.log.debug("VK ID grant {} changed in the store during the refresh; reading it again", key);
        return null;
    }

    private static SferumException keptChanging(String key) {
        return new SferumException(ErrorCategory.TRANSIENT, VkIdCore.TOKEN_ENDPOINT, "the VK ID grant " + key
                + " changed in the token store " + MAX_ROUNDS + " times during one refresh",
                "make sure only the SDK rotates the grant, then try again", null);
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
