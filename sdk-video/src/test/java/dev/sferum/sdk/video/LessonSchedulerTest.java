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

    @Test
    void start_whenItFailsOnEveryTry_isGivenUpAfterMaxTriesWithAGrowingBackOffAndReported() {
        PeerId peer = classChat("9Г");
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        LessonScheduler s = scheduler(ScheduleStore.inMemory()).retryInterval(Duration.ofSeconds(20)).maxRetryInterval(Duration.ofMinutes(10))
                .maxTries(3).listener(new LessonListener() {
                    @Override
                    public void failed(Lesson lesson, String step, SferumException error, boolean willRetry) {
                        reports.add(step + " retry=" + willRetry + " at " + lesson.retryAt());
                    }
                }).build();
        s.schedule(r -> r.classChat(peer).title("Химия").startsAt(at(MONDAY, 9, 0)).endsAt(at(MONDAY, 9, 45)));
        fake.faults().failNext("calls.start", 50, Fault.error(10));

        clock.set(at(MONDAY, 8, 55));
        s.runDue();
        Instant first = s.lessons().get(0).retryAt();
        clock.set(first);
        s.runDue();
        Instant second = s.lessons().get(0).retryAt();
        assertThat(Duration.between(first, second)).as("the back-off grew").isGreaterThan(Duration.between(at(MONDAY, 8, 55), first));
        assertThat(s.lessons().get(0).stepFailures()).isEqualTo(2);
        runToEnd(s, clock, at(MONDAY, 12, 0));

        Lesson l = s.lessons().get(0);
        assertThat(l.state()).isEqualTo(LessonState.FAILED);
        assertThat(l.failure()).contains("gave up after 3 tries");
        assertThat(reports).hasSize(3).last().asString().startsWith("start retry=false");
        assertThat(fake.calls()).isEmpty();
        assertThat(announcements(peer)).isEmpty();
    }

    @Test
    void announce_whenThePostFailsOnEveryTry_isReportedUnannouncedAndTheCallIsStillFinished() {
        PeerId peer = classChat("5А");
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        LessonScheduler s = scheduler(ScheduleStore.inMemory()).maxTries(2).listener(new LessonListener() {
            @Override
            public void failed(Lesson lesson, String step, SferumException error, boolean willRetry) {
                reports.add(step + " retry=" + willRetry);
            }
        }).build();
        s.schedule(r -> r.classChat(peer).title("Музыка").startsAt(at(MONDAY, 9, 0)).endsAt(at(MONDAY, 9, 45)));
        fake.faults().failNext("messages.send", 100, Fault.httpError(503)).failNext("messages.getHistory", 100, Fault.httpError(503));

        clock.set(at(MONDAY, 8, 55));
        s.runDue();
        assertThat(s.lessons().get(0).state()).isEqualTo(LessonState.STARTED);
        assertThat(s.nextDue()).as("a failed post waits for its back-off, not the next loop").get().isEqualTo(s.lessons().get(0).retryAt());
        assertThat(s.lessons().get(0).retryAt()).isAfter(clock.instant());
        runToEnd(s, clock, at(MONDAY, 12, 0));

        assertThat(reports).containsExactly("announce retry=true", "announce retry=false");
        Lesson l = s.lessons().get(0);
        assertThat(l.state()).isEqualTo(LessonState.FINISHED);
        assertThat(l.failure()).contains("share it with the class by hand");
        assertThat(fake.calls()).singleElement().satisfies(c -> assertThat(c.isFinished()).isTrue());
    }

    @Test
    void announce_whenAPostsOutcomeIsUnknown_readsTheChatBackAndDoesNotPostAgain() {
        PeerId peer = classChat("6А");
        ChatClient losing = (ChatClient) java.lang.reflect.Proxy.newProxyInstance(ChatClient.class.getClassLoader(),
                new Class<?>[] {ChatClient.class}, new java.lang.reflect.InvocationHandler() {
                    boolean lost;

                    @Override
                    public Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args) throws Throwable {
                        Object out;
                        try {
                            out = m.invoke(chats, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (m.getName().equals("send") && !lost) {
                            lost = true;
                            throw new dev.sferum.sdk.core.exception.OutcomeUnknownException("messages.send",
                                    new SferumException(dev.sferum.sdk.core.exception.ErrorCategory.TRANSIENT, "messages.send", "the answer was lost",
                                            null, null));
                        }
                        return out;
                    }
                });
        List<String> found = new ArrayList<>();
        LessonScheduler s = LessonScheduler.builder().calls(calls).chats(losing).clock(clock).zone(MOSCOW).groupId(school.id())
                .listener(new LessonListener() {
                    @Override
                    public void announcementFound(Lesson lesson) {
                        found.add(lesson.id());
                    }
                }).build();
        Lesson lesson = s.schedule(r -> r.classChat(peer).title("Труд").startsAt(at(MONDAY, 9, 0)).endsAt(at(MONDAY, 9, 45)));

        clock.set(at(MONDAY, 8, 55));
        s.runDue();
        assertThat(s.lessons().get(0).state()).isEqualTo(LessonState.STARTED);
        runToEnd(s, clock, at(MONDAY, 12, 0));

        assertThat(found).containsExactly(lesson.id());
        assertThat(fake.requestCount("messages.send")).as("posted once, then read back, not posted again").isEqualTo(1);
        assertThat(announcements(peer)).hasSize(1);
        assertThat(s.lessons().get(0).state()).isEqualTo(LessonState.FINISHED);
    }

    @Test
    void finish_whenForceFinishFailsOnEveryTry_isGivenUpAsFailedWithTheCallIdAndReported() {
        PeerId peer = classChat("7В");
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        LessonScheduler s = scheduler(ScheduleStore.inMemory()).maxTries(2).listener(new LessonListener() {
            @Override
            public void failed(Lesson lesson, String step, SferumException error, boolean willRetry) {
                reports.add(step + " retry=" + willRetry);
            }
        }).build();
        s.schedule(r -> r.classChat(peer).title("ОБЖ").startsAt(at(MONDAY, 9, 0)).endsAt(at(MONDAY, 9, 45)));
        clock.set(at(MONDAY, 8, 55));
        s.runDue();
        fake.faults().failNext("calls.forceFinish", 100, Fault.httpError(503));
        runToEnd(s, clock, at(MONDAY, 12, 0));

        assertThat(reports).containsExactly("finish retry=true", "finish retry=false");
        Lesson l = s.lessons().get(0);
        assertThat(l.state()).isEqualTo(LessonState.FAILED);
        assertThat(l.callId()).isNotNull();
        assertThat(l.failure()).contains("ends it in VK");
        assertThat(s.nextDue()).isEmpty();
    }

    @Test
    void restart_whenAStepIsBackingOff_theNewSchedulerKeepsTheTryCountAndTheRetryTime() {
        Path file = dir.resolve("lessons.json");
        PeerId peer = classChat("8Б");
        LessonScheduler first = scheduler(ScheduleStore.file(file)).maxTries(3).build();
        first.schedule(r -> r.id("8b-bio").classChat(peer).title("Биология").startsAt(at(MONDAY, 9, 0)).endsAt(at(MONDAY, 9, 45)));
        fake.faults().failNext("calls.start", 2, Fault.error(10));
        clock.set(at(MONDAY, 8, 55));
        first.runDue();
        clock.set(first.lessons().get(0).retryAt());
        first.runDue();
        Lesson before = first.lessons().get(0);
        assertThat(before.stepFailures()).isEqualTo(2);

        LessonScheduler second = scheduler(ScheduleStore.file(file)).maxTries(3).build();
        assertThat(second.lessons().get(0)).isEqualTo(before);
        assertThat(second.nextDue()).contains(before.retryAt());
        assertThat(second.runDue()).as("nothing due before the stored retry time").isZero();
        runToEnd(second, clock, at(MONDAY, 12, 0));
        assertThat(second.lessons().get(0).state()).isEqualTo(LessonState.FINISHED);
        assertThat(fake.calls()).hasSize(1);
    }

    @Test
    void fileStore_whenTheFileWasWrittenBeforeTryCounts_readsItsLessons() throws Exception {
        Path file = dir.resolve("old.json");
        PeerId peer = classChat("10Б");
        Lesson now = scheduler(ScheduleStore.file(file)).build().schedule(r -> r.id("old-1").classChat(peer).title("Алгебра")
                .startsAt(at(MONDAY, 9, 0)).endsAt(at(MONDAY, 9, 45)));
        String written = java.nio.file.Files.readString(file);
        String old = written.replaceAll(",\\s*\"stepFailures\"\\s*:\\s*0", "").replaceAll(",\\s*\"unknownStarts\"\\s*:\\s*0", "")
                .replace("\"startAttempts\" : 0", "\"startAttempts\" : 1");
        assertThat(old).as("a file as earlier versions wrote it").doesNotContain("stepFailures").doesNotContain("unknownStarts")
                .contains("\"startAttempts\" : 1");
        java.nio.file.Files.writeString(file, old);

        Lesson read = ScheduleStore.file(file).find("old-1").orElseThrow();
        assertThat(read.state()).isEqualTo(LessonState.SCHEDULED);
        assertThat(read.startAttempts()).isEqualTo(1);
        assertThat(read.stepFailures()).isZero();
        assertThat(read.unknownStarts()).isZero();
        assertThat(read.announceRandomId()).isEqualTo(now.announceRandomId());
    }
}
