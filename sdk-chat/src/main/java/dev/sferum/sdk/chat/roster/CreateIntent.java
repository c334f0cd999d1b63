package dev.sferum.sdk.chat.roster;

import java.time.Instant;
import java.util.Objects;

/**
 * A chat creation that was about to happen: written to the {@link ChatMappingStore} before the create call, so a
 * run that crashed before it could record the new chat's id knows to look for the chat instead of creating a
 * second one.
 *
 * @param requestId a unique id of this creation attempt
 * @param title the title the chat was created with
 * @param at when the attempt began (by the sync's clock)
 * @since 0.1.0
 */
public record CreateIntent(String requestId, String title, Instant at) {

    /**
     * Checks.
     *
     * @param requestId a unique id of this creation attempt
     * @param title the title the chat was created with
     * @param at when the attempt began (by the sync's clock)
     * @throws IllegalArgumentException if the request id is blank
     */
    public CreateIntent {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(at, "at");
        if (requestId.isBlank()) {
            throw new IllegalArgumentException("requestId must not be blank");
        }
    }
}
