package dev.sferum.sdk.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * PKCE (RFC 7636) and {@code state} values: code verifiers, S256 challenges and the opaque random strings that bind
 * a callback to the sign-in that started it.
 */
public final class Pkce {
    /** Random bytes in a code verifier: 48 bytes give 64 characters of base64url, within RFC 7636's 43–128. */
    private static final int VERIFIER_BYTES = 48;
    /** Random bytes in a {@code state}: 256 bits, well above RFC 9700's 128. */
    private static final int STATE_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Pkce() {
    }

    /** {@return a fresh code verifier: 64 characters of {@code [A-Za-z0-9_-]} from a {@link SecureRandom}} */
    public static String newVerifier() {
        return random(VERIFIER_BYTES);
    }

    /** {@return a fresh {@code state}: 43 characters of {@code [A-Za-z0-9_-]} holding 256 random bits} */
    public static String newState() {
        return random(STATE_BYTES);
    }

    /**
     * @param verifier a code verifier
     * @return base64url(SHA-256(ASCII(verifier))) without padding, the {@code S256} challenge
     */
    public static String challenge(String verifier) {
        return B64URL.encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Checks a verifier against RFC 7636 §4.1.
     *
     * @param verifier the verifier
     * @return whether it has 43–128 characters of {@code [A-Za-z0-9._~-]}
     */
    public static boolean isValidVerifier(String verifier) {
        if (verifier.length() < 43 || verifier.length() > 128) {
            return false;
        }
        for (int i = 0; i < verifier.length(); i++) {
            char c = verifier.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The key a pending sign-in is stored under: a hash of its {@code state}, so the lookup by key reveals nothing
     * about the state and stores never hold it as a key.
     *
     * @param state the state
     * @return base64url(SHA-256("vkid-state:" + state))
     */
    public static String stateKey(String state) {
        return B64URL.encodeToString(sha256(("vkid-state:" + state).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Compares two states in time that does not depend on where they differ.
     *
     * @param expected the state the SDK issued
     * @param actual the state that came back, or {@code null}
     * @return whether they are equal
     */
    public static boolean sameState(String expected, String actual) {
        if (actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64URL.encodeToString(b);
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
