package dev.sferum.sdk.core.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The argument checks that the SDK's configs, requests and values share, each with one message that names the
 * setting and the bad value ({@code "deadline must be positive: PT0S"}), so that every module words them alike.
 */
public final class Require {

    private Require() {
    }

    /**
     * @param d a duration
     * @param name the setting, as the caller knows it
     * @return {@code d}
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if it is zero or negative
     */
    public static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    /**
     * @param d a duration
     * @param name the setting, as the caller knows it
     * @return {@code d}
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalArgumentException if it is negative
     */
    public static Duration notNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
        return d;
    }

    /**
     * @param value a number
     * @param name the setting, as the caller knows it
     * @return {@code value}
     * @throws IllegalArgumentException if it is zero or negative
     */
    public static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    /**
     * @param value a number
     * @param name the setting, as the caller knows it
     * @return {@code value}
     * @throws IllegalArgumentException if it is negative
     */
    public static long notNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
        return value;
    }

    /**
     * @param value a number
     * @param name the setting, as the caller knows it
     * @return {@code value}
     * @throws IllegalArgumentException if it is zero or negative
     */
    public static int positive(int value, String name) {
        return (int) positive((long) value, name);
    }

    /**
     * @param value a number
     * @param name the setting, as the caller knows it
     * @return {@code value}
     * @throws IllegalArgumentException if it is negative
     */
    public static int notNegative(int value, String name) {
        return (int) notNegative((long) value, name);
    }

    /**
     * @param value a number
     * @param min the least allowed
     * @param max the largest allowed
     * @param name the setting, as the caller knows it
     * @return {@code value}
     * @throws IllegalArgumentException if it is outside {@code min..max}
     */
    public static int between(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
        }
        return value;
    }

    /**
     * @param value a number
     * @param min the least allowed
     * @param name the setting, as the caller knows it
     * @return {@code value}
     * @throws IllegalArgumentException if it is below {@code min}
     */
    public static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
        }
        return value;
    }

    /**
     * Checks that every one of a value's required parts is there: the check of a record whose components are all
     * required, written once instead of one {@code requireNonNull} a component.
     *
     * <pre>{@code
     * Require.nonNull("id title startsAt", id, title, startsAt);
     * }</pre>
     *
     * @param names the parts' names, separated by single spaces, in the order of {@code values}
     * @param values the parts
     * @throws NullPointerException naming the first part that is null, as {@link Objects#requireNonNull(Object, String)}
     */
    public static void nonNull(String names, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                String[] n = names.split(" ");
                throw new NullPointerException(i < n.length ? n[i] : names);
            }
        }
    }
}
