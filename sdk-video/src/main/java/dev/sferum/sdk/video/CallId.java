package dev.sferum.sdk.video;

import java.util.Objects;

/**
 * The id VK gives a call: a 36-character UUID-shaped string.
 *
 * @param value the id
 * @since 0.1.0
 */
public record CallId(String value) {
    /** Checks the value: VK's {@code calls.forceFinish} takes exactly 36 characters. */
    public CallId {
        Objects.requireNonNull(value, "value");
        if (value.length() != 36) {
            throw new IllegalArgumentException("a VK call id has exactly 36 characters (UUID form), got " + value.length() + ": \"" + value + "\"");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
