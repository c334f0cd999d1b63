package dev.sferum.sdk.core.internal;

import tools.jackson.databind.JsonNode;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Locale;

/** Turns Java values into VK's wire form for form parameters. */
public final class ParamValues {
    private ParamValues() {
    }

    /**
     * @param name the parameter, for messages
     * @param value the value
     * @return the wire form, or {@code null} to leave the parameter out
     */
    public static String encode(String name, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof CharSequence s) {
            return s.length() == 0 ? null : s.toString();
        }
        if (value instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof java.math.BigInteger) {
            return value.toString();
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("parameter " + name + " must be a finite number: " + value);
            }
            return value.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof JsonNode node) {
            return node.isMissingNode() || node.isNull() ? null : Json.write(node);
        }
        if (value instanceof Collection<?> c) {
            return join(name, c.toArray());
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            Object[] items = new Object[n];
            for (int i = 0; i < n; i++) {
                items[i] = Array.get(value, i);
            }
            return join(name, items);
        }
        throw new IllegalArgumentException("parameter " + name + " has a value of type " + value.getClass().getName()
                + " that VK cannot take; pass a number, boolean, string, collection, array, enum or JsonNode");
    }

    private static String join(String name, Object[] items) {
        if (items.length == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Object item : items) {
            if (item == null) {
                throw new IllegalArgumentException("parameter " + name + " contains a null element");
            }
            if (item instanceof Collection<?> || item.getClass().isArray()) {
                throw new IllegalArgumentException("parameter " + name + " contains a nested list; VK lists are flat");
            }
            String s = encode(name, item);
            if (s == null) {
                throw new IllegalArgumentException("parameter " + name + " contains an empty element");
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(s);
        }
        return sb.toString();
    }
}
