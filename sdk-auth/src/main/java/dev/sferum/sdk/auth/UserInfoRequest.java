package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.TokenKind;

import java.util.Objects;
import java.util.Optional;

/**
 * Asks VK ID who owns a user access token, and what it may see of them (name, avatar; e-mail and phone only if granted).
 *
 * <pre>{@code
 * VkIdUser me = vkid.userInfo(r -> r.accessToken(tokens.accessToken()).deviceId(tokens.deviceId()));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class UserInfoRequest {
    private final AccessToken accessToken;
    private final String deviceId;

    private UserInfoRequest(Builder b) {
        this.accessToken = Objects.requireNonNull(b.accessToken, "accessToken is required");
        this.deviceId = b.deviceId;
    }

    /** @return a builder; the access token is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A request for the tokens' access token and device id.
     *
     * @param tokens the tokens
     * @return the request
     */
    public static UserInfoRequest of(UserTokens tokens) {
        return builder().accessToken(tokens.accessToken()).deviceId(tokens.deviceId()).build();
    }

    /** @return a builder holding these values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.accessToken = accessToken;
        b.deviceId = deviceId;
        return b;
    }

    /** @return the user access token */
    public AccessToken accessToken() {
        return accessToken;
    }

    /** @return the device id from the sign-in, if given (VK ID asks for it) */
    public Optional<String> deviceId() {
        return Optional.ofNullable(deviceId);
    }

    @Override
    public String toString() {
        return "UserInfoRequest[" + accessToken + "]";
    }

    /** Builds a {@link UserInfoRequest}. Not thread-safe. */
    public static final class Builder {
        private AccessToken accessToken;
        private String deviceId;

        private Builder() {
        }

        /**
         * @param token a user access token from VK ID
         * @return this builder
         * @throws IllegalArgumentException if it is not a user token
         */
        public Builder accessToken(AccessToken token) {
            Objects.requireNonNull(token, "token");
            if (token.kind() != TokenKind.USER) {
                throw new IllegalArgumentException("VK ID needs a user token here; " + token.kind().describe() + " was supplied");
            }
            this.accessToken = token;
            return this;
        }

        /**
         * @param deviceId the device id from the sign-in, or {@code null}
         * @return this builder
         */
        public Builder deviceId(String deviceId) {
            this.deviceId = deviceId == null || deviceId.isBlank() ? null : deviceId;
            return this;
        }

        /**
         * @return the request
         * @throws NullPointerException if the access token is missing
         */
        public UserInfoRequest build() {
            return new UserInfoRequest(this);
        }
    }
}
