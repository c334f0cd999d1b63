package dev.sferum.sdk.auth.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/** OAuth scope names: checked one by one, joined with spaces for VK ID, split from a response. */
public final class Scopes {
    private Scopes() {
    }

    /**
     * Checks scope names against RFC 6749's {@code scope-token} grammar (printable ASCII without space, quote or
     * backslash).
     *
     * @param scopes the names
     * @return them as an ordered, unmodifiable set
     * @throws IllegalArgumentException if one is blank or has a forbidden character
     */
    public static Set<String> check(Collection<String> scopes) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : scopes) {
            Objects.requireNonNull(s, "scope");
            if (s.isEmpty()) {
                throw new IllegalArgumentException("a scope must not be empty");
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                    throw new IllegalArgumentException("a scope is one word of printable ASCII without spaces or quotes, "
                            + "like email or phone; pass several scopes as separate values: \"" + s + "\"");
                }
            }
            out.add(s);
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * @param scopes names
     * @return them separated by single spaces, as VK ID wants them
     */
    public static String join(Collection<String> scopes) {
        return String.join(" ", scopes);
    }

    /**
     * Splits a scope string from a response; VK ID separates with spaces, the legacy server with commas.
     *
     * @param value the string, or {@code null}
     * @return the names, possibly empty
     */
    public static Set<String> parse(String value) {
        Set<String> out = new LinkedHashSet<>();
        if (value != null) {
            for (String s : value.split("[\\s,]+")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return Collections.unmodifiableSet(out);
    }
}
