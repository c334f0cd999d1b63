package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.video.Lesson;
import dev.sferum.sdk.video.LessonState;
import dev.sferum.sdk.video.ScheduleStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The lesson schedule of one scope (a school, say) in {@code <prefix>lesson}, for {@code LessonScheduler}s on any
 * node. Each call is one statement; every write is committed when it returns.
 *
 * <pre>{@code
 * JdbcStores stores = JdbcStores.open(dataSource);
 * ScheduleStore lessons = JdbcScheduleStore.open(stores, "school-42");
 * }</pre>
 *
 * <p>Needs sdk-video, which sdk-jdbc depends on optionally: add {@code sferum-sdk-video} (an application that runs a
 * {@code LessonScheduler} has it already). The factory is here rather than on {@link JdbcStores}, so that
 * {@code JdbcStores} names no type of sdk-video and loads and reflects without it.
 *
 * @since 0.1.0
 */
public final class JdbcScheduleStore implements ScheduleStore {
    private static final String COLUMNS = "lesson_id, class_chat, title, starts_at, ends_at, state, call_id, join_link, announce_random_id, "
            + "announced_message_id, start_attempts, retry_at, failure, step_failures, unknown_starts";

    private final Db db;
    private final String table;
    private final String scope;

    /**
     * The schedule of one scope.
     *
     * @param stores the opened stores (their data source, table prefix and schema)
     * @param scope names the timetable, such as {@code school-42}; 1 to 200 characters
     * @return the store
     * @throws IllegalArgumentException if {@code scope} is blank or too long
     */
    public static JdbcScheduleStore open(JdbcStores stores, String scope) {
        Objects.requireNonNull(stores, "stores");
        return new JdbcScheduleStore(stores.db(), JdbcStores.checkName(scope, "scope"));
    }

    private JdbcScheduleStore(Db db, String scope) {
        this.db = db;
        this.table = db.table("lesson");
        this.scope = scope;
    }

    @Override
    public void save(Lesson lesson) {
        Objects.requireNonNull(lesson, "lesson");
        db.write("save lesson " + lesson.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (scope, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (scope, lesson_id) DO UPDATE SET class_chat = excluded.class_chat, title = excluded.title, "
                    + "starts_at = excluded.starts_at, ends_at = excluded.ends_at, state = excluded.state, call_id = excluded.call_id, "
                    + "join_link = excluded.join_link, announce_random_id = excluded.announce_random_id, "
                    + "announced_message_id = excluded.announced_message_id, start_attempts = excluded.start_attempts, "
                    + "retry_at = excluded.retry_at, failure = excluded.failure, step_failures = excluded.step_failures, "
                    + "unknown_starts = excluded.unknown_starts")) {
                ps.setString(1, scope);
                ps.setString(2, lesson.id());
                ps.setString(3, lesson.classChat().toString());
                ps.setString(4, lesson.title());
                Db.setInstant(ps, 5, lesson.startsAt());
                Db.setInstant(ps, 6, lesson.endsAt());
                ps.setString(7, lesson.state().name());
                ps.setString(8, lesson.callId());
                ps.setString(9, lesson.joinLink());
                ps.setLong(10, lesson.announceRandomId());
                ps.setLong(11, lesson.announcedMessageId());
                ps.setInt(12, lesson.startAttempts());
                Db.setInstant(ps, 13, lesson.retryAt());
                ps.setString(14, lesson.failure());
                ps.setInt(15, lesson.stepFailures());
                ps.setInt(16, lesson.unknownStarts());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Lesson> find(String id) {
        Objects.requireNonNull(id, "id");
        return db.read("read lesson " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE scope = ? AND lesson_id = ?")) {
                ps.setString(1, scope);
                ps.setString(2, id);
                try (ResultSet r = ps.executeQuery()) {
                    return r.next() ? Optional.of(lesson(r)) : Optional.<Lesson>empty();
                }
            }
        });
    }

    @Override
    public List<Lesson> all() {
        return db.read("read the lessons of " + scope, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE scope = ? ORDER BY starts_at, lesson_id")) {
                ps.setString(1, scope);
                List<Lesson> out = new ArrayList<>();
                try (ResultSet r = ps.executeQuery()) {
                    while (r.next()) {
                        out.add(lesson(r));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    @Override
    public String toString() {
        return "JdbcSchedule[" + db.where + ", " + table + ", scope=" + scope + "]";
    }

    private Lesson lesson(ResultSet r) throws SQLException {
        String id = r.getString("lesson_id");
        try {
            return new Lesson(id, PeerId.parse(r.getString("class_chat")), r.getString("title"), Db.instant(r, "starts_at"),
                    Db.instant(r, "ends_at"), LessonState.valueOf(r.getString("state")), r.getString("call_id"), r.getString("join_link"),
                    r.getLong("announce_random_id"), r.getLong("announced_message_id"), r.getInt("start_attempts"), Db.instant(r, "retry_at"),
                    r.getString("failure"), r.getInt("step_failures"), r.getInt("unknown_starts"));
        } catch (RuntimeException e) {
            throw new JdbcStoreException(ErrorCategory.CONFLICT, "the row for lesson " + id + " of " + scope + " in " + table + " at " + db.where
                    + " is not a lesson this library can read (" + e.getMessage() + ")",
                    "another application or a manual edit wrote it: fix or delete the row", null);
        }
    }
}
