package dev.sferum.sdk.chat;

import java.util.List;

/**
 * What {@link ChatClient#resendPending()} did.
 *
 * @param sent the pending messages now delivered, oldest first
 * @param failed the ones that failed, with whether they stay pending
 * @param notAttempted how many pending messages were left untried because an earlier one failed in a way that
 *     would fail them too (the backend is unreachable or throttling); they stay pending
 * @since 0.1.0
 */
public record ResendResult(List<SendResult> sent, List<OutboxFailure> failed, int notAttempted) {

    /**
     * Copies.
     *
     * @param sent the pending messages now delivered, oldest first
     * @param failed the ones that failed, with whether they stay pending
     * @param notAttempted how many pending messages were left untried because an earlier one failed in a way that
     *     would fail them too (the backend is unreachable or throttling); they stay pending
     * @throws IllegalArgumentException if {@code notAttempted} is negative
     */
    public ResendResult {
        sent = List.copyOf(sent);
        failed = List.copyOf(failed);
        if (notAttempted < 0) {
            throw new IllegalArgumentException("notAttempted must not be negative: " + notAttempted);
        }
    }
}
