package dev.sferum.sdk.testkit.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One VK ID sign-in of a user into a client on a device: the chain of refresh tokens and the access tokens it
 * issued. Guarded by the World lock.
 */
final class OAuthSession {

    final long userId;
    final long clientId;
    final String deviceId;
    final String scope;
    String refreshToken;
    Instant refreshExpiresAt;
    boolean ended;
    final List<TokenRecord> accessTokens = new ArrayList<>();

    OAuthSession(long userId, long clientId, String deviceId, String scope) {
        this.userId = userId;
        this.clientId = clientId;
        this.deviceId = deviceId;
        this.scope = scope;
    }

    /** Ends the session: the refresh token and every access token it issued stop working. */
    void end() {
        ended = true;
        accessTokens.forEach(t -> t.revoked = true);
    }
}
