package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.TokenProvider;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The app's service token from the legacy client-credentials grant, fetched on first use, single-flight, and fetched
 * again when VK rejects it. Kept in memory only: a service token is cheap to get again.
 */
final class ServiceTokenProvider implements TokenProvider {
    private final VkIdCore core;
    private final AtomicReference<CompletableFuture<AccessToken>> flight = new AtomicReference<>();
    private volatile AccessToken current;

    ServiceTokenProvider(VkIdCore core) {
        this.core = core;
    }

    @Override
    public AccessToken token() {
        AccessToken t = current;
        return usable(t) ? t : await(fetch(null, true));
    }

    @Override
    public CompletableFuture<AccessToken> tokenAsync() {
        AccessToken t = current;
        return usable(t) ? CompletableFuture.completedFuture(t) : fetch(null, false).thenApply(x -> x);
    }

    @Override
    public Optional<AccessToken> renew(AccessToken rejected) {
        AccessToken t = current;
        if (usable(t) && !t.equals(rejected)) {
            return Optional.of(t);
        }
        AccessToken next = await(fetch(rejected, true));
        return next.equals(rejected) ? Optional.empty() : Optional.of(next);
    }

    @Override
    public CompletableFuture<Optional<AccessToken>> renewAsync(AccessToken rejected) {
        AccessToken t = current;
        if (usable(t) && !t.equals(rejected)) {
            return CompletableFuture.completedFuture(Optional.of(t));
        }
        return fetch(rejected, false).thenApply(next -> next.equals(rejected) ? Optional.<AccessToken>empty() : Optional.of(next));
    }

    private boolean usable(AccessToken t) {
        return t != null && !t.isExpiredAt(core.config.clock().instant(), core.config.refreshSkew().toSeconds());
    }

    private CompletableFuture<AccessToken> fetch(AccessToken rejected, boolean sync) {
        CompletableFuture<AccessToken> mine = new CompletableFuture<>();
        CompletableFuture<AccessToken> running = flight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        AccessToken t = current;
        if (usable(t) && !t.equals(rejected)) {
            settle(mine, t, null);
            return mine;
        }
        Instant sentAt = core.config.clock().instant();
        if (sync) {
            try {
                settle(mine, core.readServiceToken(core.http.send(VkIdCore.SERVICE_ENDPOINT, core.serviceTokenHttp()), sentAt), null);
            } catch (RuntimeException e) {
                settle(mine, null, e);
            }
        } else {
            try {
                core.http.sendAsync(VkIdCore.SERVICE_ENDPOINT, core.serviceTokenHttp())
                        .thenApply(a -> core.readServiceToken(a, sentAt))
                        .whenComplete((tok, e) -> settle(mine, tok, e));
            } catch (RuntimeException e) {
                settle(mine, null, e);
            }
        }
        return mine;
    }

    private void settle(CompletableFuture<AccessToken> mine, AccessToken t, Throwable e) {
        if (t != null) {
            current = t;
        }
        flight.compareAndSet(mine, null);
        if (e != null) {
            mine.completeExceptionally(GrantRefresher.unwrap(e));
        } else {
            mine.complete(t);
        }
    }

    private static AccessToken await(CompletableFuture<AccessToken> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SferumException(ErrorCategory.TRANSIENT, VkIdCore.SERVICE_ENDPOINT, "interrupted while waiting for the service token",
                    null, null);
        } catch (ExecutionException e) {
            Throwable cause = GrantRefresher.unwrap(e.getCause());
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new SferumException(ErrorCategory.TRANSIENT, VkIdCore.SERVICE_ENDPOINT, "fetching the service token failed", null, cause);
        }
    }

    @Override
    public String toString() {
        return "ServiceTokenProvider[client " + core.config.clientId() + "]";
    }
}
