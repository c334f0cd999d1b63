package dev.sferum.sdk.video;

import java.util.Objects;
import java.util.Optional;

/**
 * A call VK has started: its id, to finish it later, and the links people join by. Treat links as opaque strings.
 *
 * @param callId the call's id
 * @param joinLink the VK join link, such as {@code https://vk.com/call/join/AbC}
 * @param okJoinLink the join link on the OK side, or {@code null}
 * @param shortCredentials the short id and password, or {@code null}
 * @since 0.1.0
 */
public record StartedCall(CallId callId, String joinLink, String okJoinLink, ShortCredentials shortCredentials) {
    /** Checks the required parts. */
    public StartedCall {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(joinLink, "joinLink");
    }

    /** @return the short id and password, if VK gave them */
    public Optional<ShortCredentials> shortCredentialsValue() {
        return Optional.ofNullable(shortCredentials);
    }
}
