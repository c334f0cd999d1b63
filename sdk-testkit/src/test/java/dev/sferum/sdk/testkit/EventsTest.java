package dev.sferum.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sferum.sdk.testkit.support.Await;
import dev.sferum.sdk.testkit.support.CallbackReceiver;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Callback API delivery (confirmation, secret, retries) and Bots Long Poll (wait, failed 1/2/3). */
class EventsTest {

    private FakeVk fake;
    private VkHttp vk;
    private FakeUser teacher;
    private FakeUser pupil;
    private FakeCommunity school;
    private CallbackReceiver receiver;

    @BeforeEach
    void start() {
        fake = FakeVk.builder().rateLimitsEnabled(false).callbackMaxAttempts(3).start();
        vk = new VkHttp(fake);
        teacher = fake.createUser("Анна", "Петрова");
        pupil = fake.createUser("Иван", "Сидоров");
        school = fake.createCommunity("Школа №1", teacher);
        receiver = new CallbackReceiver().confirmWith(() -> fake.events().confirmationCode(school));
    }

    @AfterEach
    void stop() {
        receiver.close();
        fake.close();
    }

    private JsonNode longPollServer() {
        return vk.ok(school.token(), "groups.getLongPollServer", "group_id", String.valueOf(school.id()));
    }

    private JsonNode poll(JsonNode server, String ts, int wait) {
        return VkHttp.json(vk.send(vk.get(server.get("server").asString() + "?act=a_check&key="
                + server.get("key").asString() + "&ts=" + ts + "&wait=" + wait)));
    }

    private List<JsonNode> allUpdates(JsonNode server) {
        List<JsonNode> updates = new java.util.ArrayList<>();
        poll(server, "0", 0).get("updates").forEach(updates::add);
        return updates;
    }

    @Test
    void callback_whenServerAdded_expectedConfirmationFirstThenEventWithSecret() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
        fake.events().addCallbackServer(school, receiver.url(), "s3cr3t");

        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "Здравствуйте!");

        receiver.awaitEvents(1);
        assertThat(fake.events().awaitDeliveries(CallbackReceiver.patience())).isTrue();
        assertThat(receiver.received().get(0).body().toString())
                .isEqualTo("{\"type\":\"confirmation\",\"group_id\":" + school.id() + "}");
        JsonNode event = receiver.events().get(0).body();
        assertThat(event.get("type").asString()).isEqualTo("message_new");
        assertThat(event.get("group_id").asLong()).isEqualTo(school.id());
        assertThat(event.get("secret").asString()).isEqualTo("s3cr3t");
        assertThat(event.get("v").asString()).isEqualTo("5.199");
        assertThat(event.get("event_id").asString()).isNotEmpty();
        assertThat(event.at("/object/message/text").asString()).isEqualTo("Здравствуйте!");
        assertThat(event.at("/object/message/from_id").asLong()).isEqualTo(pupil.id());
        assertThat(event.at("/object/message/peer_id").asLong()).isEqualTo(chat.peerIdFor(school.ownerId()));
        assertThat(event.at("/object/message/id").asLong()).isZero();
        assertThat(event.at("/object/client_info/keyboard").asBoolean()).isTrue();
        assertThat(fake.events().deliveries()).extracting(FakeDelivery::type, FakeDelivery::acknowledged)
                .containsExactly(tuple("confirmation", true), tuple("message_new", true));
    }

    @Test
    void callback_whenReceiverDoesNotAnswerOk_expectedRetriesWithRetryCounterUntilOk() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
        receiver.answerEvents("500", "not ok");
        fake.events().addCallbackServer(school, receiver.url(), null);

        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "раз");

        receiver.awaitEvents(3);
        assertThat(fake.events().awaitDeliveries(CallbackReceiver.patience())).isTrue();
        List<CallbackReceiver.Received> events = receiver.events();
        assertThat(events).extracting(CallbackReceiver.Received::retryCounter).containsExactly(null, "1", "2");
        assertThat(events).extracting(r -> r.body().get("event_id").asString()).containsOnly(
                events.get(0).body().get("event_id").asString());
        assertThat(events.get(0).body().has("secret")).isFalse();
        assertThat(fake.events().deliveries()).extracting(FakeDelivery::retryCounter, FakeDelivery::httpStatus,
                FakeDelivery::acknowledged).containsExactly(tuple(0, 200, true), tuple(0, 500, false),
                tuple(1, 200, false), tuple(2, 200, true));
    }

    @Test
    void callback_whenReceiverNeverAnswersOk_expectedBoundedAttemptsThenNextEvent() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
        receiver.answerEvents("no", "no", "no");
        fake.events().addCallbackServer(school, receiver.url(), null);

        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "первое");
        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "второе");

        receiver.awaitEvents(4);
        assertThat(fake.events().awaitDeliveries(CallbackReceiver.patience())).isTrue();
        assertThat(receiver.events()).extracting(r -> r.body().at("/object/message/text").asString())
                .containsExactly("первое", "первое", "первое", "второе");
    }

    @Test
    void callback_whenConfirmationAnsweredWrong_expectedServerFailedAndNoEvents() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
        receiver.confirmWith(() -> "wrong");
        fake.events().addCallbackServer(school, receiver.url(), null);
        assertThat(fake.events().awaitDeliveries(CallbackReceiver.patience())).isTrue();

        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "никто не услышит");

        assertThat(fake.events().awaitDeliveries(CallbackReceiver.patience())).isTrue();
        assertThat(receiver.received()).extracting(CallbackReceiver.Received::type)
                .containsExactly("confirmation", "confirmation", "confirmation");
        JsonNode servers = vk.ok(school.token(), "groups.getCallbackServers", "group_id", String.valueOf(school.id()));
        assertThat(servers.at("/items/0/status").asString()).isEqualTo("failed");
    }

    @Test
    void callback_whenServerAddedThroughApi_expectedNoEventsUntilTypesSwitchedOn() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
        String group = String.valueOf(school.id());
        long serverId = vk.ok(school.token(), "groups.addCallbackServer", "group_id", group,
                "url", receiver.url().toString(), "title", "school-bot", "secret_key", "k3y").get("server_id").asLong();
        assertThat(fake.events().awaitDeliveries(CallbackReceiver.patience())).isTrue();
        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "до настройки");

        vk.ok(school.token(), "groups.setCallbackSettings", "group_id", group, "server_id", String.valueOf(serverId),
                "api_version", "5.199", "message_new", "1");
        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "после настройки");

        receiver.awaitEvents(1);
        assertThat(fake.events().awaitDeliveries(CallbackReceiver.patience())).isTrue();
        assertThat(receiver.events()).extracting(r -> r.body().at("/object/message/text").asString())
                .containsExactly("после настройки");
        JsonNode servers = vk.ok(school.token(), "groups.getCallbackServers", "group_id", group);
        assertThat(servers.at("/items/0/status").asString()).isEqualTo("ok");
        assertThat(vk.ok(school.token(), "groups.getCallbackSettings", "group_id", group, "server_id",
                String.valueOf(serverId)).at("/events/message_new").asInt()).isEqualTo(1);
    }

    @Test
    void editCallbackServer_whenUrlChanged_expectedNewCodeAndNewConfirmationBeforeNextEvent() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
        String group = String.valueOf(school.id());
        long serverId = vk.ok(school.token(), "groups.addCallbackServer", "group_id", group,
                "url", receiver.url().toString(), "title", "bot").get("server_id").asLong();
        vk.ok(school.token(), "groups.setCallbackSettings", "group_id", group, "server_id", String.valueOf(serverId),
                "message_new", "1");
        assertThat(fake.events().awaitDeliveries(CallbackReceiver.patience())).isTrue();
        String firstCode = fake.events().confirmationCode(school);

        vk.ok(school.token(), "groups.editCallbackServer", "group_id", group, "server_id", String.valueOf(serverId),
                "url", receiver.url().toString(), "title", "bot2");
        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "после правки");

        receiver.awaitEvents(1);
        assertThat(fake.events().awaitDeliveries(CallbackReceiver.patience())).isTrue();
        assertThat(fake.events().confirmationCode(school)).isNotEqualTo(firstCode);
        assertThat(receiver.received()).extracting(CallbackReceiver.Received::type)
                .containsExactly("confirmation", "confirmation", "message_new");
        assertThat(fake.events().deliveries()).allMatch(FakeDelivery::acknowledged);
    }

    @Test
    void callback_whenDuplicateRequested_expectedSameEventIdDeliveredTwice() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
        fake.events().addCallbackServer(school, receiver.url(), null);
        fake.events().duplicateNextEvents(1);

        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "дважды");

        receiver.awaitEvents(2);
        List<CallbackReceiver.Received> events = receiver.events();
        assertThat(events.get(0).body()).isEqualTo(events.get(1).body());
    }

    @Test
    void events_whenChatActionsHappen_expectedMessageNewWithActionsAndRepliesInDialogs() {
        FakeToken teacherToken = fake.userToken(teacher);
        JsonNode server = longPollServer();
        long chatId = vk.ok(school.token(), "messages.createChat", "title", "5А", "user_ids",
                String.valueOf(teacher.id())).get("chat_id").asLong();
        String peer = String.valueOf(2_000_000_000L + chatId);
        FakeChat chat = fake.chatOf(school.ownerId(), chatId).orElseThrow();
        vk.ok(teacherToken, "messages.send", "peer_id", String.valueOf(chat.peerIdFor(teacher.id())),
                "message", "Добрый день", "random_id", "1");
        vk.ok(school.token(), "messages.send", "peer_id", peer, "message", "от школы", "random_id", "2");
        fake.setChatAdmin(chat, teacher.id(), true);
        vk.ok(teacherToken, "messages.addChatUser", "chat_id", String.valueOf(chat.chatIdFor(teacher.id())),
                "user_id", String.valueOf(pupil.id()));
        vk.ok(school.token(), "messages.editChat", "chat_id", String.valueOf(chatId), "title", "6А");
        vk.ok(school.token(), "messages.pin", "peer_id", peer, "cmid", "2");
        vk.ok(school.token(), "messages.removeChatUser", "chat_id", String.valueOf(chatId), "user_id",
                String.valueOf(pupil.id()));
        fake.sendMessage(pupil.id(), school.ownerId(), "Вопрос");
        vk.ok(school.token(), "messages.send", "peer_id", String.valueOf(pupil.id()), "message", "Ответ",
                "random_id", "3");
        vk.ok(school.token(), "messages.edit", "peer_id", String.valueOf(pupil.id()), "cmid", "2",
                "message", "Ответ!");

        List<JsonNode> updates = allUpdates(server);

        assertThat(updates).extracting(u -> u.get("type").asString(),
                u -> u.at("/object/message/action/type").asString(u.at("/object/text").asString("")),
                u -> u.at("/object/message/text").asString(""))
                .containsExactly(
                        tuple("message_new", "chat_create", ""),
                        tuple("message_new", "", "Добрый день"),
                        tuple("message_new", "chat_invite_user", ""),
                        tuple("message_new", "chat_title_update", ""),
                        tuple("message_new", "chat_pin_message", ""),
                        tuple("message_new", "chat_kick_user", ""),
                        tuple("message_new", "", "Вопрос"),
                        tuple("message_reply", "Ответ", ""),
                        tuple("message_edit", "Ответ!", ""));
        assertThat(updates.get(2).at("/object/message/action/member_id").asLong()).isEqualTo(pupil.id());
        assertThat(updates.get(2).at("/object/message/from_id").asLong()).isEqualTo(teacher.id());
        assertThat(updates.get(3).at("/object/message/action/text").asString()).isEqualTo("6А");
        assertThat(updates).allSatisfy(u -> assertThat(u.has("secret")).isFalse());
    }

    @Test
    void longPoll_whenServerRequested_expectedUrlOnFakeWithKeyAndStringTs() {
        JsonNode server = longPollServer();

        assertThat(server.get("server").asString()).startsWith(fake.baseUri() + "whp/");
        assertThat(server.get("key").asString()).isNotEmpty();
        assertThat(server.get("ts").isString()).isTrue();
        JsonNode empty = poll(server, server.get("ts").asString(), 0);
        assertThat(empty.get("updates")).isEmpty();
        assertThat(empty.get("ts").asString()).isEqualTo(server.get("ts").asString());
    }

    @Test
    void longPoll_whenWaitingAndEventArrives_expectedAnswerBeforeWaitEnds() throws Exception {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
        JsonNode server = longPollServer();
        String ts = server.get("ts").asString();
        CompletableFuture<HttpResponse<String>> pending = HttpClient.newHttpClient().sendAsync(
                vk.get(server.get("server").asString() + "?act=a_check&key=" + server.get("key").asString()
                        + "&ts=" + ts + "&wait=90"), HttpResponse.BodyHandlers.ofString());
        Await.until("the poll is waiting", () -> fake.events().waitingPolls(school) == 1);

        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "Есть кто?");

        JsonNode answer = VkHttp.json(pending.get(30, TimeUnit.SECONDS));
        assertThat(answer.get("updates")).singleElement()
                .satisfies(u -> assertThat(u.at("/object/message/text").asString()).isEqualTo("Есть кто?"));
        assertThat(Long.parseLong(answer.get("ts").asString())).isGreaterThan(Long.parseLong(ts));
    }

    @Test
    void longPoll_whenFailed2Injected_expectedNewKeyNeededAndTsKept() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
        JsonNode server = longPollServer();
        String ts = server.get("ts").asString();
        fake.events().failNextPoll(school, 2);

        assertThat(poll(server, ts, 0).toString()).isEqualTo("{\"failed\":2}");
        assertThat(poll(server, ts, 0).get("failed").asInt()).isEqualTo(2);
        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "после смены ключа");
        JsonNode fresh = longPollServer();
        assertThat(fresh.get("key").asString()).isNotEqualTo(server.get("key").asString());
        assertThat(poll(fresh, ts, 0).get("updates")).hasSize(1);
    }

    @Test
    void longPoll_whenFailed1Injected_expectedCurrentTsToContinueFrom() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
        JsonNode server = longPollServer();
        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "потеряется");
        fake.events().failNextPoll(school, 1);

        JsonNode failed = poll(server, server.get("ts").asString(), 0);

        assertThat(failed.get("failed").asInt()).isEqualTo(1);
        assertThat(poll(server, failed.get("ts").asString(), 0).get("updates")).isEmpty();
    }

    @Test
    void longPoll_whenFailed3Injected_expectedNewKeyAndTsRequired() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
        JsonNode server = longPollServer();
        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "пропадёт");
        fake.events().failNextPoll(school, 3);

        assertThat(poll(server, server.get("ts").asString(), 0).toString()).isEqualTo("{\"failed\":3}");
        JsonNode fresh = longPollServer();
        assertThat(poll(fresh, server.get("ts").asString(), 0).get("failed").asInt()).isEqualTo(1);
        assertThat(poll(fresh, fresh.get("ts").asString(), 0).get("updates")).isEmpty();
    }

    @Test
    void longPoll_whenTsOlderThanHistory_expectedFailed1() {
        try (FakeVk small = FakeVk.builder().rateLimitsEnabled(false).longPollHistory(2).start()) {
            VkHttp client = new VkHttp(small);
            FakeCommunity community = small.createCommunity("Школа");
            FakeUser user = small.createUser("Иван", "Сидоров");
            JsonNode server = client.ok(community.token(), "groups.getLongPollServer", "group_id",
                    String.valueOf(community.id()));
            for (int i = 0; i < 4; i++) {
                small.sendMessage(user.id(), community.ownerId(), "сообщение " + i);
            }

            JsonNode answer = VkHttp.json(client.send(client.get(server.get("server").asString() + "?act=a_check&key="
                    + server.get("key").asString() + "&ts=" + server.get("ts").asString() + "&wait=0")));

            assertThat(answer.get("failed").asInt()).isEqualTo(1);
            assertThat(answer.get("ts").asString()).isEqualTo("4");
        }
    }

    @Test
    void longPoll_whenKeyWrong_expectedFailed2() {
        JsonNode server = longPollServer();

        JsonNode answer = VkHttp.json(vk.send(vk.get(server.get("server").asString() + "?act=a_check&key=nope&ts="
                + server.get("ts").asString() + "&wait=0")));

        assertThat(answer.get("failed").asInt()).isEqualTo(2);
    }

    @Test
    void publish_whenCustomEvent_expectedOnLongPollAsIs() {
        JsonNode server = longPollServer();

        fake.events().publish(school, "message_event", "{\"user_id\":" + pupil.id() + ",\"peer_id\":" + pupil.id()
                + ",\"event_id\":\"a7f3bc9d\",\"payload\":{\"lesson\":42},\"conversation_message_id\":5}");

        JsonNode update = allUpdates(server).get(0);
        assertThat(update.get("type").asString()).isEqualTo("message_event");
        assertThat(update.at("/object/payload/lesson").asInt()).isEqualTo(42);
    }

    @Test
    void groupsMethods_whenOtherCommunityOrNonAdmin_expectedError15() {
        FakeCommunity other = fake.createCommunity("Другая школа");

        assertThat(vk.errorCode(other.token(), "groups.getLongPollServer", "group_id", String.valueOf(school.id())))
                .isEqualTo(15);
        assertThat(vk.errorCode(fake.userToken(pupil), "groups.getCallbackConfirmationCode", "group_id",
                String.valueOf(school.id()))).isEqualTo(15);
        assertThat(vk.ok(fake.userToken(teacher), "groups.getCallbackConfirmationCode", "group_id",
                String.valueOf(school.id())).get("code").asString()).isEqualTo(fake.events().confirmationCode(school));
    }

    @Test
    void addCallbackServer_whenMoreThanTen_expectedError2000() {
        String group = String.valueOf(school.id());
        for (int i = 0; i < 10; i++) {
            vk.ok(school.token(), "groups.addCallbackServer", "group_id", group, "url", receiver.url().toString(),
                    "title", "s" + i);
        }

        assertThat(vk.errorCode(school.token(), "groups.addCallbackServer", "group_id", group, "url",
                receiver.url().toString(), "title", "eleven")).isEqualTo(2000);
    }
}
