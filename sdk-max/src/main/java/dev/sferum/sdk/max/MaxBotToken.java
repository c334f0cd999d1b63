package dev.sferum.sdk.max;

import dev.sferum.sdk.core.Secret;

import java.util.Locale;
import java.util.Objects;

/**
 * A MAX bot token (issued by MasterBot on business.max.ru), as a value that never prints itself. It is a type of its
 * own, not a VK {@link dev.sferum.sdk.core.AccessToken}, so a VK token cannot reach the MAX backend (nor a MAX token
 * the VK one) by accident: the compiler refuses, and {@link #of(String)} refuses a string that has the shape of a VK
 * token.
 *
 * <pre>{@code
 * MaxBotToken token = MaxBotToken.of(System.getenv("MAX_BOT_TOKEN"));
 * log.debug("using {}", token);          // MaxBotToken[fp=3f9a0c51d2e7]
 * }</pre>
 *
 * <p><b>Telling VK and MAX tokens apart.</b> MAX does not document the shape of its tokens, so this class does not
 * check for one; it refuses the shapes VK tokens are known to have: the {@code vk1.} prefix of current VK and VK ID
 * tokens, and the 85 hexadecimal digits of older VK tokens. It also refuses a value with a {@code Bearer} or
 * {@code OAuth} prefix or with whitespace inside: MAX wants the raw token in the {@code Authorization} header.
 *
 * <p>{@link #toString()} shows only a fingerprint (the first 12 hex digits of the token's SHA-256); rate budgets, logs
 * and metrics are keyed by it. Equality compares the values in constant time. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class MaxBotToken {
    private static final int OLD_VK_TOKEN_LENGTH = 85;

    private final Secret secret;

    private MaxBotToken(Secret secret) {
        this.secret = secret;
    }

    /**
     * Wraps a MAX bot token.
     *
     * @param value the token as MasterBot issued it; surrounding whitespace is removed
     * @return the token
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if the value is blank, has whitespace inside, carries an auth-scheme prefix, or
     *     has the shape of a VK API token (the message says which, never the value)
     */
    public static MaxBotToken of(String value) {
        Objects.requireNonNull(value, "token value");
        String v = value.strip();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("a MAX bot token must not be blank; pass the token MasterBot issued (for example "
                    + "from an environment variable)");
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bearer ") || lower.startsWith("oauth ")) {
            throw new IllegalArgumentException("pass the MAX bot token without an auth-scheme prefix (\"" + v.substring(0, v.indexOf(' '))
                    + " …\"): MAX takes the raw token in the Authorization header");
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isWhitespace(v.charAt(i)) || Character.isISOControl(v.charAt(i))) {
                throw new IllegalArgumentException("a MAX bot token has no whitespace or control characters inside; check that "
                        + "the value is one token, copied whole");
            }
        }
        if (looksLikeVkToken(v)) {
            throw new IllegalArgumentException("this is a VK API token, not a MAX bot token (" + vkShape(v) + "): the MAX backend "
                    + "needs the token MasterBot issues for a bot on business.max.ru; for VK, use the VK backend with "
                    + "AccessToken.community(...) or AccessToken.user(...)");
        }
        return new MaxBotToken(Secret.of(v));
    }

    /**
     * Whether a string has the shape of a VK API token: the {@code vk1.} prefix, or 85 hexadecimal digits. The VK
     * side of the SDK can use the same test the other way round.
     *
     * @param value a token string
     * @return whether it looks like a VK token
     */
    public static boolean looksLikeVkToken(String value) {
        Objects.requireNonNull(value, "value");
        String v = value.strip();
        return v.startsWith("vk1.") || (v.length() == OLD_VK_TOKEN_LENGTH && v.chars().allMatch(MaxBotToken::isHex));
    }

    private static String vkShape(String v) {
        return v.startsWith("vk1.") ? "it starts with vk1." : "it is " + OLD_VK_TOKEN_LENGTH + " hexadecimal digits";
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * The raw token, to put on the wire. Never log it.
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

    @Override
    public boolean equals(Object o) {
        return o instanceof MaxBotToken other && secret.equals(other.secret);
    }

    @Override
    public int hashCode() {
        return secret.hashCode();
    }

    /** {@return a redacted form, {@code MaxBotToken[fp=…]}; never the value} */
    @Override
    public String toString() {
        return "MaxBotToken[fp=" + fingerprint() + "]";
    }
}
