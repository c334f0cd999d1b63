package dev.sferum.sdk.core;

import dev.sferum.sdk.core.internal.Fingerprints;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret string — a client secret, a callback secret key, a PKCE code verifier — that never shows itself by
 * accident.
 *
 * <p>{@link #toString()} is redacted and names only a {@linkplain #fingerprint() fingerprint}, so a secret that
 * ends up in a log line, an exception message or a debugger's variable view gives nothing away. Read the value
 * only where it must go on the wire, with {@link #reveal()}.
 *
 * <pre>{@code
 * Secret clientSecret = Secret.of(System.getenv("VK_CLIENT_SECRET"));
 * String shown = String.valueOf(clientSecret);   // "Secret[fp=3f9a0c51d2e7]": what any log line would get
 * }</pre>
 *
 * <p>Equality compares the values in constant time. Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Secret {
    private final String value;
    private final String fingerprint;

    private Secret(String value) {
        this.value = value;
        this.fingerprint = Fingerprints.of(value);
    }

    /**
     * Wraps a secret value.
     *
     * @param value the secret; not blank
     * @return the secret
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is blank
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be blank; pass the real value (for example from an environment variable)");
        }
        return new Secret(value);
    }

    /**
     * The secret value itself. Call this only to put the value on the wire or into a secure store; never log it.
     *
     * @return the raw value
     */
    public String reveal() {
        return value;
    }

    /**
     * A short, stable, non-reversible identifier of the value (the first 12 hex digits of its SHA-256), safe for
     * logs and metrics.
     *
     * @return the fingerprint
     */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    /** Returns {@code Secret[fp=<fingerprint>]}; never the value. */
    @Override
    public String toString() {
        return "Secret[fp=" + fingerprint + "]";
    }
}
