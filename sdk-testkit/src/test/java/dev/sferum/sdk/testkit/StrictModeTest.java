package dev.sferum.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sferum.sdk.testkit.StrictViolation.Rule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Strict mode on the VK fake: what VK's 5.199 schema does not allow is refused as VK refuses it and recorded in
 * {@link FakeVk#strictViolations()}. The MAX side is {@code max.MaxStrictModeTest}.
 */
class StrictModeTest {

    private FakeVk fake;
    private VkHttp vk;
    private FakeCommunity school;
    private FakeUser teacher;
    private long peer;

    @BeforeEach
    void start() {
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        vk = new VkHttp(fake);
        teacher = fake.createUser("Анна", "Петрова");
        FakeUser pupil = fake.createUser("Иван", "Сидоров");
        school = fake.createCommunity("Школа №1", teacher);
        peer = fake.createChat(school.ownerId(), "5А", pupil).peerIdFor(school.ownerId());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void send_whenParameterTheSchemaDoesNotList_expectedError100NamingItAndViolationRecorded() {
        JsonNode error = vk.call(school.token(), "messages.send", "peer_id", String.valueOf(peer), "random_id", "1",
                "message", "Привет", "silent", "1").get("error");

        assertThat(error.get("error_code").asInt()).isEqualTo(100);
        assertThat(error.get("error_msg").asString())
                .isEqualTo("One of the parameters specified was missing or invalid: silent is not a parameter of "
                        + "messages.send");
        assertThat(fake.strictViolations()).singleElement().satisfies(v -> {
            assertThat(v.operation()).isEqualTo("messages.send");
            assertThat(v.parameter()).isEqualTo("silent");
            assertThat(v.rule()).isEqualTo(Rule.UNKNOWN_PARAMETER);
            assertThat(v.message()).isEqualTo(error.get("error_msg").asString());
        });
        assertThat(fake.messagesIn(school.ownerId(), peer)).extracting(FakeMessage::text).doesNotContain("Привет");
    }

    @Test
    void removeChatUser_whenRequiredParameterMissing_expectedError100NamingIt() {
        JsonNode error = vk.call(school.token(), "messages.removeChatUser", "user_id", String.valueOf(teacher.id()))
                .get("error");

        assertThat(error.get("error_code").asInt()).isEqualTo(100);
        assertThat(error.get("error_msg").asString()).endsWith(": chat_id is undefined");
        assertThat(fake.strictViolations()).extracting(StrictViolation::parameter, StrictViolation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("chat_id", Rule.MISSING_REQUIRED));
    }

    @Test
    void getHistory_whenIntegerParameterIsNotANumber_expectedError100() {
        assertThat(vk.errorCode(school.token(), "messages.getHistory", "peer_id", String.valueOf(peer), "count",
                "ten")).isEqualTo(100);
        assertThat(fake.strictViolations()).extracting(StrictViolation::rule).containsExactly(Rule.INVALID_VALUE);
    }

    @Test
    void send_whenServiceToken_expectedError28AndViolationRecorded() {
        FakeToken service = fake.serviceToken(51234567);

        assertThat(vk.errorCode(service, "messages.send", "peer_id", String.valueOf(peer), "random_id", "1",
                "message", "Привет")).isEqualTo(28);
        assertThat(fake.strictViolations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rule.WRONG_TOKEN_KIND);
            assertThat(v.parameter()).isEqualTo("access_token");
            assertThat(v.operation()).isEqualTo("messages.send");
        });
    }

    @Test
    void execute_whenServiceToken_expectedError28AsTheSchemaAllowsOnlyUserAndGroup() {
        FakeToken service = fake.serviceToken(51234567);

        assertThat(vk.errorCode(service, "execute", "code", "return API.users.get({\"user_ids\": 1001});"))
                .isEqualTo(28);
        assertThat(fake.strictViolations()).extracting(StrictViolation::operation, StrictViolation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("execute", Rule.WRONG_TOKEN_KIND));
    }

    @Test
    void execute_whenInnerCallHasUnknownParameter_expectedThatSlotFailsWith100() {
        String code = "return [API.messages.getInviteLink({\"peer_id\": " + peer + "}),"
                + " API.messages.getInviteLink({\"peer_id\": " + peer + ", \"colour\": \"red\"})];";

        JsonNode body = vk.call(school.token(), "execute", "code", code);

        assertThat(body.at("/response/0/link").asString()).startsWith("https://vk.me/join/");
        assertThat(body.at("/response/1").asBoolean(true)).isFalse();
        assertThat(body.at("/execute_errors/0/error_code").asInt()).isEqualTo(100);
        assertThat(fake.strictViolations()).extracting(StrictViolation::operation, StrictViolation::parameter)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("messages.getInviteLink", "colour"));
    }

    @Test
    void send_whenSchemaConformingCall_expectedNoViolation() {
        vk.ok(school.token(), "messages.send", "peer_id", String.valueOf(peer), "random_id", "1", "message", "Привет",
                "disable_mentions", "1", "lang", "ru");

        assertThat(fake.strictViolations()).isEmpty();
    }

    @Test
    void send_whenStrictOff_expectedUnknownParameterIgnoredAsRealVkDoes() {
        try (FakeVk lax = FakeVk.builder().strict(false).start()) {
            VkHttp laxVk = new VkHttp(lax);
            FakeCommunity community = lax.createCommunity("Школа №2");
            FakeUser pupil = lax.createUser("Пётр", "Иванов");
            long chat = lax.createChat(community.ownerId(), "6Б", pupil).peerIdFor(community.ownerId());

            laxVk.ok(community.token(), "messages.send", "peer_id", String.valueOf(chat), "random_id", "1",
                    "message", "Привет", "silent", "1");

            assertThat(lax.strictViolations()).isEmpty();
        }
    }

    @Test
    void clearRequests_whenViolationsRecorded_expectedThemForgotten() {
        vk.errorCode(school.token(), "messages.getHistory", "peer_id", String.valueOf(peer), "colour", "red");
        assertThat(fake.strictViolations()).hasSize(1);

        fake.clearRequests();

        assertThat(fake.strictViolations()).isEmpty();
    }

    @Test
    void send_whenJsonBody_expectedError8AsVkHasNoJsonBodies() {
        // VK's analogue of a MAX body missing a required key: VK takes no JSON body at all.
        var response = vk.send(java.net.http.HttpRequest.newBuilder(fake.baseUri().resolve("method/messages.send"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + school.token().value())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"peer_id\": " + peer + "}")).build());

        assertThat(VkHttp.json(response).at("/error/error_code").asInt()).isEqualTo(8);
    }
}
