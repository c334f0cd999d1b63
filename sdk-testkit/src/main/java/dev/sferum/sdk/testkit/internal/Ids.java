package dev.sferum.sdk.testkit.internal;

import java.util.Random;
import java.util.UUID;

/**
 * Random values for tokens, links, call ids, keys and event ids, from one seeded generator so a run with the
 * same seed and the same calls produces the same values. Not for real secrets. Thread-safe.
 */
final class Ids {

    private static final char[] URL_SAFE =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Random random;

    Ids(long seed) {
        this.random = new Random(seed);
    }

    synchronized String urlSafe(int length) {
        return pick(URL_SAFE, length);
    }

    synchronized String hex(int length) {
        return pick(HEX, length);
    }

    synchronized String digits(int length) {
        StringBuilder sb = new StringBuilder(length);
        sb.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < length; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    /** A random (version 4) UUID in its 36-character form, as VK's call ids look. */
    synchronized String uuid() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    private String pick(char[] alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }
}
