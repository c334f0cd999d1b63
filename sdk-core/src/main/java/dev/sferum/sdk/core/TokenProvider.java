package dev.sferum.sdk.core;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Supplies the access token for each call, and a fresh one when VK says the token has expired.
 *
 * <p>A fixed token needs nothing more than {@link #of(AccessToken)}. Tokens that expire and refresh (VK ID user
 * tokens) come from {@code sdk-auth}'s provider, which refreshes single-flight and stores the rotated refresh
 * token before using it.
 *
 * <p>The SDK calls {@link #token()} on the sync path and {@link #tokenAsync()} on the async path, so an
 * implementation can refresh without blocking async callers. When VK answers error 5 or 1117 (token expired or
 * invalid) the SDK calls {@link #renew(AccessToken)} (or {@link #renewAsync(AccessToken)}) once and repeats the
 * call with the token it returns.
 *
 * <p>Implementations must be thread-safe: many calls ask at once.
 *
 * @since 0.1.0
 */
public interface TokenProvider {

    /**
     * A provider that always answers with the same token and cannot renew it.
     *
     * @param token the token
     * @return the provider
     */
    static TokenProvider of(AccessToken token) {
        Objects.requireNonNull(token, "token");
        CompletableFuture<AccessToken> ready = CompletableFuture.completedFuture(token);
        return new TokenProvider() {
            @Override
            public AccessToken token() {
                return token;
            }

            @Override
            public CompletableFuture<AccessToken> tokenAsync() {
                return ready.thenApply(t -> t);
            }

            @Override
            public String toString() {
                return "TokenProvider.of(" + token + ")";
            }
        };
    }

    /**
     * The token to use now, refreshed first if it is about to expire. May block while a refresh is in flight.
     *
     * @return the token
     * @throws dev.sferum.sdk.core.exception.SferumException if no usable token can be had
     */
    AccessToken token();

    /**
     * The token to use now, without blocking the calling thread.
     *
     * @return a future of the token; it fails with a {@link dev.sferum.sdk.core.exception.SferumException} if no
     *     usable token can be had
     */
    CompletableFuture<AccessToken> tokenAsync();

    /**
     * Called when VK rejected {@code rejected} as expired or invalid. Return a different, fresh token to have the
     * call repeated once with it, or empty if the token cannot be renewed (the call then fails with VK's error).
     *
     * <p>The default cannot renew.
     *
     * @param rejected the token VK refused
     * @return a fresh token, or empty
     */
    default Optional<AccessToken> renew(AccessToken rejected) {
        return Optional.empty();
    }

    /**
     * The async form of {@link #renew(AccessToken)}. The default cannot renew.
     *
     * @param rejected the token VK refused
     * @return a future of a fresh token, or of empty
     */
    default CompletableFuture<Optional<AccessToken>> renewAsync(AccessToken rejected) {
        return CompletableFuture.completedFuture(Optional.empty());
    }
}
