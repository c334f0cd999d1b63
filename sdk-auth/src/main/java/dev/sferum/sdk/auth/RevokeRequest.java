package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.TokenKind;

import java.util.Objects;

/**
 * Withdraws the app's access for a user: the user token and its grant stop working, and the user must consent again
 * at the next sign-in.
 *
 * <pre>{@code
 * vkid.revoke(r -> r.accessToken(tokens.accessToken()));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class RevokeRequest {
    private final AccessToken accessToken;

    private RevokeRequest(Builder b) {
        this.accessToken = Objects.requireNonNull(b.accessToken, "accessToken is required");
    }

    /** {@return a builder; the access token is required} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.accessToken = accessToken;
        return b;
    }

    /** {@return the user access token} */
    public AccessToken accessToken() {
        return accessToken;
    }

    @Override
    public String toString() {
        return "RevokeRequest[" + accessToken + "]";
    }

    /** Builds a {@link RevokeRequest}. Not thread-safe. */
    public static final class Builder {
        private AccessToken accessToken;

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
                throw new IllegalArgumentException("VK ID revokes user tokens; " + token.kind().describe() + " was supplied");
            }
            this.accessToken = token;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws NullPointerException if the access token is missing
         */
        public RevokeRequest build() {
            return new RevokeRequest(this);
        }
    }
}
