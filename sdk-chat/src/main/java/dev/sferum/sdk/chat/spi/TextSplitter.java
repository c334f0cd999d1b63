package dev.sferum.sdk.chat.spi;

import dev.sferum.sdk.core.internal.Require;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a long text into messages of at most a given length, in order: at the last paragraph break in the second
 * half of the window, else the last line break, else the last whitespace, else a hard cut (never inside a
 * surrogate pair). Whitespace at a cut, and around a text that needs splitting, is dropped. Deterministic, so a re-send after a crash gives the same parts.
 *
 * @since 0.1.0
 */
public final class TextSplitter {

    private TextSplitter() {
    }

    /**
     * Splits a text into parts no longer than {@code max}.
     *
     * @param text the text, not blank
     * @param max the longest part, in UTF-16 chars, at least 2
     * @return the parts, none blank, each at most {@code max} chars
     */
    public static List<String> split(String text, int max) {
        Require.atLeast(max, 2, "max");
        if (text.length() <= max) {
            return List.of(text);
        }
        List<String> parts = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > max) {
            int cut = boundary(rest, max);
            String part = rest.substring(0, cut).stripTrailing();
            if (part.isEmpty()) {
                cut = hardCut(rest, max);
                part = rest.substring(0, cut);
            }
            parts.add(part);
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    private static int boundary(String s, int max) {
        int floor = max / 2;
        int p = s.lastIndexOf("\n\n", max);
        if (p >= floor) {
            return p;
        }
        p = s.lastIndexOf('\n', max);
        if (p >= floor) {
            return p;
        }
        for (int i = max; i >= floor; i--) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return hardCut(s, max);
    }

    private static int hardCut(String s, int max) {
        return Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    }
}
