package dev.sferum.sdk.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A VK API access token with its {@linkplain TokenKind kind}, as a value that never prints itself.
 *
 * <pre>{@code
 * AccessToken bot = AccessToken.community(System.getenv("VK_GROUP_TOKEN"), 123456);
 * AccessToken teacher = AccessToken.user(value, Instant.now().plusSeconds(3600));
 * }</pre>
 *
 * <p>{@link #toString()} shows the kind and a {@linkplain #fingerprint() fingerprint}, never the value. Rate
 * budgets, logs and metrics are keyed by the fingerprint. Equality compares kind and value (in constant time).
 * Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class AccessToken {
    private final TokenKind kind;
    private final Secret secret;
    private final Instant expiresAt;
    private final long ownerId;

    private AccessToken(TokenKind kind, Secret secret, Instant expiresAt, long ownerId) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.secret = secret;
        this.expiresAt = expiresAt;
        this.ownerId = ownerId;
    }

    /**
     * A user token that does not expire (or whose expiry is unknown).
     *
     * @param value the token as VK issued it
     * @return the token
     * @throws IllegalArgumentException if {@code value} is blank
     */
    public static AccessToken user(String value) {
        return new AccessToken(TokenKind.USER, Secret.of(value), null, 0);
    }

    /**
     * A user token that expires at {@code expiresAt} (VK ID access tokens live one hour).
     *
     * @param value the token as VK issued it
     * @param expiresAt when VK stops accepting it
     * @return the token
     */
    public static AccessToken user(String value, Instant expiresAt) {
        return new AccessToken(TokenKind.USER, Secret.of(value), Objects.requireNonNull(expiresAt, "expiresAt"), 0);
    }

    /**
     * A community token (community settings → "Работа с API"). It does not expire.
     *
     * @param value the token
     * @param groupId the community's id, positive (as in {@code club123456}); it is sent as {@code group_id}
     *     where VK wants one
     * @return the token
     * @throws IllegalArgumentException if {@code groupId} is not positive
     */
    public static AccessToken community(String value, long groupId) {
        if (groupId <= 0) {
            throw new IllegalArgumentException("groupId must be positive (the community id without the minus sign): " + groupId);
        }
        return new AccessToken(TokenKind.COMMUNITY, Secret.of(value), null, groupId);
    }

    /**
     * An application's service token (client-credentials grant). It does not expire.
     *
     * @param value the token
     * @return the token
     */
    public static AccessToken service(String value) {
        return new AccessToken(TokenKind.SERVICE, Secret.of(value), null, 0);
    }

    /**
     * A token of the given kind; use the named factories where you can.
     *
     * @param kind the kind
     * @param value the token
     * @param expiresAt when it expires, or {@code null} if it does not
     * @return the token
     * @throws IllegalArgumentException for {@link TokenKind#COMMUNITY} (use {@link #community}) and
     *     {@link TokenKind#BOT} (a MAX bot token is not a VK token)
     */
    public static AccessToken of(TokenKind kind, String value, Instant expiresAt) {
        if (kind == TokenKind.COMMUNITY) {
            throw new IllegalArgumentException("use AccessToken.community(value, groupId) for a community token");
        }
        if (kind == TokenKind.BOT) {
            throw new IllegalArgumentException("a MAX bot token is not a VK access token; use sdk-max's MaxBotToken.of(value)");
        }
        return new AccessToken(kind, Secret.of(value), expiresAt, 0);
    }

    /** {@return the kind of this token} */
    public TokenKind kind() {
        return kind;
    }

    /**
     * The raw token, to put on the wire or into a secure {@code TokenStore}. Never log it.
     *
     * @return the raw value
     */
    public String reveal() {
        return secret.reveal();
    }

    /** {@return a short non-reversible id of the token, safe for logs and metrics} */
    public String fingerprint() {
        return secret.fingerprint();
    }

    /** {@return when VK stops accepting the token, if known} */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /**
     * The community id of a community token.
     *
     * @return the positive group id, or empty for user and service tokens
     */
    public Optional<Long> groupId() {
        return kind == TokenKind.COMMUNITY ? Optional.of(ownerId) : Optional.empty();
    }

    /**
     * Whether the token has expired, or will within {@code skewSeconds}, at {@code now}.
     *
     * @param now the current time
     * @param skewSeconds how long before the real expiry to count it as expired
     * @return true if it is (about to be) expired; false for tokens without expiry
     */
    public boolean isExpiredAt(Instant now, long skewSeconds) {
        return expiresAt != null && !now.plusSeconds(skewSeconds).isBefore(expiresAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessToken other && kind == other.kind && secret.equals(other.secret);
    }

    @Override
    public int hashCode() {
        return secret.hashCode() * 31 + kind.hashCode();
    }

    /** Returns {@code AccessToken[kind=USER, fp=…]}; never the value. */
    @Override
    public String toString() {
        return "AccessToken[kind=" + kind + ", fp=" + fingerprint() + (expiresAt != null ? ", expiresAt=" + expiresAt : "") + "]";
    }
}
