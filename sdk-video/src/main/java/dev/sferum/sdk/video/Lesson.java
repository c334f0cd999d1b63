package dev.sferum.sdk.video;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.internal.Require;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One video lesson on the timetable and what has happened to it so far.
 *
 * <p>The {@code announceRandomId} is chosen once, when the lesson is scheduled, and used for the message that
 * posts the join link, so the link reaches the class chat exactly once however often the post is retried.
 *
 * @param id the lesson's id, unique in its store
 * @param classChat the class chat
 * @param title the lesson's title, shown in the announcement
 * @param startsAt when the lesson begins
 * @param endsAt when it ends and its call is finished
 * @param state where it is in its life
 * @param callId the call's id once started, or {@code null} (also for a started call VK gave no id for)
 * @param joinLink the call's join link once started, or {@code null}
 * @param announceRandomId the fixed {@code random_id} of the announcement message
 * @param announcedMessageId the announcement's message id once posted, or 0
 * @param startAttempts how many times starting the call failed
 * @param retryAt when to try the step in progress again after a failure (start, post or finish), or {@code null}
 * @param failure why the lesson failed or why the last attempt failed, or {@code null}
 * @param stepFailures how many tries of the step in progress (start, post the link, finish) have failed so far: the
 *     scheduler gives the step up at {@link LessonScheduler.Builder#maxTries(int)}; 0 again once a step succeeds. It is
 *     stored with the lesson, so a restarted scheduler keeps the count and the back-off
 * @param unknownStarts how many {@code calls.start} calls of this lesson had an unknown outcome (a lost answer, an
 *     internal error, the process dying while starting): VK lists no calls, so each may have left a call running
 *     that the scheduler never learnt the id of
 * @since 0.1.0
 */
public record Lesson(String id, PeerId classChat, String title, Instant startsAt, Instant endsAt, LessonState state,
                     String callId, String joinLink, long announceRandomId, long announcedMessageId, int startAttempts,
                     Instant retryAt, String failure, int stepFailures, int unknownStarts) {

    /**
     * Checks the values.
     *
     * @param id the lesson's id, unique in its store
     * @param classChat the class chat
     * @param title the lesson's title, shown in the announcement
     * @param startsAt when the lesson begins
     * @param endsAt when it ends and its call is finished
     * @param state where it is in its life
     * @param callId the call's id once started, or {@code null} (also for a started call VK gave no id for)
     * @param joinLink the call's join link once started, or {@code null}
     * @param announceRandomId the fixed {@code random_id} of the announcement message
     * @param announcedMessageId the announcement's message id once posted, or 0
     * @param startAttempts how many times starting the call failed
     * @param retryAt when to try the step in progress again after a failure, or {@code null}
     * @param failure why the lesson failed or why the last attempt failed, or {@code null}
     * @param stepFailures how many tries of the step in progress have failed so far
     * @param unknownStarts how many {@code calls.start} calls of this lesson had an unknown outcome
     * @throws IllegalArgumentException if it ends before it starts, is not in a class chat, or a count is negative
     */
    public Lesson {
        Require.nonNull("id title startsAt endsAt state", id, title, startsAt, endsAt, state);
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("lesson " + id + " ends (" + endsAt + ") before it starts (" + startsAt + ")");
        }
        Objects.requireNonNull(classChat, "classChat");
        if (!classChat.isChat()) {
            throw new IllegalArgumentException("lesson " + id + " runs in a class chat, not in " + classChat);
        }
        if (startAttempts < 0 || stepFailures < 0 || unknownStarts < 0) {
            throw new IllegalArgumentException("lesson " + id + ": counts must not be negative: startAttempts " + startAttempts
                    + ", stepFailures " + stepFailures + ", unknownStarts " + unknownStarts);
        }
    }

    /**
     * A lesson as stored by earlier versions (no per-step try count): {@code stepFailures} and {@code unknownStarts} are 0.
     *
     * @param id the lesson's id, unique in its store
     * @param classChat the class chat
     * @param title the lesson's title
     * @param startsAt when the lesson begins
     * @param endsAt when it ends
     * @param state where it is in its life
     * @param callId the call's id, or {@code null}
     * @param joinLink the join link, or {@code null}
     * @param announceRandomId the fixed {@code random_id} of the announcement
     * @param announcedMessageId the announcement's message id, or 0
     * @param startAttempts how many times starting the call failed
     * @param retryAt when to try again, or {@code null}
     * @param failure why the lesson or its last attempt failed, or {@code null}
     */
    public Lesson(String id, PeerId classChat, String title, Instant startsAt, Instant endsAt, LessonState state, String callId,
                  String joinLink, long announceRandomId, long announcedMessageId, int startAttempts, Instant retryAt, String failure) {
        this(id, classChat, title, startsAt, endsAt, state, callId, joinLink, announceRandomId, announcedMessageId, startAttempts, retryAt,
                failure, 0, 0);
    }

    /** {@return the call's id, once started} */
    public Optional<CallId> call() {
        return callId == null ? Optional.empty() : Optional.of(new CallId(callId));
    }

    /** {@return the join link, once started} */
    public Optional<String> link() {
        return Optional.ofNullable(joinLink);
    }

    Lesson with(LessonState s) {
        return new Lesson(id, classChat, title, startsAt, endsAt, s, callId, joinLink, announceRandomId, announcedMessageId,
                startAttempts, retryAt, failure, stepFailures, unknownStarts);
    }

    Lesson started(StartedCall call) {
        return new Lesson(id, classChat, title, startsAt, endsAt, LessonState.STARTED, call.call().map(CallId::value).orElse(null), call.joinLink(),
                announceRandomId, announcedMessageId, startAttempts, null, null, 0, unknownStarts);
    }

    Lesson announced(long messageId) {
        return new Lesson(id, classChat, title, startsAt, endsAt, LessonState.ANNOUNCED, callId, joinLink, announceRandomId,
                messageId, startAttempts, null, null, 0, unknownStarts);
    }

    /** The step in progress failed: try again at {@code retry} in the same state, or give up in {@code giveUp}. */
    Lesson stepFailed(String why, Instant retry, LessonState giveUp, boolean outcomeUnknownStart) {
        boolean starting = state == LessonState.STARTING || state == LessonState.SCHEDULED;
        LessonState next = retry != null ? (starting ? LessonState.SCHEDULED : state) : giveUp;
        return new Lesson(id, classChat, title, startsAt, endsAt, next, callId, joinLink, announceRandomId, announcedMessageId,
                startAttempts + (starting ? 1 : 0), retry, why, retry != null ? stepFailures + 1 : 0,
                unknownStarts + (outcomeUnknownStart ? 1 : 0));
    }

    /** Restarted while {@code STARTING}: the call may exist (VK cannot tell), so it counts as an unknown start. */
    Lesson startInterrupted() {
        return new Lesson(id, classChat, title, startsAt, endsAt, LessonState.SCHEDULED, callId, joinLink, announceRandomId,
                announcedMessageId, startAttempts, retryAt, "the process stopped while starting the call", stepFailures, unknownStarts + 1);
    }

    Lesson failed(String why) {
        return new Lesson(id, classChat, title, startsAt, endsAt, LessonState.FAILED, callId, joinLink, announceRandomId,
                announcedMessageId, startAttempts, null, why, 0, unknownStarts);
    }

    Lesson finished() {
        return new Lesson(id, classChat, title, startsAt, endsAt, LessonState.FINISHED, callId, joinLink, announceRandomId,
                announcedMessageId, startAttempts, null, state == LessonState.UNANNOUNCED ? failure : null, 0, unknownStarts);
    }

    /** Names ids and times only: titles may name pupils' classes, links let anyone join. */
    @Override
    public String toString() {
        return "Lesson[" + id + " " + classChat + " " + startsAt + "–" + endsAt + " " + state
                + (callId != null ? " call " + callId : "") + "]";
    }
}
