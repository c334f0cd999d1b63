package dev.sferum.sdk.vk.event;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.EventErrorListener;
import dev.sferum.sdk.chat.event.EventOrigin;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.chat.event.MessageNew;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.Fault;
import dev.sferum.sdk.testsupport.CapturedLogs;
import dev.sferum.sdk.vk.event.CallbackHttpHandler;
import dev.sferum.sdk.vk.event.CallbackReceiver;
import dev.sferum.sdk.vk.event.LongPollSource;
import dev.sferum.sdk.vk.testing.Canary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.sferum.sdk.vk.event.EventFixtures.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

/** The Bots Long Poll loop against the testkit's long-poll server: delivery, failed 1/2/3, faults, stopping. */
class LongPollSourceTest {
    private FakeVk fake;
    private FakeUser teacher;
    private FakeUser pupil;
    private FakeCommunity school;
    private FakeChat chat;
    private String whp;

    @BeforeEach
    void start() {
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        teacher = fake.createUser("Анна", "Петрова");
        pupil = fake.createUser("Иван", "Сидоров");
        school = fake.createCommunity("Школа №1", teacher);
        Canary.register(school.token().value());
        chat = fake.createChat(school.ownerId(), "5А", teacher, pupil);
        whp = "/whp/" + school.id();
        // The long-poll key reads the community's events: a canary like the tokens.
        Canary.register(api().call("groups.getLongPollServer", Map.of("group_id", school.id())).path("key").asString());
        fake.clearRequests();
    }

    @AfterEach
    void stop() {
        fake.close();
        assertThat(CapturedLogs.lines()).noneSatisfy(l -> assertThat(l).contains("act=a_check"));
        assertThat(CapturedLogs.lines()).filteredOn(l -> l.contains(" dev.sferum.sdk.chat.event"))
                .noneSatisfy(l -> assertThat(l).contains("key="));
    }

    private ApiClient api() {
        return ApiClient.builder()
                .config(ClientConfig.builder().baseUri(fake.baseUri()).rateLimits(RateLimits.unlimited()).timeSource(new FakeTimeSource()).build())
                .token(AccessToken.community(school.token().value(), school.id()))
                .buildClient();
    }

    private void say(FakeUser who, String text) {
        fake.sendMessage(who.id(), chat.peerIdFor(who.id()), text);
    }

    private void awaitListening() {
        EventFixtures.await("a poll waiting on the fake", () -> fake.events().waitingPolls(school) == 1);
    }

    private static List<String> texts(List<MessageNew> messages) {
        return messages.stream().map(m -> m.message().text()).toList();
    }

    @Test
    void start_whenChatChanges_expectedTypedEventsInOrderAndTsCommitted() {
        try (EventStream events = EventStream.builder().build()) {
            EventFixtures.Recorder<ChatEvent> all = new EventFixtures.Recorder<>();
            events.onAny(all);
            LongPollSource poll = LongPollSource.builder().api(api()).groupId(school.id()).build(events);
            poll.start();
            awaitListening();
            String firstTs = poll.ts().orElseThrow();

            say(pupil, "Здравствуйте");
            FakeUser newcomer = fake.createUser("Пётр", "Новиков");
            fake.addChatMember(chat, newcomer.id());
            fake.events().publish(school, "message_allow", "{\"user_id\":" + pupil.id() + ",\"key\":\"ref\"}");
            fake.events().publish(school, "message_read", "{\"from_id\":" + pupil.id() + ",\"peer_id\":" + pupil.id()
                    + ",\"read_message_id\":1,\"conversation_message_id\":1}");

            List<ChatEvent> got = all.awaitCount(4);
            PeerId chatPeer = PeerId.chat(chat.chatIdFor(school.ownerId()));
            // Different peers run in parallel; within the chat the order is VK's.
            assertThat(got).extracting(e -> e.meta().type(), e -> e.getClass().getSimpleName(), e -> e.peer().orElseThrow())
                    .containsExactlyInAnyOrder(tuple("message_new", "MessageNew", chatPeer), tuple("message_new", "MemberJoined", chatPeer),
                            tuple("message_allow", "MessageAllow", PeerId.user(pupil.id())),
                            tuple("message_read", "UnknownEvent", PeerId.user(pupil.id())));
            assertThat(got).filteredOn(e -> e.peer().orElseThrow().equals(chatPeer)).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("MessageNew", "MemberJoined");
            assertThat(got).allSatisfy(e -> assertThat(e.meta().origin()).isEqualTo(EventOrigin.LONG_POLL));
            EventFixtures.await("ts to move on", () -> !poll.ts().orElseThrow().equals(firstTs));
            assertThat(Long.parseLong(poll.ts().orElseThrow())).isGreaterThan(Long.parseLong(firstTs));
            poll.close();
            assertThat(poll.isRunning()).isFalse();
        }
    }

    @ParameterizedTest(name = "failed {0}")
    @ValueSource(ints = {1, 2, 3})
    void start_whenServerAnswersFailed_expectedRecoveryAsVkPrescribes(int failed) {
        say(pupil, "до сбоя 1");
        say(pupil, "до сбоя 2");
        fake.events().failNextPoll(school, failed);
        try (EventStream events = EventStream.builder().build()) {
            EventFixtures.Recorder<MessageNew> messages = new EventFixtures.Recorder<>();
            events.onMessageNew(messages);
            LongPollSource poll = LongPollSource.builder().api(api()).groupId(school.id()).startTs("0").build(events);
            poll.start();
            awaitListening();

            say(pupil, "после сбоя");

            List<MessageNew> got = messages.awaitCount(failed == 2 ? 3 : 1);
            poll.close();
            if (failed == 2) {
                // New key, same ts: nothing is lost.
                assertThat(texts(got)).containsExactly("до сбоя 1", "до сбоя 2", "после сбоя");
                assertThat(fake.methodCallCount("groups.getLongPollServer")).isEqualTo(2);
            } else {
                // 1: go on from the ts VK returns; 3: new key and ts. Either way VK no longer has the old events.
                assertThat(texts(got)).containsExactly("после сбоя");
                assertThat(fake.methodCallCount("groups.getLongPollServer")).isEqualTo(failed == 1 ? 1 : 2);
            }
        }
    }

    @Test
    void close_whenPollInFlight_expectedRequestCancelledAndLoopEndedAtOnce() {
        try (EventStream events = EventStream.builder().build()) {
            LongPollSource poll = LongPollSource.builder().api(api()).groupId(school.id()).waitSeconds(90)
                    .closeTimeout(Duration.ofSeconds(20)).build(events);
            poll.start();
            awaitListening();
            assertThat(poll.isRunning()).isTrue();

            poll.close();

            // The fake holds the poll for 90 s; only a cancelled request lets the loop end within close().
            assertThat(poll.isRunning()).isFalse();
            assertThat(poll.failure()).isEmpty();
            poll.close();
            assertThatIllegalStateException().isThrownBy(poll::start);
        }
    }

    @Test
    void close_whenWaitingForRoomInFullStream_expectedLoopEndsAndResumeFromTsLosesNothing() {
        CountDownLatch release = new CountDownLatch(1);
        EventStream events = EventStream.builder().capacity(1).build();
        try {
            EventFixtures.Recorder<MessageNew> messages = new EventFixtures.Recorder<>();
            events.onMessageNew(m -> {
                release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                messages.handle(m);
            });
            LongPollSource first = LongPollSource.builder().api(api()).groupId(school.id()).build(events);
            first.start();
            awaitListening();
            say(pupil, "раз");
            say(pupil, "два");
            say(pupil, "три");
            EventFixtures.await("the stream full", () -> events.pending() == 1 && fake.events().waitingPolls(school) == 0);

            first.close();
            assertThat(first.isRunning()).isFalse();
            release.countDown();
            // ts moved on only past batches fully handed to the stream, so resuming from it loses nothing;
            // what was handed over twice is recognised by event_id.
            LongPollSource second = LongPollSource.builder().api(api()).groupId(school.id()).startTs(first.ts().orElseThrow())
                    .build(events);
            second.start();

            assertThat(texts(messages.awaitCount(3))).containsExactly("раз", "два", "три");
            awaitListening();
            second.close();
            EventFixtures.await("the stream idle", () -> events.pending() == 0);
            assertThat(messages.events()).hasSize(3);
        } finally {
            release.countDown();
            events.close();
        }
    }

    @Test
    void start_whenPollFailsWithHttpErrorsAndBrokenBodies_expectedBackoffReacquireAndNoLoss() {
        EventFixtures.RecordingTime time = new EventFixtures.RecordingTime();
        List<Boolean> retries = new CopyOnWriteArrayList<>();
        EventErrorListener listener = new EventErrorListener() {
            @Override
            public void handlerFailed(ChatEvent event, Throwable error) {
            }

            @Override
            public void sourceFailed(EventOrigin origin, Throwable error, boolean willRetry) {
                retries.add(willRetry);
            }
        };
        say(pupil, "в очереди");
        // (A dropped connection is not scripted here: the JDK client silently retries a GET once, which would make
        // the count of failures depend on the JDK.)
        fake.faults().failNext(whp, 3, Fault.httpError(502)).failNext(whp, 1, Fault.malformedBody())
                .failNext(whp, 1, Fault.httpError(504));
        try (EventStream events = EventStream.builder().errorListener(listener).build()) {
            EventFixtures.Recorder<MessageNew> messages = new EventFixtures.Recorder<>();
            events.onMessageNew(messages);
            LongPollSource poll = LongPollSource.builder().api(api()).groupId(school.id()).startTs("0").timeSource(time)
                    .build(events);
            poll.start();
            awaitListening();
            say(pupil, "после сбоев");

            assertThat(texts(messages.awaitCount(2))).containsExactly("в очереди", "после сбоев");
            poll.close();
        }
        List<Duration> waits = time.waits();
        assertThat(waits).hasSize(5);
        long[] capsMillis = {1000, 2000, 4000, 8000, 16000};
        for (int i = 0; i < waits.size(); i++) {
            assertThat(waits.get(i).toMillis()).as("wait %d", i + 1).isBetween(capsMillis[i] * 3 / 4, capsMillis[i]);
        }
        assertThat(retries).hasSize(5).containsOnly(true);
        // The first acquisition, then a new one after the third failure in a row.
        assertThat(fake.methodCallCount("groups.getLongPollServer")).isEqualTo(2);
        assertThat(CapturedLogs.lines()).noneSatisfy(l -> assertThat(l).contains("act=a_check"));
    }

    @Test
    void start_whenTokenRevoked_expectedLoopStopsWithTokenFailureReported() {
        List<Boolean> retries = new CopyOnWriteArrayList<>();
        fake.revoke(school.token());
        try (EventStream events = EventStream.builder().errorListener(new EventErrorListener() {
            @Override
            public void handlerFailed(ChatEvent event, Throwable error) {
            }

            @Override
            public void sourceFailed(EventOrigin origin, Throwable error, boolean willRetry) {
                retries.add(willRetry);
            }
        }).build()) {
            LongPollSource poll = LongPollSource.builder().api(api()).groupId(school.id()).build(events);
            poll.start();

            EventFixtures.await("the loop to stop", () -> !poll.isRunning());

            assertThat(poll.failure()).hasValueSatisfying(f -> assertThat(f.category()).isEqualTo(ErrorCategory.TOKEN));
            assertThat(retries).containsExactly(false);
        }
    }

    @Test
    void bothSources_whenFakeDeliversSameEventsToCallbackAndLongPoll_expectedEachHandledOnce() throws IOException {
        String secret = Canary.register("CANARYbothSourcesSECRETt5y6");
        ExecutorService serverThreads = Executors.newFixedThreadPool(2);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        try (EventStream events = EventStream.builder().build()) {
            EventFixtures.Recorder<MessageNew> messages = new EventFixtures.Recorder<>();
            events.onMessageNew(messages);
            CallbackReceiver receiver = CallbackReceiver.builder().groupId(school.id())
                    .confirmation(() -> Secret.of(Canary.register(fake.events().confirmationCode(school)))).secret(Secret.of(secret))
                    .build(events);
            server.createContext("/vk", CallbackHttpHandler.of(receiver));
            server.setExecutor(serverThreads);
            server.start();
            fake.events().addCallbackServer(school, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/vk"), secret);
            LongPollSource poll = LongPollSource.builder().api(api()).groupId(school.id()).build(events);
            poll.start();
            awaitListening();

            for (int i = 1; i <= 5; i++) {
                say(pupil, "сообщение " + i);
            }

            assertThat(fake.events().awaitDeliveries(PATIENCE)).isTrue();
            EventFixtures.await("both sources caught up", () -> poll.ts().isPresent() && events.pending() == 0 && messages.size() >= 5);
            poll.close();
            assertThat(texts(messages.events())).containsExactly("сообщение 1", "сообщение 2", "сообщение 3", "сообщение 4", "сообщение 5");
            assertThat(messages.events()).extracting(m -> m.meta().eventId()).doesNotHaveDuplicates();
        } finally {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    @Test
    void builder_whenSettingsOutOfRange_expectedIllegalArgumentOrStateBeforeAnyCall() {
        try (EventStream events = EventStream.builder().build()) {
            assertThatIllegalArgumentException().isThrownBy(() -> LongPollSource.builder().waitSeconds(91)).withMessageContaining("91");
            assertThatIllegalArgumentException().isThrownBy(() -> LongPollSource.builder().waitSeconds(0));
            assertThatIllegalArgumentException().isThrownBy(() -> LongPollSource.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
            assertThatIllegalStateException().isThrownBy(() -> LongPollSource.builder().groupId(1).build(events))
                    .withMessageContaining("api(...)");
            assertThatIllegalStateException().isThrownBy(() -> LongPollSource.builder().api(api()).build(events))
                    .withMessageContaining("groupId(...)");
            assertThat(fake.methodCallCount("groups.getLongPollServer")).isZero();
        }
    }
}
