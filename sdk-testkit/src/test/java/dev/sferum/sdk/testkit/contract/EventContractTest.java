package dev.sferum.sdk.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sferum.sdk.testkit.support.CallbackReceiver;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The events the fake emits, compared with VK's documented examples: Callback API bodies and Bots Long Poll
 * answers must carry every recorded field with the same JSON type, and event objects must satisfy VK's schema.
 */
class EventContractTest {

    private static final VkSchema SCHEMA = new VkSchema();
    private static final String MESSAGE_OBJECT = "callback/objects.json#/definitions/callback_message_object";

    private FakeVk fake;
    private CallbackReceiver receiver;
    private FakeCommunity school;
    private FakeUser pupil;
    private FakeChat chat;
    private JsonNode longPoll;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        school = fake.createCommunity("Школа №1");
        pupil = fake.createUser("Иван", "Сидоров");
        chat = fake.createChat(school.ownerId(), "5А", pupil);
        receiver = new CallbackReceiver().confirmWith(() -> fake.events().confirmationCode(school));
        fake.events().addCallbackServer(school, receiver.url(), "s3cr3t");
        longPoll = get(fake.baseUri().resolve("method/groups.getLongPollServer?v=5.199&group_id=" + school.id()
                + "&access_token=" + school.token().value())).body().get("response");
    }

    @AfterEach
    void stop() {
        receiver.close();
        fake.close();
    }

    private Answer get(URI uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), Answer.JSON.readTree(response.body()));
    }

    private Answer poll(String ts) throws Exception {
        return get(URI.create(longPoll.get("server").asString() + "?act=a_check&key=" + longPoll.get("key").asString()
                + "&ts=" + ts + "&wait=0"));
    }

    private static void assertSameShape(Answer recorded, Answer actual) {
        assertThat(actual.status()).isEqualTo(recorded.status());
        assertThat(VkSchema.missingShape(recorded.body(), actual.body())).as("fake answered %s", actual.body())
                .isEmpty();
    }

    @Test
    void messageNew_whenUserWritesInChat_expectedCallbackBodyOfRecordedShape() {
        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "Добрый день");

        receiver.awaitEvents(1);
        JsonNode event = receiver.events().get(0).body();

        assertSameShape(Answer.recorded("contract/events/message_new-text.json"), new Answer(200, event));
        assertThat(SCHEMA.validate(event.get("object"), MESSAGE_OBJECT)).isEmpty();
    }

    @Test
    void messageNew_whenCommunityInvitesUser_expectedActionEventOfRecordedShape() {
        FakeUser parent = fake.createUser("Мария", "Сидорова");

        fake.addChatMember(chat, parent.id());

        receiver.awaitEvents(1);
        JsonNode event = receiver.events().get(0).body();
        assertSameShape(Answer.recorded("contract/events/message_new-chat_invite_user.json"), new Answer(200, event));
        assertThat(event.at("/object/message/out").asInt()).isEqualTo(1);
        assertThat(SCHEMA.validate(event.get("object"), MESSAGE_OBJECT)).isEmpty();
    }

    @Test
    void longPoll_whenEventQueued_expectedUpdatesOfRecordedShape() throws Exception {
        fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "Добрый день");

        Answer answer = poll(longPoll.get("ts").asString());

        assertSameShape(Answer.recorded("contract/events/longpoll-updates.json"), answer);
        assertThat(answer.body().at("/updates/0").has("secret")).isFalse();
        assertThat(SCHEMA.validate(answer.body().at("/updates/0/object"), MESSAGE_OBJECT)).isEmpty();
    }

    @Test
    void longPoll_whenFailuresInjected_expectedFailedBodiesOfRecordedShape() throws Exception {
        for (int failed : List.of(1, 2, 3)) {
            fake.events().failNextPoll(school, failed);

            Answer recorded = Answer.recorded("contract/events/longpoll-failed" + failed + ".json");
            Answer answer = poll(longPoll.get("ts").asString());

            assertSameShape(recorded, answer);
            assertThat(answer.body().properties()).hasSameSizeAs(recorded.body().properties());
        }
    }
}
