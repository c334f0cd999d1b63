package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.SferumException;

import java.util.Objects;

/**
 * One message an operation on several messages could not handle.
 *
 * @param message the message that was not handled; not null
 * @param error why the backend refused it (its category says whether to try again); not null
 * @since 0.1.0
 */
public record MessageFailure(MessageRef message, SferumException error) {

    /**
     * Checks.
     *
     * @param message the message that was not handled; not null
     * @param error why the backend refused it (its category says whether to try again); not null
     */
    public MessageFailure {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(error, "error");
    }
}
