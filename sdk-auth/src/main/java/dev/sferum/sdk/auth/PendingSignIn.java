package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.internal.Pkce;
import dev.sferum.sdk.auth.internal.Scopes;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.internal.Fingerprints;
import dev.sferum.sdk.core.internal.Require;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A sign-in that has started and waits for its callback: the {@code state} it is bound to, the PKCE code verifier,
 * the redirect URI and scopes it asked for, and when it stops being accepted. A {@link PendingSignInStore} keeps it
 * between {@code startSignIn} and {@code completeSignIn}.
 *
 * <p>{@link #toString()} shows neither the state nor the verifier. Immutable and thread-safe.
 *
 * @param state the random {@code state} sent to VK ID
 * @param codeVerifier the PKCE code verifier (43–128 characters)
 * @param redirectUri the redirect URI sent to VK ID
 * @param scopes the scopes asked for (empty: VK ID's default)
 * @param createdAt when the sign-in started
 * @param expiresAt when its callback stops being accepted
 * @since 0.1.0
 */
public record PendingSignIn(String state, Secret codeVerifier, URI redirectUri, Set<String> scopes, Instant createdAt,
                            Instant expiresAt) {
    /**
     * Checks the parts.
     *
     * @param state the random {@code state} sent to VK ID
     * @param codeVerifier the PKCE code verifier
     * @param redirectUri the redirect URI sent to VK ID
     * @param scopes the scopes asked for
     * @param createdAt when the sign-in started
     * @param expiresAt when its callback stops being accepted
     * @throws IllegalArgumentException if the state is shorter than 22 characters (128 bits), the verifier breaks
     *     RFC 7636, or the expiry is not after the start
     */
    public PendingSignIn {
        Require.nonNull("state codeVerifier redirectUri createdAt expiresAt", state, codeVerifier, redirectUri, createdAt, expiresAt);
        scopes = Scopes.check(Objects.requireNonNull(scopes, "scopes"));
        if (state.length() < 22) {
            throw new IllegalArgumentException("state must carry at least 128 random bits (22 base64url characters); it has "
                    + state.length() + " characters");
        }
        if (!Pkce.isValidVerifier(codeVerifier.reveal())) {
            throw new IllegalArgumentException("codeVerifier must be 43-128 characters of [A-Za-z0-9._~-] (RFC 7636)");
        }
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("expiresAt must be after createdAt: " + createdAt + " / " + expiresAt);
        }
    }

    /**
     * Tells whether the callback would come too late at the given time.
     *
     * @param now the current time
     * @return whether the callback would come too late at {@code now}
     */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Returns the state's fingerprint, redirect URI, scopes and times; never the state or verifier. */
    @Override
    public String toString() {
        return "PendingSignIn[state=" + Fingerprints.of(state) + ", verifier=" + codeVerifier.fingerprint() + ", redirectUri="
                + redirectUri + ", scopes=" + scopes + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt + "]";
    }
}
