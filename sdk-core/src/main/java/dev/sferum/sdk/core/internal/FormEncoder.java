package dev.sferum.sdk.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes {@code application/x-www-form-urlencoded} bodies straight into bytes, without intermediate strings per
 * parameter.
 */
public final class FormEncoder {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final boolean[] SAFE = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            SAFE[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            SAFE[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            SAFE[c] = true;
        }
        SAFE['-'] = true;
        SAFE['_'] = true;
        SAFE['.'] = true;
        SAFE['*'] = true;
    }

    private byte[] buf = new byte[256];
    private int len;

    /**
     * Encodes the parameters followed by {@code v=<version>}.
     *
     * @param params the parameters in wire form
     * @param version the API version
     * @return the body
     */
    public static byte[] encode(Map<String, String> params, String version) {
        FormEncoder e = new FormEncoder();
        for (Map.Entry<String, String> p : params.entrySet()) {
            e.pair(p.getKey(), p.getValue());
        }
        e.pair("v", version);
        return Arrays.copyOf(e.buf, e.len);
    }

    /**
     * Encodes the parameters as they are.
     *
     * @param params the parameters
     * @return the body
     */
    public static byte[] encode(Map<String, String> params) {
        FormEncoder e = new FormEncoder();
        for (Map.Entry<String, String> p : params.entrySet()) {
            e.pair(p.getKey(), p.getValue());
        }
        return Arrays.copyOf(e.buf, e.len);
    }

    /**
     * Percent-encodes one string the way forms do.
     *
     * @param s the string
     * @return the encoded string
     */
    public static String encodeComponent(String s) {
        FormEncoder e = new FormEncoder();
        e.component(s);
        return new String(e.buf, 0, e.len, StandardCharsets.US_ASCII);
    }

    private void pair(String name, String value) {
        if (len > 0) {
            put((byte) '&');
        }
        component(name);
        put((byte) '=');
        component(value);
    }

    private void component(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 128 && SAFE[c]) {
                put((byte) c);
            } else if (c == ' ') {
                put((byte) '+');
            } else if (c < 0x80) {
                escape(c);
            } else if (c < 0x800) {
                escape(0xC0 | (c >> 6));
                escape(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                escape(0xF0 | (cp >> 18));
                escape(0x80 | ((cp >> 12) & 0x3F));
                escape(0x80 | ((cp >> 6) & 0x3F));
                escape(0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                escape('?');
            } else {
                escape(0xE0 | (c >> 12));
                escape(0x80 | ((c >> 6) & 0x3F));
                escape(0x80 | (c & 0x3F));
            }
        }
    }

    private void escape(int b) {
        ensure(3);
        buf[len++] = '%';
        buf[len++] = HEX[(b >> 4) & 0xF];
        buf[len++] = HEX[b & 0xF];
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
