package dev.sferum.sdk.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * An access token the fake issued, with its kind and owner.
 *
 * <p>{@link #value()} is the raw token to hand to the client under test; {@link #toString()} never shows it,
 * only the {@link #fingerprint()} (first 12 hex characters of its SHA-256), which is also how recorded
 * requests identify tokens.
 *
 * <pre>{@code
 * FakeToken token = fake.userToken(teacher);
 * client = SferumClient.builder().baseUri(fake.baseUri()).token(token.value()).build();
 * assertThat(fake.requests("messages.send"))
 *         .allMatch(r -> r.tokenFingerprint().orElseThrow().equals(token.fingerprint()));
 * }</pre>
 *
 * @param kind        user, community or service
 * @param value       the raw token; keep it out of logs
 * @param ownerId     the user id, the community's owner id ({@code -group_id}), or the app's client id for a
 *                    service token
 * @param fingerprint first 12 hex characters of SHA-256 of the value
 * @param expiresAt   when the token stops working by the fake clock; empty for tokens that never expire
 * @since 0.1.0
 */
public record FakeToken(TokenKind kind, String value, long ownerId, String fingerprint, Optional<Instant> expiresAt) {

    /**
     * Creates the value, checking its components.
     *
     * @param kind user, community or service
     * @param value the raw token; keep it out of logs
     * @param ownerId the user id, the community's owner id ({@code -group_id}), or the app's client id for a service
     *        token
     * @param fingerprint first 12 hex characters of SHA-256 of the value
     * @param expiresAt when the token stops working by the fake clock; empty for tokens that never expire
     */
    public FakeToken {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("token value must not be empty");
        }
    }

    /**
     * Returns the fingerprint of a raw token: the first 12 hex characters of its SHA-256.
     *
     * @param tokenValue a raw token
     * @return 12 lowercase hex characters
     */
    public static String fingerprintOf(String tokenValue) {
        Objects.requireNonNull(tokenValue, "tokenValue");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(tokenValue.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Shows kind, owner and fingerprint, never the raw value. */
    @Override
    public String toString() {
        return "FakeToken[kind=" + kind + ", ownerId=" + ownerId + ", fingerprint=" + fingerprint
                + expiresAt.map(at -> ", expiresAt=" + at).orElse("") + "]";
    }
}
