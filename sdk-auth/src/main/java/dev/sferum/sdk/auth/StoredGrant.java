package dev.sferum.sdk.auth;

import java.util.Objects;

/**
 * One user's VK ID grant as a {@link TokenStore} keeps it: the current tokens and a revision that grows by one with
 * every rotation.
 *
 * <p>The revision makes compare-and-set cheap for database stores:
 * {@code UPDATE grants SET ..., revision = :next WHERE key = :key AND revision = :expected AND refresh_fp = :fp}, with
 * {@code fp} from {@code tokens().refreshToken().fingerprint()}. Equality compares both parts.
 *
 * @param tokens the tokens
 * @param revision 1 for a fresh sign-in, one more for each rotation
 * @since 0.1.0
 */
public record StoredGrant(UserTokens tokens, long revision) {
    /**
     * Checks the parts.
     *
     * @param tokens the tokens
     * @param revision 1 for a fresh sign-in, one more for each rotation
     * @throws IllegalArgumentException if {@code revision} is not positive
     */
    public StoredGrant {
        Objects.requireNonNull(tokens, "tokens");
        if (revision < 1) {
            throw new IllegalArgumentException("revision starts at 1: " + revision);
        }
    }

    /**
     * The grant that replaces this one after a refresh.
     *
     * @param next the new tokens
     * @return the grant with the next revision
     */
    public StoredGrant next(UserTokens next) {
        return new StoredGrant(next, revision + 1);
    }
}
