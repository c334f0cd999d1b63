package dev.sferum.sdk.max.internal;

import java.util.OptionalLong;

/**
 * The SDK's delivery marker: a 64-bit id written at the end of a message's text in invisible characters, so that the
 * SDK can later recognise its own message in the chat's history (MAX has no idempotency key such as VK's
 * {@code random_id}).
 *
 * <p>Form: U+2063 (INVISIBLE SEPARATOR), then 32 symbols of two bits each, most significant first, from the
 * alphabet U+200B (ZERO WIDTH SPACE), U+200C (ZERO WIDTH NON-JOINER), U+200D (ZERO WIDTH JOINER), U+2060 (WORD
 * JOINER) — {@value #LENGTH} UTF-16 chars. All are Unicode "default ignorable" format characters: clients draw
 * nothing for them, and they are not whitespace, so trimming keeps them. The separator comes first so that a zero
 * width joiner never follows the text's last character directly (it could join two emoji).
 */
public final class Marker {
    /** The marker's length in UTF-16 chars: {@value}. */
    public static final int LENGTH = 33;

    private static final char START = '\u2063';
    private static final char[] ALPHABET = {'\u200B', '\u200C', '\u200D', '\u2060'};

    private Marker() {
    }

    /**
     * @param id the id to write
     * @return the marker text
     */
    public static String encode(long id) {
        char[] out = new char[LENGTH];
        out[0] = START;
        for (int i = 0; i < 32; i++) {
            out[1 + i] = ALPHABET[(int) ((id >>> (62 - 2 * i)) & 3)];
        }
        return new String(out);
    }

    /**
     * The id of the last marker in a text, if it has one.
     *
     * @param text a message text
     * @return the id
     */
    public static OptionalLong find(String text) {
        int at = locate(text);
        if (at < 0) {
            return OptionalLong.empty();
        }
        long id = 0;
        for (int i = 0; i < 32; i++) {
            id = (id << 2) | symbol(text.charAt(at + 1 + i));
        }
        return OptionalLong.of(id);
    }

    /**
     * The text without its marker, as the user wrote it.
     *
     * @param text a message text
     * @return the text without the last marker (unchanged if it has none)
     */
    public static String strip(String text) {
        int at = locate(text);
        return at < 0 ? text : text.substring(0, at) + text.substring(at + LENGTH);
    }

    private static int locate(String text) {
        if (text == null) {
            return -1;
        }
        for (int at = text.lastIndexOf(START); at >= 0; at = at == 0 ? -1 : text.lastIndexOf(START, at - 1)) {
            if (at + LENGTH <= text.length() && symbols(text, at + 1)) {
                return at;
            }
        }
        return -1;
    }

    private static boolean symbols(String text, int from) {
        for (int i = 0; i < 32; i++) {
            if (symbol(text.charAt(from + i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int symbol(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
