package dev.sferum.sdk.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes {@code application/x-www-form-urlencoded} bodies straight into bytes, without intermediate strings per
 * parameter.
 *
 * <p>Each thread reuses one scratch buffer (up to {@value #KEEP_BYTES} bytes are kept between calls), so a call
 * allocates only its final body; capacity is checked once per component for its worst case (9 bytes per char), not
 * once per byte.
 */
public final class FormEncoder {
    private static final int KEEP_BYTES = 64 * 1024;
    private static final ThreadLocal<FormEncoder> SCRATCH = ThreadLocal.withInitial(FormEncoder::new);

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
        FormEncoder e = scratch();
        for (Map.Entry<String, String> p : params.entrySet()) {
            e.pair(p.getKey(), p.getValue());
        }
        e.pair("v", version);
        return e.done();
    }

    private static FormEncoder scratch() {
        FormEncoder e = SCRATCH.get();
        e.len = 0;
        return e;
    }

    /** {@return the body; drops an oversized scratch buffer so one huge message does not stay in memory} */
    private byte[] done() {
        byte[] body = Arrays.copyOf(buf, len);
        if (buf.length > KEEP_BYTES) {
            buf = new byte[256];
        }
        len = 0;
        return body;
    }

    /**
     * Encodes the parameters as they are.
     *
     * @param params the parameters
     * @return the body
     */
    public static byte[] encode(Map<String, String> params) {
        FormEncoder e = scratch();
        for (Map.Entry<String, String> p : params.entrySet()) {
            e.pair(p.getKey(), p.getValue());
        }
        return e.done();
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
            ensure(1);
            buf[len++] = '&';
        }
        component(name);
        ensure(1);
        buf[len++] = '=';
        component(value);
    }

    private void component(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            // Worst case 9 bytes per char (3-byte UTF-8, escaped), +9 for a surrogate pair across the chunk's end.
            int chunkEnd = Math.min(n, i + 1024);
            ensure((chunkEnd - i) * 9 + 9);
            for (; i < chunkEnd; i++) {
                char c = s.charAt(i);
                if (c < 128 && SAFE[c]) {
                    buf[len++] = (byte) c;
                } else if (c == ' ') {
                    buf[len++] = '+';
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
    }

    /** Writes {@code %XX}; capacity was ensured for the whole component. */
    private void escape(int b) {
        buf[len++] = '%';
        buf[len++] = HEX[(b >> 4) & 0xF];
        buf[len++] = HEX[b & 0xF];
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
