package dev.sferum.sdk.auth.testing;

import dev.sferum.sdk.auth.StoredGrant;
import dev.sferum.sdk.auth.TokenStore;
import dev.sferum.sdk.auth.UserTokens;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.Secret;

import java.time.Instant;
import java.util.List;

/** Grants as a sign-in would have stored them. */
public final class Grants {
    public static final String KEY = "vkid:1001";

    private Grants() {
    }

    public static UserTokens tokens(String access, String refresh, Instant expiresAt) {
        return UserTokens.builder()
                .accessToken(AccessToken.user(access, expiresAt))
                .refreshToken(Secret.of(refresh))
                .deviceId(Canary.DEVICE_ID)
                .userId(VkIdWire.USER_ID)
                .scopes(List.of("vkid.personal_info"))
                .build();
    }

    /** A grant whose tokens are named after its revision: {@code access-7}, {@code refresh-7}, expiring 7 s after the start. */
    public static StoredGrant numbered(long revision) {
        return new StoredGrant(tokens("access-" + revision, "refresh-" + revision, Clients.START.plusSeconds(revision)), revision);
    }

    /** Stores revision 1 with the canary access and refresh tokens, the access token expiring an hour after {@link Clients#START}. */
    public static StoredGrant seed(TokenStore store) {
        StoredGrant g = new StoredGrant(tokens(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN, Clients.START.plusSeconds(3600)), 1);
        store.save(KEY, g);
        return g;
    }
}
