package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.TokenProvider;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A user's access token from a stored VK ID grant, refreshed by itself: shortly before it expires
 * ({@link VkIdConfig#refreshSkew()}, by the configured clock), and when VK rejects it (errors 5 and 1117, on which
 * the SDK calls {@link #renew(AccessToken)}).
 *
 * <pre>{@code
 * UserTokenProvider teacher = vkid.tokenProvider(done.grantKey());
 * ApiClient api = ApiClient.builder().tokenProvider(teacher).buildClient();
 * }</pre>
 *
 * <p><b>Single-flight.</b> However many calls race, at most one refresh per grant is in flight in a
 * {@link VkIdClient} (and the {@link VkIdAsyncClient} built from the same builder): sync callers wait for it, async
 * callers get its future without a thread blocked. If a refresh already replaced the token VK rejected,
 * {@code renew} returns the newer token without refreshing again.
 *
 * <p><b>One refresh across nodes.</b> Every refresh, expiry-driven or forced by {@code renew}, runs under the grant's
 * refresh lease from the {@link TokenStore} ({@link TokenStore#tryLease}): the grant is read again once the lease is
 * held, so a grant another node already rotated is used without asking VK ID. A caller whose node cannot get the
 * lease polls the store for the holder's rotated grant and, if none appears within twice
 * {@link VkIdConfig#refreshLease()}, fails with {@link RefreshLeaseTimeoutException} (naming the grant key).
 *
 * <p><b>Rotation.</b> VK ID answers each refresh with a new refresh token; the provider writes it to the
 * {@link TokenStore} with compare-and-set <em>before</em> any caller gets the new access token, so a crash after
 * that point cannot lose the grant. A refresh that fails for good throws {@link SignInRequiredException}: send the
 * user through sign-in again. A refresh that fails for a while (network, VK ID down) is not retried; the token that
 * has not quite expired yet is used meanwhile.
 *
 * <p>Thread-safe. Cheap to create: all providers for a key in one client share the flight.
 *
 * @since 0.1.0
 */
public final class UserTokenProvider implements TokenProvider {
    private final VkIdCore core;
    private final String grantKey;
    private volatile StoredGrant cached;

    UserTokenProvider(VkIdCore core, String grantKey) {
        this.core = core;
        this.grantKey = grantKey;
    }

    /** {@return the key of the grant in the {@link TokenStore}} */
    public String grantKey() {
        return grantKey;
    }

    /**
     * The access token to use now, refreshed first (single-flight) if it expires within the refresh skew. Blocks
     * while a refresh is in flight.
     *
     * @return a user token
     * @throws SignInRequiredException if no grant is stored under the key or VK ID refused it for good
     * @throws SferumException if a refresh was needed and failed, and the current token has already expired (for
     *     example {@link RefreshLeaseTimeoutException} when another holder kept the refresh lease)
     */
    @Override
    public AccessToken token() {
        StoredGrant g = cached;
        if (g != null && fresh(g)) {
            return g.tokens().accessToken();
        }
        try {
            return remember(await(core.refresher.flight(grantKey, null, true))).tokens().accessToken();
        } catch (SferumException e) {
            return stillValid(g, e);
        }
    }

    /**
     * The async form of {@link #token()}: never blocks the calling thread.
     *
     * @return a future of the token; it fails as {@link #token()} throws
     */
    @Override
    public CompletableFuture<AccessToken> tokenAsync() {
        StoredGrant g = cached;
        if (g != null && fresh(g)) {
            return CompletableFuture.completedFuture(g.tokens().accessToken());
        }
        return core.refresher.flight(grantKey, null, false).handle((grant, error) -> {
            if (error == null) {
                return remember(grant).tokens().accessToken();
            }
            return stillValid(g, asSferum(error));
        });
    }

    /**
     * Called by the SDK when VK rejected {@code rejected} (errors 5, 1117). Returns the token a concurrent refresh
     * already produced, or refreshes single-flight.
     *
     * @param rejected the token VK refused
     * @return a different, fresh token, or empty if none can be had
     * @throws SignInRequiredException if the grant cannot be refreshed any more
     * @throws RefreshLeaseTimeoutException if another holder kept the refresh lease and no rotated grant appeared
     */
    @Override
    public Optional<AccessToken> renew(AccessToken rejected) {
        StoredGrant g = cached;
        if (g != null && fresh(g) && !g.tokens().accessToken().equals(rejected)) {
            return Optional.of(g.tokens().accessToken());
        }
        StoredGrant next = remember(await(core.refresher.flight(grantKey, rejected, true)));
        if (next.tokens().accessToken().equals(rejected)) {
            // joined a flight that started before the rejection and kept the token; refresh for this rejection
            next = remember(await(core.refresher.flight(grantKey, rejected, true)));
        }
        return differentFrom(next, rejected);
    }

    /**
     * The async form of {@link #renew(AccessToken)}.
     *
     * @param rejected the token VK refused
     * @return a future of a fresh token or empty; it fails as {@link #renew(AccessToken)} throws
     */
    @Override
    public CompletableFuture<Optional<AccessToken>> renewAsync(AccessToken rejected) {
        StoredGrant g = cached;
        if (g != null && fresh(g) && !g.tokens().accessToken().equals(rejected)) {
            return CompletableFuture.completedFuture(Optional.of(g.tokens().accessToken()));
        }
        return core.refresher.flight(grantKey, rejected, false).thenCompose(next -> {
            remember(next);
            if (next.tokens().accessToken().equals(rejected)) {
                return core.refresher.flight(grantKey, rejected, false).thenApply(n -> differentFrom(remember(n), rejected));
            }
            return CompletableFuture.completedFuture(differentFrom(next, rejected));
        });
    }

    private static Optional<AccessToken> differentFrom(StoredGrant g, AccessToken rejected) {
        AccessToken t = g.tokens().accessToken();
        return t.equals(rejected) ? Optional.empty() : Optional.of(t);
    }

    private boolean fresh(StoredGrant g) {
        return !g.tokens().accessToken().isExpiredAt(core.config.clock().instant(), core.config.refreshSkew().toSeconds());
    }

    private StoredGrant remember(StoredGrant g) {
        cached = g;
        return g;
    }

    /** A refresh failed for a while: the current token serves until it really expires. */
    private AccessToken stillValid(StoredGrant g, SferumException e) {
        if (g != null && e.retryable() && !(e instanceof SignInRequiredException)
                && !g.tokens().accessToken().isExpiredAt(core.config.clock().instant(), 0)) {
            VkIdCore.log.debug("refresh of VK ID grant {} failed ({}); using access token {} until it expires at {}", grantKey,
                    e.category(), g.tokens().accessToken().fingerprint(), g.tokens().accessTokenExpiresAt());
            return g.tokens().accessToken();
        }
        throw e;
    }

    private StoredGrant await(CompletableFuture<StoredGrant> flight) {
        try {
            return flight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SferumException(ErrorCategory.TRANSIENT, VkIdCore.TOKEN_ENDPOINT,
                    "interrupted while waiting for the refresh of VK ID grant " + grantKey, null, null);
        } catch (ExecutionException e) {
            throw asSferum(e.getCause());
        }
    }

    private SferumException asSferum(Throwable error) {
        Throwable e = GrantRefresher.unwrap(error);
        if (e instanceof SferumException s) {
            return s;
        }
        if (e instanceof CompletionException || e == null) {
            return new SferumException(ErrorCategory.TRANSIENT, VkIdCore.TOKEN_ENDPOINT, "the refresh of VK ID grant " + grantKey
                    + " failed", null, e);
        }
        return new SferumException(ErrorCategory.TRANSIENT, VkIdCore.TOKEN_ENDPOINT, "the refresh of VK ID grant " + grantKey
                + " failed inside the SDK (" + e.getClass().getName() + ")", null, e);
    }

    @Override
    public String toString() {
        return "UserTokenProvider[" + grantKey + "]";
    }
}
