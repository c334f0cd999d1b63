package dev.sferum.sdk.video;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.RetryPolicy;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.max.MaxBotToken;
import dev.sferum.sdk.max.MaxChats;
import dev.sferum.sdk.testkit.FakeCall;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeClock;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeMessage;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.Fault;
import dev.sferum.sdk.testkit.max.FakeMax;
import dev.sferum.sdk.testkit.max.FakeMaxBot;
import dev.sferum.sdk.testkit.max.FakeMaxChat;
import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.vk.VkChats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lesson scheduler on the testkit's fake VK, with the fake's clock driving the timetable. */
class LessonSchedulerTest {
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final LocalDate MONDAY = LocalDate.of(2026, 9, 7);

    @TempDir
    Path dir;

    private FakeVk fake;
    private FakeClock clock;
    private FakeCommunity school;
    private FakeUser admin;
    private CallClient calls;
    private ChatClient chats;

    @BeforeEach
    void start() {
        clock = FakeClock.at(at(MONDAY, 7, 0));
        fake = FakeVk.builder().clock(clock).rateLimitsEnabled(false).start();
        admin = fake.createUser("Анна", "Петрова");
        school = fake.createCommunity("Школа №1", admin);
        ClientConfig config = ClientConfig.builder().baseUri(fake.baseUri()).clock(clock)
                .rateLimits(RateLimits.builder().perSecond(TokenKind.USER, 10_000).perSecond(TokenKind.COMMUNITY, 10_000).build())
                .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build())
                .build();
        calls = CallClient.vk(ApiClient.builder().config(config).token(AccessToken.user(fake.userToken(admin).value())).buildClient());
        chats = VkChats.client(ApiClient.builder().config(config).token(AccessToken.community(school.token().value(), school.id()))
                .buildClient(), ChatActor.community(school.id()));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(LocalTime.of(hour, minute)).atZone(MOSCOW).toInstant();
    }

    private LessonScheduler.Builder scheduler(ScheduleStore store) {
        return LessonScheduler.builder().calls(calls).chats(chats).store(store).clock(clock).zone(MOSCOW).groupId(school.id());
    }

    private PeerId classChat(String title) {
        FakeChat chat = fake.createChat(school.ownerId(), title);
        return PeerId.chat(chat.chatIdFor(school.ownerId()));
    }

    /** Moves the fake clock from due time to due time, running the scheduler at each, until nothing is pending. */
    private static void runToEnd(LessonScheduler s, FakeClock clock, Instant until) {
        for (int guard = 0; guard < 100_000; guard++) {
            var next = s.nextDue();
            if (next.isEmpty() || next.get().isAfter(until)) {
                return;
            }
            if (next.get().isAfter(clock.instant())) {
                clock.set(next.get());
            }
            s.runDue();
        }
        throw new AssertionError("the scheduler never settled");
    }

    private List<FakeMessage> announcements(PeerId chat) {
        return fake.messagesIn(school.ownerId(), FakeChat.CHAT_PEER_BASE + chat.id()).stream().filter(m -> m.text().contains("Подключиться")).toList();
    }

    @Test
    void week_whenThirtyClassesHaveTwoLessonsADay_everyCallStartsAndFinishesOnceAndEveryLinkIsPostedOnce() {
        LessonScheduler s = scheduler(ScheduleStore.inMemory()).build();
        List<PeerId> classes = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            classes.add(classChat((5 + c / 6) + "" + "АБВГД".charAt(c % 5)));
        }
        for (int day = 0; day < 5; day++) {
            for (PeerId peer : classes) {
                LocalDate date = MONDAY.plusDays(day);
                s.schedule(r -> r.classChat(peer).title("Математика").startsAt(at(date, 9, 0)).endsAt(at(date, 9, 45)));
                s.schedule(r -> r.classChat(peer).title("Русский язык").startsAt(at(date, 10, 0)).endsAt(at(date, 10, 45)));
            }
        }

        runToEnd(s, clock, at(MONDAY.plusDays(6), 0, 0));

        assertThat(s.lessons()).hasSize(300).allSatisfy(l -> assertThat(l.state()).isEqualTo(LessonState.FINISHED));
        List<FakeCall> started = fake.calls();
        assertThat(started).hasSize(300).allSatisfy(c -> assertThat(c.isFinished()).isTrue());
        for (Lesson l : s.lessons()) {
            FakeCall call = started.stream().filter(c -> c.callId().equals(l.callId())).findFirst().orElseThrow();
            assertThat(call.startedAt()).isEqualTo(l.startsAt().minus(Duration.ofMinutes(5)));
            assertThat(call.finishedAt()).contains(l.endsAt());
        }
        for (PeerId peer : classes) {
            List<FakeMessage> posted = announcements(peer);
            assertThat(posted).hasSize(10);
            Set<String> links = s.lessons().stream().filter(l -> l.classChat().equals(peer)).map(Lesson::joinLink).collect(Collectors.toSet());
            assertThat(posted).allSatisfy(m -> assertThat(links.stream().anyMatch(m.text()::contains)).isTrue());
        }
    }

    @Test
    void restart_whenProcessDiesMidLesson_newSchedulerFinishesTheCallWithoutRepeatingAnything() {
        Path file = dir.resolve("lessons.json");
        PeerId peer = classChat("7Б");
        LessonScheduler first = scheduler(ScheduleStore.file(file)).build();
        first.schedule(r -> r.id("7b-algebra").classChat(peer).title("Алгебра").startsAt(at(MONDAY, 9, 0)).endsAt(at(MONDAY, 9, 45)));
        clock.set(at(MONDAY, 8, 55));
        first.runDue();
        clock.set(at(MONDAY, 9, 20));

        LessonScheduler second = scheduler(ScheduleStore.file(file)).build();
        assertThat(second.runDue()).isZero();
        clock.set(at(MONDAY, 9, 45));
        second.runDue();

        assertThat(second.lessons()).singleElement().satisfies(l -> assertThat(l.state()).isEqualTo(LessonState.FINISHED));
        assertThat(fake.calls()).singleElement().satisfies(c -> assertThat(c.isFinished()).isTrue());
        assertThat(announcements(peer)).hasSize(1);
    }

    @Test
    void restart_whenProcessDiesAfterPostingButBeforeSaving_repostsWithTheSameRandomIdAndVkKeepsOne() {
        Path file = dir.resolve("lessons.json");
        PeerId peer = classChat("8А");
        ScheduleStore durable = ScheduleStore.file(file);
        ScheduleStore dying = new ScheduleStore() {
            @Override
            public void save(Lesson lesson) {
                if (lesson.state() == LessonState.ANNOUNCED) {
                    throw new IllegalStateException("power cut");
                }
                durable.save(lesson);
            }

            @Override
            public java.util.Optional<Lesson> find(String id) {
                return durable.find(id);
            }

            @Override
            public List<Lesson> all() {
                return durable.all();
            }
        };
        LessonScheduler first = scheduler(dying).build();
        first.schedule(r -> r.classChat(peer).title("Физика").startsAt(at(MONDAY, 9, 0)).endsAt(at(MONDAY, 9, 45)));
        clock.set(at(MONDAY, 8, 55));
        assertThatThrownBy(first::runDue).hasMessageContaining("power cut");

        LessonScheduler second = scheduler(ScheduleStore.file(file)).build();
        second.runDue();

        assertThat(second.lessons()).singleElement().satisfies(l -> assertThat(l.state()).isEqualTo(LessonState.ANNOUNCED));
        assertThat(announcements(peer)).hasSize(1);
        assertThat(fake.calls()).hasSize(1);
    }

    @Test
    void start_whenCallsStartFails_isRetriedAndReported() {
        PeerId peer = classChat("9В");
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        LessonScheduler s = scheduler(ScheduleStore.inMemory()).retryInterval(Duration.ofMinutes(1)).listener(new LessonListener() {
            @Override
            public void failed(Lesson lesson, String step, SferumException error, boolean willRetry) {
                reports.add(step + " " + error.category() + " retry=" + willRetry);
            }
        }).build();
        s.schedule(r -> r.classChat(peer).title("Химия").startsAt(at(MONDAY, 9, 0)).endsAt(at(MONDAY, 9, 45)));
        fake.faults().failNext("calls.start", 5, Fault.error(10));

        clock.set(at(MONDAY, 8, 55));
        s.runDue();
        assertThat(s.lessons().get(0).state()).isEqualTo(LessonState.SCHEDULED);
        assertThat(s.lessons().get(0).startAttempts()).isEqualTo(1);
        runToEnd(s, clock, at(MONDAY, 12, 0));

        assertThat(reports).hasSize(5).containsOnly("start TRANSIENT retry=true");
        assertThat(s.lessons().get(0).state()).isEqualTo(LessonState.FINISHED);
        assertThat(s.lessons().get(0).startAttempts()).isEqualTo(5);
        assertThat(fake.calls()).hasSize(1);
        assertThat(announcements(peer)).hasSize(1);
    }

    @Test
    void startNow_whenTeacherWantsALessonAtOnce_startsPostsAndFinishesLater() {
        PeerId peer = classChat("10А");
        LessonScheduler s = scheduler(ScheduleStore.inMemory()).build();

        Lesson lesson = s.startNow(peer, "Консультация", Duration.ofMinutes(30));

        assertThat(lesson.state()).isEqualTo(LessonState.ANNOUNCED);
        assertThat(lesson.link()).isPresent();
        assertThat(announcements(peer)).singleElement().satisfies(m -> assertThat(m.text()).contains(lesson.joinLink()));
        clock.advance(Duration.ofMinutes(30));
        s.runDue();
        assertThat(fake.calls()).singleElement().satisfies(c -> assertThat(c.isFinished()).isTrue());
    }

    @Test
    void schedule_whenTheLessonMakesNoSense_failsNowNotOnMonday() {
        PeerId peer = classChat("11Б");
        LessonScheduler s = scheduler(ScheduleStore.inMemory()).build();
        s.schedule(r -> r.classChat(peer).title("История").startsAt(at(MONDAY, 9, 0)).endsAt(at(MONDAY, 9, 45)));

        assertThatThrownBy(() -> s.schedule(r -> r.classChat(peer).title("X").startsAt(at(MONDAY, 10, 0)).endsAt(at(MONDAY, 9, 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends").hasMessageContaining("before it starts");
        assertThatThrownBy(() -> s.schedule(r -> r.classChat(peer).title("X").startsAt(at(MONDAY, 6, 0)).endsAt(at(MONDAY, 6, 45))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starts in the past");
        assertThatThrownBy(() -> s.schedule(r -> r.classChat(peer).title("X").startsAt(at(MONDAY, 9, 30)).endsAt(at(MONDAY, 10, 15))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps");
        assertThatThrownBy(() -> s.schedule(r -> r.classChat(PeerId.user(1001)).title("X").startsAt(at(MONDAY, 11, 0)).endsAt(at(MONDAY, 11, 45))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a lesson's chat");
        FakeChat foreign = fake.createChat(admin.id(), "чужой чат");
        PeerId notOurs = PeerId.chat(foreign.id() + 500);
        assertThatThrownBy(() -> s.schedule(r -> r.classChat(notOurs).title("X").startsAt(at(MONDAY, 11, 0)).endsAt(at(MONDAY, 11, 45))))
                .isInstanceOf(SferumException.class);
        assertThat(s.lessons()).hasSize(1);
    }

    @Test
    void cancel_whenLessonIsRunning_finishesItsCall() {
        PeerId peer = classChat("6Г");
        LessonScheduler s = scheduler(ScheduleStore.inMemory()).build();
        Lesson lesson = s.schedule(r -> r.classChat(peer).title("ИЗО").startsAt(at(MONDAY, 9, 0)).endsAt(at(MONDAY, 9, 45)));
        clock.set(at(MONDAY, 8, 56));
        s.runDue();

        assertThat(s.cancel(lesson.id())).hasValueSatisfying(l -> assertThat(l.state()).isEqualTo(LessonState.CANCELLED));

        assertThat(fake.calls()).singleElement().satisfies(c -> assertThat(c.isFinished()).isTrue());
        assertThat(s.nextDue()).isEmpty();
    }

    @Test
    void announce_whenTheClassChatIsOnMax_theLessonStartedWithAVkUserTokenPostsItsLinkThroughTheMaxBot() {
        try (FakeMax max = FakeMax.builder().clock(clock).rateLimitsEnabled(false).start()) {
            FakeMaxBot bot = max.createBot("Школьный бот");
            FakeMaxChat chat = max.createChat(max.createUser("Анна", "Иванова"), "7Б");
            max.addBot(chat, bot, true);
            ChatClient maxChats = MaxChats.builder().token(MaxBotToken.of(bot.token()))
                    .config(MaxChats.defaultConfig().toBuilder().baseUri(max.baseUri()).rateLimits(RateLimits.unlimited()).clock(clock).build())
                    .buildClient();
            PeerId peer = PeerId.chat(chat.id());
            LessonScheduler s = LessonScheduler.builder().calls(calls).chats(maxChats).clock(clock).zone(MOSCOW)
                    .groupId(school.id()).build();
            Lesson lesson = s.schedule(r -> r.classChat(peer).title("Физика").startsAt(at(MONDAY, 9, 0)).endsAt(at(MONDAY, 9, 45)));

            clock.set(at(MONDAY, 8, 55));
            s.runDue();
            s.runDue();

            Lesson announced = s.lessons().get(0);
            assertThat(announced.state()).isEqualTo(LessonState.ANNOUNCED);
            assertThat(fake.calls()).singleElement().satisfies(c -> assertThat(c.callId()).isEqualTo(announced.callId()));
            assertThat(max.messagesIn(chat.id())).singleElement().satisfies(m -> {
                assertThat(m.senderId()).isEqualTo(bot.id());
                assertThat(m.visibleText()).contains(announced.joinLink()).contains("Физика");
            });
            assertThat(fake.requestCount("messages.send")).as("nothing posted on VK").isZero();
            assertThat(lesson.id()).isEqualTo(announced.id());
        }
    }
}
