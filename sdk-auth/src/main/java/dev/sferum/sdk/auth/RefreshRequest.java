package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.internal.Scopes;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.internal.Require;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A one-off refresh of VK ID tokens. Most applications never build one: {@link UserTokenProvider} refreshes
 * single-flight and stores the rotated refresh token before using it. Use this only when you keep tokens yourself —
 * and then store the returned refresh token before anything else: the old one is dead.
 *
 * <pre>{@code
 * UserTokens next = vkid.refresh(r -> r.refreshToken(old.refreshToken()).deviceId(old.deviceId()));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class RefreshRequest {
    private final Secret refreshToken;
    private final String deviceId;
    private final Set<String> scopes;
    private final Long userId;

    private RefreshRequest(Builder b) {
        this.refreshToken = Objects.requireNonNull(b.refreshToken, "refreshToken is required");
        this.deviceId = Objects.requireNonNull(b.deviceId, "deviceId is required");
        this.scopes = b.scopes;
        this.userId = b.userId;
    }

    /** {@return a builder; refresh token and device id are required} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A request for the tokens' refresh token, device id, user and scopes.
     *
     * @param tokens the current tokens
     * @return the request
     */
    public static RefreshRequest of(UserTokens tokens) {
        return builder().refreshToken(tokens.refreshToken()).deviceId(tokens.deviceId()).userId(tokens.userId())
                .scopes(tokens.scopes()).build();
    }

    /** {@return a builder holding these values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.refreshToken = refreshToken;
        b.deviceId = deviceId;
        b.scopes = scopes;
        b.userId = userId;
        return b;
    }

    /** {@return the refresh token to use} */
    public Secret refreshToken() {
        return refreshToken;
    }

    /** {@return the device id from the sign-in} */
    public String deviceId() {
        return deviceId;
    }

    /** {@return the scopes the tokens had, used when VK ID's answer names none} */
    public Optional<Set<String>> scopes() {
        return Optional.ofNullable(scopes);
    }

    /** {@return the user the tokens must belong to, if known; an answer for another user is refused} */
    public Optional<Long> userId() {
        return Optional.ofNullable(userId);
    }

    @Override
    public String toString() {
        return "RefreshRequest[refresh=" + refreshToken.fingerprint() + ", userId=" + userId + "]";
    }

    /** Builds a {@link RefreshRequest}. Not thread-safe. */
    public static final class Builder {
        private Secret refreshToken;
        private String deviceId;
        private Set<String> scopes;
        private Long userId;

        private Builder() {
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
         * Sets the device id from the sign-in.
         *
         * @param deviceId the device id from the sign-in
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder deviceId(String deviceId) {
            Objects.requireNonNull(deviceId, "deviceId");
            if (deviceId.isBlank()) {
                throw new IllegalArgumentException("deviceId must not be blank: use the device_id VK ID returned with the code");
            }
            this.deviceId = deviceId;
            return this;
        }

        /**
         * Sets the scopes the tokens had.
         *
         * @param scopes the scopes the tokens had
         * @return this builder
         */
        public Builder scopes(Collection<String> scopes) {
            this.scopes = Scopes.check(Objects.requireNonNull(scopes, "scopes"));
            return this;
        }

        /**
         * Sets the user the tokens belong to.
         *
         * @param userId the user the tokens belong to
         * @return this builder
         */
        public Builder userId(long userId) {
            this.userId = Require.positive(userId, "userId");
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws NullPointerException if the refresh token or device id is missing
         */
        public RefreshRequest build() {
            return new RefreshRequest(this);
        }
    }
}
