package dev.sferum.sdk.max;

import dev.sferum.sdk.core.ClientConfig;
import com.sun.net.httpserver.HttpServer;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.EventErrorListener;
import dev.sferum.sdk.chat.event.EventAdmission;
import dev.sferum.sdk.chat.event.EventHandler;
import dev.sferum.sdk.chat.event.EventOrigin;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.chat.event.MessageDeleted;
import dev.sferum.sdk.chat.event.MessageEvent;
import dev.sferum.sdk.chat.event.MemberJoined;
import dev.sferum.sdk.chat.event.MessageNew;
import dev.sferum.sdk.chat.event.UnknownEvent;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.max.testing.Canary;
import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.testkit.max.FakeMax;
import dev.sferum.sdk.testkit.max.FakeMaxBot;
import dev.sferum.sdk.testkit.max.FakeMaxChat;
import dev.sferum.sdk.testkit.max.FakeMaxUpdate;
import dev.sferum.sdk.testkit.max.FakeMaxUser;
import dev.sferum.sdk.testkit.max.FakeWebhookDelivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * MAX's updates as the chat module's typed events: parsed from MAX's own sample updates, received by the webhook
 * receiver (forged secrets refused, replays delivered once, 200 before slow work) and by long polling, both on the fake.
 */
class MaxEventsTest {
    private static final String SECRET = Canary.WEBHOOK_SECRET;
    private static final long BOT = 229229229;

    private FakeMax fake;
    private FakeMaxBot bot;
    private FakeMaxUser teacher;
    private FakeMaxChat chat;
    private HttpServer server;
    private final BlockingQueue<ChatEvent> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void open() {
        fake = FakeMax.builder().rateLimitsEnabled(false).start();
        bot = fake.createBot("Школьный бот");
        Canary.register(bot.token());
        teacher = fake.createUser("Анна", "Иванова");
        chat = fake.addBot(fake.createChat(teacher, "7Б"), bot, true);
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.stop(0);
        }
        fake.close();
    }

    /** Bounded polling: fails the test if the condition does not hold within 30 s; never a measured duration. */
    static void until(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("gave up waiting for " + what).isTrue();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
    }

    private ChatEvent next() throws InterruptedException {
        ChatEvent e = received.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event arrived in time").isNotNull();
        return e;
    }

    // ---------------------------------------------------------------- parsing MAX's own samples

    @ParameterizedTest
    @CsvSource({
            "webhook.message_created.json, MessageNew",
            "webhook.message_edited.json, MessageEdit",
            "webhook.user_added.json, MemberJoined",
            "webhook.bot_added.json, MemberJoined",
            "webhook.user_removed.json, MemberLeft",
            "webhook.bot_removed.json, MemberLeft",
            "webhook.chat_title_changed.json, ChatTitleUpdated",
            "webhook.message_callback.json, MessageEvent",
            "webhook.bot_started.json, MessageAllow",
            "webhook.bot_stopped.json, MessageDeny",
            "webhook.message_removed.json, MessageDeleted",
            "webhook.dialog_muted.json, UnknownEvent"})
    void parse_whenMaxSendsItsSampleUpdate_givesTheTypedEvent(String file, String type) {
        ChatEvent event = parse(file);
        assertThat(event.getClass().getSimpleName()).isEqualTo(type);
        assertThat(event.meta().eventId()).startsWith("max:");
        assertThat(event.meta().groupId()).isEqualTo(BOT);
        assertThat(event.meta().origin()).isEqualTo(EventOrigin.WEBHOOK);
        assertThat(event.meta().toString()).doesNotContain("Лада");
    }

    private static ChatEvent parse(String file) {
        return deliver(MaxWireTest.stab(file));
    }

    /** Posts one update to a webhook receiver and returns the event the stream delivered. */
    private static ChatEvent deliver(String update) {
        BlockingQueue<ChatEvent> out = new LinkedBlockingQueue<>();
        try (EventStream events = stream()) {
            events.onAny(out::add);
            MaxWebhookReceiver receiver = MaxWebhookReceiver.builder().secret(Secret.of(SECRET)).botId(BOT).build(events);
            assertThat(receiver.handle(update.getBytes(StandardCharsets.UTF_8),
                    Map.of("x-max-bot-api-secret", List.of(SECRET))).status()).isEqualTo(200);
            ChatEvent e = out.poll(10, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            return e;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stream as MAX's webhook wants it: updates remembered past MAX's 8 hours of retries. */
    private static EventStream stream() {
        return EventStream.builder().dedupeWindow(MaxWebhookReceiver.MAX_RETRY_WINDOW).build();
    }

    @Test
    void parse_whenAMessageIsRemoved_givesMessageDeletedInItsChatByItsUser() {
        MessageDeleted d = (MessageDeleted) parse("webhook.message_removed.json");
        assertThat(d.message().key()).contains("mid.000000000adf429c019d47b1ce4600ff");
        assertThat(d.chat()).isEqualTo(PeerId.chat(182182182));
        assertThat(d.peer()).contains(PeerId.chat(182182182));
        assertThat(d.by()).isEqualTo(UserId.of(123456789));
    }

    @Test
    void parse_whenAMessageIsCreated_carriesTheMessageWithItsMidSenderAndChat() {
        MessageNew m = (MessageNew) parse("webhook.message_created.json");
        assertThat(m.message().ref().key()).contains("mid.ffffbdb48e6c3775019d496b34394b84");
        assertThat(m.message().ref().peer()).isEqualTo(PeerId.chat(-70801090403050L));
        assertThat(m.message().from()).isEqualTo(PeerId.user(123456789));
        assertThat(m.message().text()).isEqualTo("...");
        assertThat(m.peer()).contains(PeerId.chat(-70801090403050L));

        MemberJoined botAdded = (MemberJoined) parse("webhook.bot_added.json");
        assertThat(botAdded.member()).isEqualTo(PeerId.user(BOT));
        assertThat(botAdded.invitedBy()).isEqualTo(PeerId.user(123456789));
        assertThat(botAdded.chat()).isEqualTo(PeerId.chat(-70801090403050L));
        assertThat(botAdded.actor()).isEqualTo(PeerId.user(123456789));
        assertThat(botAdded.message()).as("MAX has no service messages; none is made up").isEmpty();
    }

    @Test
    void parse_whenAUserIsAdded_givesMemberJoinedWithActorAndTimeButNoMessage() {
        MemberJoined added = (MemberJoined) parse("webhook.user_added.json");
        assertThat(added.chat()).isEqualTo(PeerId.chat(-70801090403050L));
        assertThat(added.member()).isEqualTo(PeerId.user(123456789));
        assertThat(added.actor()).isEqualTo(PeerId.user(123456789)).isEqualTo(added.invitedBy());
        assertThat(added.at()).isEqualTo(Instant.ofEpochMilli(1775025604499L));
        assertThat(added.message()).isEmpty();
        assertThat(added.peer()).contains(PeerId.chat(-70801090403050L));
    }

    @Test
    void parse_whenAButtonIsPressed_namesThePressedMessageByItsMid() {
        MessageEvent press = (MessageEvent) parse("webhook.message_callback.json");
        assertThat(press.user()).isEqualTo(UserId.of(123456789));
        assertThat(press.conversation()).isEqualTo(PeerId.user(123456789));
        assertThat(press.buttonEventId()).startsWith("f9LHodD0cOJf4_");
        assertThat(press.payload()).isEqualTo("picture");
        assertThat(press.conversationMessageId()).isZero();
        assertThat(press.messageKey()).isEqualTo("mid.000000000adf429c019d47d58f2b3d9e");
        assertThat(press.message()).contains(MessageRef.keyed(PeerId.user(123456789), "mid.000000000adf429c019d47d58f2b3d9e"));
    }

    @Test
    void parse_whenThePressedMessageWasDeleted_namesNoMessage() {
        ObjectNode update = (ObjectNode) Json.mapper().readTree(MaxWireTest.stab("webhook.message_callback.json"));
        update.putNull("message");
        MessageEvent press = (MessageEvent) deliver(Json.write(update));
        assertThat(press.message()).isEmpty();
        assertThat(press.conversation()).isEqualTo(PeerId.user(123456789));
    }

    // ---------------------------------------------------------------- webhook receiver

    private MaxWebhookReceiver receiver(EventStream events, EventHandler<ChatEvent> handler) {
        events.onAny(handler);
        return MaxWebhookReceiver.builder().secret(Secret.of(SECRET)).botId(bot.id()).build(events);
    }

    private byte[] sample() {
        return MaxWireTest.stab("webhook.message_created.json").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void webhook_whenTheSecretIsForgedOrMissing_refusesAndDeliversNothing() {
        AtomicInteger handled = new AtomicInteger();
        try (EventStream events = stream()) {
            MaxWebhookReceiver receiver = receiver(events, e -> handled.incrementAndGet());
            assertThat(receiver.handle(sample(), Map.of("X-Max-Bot-Api-Secret", List.of("forged-secret-12345"))).status()).isEqualTo(403);
            assertThat(receiver.handle(sample(), Map.of("X-Max-Bot-Api-Secret", List.of(SECRET + "x"))).status()).isEqualTo(403);
            assertThat(receiver.handle(sample(), Map.of()).status()).isEqualTo(403);
            assertThat(receiver.handle("not json".getBytes(StandardCharsets.UTF_8), Map.of("X-Max-Bot-Api-Secret", List.of(SECRET))).status())
                    .isEqualTo(400);
            assertThat(events.pending()).isZero();
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void webhook_whenTheHandlerIsSlow_answers200BeforeItRuns() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (EventStream events = stream()) {
            MaxWebhookReceiver receiver = receiver(events, e -> {
                started.countDown();
                release.await();
            });
            assertThat(receiver.handle(sample(), Map.of("X-Max-Bot-Api-Secret", List.of(SECRET))).status()).isEqualTo(200);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(events.pending()).as("answered while the handler still runs").isEqualTo(1);
            release.countDown();
        }
    }

    @Test
    void webhook_whenFull_answers503SoMaxRetriesLater() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (EventStream events = EventStream.builder().dedupeWindow(MaxWebhookReceiver.MAX_RETRY_WINDOW).capacity(1).build()) {
            MaxWebhookReceiver receiver = receiver(events, e -> release.await());
            Map<String, List<String>> headers = Map.of("X-Max-Bot-Api-Secret", List.of(SECRET));
            assertThat(receiver.handle(sample(), headers).status()).isEqualTo(200);
            byte[] other = MaxWireTest.stab("webhook.message_edited.json").getBytes(StandardCharsets.UTF_8);
            assertThat(receiver.handle(other, headers).status()).isEqualTo(503);
            release.countDown();
            until("the first update handled", () -> events.pending() == 0);
            EventAdmission again = events.offer(dev.sferum.sdk.max.internal.MaxEventParser.parse(Json.read(other), bot.id(), EventOrigin.WEBHOOK));
            assertThat(again).as("the refused update was not remembered: MAX's retry gets through").isEqualTo(EventAdmission.ACCEPTED);
        }
        assertThat(catchThrowable(() -> MaxWebhookReceiver.builder().secret(Secret.of(SECRET)).botId(BOT).build(null)))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void webhook_whenMaxDeliversAndReplaysAnUpdate_theHandlerSeesItOnce() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        EventStream events = stream();
        MaxWebhookReceiver receiver = receiver(events, e -> {
            handled.incrementAndGet();
            received.add(e);
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/max/webhook", MaxWebhookHttpHandler.of(receiver));
        server.start();
        subscribe("http://127.0.0.1:" + server.getAddress().getPort() + "/max/webhook", SECRET);

        fake.postMessage(teacher, chat.id(), "Завтра экскурсия");

        MessageNew first = (MessageNew) next();
        assertThat(first.message().text()).isEqualTo("Завтра экскурсия");
        assertThat(first.message().ref().peer()).isEqualTo(PeerId.chat(chat.id()));
        assertThat(first.meta().origin()).isEqualTo(EventOrigin.WEBHOOK);
        FakeMaxUpdate update = fake.updates(bot).stream().filter(u -> u.type().equals("message_created")).findFirst().orElseThrow();
        FakeWebhookDelivery replay = fake.redeliver(bot, update).get(10, TimeUnit.SECONDS);
        assertThat(replay.status()).as("a replay is answered 200, so MAX stops").isEqualTo(200);
        events.close();
        assertThat(handled).as("and delivered only once").hasValue(1);
        assertThat(receiver.handle(sample(), Map.of("X-Max-Bot-Api-Secret", List.of(SECRET))).status())
                .as("a closed stream: MAX keeps the update for later").isEqualTo(503);
    }

    private void subscribe(String url, String secret) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.baseUri() + "/subscriptions"))
                .header("Authorization", bot.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\",\"secret\":\"" + secret + "\"}")).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(Json.read(response.body().getBytes(StandardCharsets.UTF_8)).path("success").asBoolean()).isTrue();
    }

    // ---------------------------------------------------------------- long polling

    private ClientConfig config() {
        return MaxChats.defaultConfig().toBuilder().baseUri(fake.baseUri()).rateLimits(RateLimits.unlimited()).timeSource(new FakeTimeSource()).clock(fake.clock())
                .build();
    }

    @Test
    void longPoll_whenTheChatChanges_deliversTypedEventsInOrderAndCommitsTheMarker() throws Exception {
        ChatClient chats = MaxChats.builder().token(MaxBotToken.of(bot.token())).config(config()).buildClient();
        FakeMaxUser pupil = fake.createUser("Иван", "Петров");
        EventStream events = EventStream.builder().build();
        events.onAny(received::add);
        MaxLongPollSource poll = MaxLongPollSource.builder().token(MaxBotToken.of(bot.token())).config(config())
                .waitSeconds(1).build(events);
        try (events) {
            poll.start();
            MemberJoined botAdded = (MemberJoined) next();
            assertThat(botAdded.member()).isEqualTo(PeerId.user(bot.id()));
            assertThat(botAdded.meta().origin()).isEqualTo(EventOrigin.LONG_POLL);

            fake.postMessage(teacher, chat.id(), "Первое");
            fake.postMessage(teacher, chat.id(), "Второе");
            chats.addMember(PeerId.chat(chat.id()), UserId.of(pupil.id()));
            fake.postMessage(pupil, chat.id(), "Здравствуйте");
            chats.renameChat(PeerId.chat(chat.id()), "7Б класс");

            assertThat(((MessageNew) next()).message().text()).isEqualTo("Первое");
            assertThat(((MessageNew) next()).message().text()).isEqualTo("Второе");
            MemberJoined joined = (MemberJoined) next();
            assertThat(joined.member()).isEqualTo(PeerId.user(pupil.id()));
            assertThat(joined.invitedBy()).isEqualTo(PeerId.user(bot.id()));
            MessageNew hello = (MessageNew) next();
            assertThat(hello.message().from()).isEqualTo(PeerId.user(pupil.id()));
            assertThat(fake.updates(bot)).extracting(FakeMaxUpdate::type).doesNotContain("chat_title_changed");
            assertThat(poll.marker()).isPresent();
            assertThat(poll.isRunning()).isTrue();
        }
        until("the stream closed its long poll", () -> !poll.isRunning());
        assertThat(fake.requests("GET /updates")).as("a later poll passed the marker, committing what was delivered")
                .anySatisfy(r -> assertThat(r.params()).containsKey("marker"));
    }

    @Test
    void longPoll_whenAWebhookIsSet_stopsAndSaysWhy() throws Exception {
        subscribe("http://127.0.0.1:9/unused", SECRET);
        BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
        EventErrorListener errors = new EventErrorListener() {
            @Override
            public void handlerFailed(ChatEvent event, Throwable error) {
                failures.add(error);
            }

            @Override
            public void sourceFailed(EventOrigin origin, Throwable error, boolean willRetry) {
                if (!willRetry) {
                    failures.add(error);
                }
            }
        };
        try (EventStream events = EventStream.builder().errorListener(errors).build()) {
            events.onAny(received::add);
            MaxLongPollSource poll = MaxLongPollSource.builder().token(MaxBotToken.of(bot.token())).config(config()).botId(bot.id())
                    .waitSeconds(1).build(events);
            poll.start();
            Throwable e = failures.poll(10, TimeUnit.SECONDS);
            assertThat(e).isInstanceOf(MaxApiException.class);
            assertThat(((MaxApiException) e).httpStatus()).isEqualTo(405);
            assertThat(((MaxApiException) e).remedy()).hasValueSatisfying(r -> assertThat(r).contains("webhook"));
        }
    }

    @Test
    void parse_whenTheTypeIsUnknownOrBroken_deliversUnknownEventWithTheJson() {
        ChatEvent e = dev.sferum.sdk.max.internal.MaxEventParser.parse(Json.read(
                "{\"update_type\":\"message_reaction\",\"timestamp\":1,\"chat_id\":-5}".getBytes(StandardCharsets.UTF_8)), BOT, EventOrigin.LONG_POLL);
        assertThat(e).isInstanceOf(UnknownEvent.class);
        assertThat(e.meta().json()).contains("message_reaction");
        ChatEvent broken = dev.sferum.sdk.max.internal.MaxEventParser.parse(Json.read(
                "{\"update_type\":\"message_callback\",\"timestamp\":1,\"callback\":{}}".getBytes(StandardCharsets.UTF_8)), BOT, EventOrigin.LONG_POLL);
        assertThat(broken).isInstanceOf(UnknownEvent.class);
    }
}
