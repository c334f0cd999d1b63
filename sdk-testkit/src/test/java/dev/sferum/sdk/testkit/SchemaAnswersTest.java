package dev.sferum.sdk.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FakeVk answers what VK's schema (5.199) says for methods it once called unknown (error 3), for an unknown
 * callback server (104, not 100) and for {@code execute} with a service token (user and group only).
 */
class SchemaAnswersTest {
    private FakeVk fake;
    private VkHttp vk;
    private FakeUser teacher;
    private FakeUser pupil;
    private FakeCommunity school;

    @BeforeEach
    void start() {
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        vk = new VkHttp(fake);
        teacher = fake.createUser("Анна", "Петрова");
        pupil = fake.createUser("Иван", "Сидоров");
        school = fake.createCommunity("Школа №1", teacher);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void getById_whenTheMessageIsTheCallers_answersItAndLeavesUnknownIdsOut() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
        JsonNode sent = vk.ok(school.token(), "messages.send", "peer_id", String.valueOf(chat.peerIdFor(school.ownerId())),
                "message", "Домашнее задание", "random_id", "7");
        long id = sent.asLong();

        JsonNode answer = vk.ok(school.token(), "messages.getById", "message_ids", id + ",999999");

        assertThat(answer.get("count").asInt()).isEqualTo(1);
        assertThat(answer.get("items").get(0).get("text").asString()).isEqualTo("Домашнее задание");
        FakeUser stranger = fake.createUser("Пётр", "Чужой");
        assertThat(vk.ok(fake.userToken(stranger), "messages.getById", "message_ids", String.valueOf(id)).get("count").asInt())
                .as("not a party to the chat").isZero();
    }

    @Test
    void deleteChatPhoto_byAnAdmin_answersTheServiceMessageAndTheChat_andOthersGet925() {
        FakeChat chat = fake.createChat(teacher.id(), "Родители 5А", pupil);
        String chatId = String.valueOf(chat.chatIdFor(teacher.id()));

        JsonNode answer = vk.ok(fake.userToken(teacher), "messages.deleteChatPhoto", "chat_id", chatId);

        assertThat(answer.get("message_id").asLong()).isPositive();
        assertThat(answer.get("chat").get("title").asString()).isEqualTo("Родители 5А");
        assertThat(vk.errorCode(fake.userToken(pupil), "messages.deleteChatPhoto", "chat_id",
                String.valueOf(chat.chatIdFor(pupil.id())))).isEqualTo(925);
    }

    @Test
    void setChatPhotoAndAddChatUsers_exist_andAnswerInTheSchemasTerms() {
        FakeChat chat = fake.createChat(teacher.id(), "Родители 5А", pupil);
        String chatId = String.valueOf(chat.chatIdFor(teacher.id()));

        assertThat(vk.errorCode(fake.userToken(teacher), "messages.setChatPhoto", "file", "not-an-upload")).as("upload error").isEqualTo(22);
        JsonNode added = vk.ok(fake.userToken(teacher), "messages.addChatUsers", "chat_id", chatId);
        assertThat(added.has("failed_peer_ids")).isTrue();
        assertThat(added.has("failed_phone_numbers")).isTrue();
        assertThat(added.has("invitees")).isTrue();
    }

    @Test
    void editCallbackServer_whenTheServerIsUnknown_is104() {
        assertThat(vk.errorCode(school.token(), "groups.editCallbackServer", "group_id", String.valueOf(school.id()),
                "server_id", "4242", "url", "https://school.example/vk", "title", "bot")).isEqualTo(104);
    }

    @Test
    void execute_withAServiceToken_is28() {
        FakeToken service = fake.serviceToken(51234567);

        assertThat(vk.errorCode(service, "execute", "code", "return API.users.get({\"user_ids\": 1});")).isEqualTo(28);
        assertThat(vk.ok(service, "users.get", "user_ids", String.valueOf(teacher.id()))).as("users.get itself takes it").hasSize(1);
    }
}
