package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.internal.Fingerprints;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A started sign-in: send the user's browser to {@link #authorizeUri()}; VK ID then redirects back to the redirect
 * URI, where {@code completeSignIn} finishes it before {@link #expiresAt()}.
 *
 * <pre>{@code
 * SignInStart start = vkid.startSignIn();
 * response.sendRedirect(start.authorizeUri().toString());
 * }</pre>
 *
 * @param authorizeUri the VK ID page to send the browser to
 * @param state the random {@code state} in it, already kept by the client; you need not keep it yourself
 * @param expiresAt when the callback stops being accepted
 * @since 0.1.0
 */
public record SignInStart(URI authorizeUri, String state, Instant expiresAt) {
    /**
     * Checks the parts.
     *
     * @param authorizeUri the VK ID page to send the browser to
     * @param state the random {@code state} in it
     * @param expiresAt when the callback stops being accepted
     */
    public SignInStart {
        Objects.requireNonNull(authorizeUri, "authorizeUri");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Returns the host, the state's fingerprint and the expiry. */
    @Override
    public String toString() {
        return "SignInStart[" + authorizeUri.getHost() + ", state=" + Fingerprints.of(state) + ", expiresAt=" + expiresAt + "]";
    }
}
