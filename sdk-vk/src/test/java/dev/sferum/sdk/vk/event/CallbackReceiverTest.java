package dev.sferum.sdk.vk.event;

import com.sun.net.httpserver.HttpServer;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.event.CallbackResponse;
import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.EventOrigin;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.chat.event.MemberJoined;
import dev.sferum.sdk.chat.event.MessageEvent;
import dev.sferum.sdk.chat.event.MessageNew;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeDelivery;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testsupport.CapturedLogs;
import dev.sferum.sdk.vk.event.CallbackHttpHandler;
import dev.sferum.sdk.vk.event.CallbackReceiver;
import dev.sferum.sdk.vk.testing.Canary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.sferum.sdk.vk.event.EventFixtures.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Callback API receiver behind the JDK HttpServer adapter, fed by the testkit's Callback sender (confirmation,
 * secret, {@code X-Retry-Counter} retries, duplicate {@code event_id}s), and hardened against bad requests.
 */
class CallbackReceiverTest {
    private static final String FORGED = Canary.register("CANARYforgedSECRETp0o9i8");
    private static final String SECRET = Canary.register("CANARYfakeCallbackSECRETm3n4");

    private FakeVk fake;
    private FakeUser teacher;
    private FakeUser pupil;
    private FakeCommunity school;
    private HttpServer server;
    private ExecutorService serverThreads;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        fake = FakeVk.builder().rateLimitsEnabled(false).callbackMaxAttempts(50).callbackRetryDelay(Duration.ofMillis(20)).start();
        teacher = fake.createUser("Анна", "Петрова");
        pupil = fake.createUser("Иван", "Сидоров");
        school = fake.createCommunity("Школа №1", teacher);
        Canary.register(school.token().value());
    }

    @AfterEach
    void stop() {
        fake.close();
        if (server != null) {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    private CallbackReceiver.Builder receiverFor(FakeCommunity community) {
        return CallbackReceiver.builder()
                .groupId(community.id())
                .confirmation(() -> Secret.of(Canary.register(fake.events().confirmationCode(community))))
                .secret(Secret.of(SECRET));
    }

    private URI serve(CallbackReceiver receiver) throws IOException {
        serverThreads = Executors.newFixedThreadPool(4);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/vk/callback", CallbackHttpHandler.of(receiver));
        server.setExecutor(serverThreads);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/vk/callback");
    }

    private HttpResponse<String> post(URI url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String event(long groupId, String eventId, String secretField) {
        return "{\"type\":\"message_new\",\"group_id\":" + groupId + ",\"event_id\":\"" + eventId + "\",\"v\":\"5.199\""
                + secretField + ",\"object\":{\"message\":{\"id\":0,\"date\":1735689600,\"peer_id\":2000000001,\"from_id\":"
                + pupil.id() + ",\"text\":\"Здравствуйте\",\"conversation_message_id\":5,\"out\":0,\"version\":1}}}";
    }

    @Test
    void handle_whenFakeAddsServerAndChatChanges_expectedConfirmedAndTypedEventsInOrder() throws Exception {
        try (EventStream events = EventStream.builder().build()) {
            EventFixtures.Recorder<ChatEvent> all = new EventFixtures.Recorder<>();
            events.onAny(all);
            URI url = serve(receiverFor(school).build(events));
            FakeChat chat = fake.createChat(school.ownerId(), "5А", teacher);
            fake.events().addCallbackServer(school, url, SECRET);

            fake.sendMessage(teacher.id(), chat.peerIdFor(teacher.id()), "Добрый день");
            chat = fake.addChatMember(chat, pupil.id());
            fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "Здравствуйте");
            fake.events().publish(school, "message_event", "{\"user_id\":" + pupil.id() + ",\"peer_id\":"
                    + chat.peerIdFor(school.ownerId()) + ",\"event_id\":\"3a1f\",\"payload\":{\"lesson\":7},\"conversation_message_id\":3}");

            List<ChatEvent> got = all.awaitCount(4);
            assertThat(fake.events().awaitDeliveries(PATIENCE)).isTrue();
            PeerId chatPeer = PeerId.chat(chat.chatIdFor(school.ownerId()));
            assertThat(got).extracting(e -> e.getClass().getSimpleName(), e -> e.peer().orElseThrow())
                    .containsExactly(tuple("MessageNew", chatPeer), tuple("MemberJoined", chatPeer), tuple("MessageNew", chatPeer),
                            tuple("MessageEvent", chatPeer));
            assertThat(((MessageNew) got.get(0)).message().text()).isEqualTo("Добрый день");
            assertThat(((MemberJoined) got.get(1)).member()).isEqualTo(PeerId.user(pupil.id()));
            assertThat(((MessageEvent) got.get(3)).payloadTree().path("lesson").asInt()).isEqualTo(7);
            assertThat(got).allSatisfy(e -> assertThat(e.meta().origin()).isEqualTo(EventOrigin.CALLBACK));
            assertThat(fake.events().deliveries()).extracting(FakeDelivery::type, FakeDelivery::acknowledged)
                    .containsExactly(tuple("confirmation", true), tuple("message_new", true), tuple("message_new", true),
                            tuple("message_new", true), tuple("message_event", true));
        }
    }

    @Test
    void handle_whenFakeSendsEventsTwice_expectedEachHandledOnceAndEveryCopyAnsweredOk() throws Exception {
        try (EventStream events = EventStream.builder().build()) {
            EventFixtures.Recorder<MessageNew> messages = new EventFixtures.Recorder<>();
            events.onMessageNew(messages);
            FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
            fake.events().addCallbackServer(school, serve(receiverFor(school).build(events)), SECRET);
            fake.events().duplicateNextEvents(3);

            for (String text : List.of("раз", "два", "три")) {
                fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), text);
            }

            assertThat(fake.events().awaitDeliveries(PATIENCE)).isTrue();
            assertThat(events.pending()).isZero();
            EventFixtures.await("the stream idle", () -> events.pending() == 0 && messages.size() >= 3);
            assertThat(fake.events().deliveries()).filteredOn(d -> d.type().equals("message_new")).hasSize(6)
                    .allSatisfy(d -> assertThat(d.acknowledged()).isTrue());
            assertThat(messages.events()).extracting(m -> m.message().text()).containsExactly("раз", "два", "три");
        }
    }

    @Test
    void handle_whenStreamFull_expected503ThenVkRetryDeliveredOnceInOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (EventStream events = EventStream.builder().capacity(1).build()) {
            EventFixtures.Recorder<MessageNew> messages = new EventFixtures.Recorder<>();
            events.onMessageNew(m -> {
                release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                messages.handle(m);
            });
            FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
            fake.events().addCallbackServer(school, serve(receiverFor(school).build(events)), SECRET);

            fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "первое");
            fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "второе");
            EventFixtures.await("a 503 for the second event", () -> fake.events().deliveries().stream()
                    .anyMatch(d -> d.httpStatus() == 503));
            release.countDown();

            assertThat(fake.events().awaitDeliveries(PATIENCE)).isTrue();
            assertThat(messages.awaitCount(2)).extracting(m -> m.message().text()).containsExactly("первое", "второе");
            List<FakeDelivery> second = fake.events().deliveries().stream()
                    .filter(d -> d.type().equals("message_new") && !d.eventId().equals(messages.events().get(0).meta().eventId()))
                    .toList();
            assertThat(second.get(0).httpStatus()).isEqualTo(503);
            assertThat(second.get(second.size() - 1)).satisfies(d -> {
                assertThat(d.acknowledged()).isTrue();
                assertThat(d.retryCounter()).isGreaterThanOrEqualTo(1);
            });
            EventFixtures.await("the stream idle", () -> events.pending() == 0);
            assertThat(messages.events()).hasSize(2);
        }
    }

    @Test
    void handle_whenSecretForgedOrMissing_expected403NothingDeliveredAndValueNotLogged() throws Exception {
        try (EventStream events = EventStream.builder().build()) {
            EventFixtures.Recorder<ChatEvent> all = new EventFixtures.Recorder<>();
            events.onAny(all);
            URI url = serve(receiverFor(school).build(events));
            int before = CapturedLogs.lines().size();

            HttpResponse<String> forged = post(url, event(school.id(), "e1", ",\"secret\":\"" + FORGED + "\""));
            HttpResponse<String> missing = post(url, event(school.id(), "e2", ""));
            HttpResponse<String> notAString = post(url, event(school.id(), "e3", ",\"secret\":12345"));
            HttpResponse<String> good = post(url, event(school.id(), "e4", ",\"secret\":\"" + SECRET + "\""));

            assertThat(List.of(forged.statusCode(), missing.statusCode(), notAString.statusCode(), good.statusCode()))
                    .containsExactly(403, 403, 403, 200);
            assertThat(good.body()).isEqualTo("ok");
            assertThat(all.awaitCount(1)).extracting(e -> e.meta().eventId()).containsExactly("e4");
            List<String> logged = CapturedLogs.lines().subList(before, CapturedLogs.lines().size());
            assertThat(logged).anySatisfy(l -> assertThat(l).contains("wrong secret").contains(String.valueOf(school.id())));
            assertThat(logged).anySatisfy(l -> assertThat(l).contains("no secret"));
            assertThat(logged).noneSatisfy(l -> assertThat(l).containsAnyOf(FORGED, SECRET, "12345"));
        }
    }

    @Test
    void handle_whenConfirmationForAnotherGroup_expected403WithoutTheConfirmationString() throws Exception {
        FakeCommunity other = fake.createCommunity("Школа №2", teacher);
        try (EventStream events = EventStream.builder().build()) {
            URI url = serve(receiverFor(school).build(events));
            String code = Canary.register(fake.events().confirmationCode(school));

            HttpResponse<String> foreign = post(url, "{\"type\":\"confirmation\",\"group_id\":" + other.id() + "}");
            HttpResponse<String> own = post(url, "{\"type\":\"confirmation\",\"group_id\":" + school.id() + "}");
            HttpResponse<String> foreignEvent = post(url, event(other.id(), "x1", ",\"secret\":\"" + SECRET + "\""));

            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(foreign.body()).doesNotContain(code);
            assertThat(own.statusCode()).isEqualTo(200);
            assertThat(own.body()).isEqualTo(code);
            assertThat(foreignEvent.statusCode()).isEqualTo(403);
            assertThat(CapturedLogs.lines()).anySatisfy(l -> assertThat(l)
                    .contains("confirmation request for group " + other.id() + " rejected"));
        }
    }

    @Test
    void handle_whenBodyGiantMalformedOrNotAnEvent_expected413Or400AndReceiverKeepsWorking() throws Exception {
        try (EventStream events = EventStream.builder().build()) {
            EventFixtures.Recorder<ChatEvent> all = new EventFixtures.Recorder<>();
            events.onAny(all);
            CallbackReceiver receiver = receiverFor(school).maxBodyBytes(64 * 1024).build(events);
            URI url = serve(receiver);
            char[] filler = new char[200_000];
            Arrays.fill(filler, 'a');
            String giant = event(school.id(), "g1", ",\"secret\":\"" + SECRET + "\"").replace("Здравствуйте", new String(filler));

            HttpResponse<String> tooLarge = post(url, giant);
            CallbackResponse streamedTooLarge = receiver.handle(new ByteArrayInputStream(giant.getBytes(StandardCharsets.UTF_8)), Map.of());
            HttpResponse<String> malformed = post(url, "{\"type\":\"message_new\",\"group_id\":");
            HttpResponse<String> array = post(url, "[1,2,3]");
            HttpResponse<String> noType = post(url, "{\"group_id\":" + school.id() + "}");
            HttpResponse<String> deep = post(url, "[".repeat(5_000));
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> good = post(url, event(school.id(), "g2", ",\"secret\":\"" + SECRET + "\""));

            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(streamedTooLarge.status()).isEqualTo(413);
            assertThat(List.of(malformed.statusCode(), array.statusCode(), noType.statusCode(), deep.statusCode()))
                    .containsExactly(400, 400, 400, 400);
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.headers().firstValue("Allow")).contains("POST");
            assertThat(good.statusCode()).isEqualTo(200);
            assertThat(all.awaitCount(1)).extracting(e -> e.meta().eventId()).containsExactly("g2");
        }
    }

    @Test
    void handle_whenConfirmationSourceFails_expected503SoVkAsksAgain() {
        try (EventStream events = EventStream.builder().build()) {
            CallbackReceiver receiver = CallbackReceiver.builder().groupId(school.id())
                    .confirmation(() -> {
                        throw new IllegalStateException("VK API down");
                    })
                    .secret(Secret.of(SECRET)).build(events);

            CallbackResponse r = receiver.handle(("{\"type\":\"confirmation\",\"group_id\":" + school.id() + "}")
                    .getBytes(StandardCharsets.UTF_8), Map.of());

            assertThat(r.status()).isEqualTo(503);
            assertThat(r.isOk()).isFalse();
        }
    }

    @Test
    void handle_whenStreamClosed_expected503SoVkKeepsTheEvent() {
        EventStream events = EventStream.builder().build();
        CallbackReceiver receiver = receiverFor(school).build(events);
        events.close();

        CallbackResponse r = receiver.handle(event(school.id(), "c1", ",\"secret\":\"" + SECRET + "\"")
                .getBytes(StandardCharsets.UTF_8), Map.of("X-Retry-Counter", List.of("2")));

        assertThat(r).isEqualTo(new CallbackResponse(503, "closed"));
    }

    @Test
    void build_whenSecretOrConfirmationMissing_expectedIllegalStateBeforeAnyRequest() {
        try (EventStream events = EventStream.builder().build()) {
            CallbackReceiver.Builder noSecret = CallbackReceiver.builder().groupId(1).confirmation(Secret.of("abc"));
            CallbackReceiver.Builder noConfirmation = CallbackReceiver.builder().groupId(1).secret(Secret.of("abc"));

            org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(() -> noSecret.build(events))
                    .withMessageContaining("secret(...)");
            org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(() -> noConfirmation.build(events))
                    .withMessageContaining("confirmation(...)");
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> CallbackReceiver.builder().groupId(-5))
                    .withMessageContaining("-5");
        }
    }
}
