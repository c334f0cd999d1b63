package dev.sferum.sdk.video;

import dev.sferum.sdk.chat.PeerId;

import java.time.Instant;
import java.util.Objects;

/**
 * A lesson to put on the timetable.
 *
 * <pre>{@code
 * scheduler.schedule(r -> r.id("7b-math-2026-09-01").classChat(PeerId.chat(12)).title("Алгебра")
 *         .startsAt(Instant.parse("2026-09-01T05:00:00Z")).endsAt(Instant.parse("2026-09-01T05:45:00Z")));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class LessonRequest {
    private final String id;
    private final PeerId classChat;
    private final String title;
    private final Instant startsAt;
    private final Instant endsAt;

    private LessonRequest(Builder b) {
        this.id = b.id;
        this.classChat = b.classChat;
        this.title = b.title;
        this.startsAt = b.startsAt;
        this.endsAt = b.endsAt;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the lesson id, or {@code null} to let the scheduler choose one} */
    public String id() {
        return id;
    }

    /** {@return the class chat} */
    public PeerId classChat() {
        return classChat;
    }

    /** {@return the title} */
    public String title() {
        return title;
    }

    /** {@return the start} */
    public Instant startsAt() {
        return startsAt;
    }

    /** {@return the end} */
    public Instant endsAt() {
        return endsAt;
    }

    /** Builds a {@link LessonRequest}. Not thread-safe. */
    public static final class Builder {
        private String id;
        private PeerId classChat;
        private String title;
        private Instant startsAt;
        private Instant endsAt;

        private Builder() {
        }

        /**
         * Sets a stable id for the lesson, so that re-scheduling the same lesson is noticed.
         *
         * @param id a stable id (for example class, subject and date), so re-scheduling the same lesson is noticed;
         *     default: chosen by the scheduler
         * @return this builder
         */
        public Builder id(String id) {
            Objects.requireNonNull(id, "id");
            if (id.isBlank() || id.length() > 200) {
                throw new IllegalArgumentException("lesson id must be 1 to 200 characters: \"" + id + "\"");
            }
            this.id = id;
            return this;
        }

        /**
         * Sets the class chat, such as {@code PeerId.chat(12)}.
         *
         * @param chat the class chat, such as {@code PeerId.chat(12)}
         * @return this builder
         * @throws IllegalArgumentException if the peer is not a chat
         */
        public Builder classChat(PeerId chat) {
            this.classChat = Objects.requireNonNull(chat, "chat").requireChat("a lesson's chat");
            return this;
        }

        /**
         * Sets the lesson's title, shown in the announcement.
         *
         * @param title the lesson's title, shown in the announcement; 1 to 200 characters
         * @return this builder
         */
        public Builder title(String title) {
            Objects.requireNonNull(title, "title");
            if (title.isBlank() || title.length() > 200) {
                throw new IllegalArgumentException("lesson title must be 1 to 200 characters, got " + title.length());
            }
            this.title = title.strip();
            return this;
        }

        /**
         * Sets when the lesson begins.
         *
         * @param startsAt when the lesson begins
         * @return this builder
         */
        public Builder startsAt(Instant startsAt) {
            this.startsAt = Objects.requireNonNull(startsAt, "startsAt");
            return this;
        }

        /**
         * Sets when the lesson ends.
         *
         * @param endsAt when the lesson ends
         * @return this builder
         */
        public Builder endsAt(Instant endsAt) {
            this.endsAt = Objects.requireNonNull(endsAt, "endsAt");
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalStateException if a part is missing
         */
        public LessonRequest build() {
            if (title == null || startsAt == null || endsAt == null || classChat == null) {
                throw new IllegalStateException("a lesson needs classChat, title, startsAt and endsAt");
            }
            return new LessonRequest(this);
        }
    }
}
