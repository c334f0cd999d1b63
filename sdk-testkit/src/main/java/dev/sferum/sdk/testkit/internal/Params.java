package dev.sferum.sdk.testkit.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one VK method call, with typed getters that fail the way VK does (error 100 naming the
 * parameter). Immutable.
 */
public final class Params {

    private final Map<String, String> values;

    /** Wraps the given parameters (copied, order kept). */
    public Params(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Whether a parameter is present and non-empty (VK treats {@code x=} like an absent x). */
    public boolean has(String name) {
        String value = values.get(name);
        return value != null && !value.isEmpty();
    }

    /** The raw value, or null when absent or empty. */
    public String raw(String name) {
        return has(name) ? values.get(name) : null;
    }

    /** A required string. */
    public String requireString(String name) {
        String value = raw(name);
        if (value == null) {
            throw ApiException.missing(name);
        }
        return value;
    }

    /** An optional string with a default. */
    public String string(String name, String defaultValue) {
        String value = raw(name);
        return value == null ? defaultValue : value;
    }

    /** A required integer. */
    public long requireLong(String name) {
        return parseLong(name, requireString(name));
    }

    /** An optional integer with a default. */
    public long longValue(String name, long defaultValue) {
        String value = raw(name);
        return value == null ? defaultValue : parseLong(name, value);
    }

    /** An optional integer checked against an inclusive range. */
    public long longInRange(String name, long defaultValue, long min, long max) {
        long value = longValue(name, defaultValue);
        if (value < min || value > max) {
            throw ApiException.invalid(name, "should be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    /** An optional boolean: VK's {@code 1}/{@code 0}; {@code true}/{@code false} are accepted too. */
    public boolean bool(String name) {
        String value = raw(name);
        if (value == null) {
            return false;
        }
        switch (value) {
            case "1":
            case "true":
                return true;
            case "0":
            case "false":
                return false;
            default:
                throw ApiException.invalid(name, "should be 1 or 0, got " + value);
        }
    }

    /** A comma-separated list of integers; empty when absent. */
    public List<Long> longList(String name) {
        String value = raw(name);
        List<Long> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        for (String part : value.split(",", -1)) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                throw ApiException.invalid(name, "has an empty item: " + value);
            }
            result.add(parseLong(name, trimmed));
        }
        return result;
    }

    /** A comma-separated list of strings; empty when absent. */
    public List<String> stringList(String name) {
        String value = raw(name);
        List<String> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                result.add(part.trim());
            }
        }
        return result;
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, "not integer: " + value);
        }
    }
}
