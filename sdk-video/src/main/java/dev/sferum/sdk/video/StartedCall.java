package dev.sferum.sdk.video;

import java.util.Objects;
import java.util.Optional;

/**
 * A call VK has started: the links people join by and, if VK gave one, its id to finish it later. Treat links as
 * opaque strings. VK's schema requires only the links in {@code calls.start}'s answer: an answer without
 * {@code call_id} still means the call is running, so never start it again because the id is missing.
 *
 * @param callId the call's id, or {@code null} when VK's answer had none (use {@link #call()})
 * @param joinLink the VK join link, such as {@code https://vk.com/call/join/AbC}
 * @param okJoinLink the join link on the OK side, or {@code null}
 * @param shortCredentials the short id and password, or {@code null}
 * @since 0.1.0
 */
public record StartedCall(CallId callId, String joinLink, String okJoinLink, ShortCredentials shortCredentials) {
    /**
     * Checks the required parts.
     *
     * @param callId the call's id, or {@code null} when VK's answer had none (use {@link #call()})
     * @param joinLink the VK join link, such as {@code https://vk.com/call/join/AbC}
     * @param okJoinLink the join link on the OK side, or {@code null}
     * @param shortCredentials the short id and password, or {@code null}
     */
    public StartedCall {
        Objects.requireNonNull(joinLink, "joinLink");
    }

    /**
     * {@return the call's id, if VK gave one}
     */
    public Optional<CallId> call() {
        return Optional.ofNullable(callId);
    }

    /** {@return the short id and password, if VK gave them} */
    public Optional<ShortCredentials> shortCredentialsValue() {
        return Optional.ofNullable(shortCredentials);
    }
}
