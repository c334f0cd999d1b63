package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.SferumException;

import java.util.Objects;

/**
 * One message an operation on several messages could not handle.
 *
 * @param message the message
 * @param error why
 * @since 0.1.0
 */
public record MessageFailure(MessageRef message, SferumException error) {

    /** Checks. */
    public MessageFailure {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(error, "error");
    }
}
