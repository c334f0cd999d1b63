package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.internal.OAuthHttp.Answer;
import dev.sferum.sdk.auth.internal.Pkce;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

import java.net.http.HttpRequest;
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
 * <p>Each flight reads the grant from the store first, so a grant another node or an earlier flight already rotated
 * is used as it is. The rotated grant is written with compare-and-set before the flight completes: no caller sees the
 * new access token before its refresh token is stored.
 */
final class GrantRefresher {
    /** Rounds a flight may take when the stored grant changes under it; each round re-reads the store. */
    private static final int MAX_ROUNDS = 3;

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
                run = runAsync(key, rejected, 1);
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
        for (int round = 1; ; round++) {
            Step step = decide(key, rejected);
            if (step.use != null) {
                return step.use;
            }
            StoredGrant saved = afterAnswer(key, step, core.http.send(VkIdCore.TOKEN_ENDPOINT, step.http));
            if (saved != null) {
                return saved;
            }
            if (round == MAX_ROUNDS) {
                throw keptChanging(key);
            }
        }
    }

    private CompletableFuture<StoredGrant> runAsync(String key, AccessToken rejected, int round) {
        Step step = decide(key, rejected);
        if (step.use != null) {
            return CompletableFuture.completedFuture(step.use);
        }
        return core.http.sendAsync(VkIdCore.TOKEN_ENDPOINT, step.http).thenCompose(answer -> {
            StoredGrant saved = afterAnswer(key, step, answer);
            if (saved != null) {
                return CompletableFuture.completedFuture(saved);
            }
            if (round == MAX_ROUNDS) {
                throw keptChanging(key);
            }
            return runAsync(key, rejected, round + 1);
        });
    }

    /** Either a grant to use as it is, or a refresh to send. */
    private static final class Step {
        StoredGrant use;
        StoredGrant current;
        RefreshRequest request;
        String state;
        Instant sentAt;
        HttpRequest http;
    }

    private Step decide(String key, AccessToken rejected) {
        StoredGrant current = core.loadGrant(key).orElseThrow(() -> new SignInRequiredException(VkIdCore.TOKEN_ENDPOINT, key,
                "no VK ID grant is stored under " + key + " (never signed in, signed out, or the store was reset)", null, null));
        AccessToken access = current.tokens().accessToken();
        Instant now = core.config.clock().instant();
        boolean expiring = access.isExpiredAt(now, core.config.refreshSkew().toSeconds());
        boolean refused = rejected != null && access.equals(rejected);
        Step step = new Step();
        if (!expiring && !refused) {
            step.use = current;
            return step;
        }
        String refreshFp = current.tokens().refreshToken().fingerprint();
        if (refreshFp.equals(dead.get(key))) {
            throw new SignInRequiredException(VkIdCore.TOKEN_ENDPOINT, key, "VK ID already refused the refresh token of grant "
                    + key + "; it is not sent again", null, null);
        }
        VkIdCore.log.debug("refreshing VK ID grant {} revision {}: access token {} {}, refresh token {}", key, current.revision(),
                access.fingerprint(), refused ? "was rejected" : "expires " + access.expiresAt().orElseThrow(), refreshFp);
        step.current = current;
        step.request = RefreshRequest.of(current.tokens());
        step.state = Pkce.newState();
        step.sentAt = now;
        step.http = core.refreshHttp(step.request, step.state);
        return step;
    }

    /** @return the saved grant, or {@code null} to start over because the stored grant changed meanwhile */
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
