package dev.sferum.sdk.auth.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds and reads URL query strings (RFC 3986 percent-encoding, {@code %20} for spaces). */
public final class QueryString {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private QueryString() {
    }

    /**
     * @param params names and values, in order
     * @return {@code a=1&b=2}, each part percent-encoded
     */
    public static String build(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            encode(sb, e.getKey());
            sb.append('=');
            encode(sb, e.getValue());
        }
        return sb.toString();
    }

    private static void encode(StringBuilder sb, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    /** The query could not be read: a name given twice, or a broken escape. */
    public static final class MalformedQueryException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedQueryException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads a raw (still encoded) query string. {@code +} is read as a space, as browsers send forms.
     *
     * @param raw the query without {@code ?}, or {@code null}
     * @return names to values, in order
     * @throws MalformedQueryException if a name appears twice (OAuth forbids it) or an escape is broken; the message
     *     names the parameter, never a value
     */
    public static Map<String, String> parse(String raw) throws MalformedQueryException {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = decode(eq < 0 ? part : part.substring(0, eq), "a parameter name");
            String value = eq < 0 ? "" : decode(part.substring(eq + 1), "the value of " + name);
            if (out.putIfAbsent(name, value) != null) {
                throw new MalformedQueryException("the parameter " + name + " appears more than once");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static String decode(String s, String what) throws MalformedQueryException {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new MalformedQueryException("a broken %-escape in " + what);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new MalformedQueryException("a broken %-escape in " + what);
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedQueryException("invalid UTF-8 in " + what);
        }
    }
}
