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
 * @param retryAt when to try starting again after a failure, or {@code null}
 * @param failure why the lesson failed or why the last attempt failed, or {@code null}
 * @since 0.1.0
 */
public record Lesson(String id, PeerId classChat, String title, Instant startsAt, Instant endsAt, LessonState state,
                     String callId, String joinLink, long announceRandomId, long announcedMessageId, int startAttempts,
                     Instant retryAt, String failure) {

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
     * @param retryAt when to try starting again after a failure, or {@code null}
     * @param failure why the lesson failed or why the last attempt failed, or {@code null}
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
    }

    /** @return the call's id, once started */
    public Optional<CallId> call() {
        return callId == null ? Optional.empty() : Optional.of(new CallId(callId));
    }

    /** @return the join link, once started */
    public Optional<String> link() {
        return Optional.ofNullable(joinLink);
    }

    Lesson with(LessonState s) {
        return new Lesson(id, classChat, title, startsAt, endsAt, s, callId, joinLink, announceRandomId, announcedMessageId,
                startAttempts, retryAt, failure);
    }

    Lesson started(StartedCall call) {
        return new Lesson(id, classChat, title, startsAt, endsAt, LessonState.STARTED, call.call().map(CallId::value).orElse(null), call.joinLink(),
                announceRandomId, announcedMessageId, startAttempts, null, null);
    }

    Lesson announced(long messageId) {
        return new Lesson(id, classChat, title, startsAt, endsAt, LessonState.ANNOUNCED, callId, joinLink, announceRandomId,
                messageId, startAttempts, retryAt, failure);
    }

    Lesson startFailed(String why, Instant retry) {
        return new Lesson(id, classChat, title, startsAt, endsAt, retry == null ? LessonState.FAILED : LessonState.SCHEDULED,
                callId, joinLink, announceRandomId, announcedMessageId, startAttempts + 1, retry, why);
    }

    Lesson failed(String why) {
        return new Lesson(id, classChat, title, startsAt, endsAt, LessonState.FAILED, callId, joinLink, announceRandomId,
                announcedMessageId, startAttempts, null, why);
    }

    /** Names ids and times only: titles may name pupils' classes, links let anyone join. */
    @Override
    public String toString() {
        return "Lesson[" + id + " " + classChat + " " + startsAt + "–" + endsAt + " " + state
                + (callId != null ? " call " + callId : "") + "]";
    }
}
