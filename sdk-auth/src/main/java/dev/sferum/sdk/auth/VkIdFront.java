package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.internal.Builders;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * What {@link VkIdClient} and {@link VkIdAsyncClient} share as they are: the configuration, the token store, and
 * starting a sign-in, which does no network I/O and so has one form for both.
 */
abstract class VkIdFront {
    final VkIdCore core;

    VkIdFront(VkIdCore core) {
        this.core = core;
    }

    /** {@return the configuration} */
    public VkIdConfig config() {
        return core.config;
    }

    /** {@return the store grants are kept in} */
    public TokenStore tokenStore() {
        return core.tokens;
    }

    /**
     * Starts a sign-in with the config's default scopes; see {@link #startSignIn(SignInRequest)}.
     *
     * @return where to send the browser
     * @throws IllegalStateException if no redirect URI is configured
     */
    public SignInStart startSignIn() {
        return startSignIn(SignInRequest.defaults());
    }

    /**
     * Starts a sign-in: makes a PKCE code verifier and a {@code state}, keeps them in the {@link PendingSignInStore},
     * and returns the VK ID page to send the user's browser to. No network I/O, so it returns at once on both
     * clients.
     *
     * @param request scopes and display options
     * @return where to send the browser
     * @throws IllegalStateException if no redirect URI is configured
     */
    public SignInStart startSignIn(SignInRequest request) {
        return core.startSignIn(Objects.requireNonNull(request, "request"));
    }

    /**
     * Starts a sign-in; see {@link #startSignIn(SignInRequest)}.
     *
     * @param request sets up the request
     * @return where to send the browser
     */
    public SignInStart startSignIn(Consumer<SignInRequest.Builder> request) {
        return startSignIn(Builders.build(SignInRequest.builder(), request, SignInRequest.Builder::build));
    }
}
