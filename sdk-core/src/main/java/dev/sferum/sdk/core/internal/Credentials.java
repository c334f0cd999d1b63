package dev.sferum.sdk.core.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where a pipeline's calls get their credential when the call brings none: a VK {@code TokenProvider}, a fixed MAX
 * bot token.
 *
 * @param <C> the credential
 */
public interface Credentials<C> {

    /**
     * @param operation the call, for the error when there is none
     * @return the credential to use now
     * @throws dev.sferum.sdk.core.exception.SferumException if there is none
     */
    C current(String operation);

    /**
     * @param operation the call
     * @return the credential to use now, without blocking
     */
    CompletableFuture<C> currentAsync(String operation);

    /**
     * @param rejected the credential the server refused
     * @return a fresh one, if there is one
     */
    Optional<C> renew(C rejected);

    /**
     * @param rejected the credential the server refused
     * @return a fresh one, if there is one, without blocking
     */
    CompletableFuture<Optional<C>> renewAsync(C rejected);

    /**
     * @param credential the one credential every call uses
     * @param <C> its type
     * @return credentials that never change
     */
    static <C> Credentials<C> fixed(C credential) {
        CompletableFuture<C> done = CompletableFuture.completedFuture(credential);
        return new Credentials<>() {
            @Override
            public C current(String operation) {
                return credential;
            }

            @Override
            public CompletableFuture<C> currentAsync(String operation) {
                return done;
            }

            @Override
            public Optional<C> renew(C rejected) {
                return Optional.empty();
            }

            @Override
            public CompletableFuture<Optional<C>> renewAsync(C rejected) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
        };
    }
}
