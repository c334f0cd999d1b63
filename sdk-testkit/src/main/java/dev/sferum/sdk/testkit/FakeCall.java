package dev.sferum.sdk.testkit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of a call (video lesson) started with {@code calls.start}.
 *
 * <pre>{@code
 * assertThat(fake.calls()).hasSize(1);                       // a retried start did not open a second call
 * assertThat(fake.calls().get(0).finishedAt()).isPresent();  // and the lesson was finished
 * }</pre>
 *
 * @param callId      the 36-character UUID {@code call_id}
 * @param joinLink    the {@code join_link} returned by {@code calls.start}
 * @param initiatorId the user whose token started the call
 * @param groupId     the community it was started for ({@code group_id}), 0 when none
 * @param startedAt   when it started, by the fake clock
 * @param finishedAt  when {@code calls.forceFinish} first finished it
 * @since 0.1.0
 */
public record FakeCall(String callId, String joinLink, long initiatorId, long groupId, Instant startedAt,
        Optional<Instant> finishedAt) {

    /**
     * Creates the value, checking its components.
     *
     * @param callId the 36-character UUID {@code call_id}
     * @param joinLink the {@code join_link} returned by {@code calls.start}
     * @param initiatorId the user whose token started the call
     * @param groupId the community it was started for ({@code group_id}), 0 when none
     * @param startedAt when it started, by the fake clock
     * @param finishedAt when {@code calls.forceFinish} first finished it
     */
    public FakeCall {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(joinLink, "joinLink");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /**
     * Returns whether the call was finished.
     *
     * @return true once {@code calls.forceFinish} succeeded for it
     */
    public boolean isFinished() {
        return finishedAt.isPresent();
    }
}
