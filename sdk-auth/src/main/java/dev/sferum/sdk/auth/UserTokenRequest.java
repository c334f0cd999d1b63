package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.TokenKind;

import java.util.Objects;
import java.util.Optional;

/**
 * A VK ID call made with one user's access token and the device id of its sign-in: reading who owns the token
 * ({@link VkIdClient#userInfo(UserTokenRequest)}, {@code /oauth2/user_info}) and ending the user's session for this
 * app ({@link VkIdClient#logout(UserTokenRequest)}, {@code /oauth2/logout}; the access token stops working).
 *
 * <pre>{@code
 * VkIdUser me = vkid.userInfo(UserTokenRequest.of(tokens));
 * vkid.logout(r -> r.accessToken(tokens.accessToken()).deviceId(tokens.deviceId()));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class UserTokenRequest {
    private final AccessToken accessToken;
    private final String deviceId;

    private UserTokenRequest(Builder b) {
        this.accessToken = Objects.requireNonNull(b.accessToken, "accessToken is required");
        this.deviceId = b.deviceId;
    }

    /** {@return a builder; the access token is required} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A request for the tokens' access token and device id.
     *
     * @param tokens the tokens
     * @return the request
     */
    public static UserTokenRequest of(UserTokens tokens) {
        return builder().accessToken(tokens.accessToken()).deviceId(tokens.deviceId()).build();
    }

    /** {@return a builder holding these values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.accessToken = accessToken;
        b.deviceId = deviceId;
        return b;
    }

    /** {@return the user access token} */
    public AccessToken accessToken() {
        return accessToken;
    }

    /** {@return the device id from the sign-in, if given (VK ID asks for it)} */
    public Optional<String> deviceId() {
        return Optional.ofNullable(deviceId);
    }

    @Override
    public String toString() {
        return "UserTokenRequest[" + accessToken + "]";
    }

    /** Builds a {@link UserTokenRequest}. Not thread-safe. */
    public static final class Builder {
        private AccessToken accessToken;
        private String deviceId;

        private Builder() {
        }

        /**
         * Sets a user access token from VK ID.
         *
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
         * Sets the device id from the sign-in, or {@code null}.
         *
         * @param deviceId the device id from the sign-in, or {@code null}
         * @return this builder
         */
        public Builder deviceId(String deviceId) {
            this.deviceId = deviceId == null || deviceId.isBlank() ? null : deviceId;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws NullPointerException if the access token is missing
         */
        public UserTokenRequest build() {
            return new UserTokenRequest(this);
        }
    }
}
