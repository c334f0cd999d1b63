package dev.sferum.sdk.jdbc;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.CreateIntent;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.jdbc.testing.Servers;
import dev.sferum.sdk.video.Lesson;
import dev.sferum.sdk.video.LessonState;
import dev.sferum.sdk.video.ScheduleStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The chat mapping and the lesson schedule on PostgreSQL behave like sdk-chat's and sdk-video's in-memory stores,
 * survive a restart (a new JdbcStores on the same tables), and keep accounts and scopes apart.
 */
class MappingAndScheduleTest {
    private static final Instant AT = Instant.parse("2025-09-01T08:00:00Z");

    private String prefix;

    @BeforeEach
    void prefix() {
        prefix = Servers.freshPrefix();
    }

    private JdbcStores open() {
        return JdbcStores.open(Servers.dataSource(), JdbcConfig.builder().tablePrefix(prefix).build());
    }

    private static void script(ChatMappingStore s) {
        s.recordIntent("7b", new CreateIntent("req-1", "7Б", AT));
        s.recordChat("7b", PeerId.chat(12));
        s.recordIntent("5a", new CreateIntent("req-2", "5А", AT.plusSeconds(1)));
        s.recordIntent("7b", new CreateIntent("req-3", "7Б (новый)", AT.plusSeconds(2)));
        s.recordChat("9v", PeerId.chat(40));
        s.recordIntent("1g", new CreateIntent("req-4", "1Г", AT.plusSeconds(3)));
        s.remove("1g");
        s.remove("no-such-class");
    }

    @Test
    void chatMappings_behaveLikeTheInMemoryStoreAndSurviveARestart() {
        ChatMappingStore reference = ChatMappingStore.inMemory();
        script(reference);
        script(open().chatMappings("community:1"));

        ChatMappingStore afterRestart = open().chatMappings("community:1");

        assertThat(afterRestart.all()).containsExactlyElementsOf(reference.all());
        assertThat(afterRestart.find("7b")).isEqualTo(reference.find("7b"));
        assertThat(afterRestart.find("7b").orElseThrow().chat()).contains(PeerId.chat(12));
        assertThat(afterRestart.find("7b").orElseThrow().pendingCreate()).as("a new intent keeps the recorded chat")
                .contains(new CreateIntent("req-3", "7Б (новый)", AT.plusSeconds(2)));
        assertThat(afterRestart.find("1g")).isEmpty();
        assertThat(open().chatMappings("community:2").all()).as("another account's chats are its own").isEmpty();
    }

    @Test
    void scheduleStore_behavesLikeTheInMemoryStoreAndSurvivesARestart() {
        Lesson math = new Lesson("math-1", PeerId.chat(12), "Алгебра", AT.plusSeconds(3600), AT.plusSeconds(6300), LessonState.SCHEDULED,
                null, null, 777, 0, 0, null, null);
        Lesson history = new Lesson("hist-1", PeerId.chat(12), "История", AT, AT.plusSeconds(2700), LessonState.SCHEDULED,
                null, null, 778, 0, 0, null, null);
        Lesson started = new Lesson("hist-1", PeerId.chat(12), "История", AT, AT.plusSeconds(2700), LessonState.ANNOUNCED,
                "call-9", "https://vk.com/call/join/abc", 778, 4242, 1, AT.plusSeconds(60), "first start timed out", 2, 1);
        ScheduleStore reference = ScheduleStore.inMemory();
        ScheduleStore stored = JdbcScheduleStore.open(open(), "school-42");
        for (ScheduleStore s : List.of(reference, stored)) {
            s.save(math);
            s.save(history);
            s.save(started);
        }

        ScheduleStore afterRestart = JdbcScheduleStore.open(open(), "school-42");

        assertThat(afterRestart.all()).containsExactlyElementsOf(reference.all()).containsExactly(started, math);
        assertThat(afterRestart.find("hist-1")).contains(started);
        assertThat(afterRestart.find("nope")).isEmpty();
        assertThat(JdbcScheduleStore.open(open(), "school-43").all()).as("another school's timetable is its own").isEmpty();
    }

    @Test
    void scheduleStore_whenARowWasEditedByHand_failsNamingTheLesson() throws Exception {
        ScheduleStore store = JdbcScheduleStore.open(open(), "school-42");
        store.save(new Lesson("math-1", PeerId.chat(12), "Алгебра", AT, AT.plusSeconds(2700), LessonState.SCHEDULED, null, null, 777, 0, 0,
                null, null));
        try (Connection c = Servers.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE " + prefix + "lesson SET state = 'POSTPONED'");
        }

        JdbcStoreException e = catchThrowableOfType(JdbcStoreException.class, () -> store.find("math-1"));

        assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
        assertThat(e.getMessage()).contains("lesson math-1").contains(prefix + "lesson");
    }

    @Test
    void open_whenTheLessonTableIsAtSchemaVersion3_addsTheTryCountsAndReadsOldRowsAsZero() throws Exception {
        // A database made by the previous library: every script up to 3, and a lesson row written then.
        exec("CREATE TABLE " + prefix + "schema_version (id INT PRIMARY KEY CHECK (id = 1), version INT NOT NULL, "
                + "library TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        for (int v = 1; v <= 3; v++) {
            try (var in = Db.class.getResourceAsStream("schema/" + v + ".sql")) {
                exec(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("${p}", prefix));
            }
        }
        exec("INSERT INTO " + prefix + "schema_version (id, version, library) VALUES (1, 3, 'sferum-java-sdk 3')");
        exec("INSERT INTO " + prefix + "lesson (scope, lesson_id, class_chat, title, starts_at, ends_at, state, announce_random_id, "
                + "announced_message_id, start_attempts) VALUES ('school-42', 'old-1', 'chat:12', 'Алгебра', now(), now() + interval '45 minutes', "
                + "'STARTED', 77, 0, 2)");

        ScheduleStore store = JdbcScheduleStore.open(open(), "school-42");

        Lesson old = store.find("old-1").orElseThrow();
        assertThat(old.state()).isEqualTo(LessonState.STARTED);
        assertThat(old.startAttempts()).isEqualTo(2);
        assertThat(old.stepFailures()).isZero();
        assertThat(old.unknownStarts()).isZero();
        Lesson backingOff = new Lesson(old.id(), old.classChat(), old.title(), old.startsAt(), old.endsAt(), old.state(), old.callId(),
                old.joinLink(), old.announceRandomId(), 0, 2, old.startsAt().plusSeconds(90), "post failed", 3, 1);
        store.save(backingOff);
        assertThat(JdbcScheduleStore.open(open(), "school-42").find("old-1")).as("upgraded once, then read and written").contains(backingOff);
    }

    private void exec(String sql) throws Exception {
        try (Connection c = Servers.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
