package dev.sferum.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** calls.start / calls.forceFinish, users.get, and the execute subset a batcher emits. */
class CallsAndExecuteTest {

    private FakeVk fake;
    private VkHttp vk;
    private FakeUser teacher;
    private FakeUser pupil;
    private FakeCommunity school;
    private FakeToken teacherToken;

    @BeforeEach
    void start() {
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        vk = new VkHttp(fake);
        teacher = fake.createUser("Анна", "Петрова");
        pupil = fake.createUser("Иван", "Сидоров");
        school = fake.createCommunity("Школа №1", teacher);
        teacherToken = fake.userToken(teacher);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void start_whenCalledTwice_expectedTwoDistinctCallsWithUuidAndJoinLink() {
        JsonNode first = vk.ok(teacherToken, "calls.start");
        JsonNode second = vk.ok(teacherToken, "calls.start", "group_id", String.valueOf(school.id()));

        assertThat(first.get("call_id").asString()).hasSize(36)
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(first.get("join_link").asString()).startsWith("https://vk.com/call/join/");
        assertThat(first.has("ok_join_link")).isTrue();
        assertThat(first.at("/short_credentials/password").asString()).isNotEmpty();
        assertThat(second.get("call_id").asString()).isNotEqualTo(first.get("call_id").asString());
        assertThat(fake.calls()).extracting(FakeCall::groupId).containsExactly(0L, school.id());
        assertThat(fake.calls()).extracting(FakeCall::initiatorId).containsOnly(teacher.id());
    }

    @Test
    void start_whenGroupIdOfCommunityUserDoesNotAdminister_expectedError15() {
        assertThat(vk.errorCode(fake.userToken(pupil), "calls.start", "group_id", String.valueOf(school.id())))
                .isEqualTo(15);
    }

    @Test
    void forceFinish_whenStarted_expectedFinishedAndSecondFinishAlsoOk() {
        String callId = vk.ok(teacherToken, "calls.start").get("call_id").asString();

        assertThat(vk.ok(teacherToken, "calls.forceFinish", "call_id", callId).asInt()).isEqualTo(1);
        assertThat(vk.ok(teacherToken, "calls.forceFinish", "call_id", callId).asInt()).isEqualTo(1);

        assertThat(fake.calls()).singleElement().satisfies(c -> {
            assertThat(c.isFinished()).isTrue();
            assertThat(c.finishedAt()).contains(fake.clock().now());
        });
    }

    @Test
    void forceFinish_whenIdNot36Characters_expectedError100() {
        assertThat(vk.errorCode(teacherToken, "calls.forceFinish", "call_id", "abc")).isEqualTo(100);
    }

    @Test
    void forceFinish_whenUnknownCall_expectedError104() {
        assertThat(vk.errorCode(teacherToken, "calls.forceFinish", "call_id",
                "00000000-0000-4000-8000-000000000000")).isEqualTo(104);
    }

    @Test
    void forceFinish_whenAnotherUsersCall_expectedError15() {
        String callId = vk.ok(teacherToken, "calls.start").get("call_id").asString();

        assertThat(vk.errorCode(fake.userToken(pupil), "calls.forceFinish", "call_id", callId)).isEqualTo(15);
    }

    @Test
    void usersGet_whenIdsAndScreenNames_expectedProfilesAndUnknownIdsSkipped() {
        JsonNode users = vk.ok(school.token(), "users.get", "user_ids", teacher.id() + ",id" + pupil.id() + ",987654",
                "fields", "screen_name");

        assertThat(users).extracting(u -> u.get("last_name").asString()).containsExactly("Петрова", "Сидоров");
        assertThat(users.get(1).get("screen_name").asString()).isEqualTo("id" + pupil.id());
        assertThat(vk.ok(teacherToken, "users.get").get(0).get("id").asLong()).isEqualTo(teacher.id());
    }

    @Test
    void execute_whenBatchWithOneFailingCall_expectedFalseSlotAndExecuteErrorsInOrder() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
        long chatId = chat.chatIdFor(school.ownerId());
        String code = "return [API.messages.getInviteLink({\"peer_id\": " + chat.peerIdFor(school.ownerId()) + "}),\n"
                + "  API.messages.removeChatUser({\"chat_id\": " + chatId + ", \"user_id\": " + teacher.id() + "}),\n"
                + "  API.messages.send({peer_id: " + chat.peerIdFor(school.ownerId())
                + ", message: 'Привет', random_id: 5, disable_mentions: true})];";

        JsonNode body = vk.call(school.token(), "execute", "code", code);

        JsonNode response = body.get("response");
        assertThat(response).hasSize(3);
        assertThat(response.get(0).get("link").asString()).startsWith("https://vk.me/join/");
        assertThat(response.get(1).isBoolean()).isTrue();
        assertThat(response.get(1).asBoolean()).isFalse();
        assertThat(response.get(2).asLong()).isPositive();
        JsonNode errors = body.get("execute_errors");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.get("method").asString()).isEqualTo("messages.removeChatUser");
            assertThat(e.get("error_code").asInt()).isEqualTo(935);
        });
        assertThat(fake.requestCount("execute")).isEqualTo(1);
        assertThat(fake.requestCount("messages.send")).isZero();
        assertThat(fake.methodCallCount("messages.send")).isEqualTo(1);
    }

    @Test
    void execute_whenSingleCallScript_expectedBareResult() {
        JsonNode body = vk.call(school.token(), "execute", "code",
                "return API.users.get({\"user_ids\": [" + teacher.id() + ", " + pupil.id() + "]});");

        assertThat(body.get("response")).hasSize(2);
        assertThat(body.has("execute_errors")).isFalse();
    }

    @Test
    void execute_whenInnerMethodNotAllowedForToken_expectedSlotError27() {
        JsonNode body = vk.call(school.token(), "execute", "code", "return [API.calls.start({})];");

        assertThat(body.at("/response/0").asBoolean(true)).isFalse();
        assertThat(body.at("/execute_errors/0/error_code").asInt()).isEqualTo(27);
    }

    @Test
    void execute_whenScriptOutsideSubset_expectedError12() {
        assertThat(vk.errorCode(school.token(), "execute", "code",
                "var a = API.users.get({\"user_ids\": 1}); return a;")).isEqualTo(12);
        assertThat(vk.errorCode(school.token(), "execute", "code", "return [API.users.get({\"user_ids\": 1})")).isEqualTo(12);
        assertThat(vk.errorCode(school.token(), "execute", "code", "return API.users.get(Args.ids);")).isEqualTo(12);
    }

    @Test
    void execute_whenMoreThan25Calls_expectedError13() {
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            calls.add("API.users.get({\"user_ids\": " + teacher.id() + "})");
        }

        assertThat(vk.errorCode(school.token(), "execute", "code", "return [" + String.join(",", calls) + "];"))
                .isEqualTo(13);
    }

    @Test
    void execute_whenInnerCallHasQueuedVkError_expectedOnlyThatSlotFails() {
        fake.faults().failNext("users.get", 1, 10);

        JsonNode body = vk.call(school.token(), "execute", "code",
                "return [API.users.get({user_ids: " + teacher.id() + "}), API.users.get({user_ids: " + pupil.id()
                        + "})];");

        assertThat(body.at("/response/0").asBoolean(true)).isFalse();
        assertThat(body.at("/response/1/0/id").asLong()).isEqualTo(pupil.id());
        assertThat(body.at("/execute_errors/0/error_code").asInt()).isEqualTo(10);
        assertThat(fake.faults().pending("users.get")).isZero();
    }
}
