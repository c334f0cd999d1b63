package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.FakeToken;
import dev.sferum.sdk.testkit.TokenKind;
import java.time.Instant;
import java.util.Optional;

/**
 * An issued token. The kind, owner and expiry never change; {@code revoked} is guarded by the World lock.
 * {@code session} links a VK ID access token to the OAuth session (refresh chain) that issued it.
 */
final class TokenRecord {

    final String value;
    final TokenKind kind;
    final long ownerId;
    final long appId;
    final String fingerprint;
    final Instant expiresAt;
    final OAuthSession session;
    boolean revoked;

    TokenRecord(String value, TokenKind kind, long ownerId, long appId, Instant expiresAt, OAuthSession session) {
        this.value = value;
        this.kind = kind;
        this.ownerId = ownerId;
        this.appId = appId;
        this.fingerprint = FakeToken.fingerprintOf(value);
        this.expiresAt = expiresAt;
        this.session = session;
    }

    boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    FakeToken snapshot() {
        return new FakeToken(kind, value, ownerId, fingerprint, Optional.ofNullable(expiresAt));
    }
}
