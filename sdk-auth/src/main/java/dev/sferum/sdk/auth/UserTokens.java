package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.internal.Scopes;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.internal.Fingerprints;
import dev.sferum.sdk.core.internal.Require;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What VK ID issued for one user: an access token that expires within the hour, the refresh token that gets the
 * next one, an optional ID token, the device id every later request needs, the user's id and the granted scopes.
 *
 * <pre>{@code
 * UserTokens t = done.tokens();
 * long teacher = t.userId();
 * ApiClient api = ApiClient.builder().token(t.accessToken()).buildClient();   // or better: vkid.tokenProvider(key)
 * }</pre>
 *
 * <p>{@link #toString()} shows the user id, fingerprints and the expiry, never a token. Equality compares every part,
 * tokens in constant time. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class UserTokens {
    private final AccessToken accessToken;
    private final Secret refreshToken;
    private final Secret idToken;
    private final String deviceId;
    private final long userId;
    private final Set<String> scopes;

    private UserTokens(Builder b) {
        this.accessToken = Objects.requireNonNull(b.accessToken, "accessToken");
        this.refreshToken = Objects.requireNonNull(b.refreshToken, "refreshToken");
        this.deviceId = Objects.requireNonNull(b.deviceId, "deviceId");
        this.idToken = b.idToken;
        this.userId = b.userId;
        this.scopes = b.scopes;
        if (accessToken.kind() != TokenKind.USER) {
            throw new IllegalArgumentException("UserTokens hold a user token, not " + accessToken.kind().describe());
        }
        if (accessToken.expiresAt().isEmpty()) {
            throw new IllegalArgumentException("a VK ID access token has an expiry; build it with AccessToken.user(value, expiresAt)");
        }
        if (deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId must not be blank: VK ID needs it for every refresh");
        }
        Require.positive(userId, "userId");
    }

    /** {@return a builder; access token, refresh token, device id and user id are required} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.accessToken = accessToken;
        b.refreshToken = refreshToken;
        b.idToken = idToken;
        b.deviceId = deviceId;
        b.userId = userId;
        b.scopes = scopes;
        return b;
    }

    /** {@return the user access token, with its expiry} */
    public AccessToken accessToken() {
        return accessToken;
    }

    /** {@return when the access token expires} */
    public Instant accessTokenExpiresAt() {
        return accessToken.expiresAt().orElseThrow();
    }

    /** {@return the refresh token; single-use: each refresh returns a new one} */
    public Secret refreshToken() {
        return refreshToken;
    }

    /** {@return the OpenID Connect ID token (a JWT), if VK ID sent one} */
    public Optional<Secret> idToken() {
        return Optional.ofNullable(idToken);
    }

    /** {@return the device id VK ID returned with the code; refresh, logout and user info send it back} */
    public String deviceId() {
        return deviceId;
    }

    /** {@return the VK user id the tokens belong to} */
    public long userId() {
        return userId;
    }

    /** {@return the granted scopes, as VK ID reported them (or as asked, if it did not report them)} */
    public Set<String> scopes() {
        return scopes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserTokens other
                && accessToken.equals(other.accessToken)
                && accessToken.expiresAt().equals(other.accessToken.expiresAt())
                && refreshToken.equals(other.refreshToken)
                && Objects.equals(idToken, other.idToken)
                && deviceId.equals(other.deviceId)
                && userId == other.userId
                && scopes.equals(other.scopes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accessToken, refreshToken, userId);
    }

    /** Returns the user id, token fingerprints, expiry and scopes; never a token. */
    @Override
    public String toString() {
        return "UserTokens[userId=" + userId + ", access=" + accessToken.fingerprint() + " until " + accessTokenExpiresAt()
                + ", refresh=" + refreshToken.fingerprint() + (idToken != null ? ", id=" + idToken.fingerprint() : "")
                + ", device=" + Fingerprints.of(deviceId) + ", scopes=" + scopes + "]";
    }

    /**
     * Builds {@link UserTokens}; used when reading them back from a custom {@link TokenStore}. Not thread-safe.
     */
    public static final class Builder {
        private AccessToken accessToken;
        private Secret refreshToken;
        private Secret idToken;
        private String deviceId;
        private long userId;
        private Set<String> scopes = Set.of();

        private Builder() {
        }

        /**
         * Sets a user token with its expiry.
         *
         * @param token a user token with its expiry
         * @return this builder
         */
        public Builder accessToken(AccessToken token) {
            this.accessToken = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * Sets the refresh token.
         *
         * @param token the refresh token
         * @return this builder
         */
        public Builder refreshToken(Secret token) {
            this.refreshToken = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * Sets the ID token, if VK ID gave one.
         *
         * @param token the ID token, or {@code null} for none
         * @return this builder
         */
        public Builder idToken(Secret token) {
            this.idToken = token;
            return this;
        }

        /**
         * Sets the device id VK ID returned with the code.
         *
         * @param deviceId the device id VK ID returned with the code
         * @return this builder
         */
        public Builder deviceId(String deviceId) {
            this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
            return this;
        }

        /**
         * Sets the VK user id the tokens belong to.
         *
         * @param userId the VK user id, positive
         * @return this builder
         */
        public Builder userId(long userId) {
            this.userId = userId;
            return this;
        }

        /**
         * Sets the granted scopes.
         *
         * @param scopes the granted scopes
         * @return this builder
         */
        public Builder scopes(Collection<String> scopes) {
            this.scopes = Scopes.check(Objects.requireNonNull(scopes, "scopes"));
            return this;
        }

        /**
         * Builds the tokens.
         *
         * @return the tokens
         * @throws NullPointerException if a required part is missing
         * @throws IllegalArgumentException if the access token is not a user token with an expiry, or the user id is
         *     not positive
         */
        public UserTokens build() {
            return new UserTokens(this);
        }
    }
}
