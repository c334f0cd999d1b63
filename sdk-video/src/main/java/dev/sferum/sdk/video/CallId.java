package dev.sferum.sdk.video;

import java.util.Objects;

/**
 * The id VK gives a call. VK's {@code calls.start} answers it as a plain string (its schema promises no shape, and
 * does not even require it); {@code calls.forceFinish} takes exactly 36 characters (UUID form), so only such an id
 * can be {@linkplain #finishable() finished} through the API.
 *
 * <pre>{@code
 * StartedCall call = calls.start(r -> { });
 * call.call().filter(CallId::finishable).ifPresent(calls::finish);
 * }</pre>
 *
 * @param value the id as VK gave it
 * @since 0.1.0
 */
public record CallId(String value) {
    /** The length {@code calls.forceFinish} requires of its {@code call_id} (schema 5.199: min and max 36). */
    public static final int FINISHABLE_LENGTH = 36;

    /**
     * Checks the value.
     *
     * @param value the id as VK gave it
     * @throws IllegalArgumentException if it is blank
     */
    public CallId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a VK call id must not be blank");
        }
    }

    /**
     * {@return whether {@code calls.forceFinish} can take this id: exactly {@value #FINISHABLE_LENGTH} characters}
     */
    public boolean finishable() {
        return value.length() == FINISHABLE_LENGTH;
    }

    @Override
    public String toString() {
        return value;
    }
}
