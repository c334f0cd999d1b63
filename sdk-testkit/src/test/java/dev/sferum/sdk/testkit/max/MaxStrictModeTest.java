package dev.sferum.sdk.testkit.max;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.sferum.sdk.testkit.StrictViolation;
import dev.sferum.sdk.testkit.StrictViolation.Rule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict mode on the MAX fake: what MAX's OpenAPI does not allow is answered 400 with MAX's {@code {code, message}}
 * and recorded in {@link FakeMax#strictViolations()}. The VK side is {@code StrictModeTest}.
 */
class MaxStrictModeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeMax fake;
    private FakeMaxBot bot;
    private FakeMaxChat chat;

    @BeforeEach
    void start() {
        fake = FakeMax.builder().rateLimitsEnabled(false).start();
        bot = fake.createBot("Школьный бот");
        FakeMaxUser teacher = fake.createUser("Анна", "Петрова");
        chat = fake.addBot(fake.createChat(teacher, "5А"), bot, true);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void send_whenBodyMissesRequiredKey_expected400NamingItAndNothingSent() throws Exception {
        // NewMessageBody requires text, attachments and link (each may be null).
        HttpResponse<String> response = send("POST", "/messages?chat_id=" + chat.id(), bot.token(),
                "{\"text\":\"Привет\",\"link\":null}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asString()).isEqualTo("proto.payload");
        assertThat(body.get("message").asString()).isEqualTo("body.attachments: is required");
        assertThat(fake.strictViolations()).singleElement().satisfies(v -> {
            assertThat(v.operation()).isEqualTo("POST /messages");
            assertThat(v.parameter()).isEqualTo("body.attachments");
            assertThat(v.rule()).isEqualTo(Rule.MISSING_REQUIRED);
        });
        assertThat(fake.messagesIn(chat.id())).extracting(FakeMaxMessage::visibleText).doesNotContain("Привет");
    }

    @Test
    void send_whenAllRequiredKeysPresentWithNulls_expectedSentAndNoViolation() throws Exception {
        HttpResponse<String> response = send("POST", "/messages?chat_id=" + chat.id(), bot.token(),
                "{\"text\":\"Привет\",\"attachments\":null,\"link\":null,\"format\":\"markdown\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(fake.strictViolations()).isEmpty();
    }

    @Test
    void send_whenQueryParameterTheSchemaDoesNotList_expected400NamingIt() throws Exception {
        HttpResponse<String> response = send("POST", "/messages?chat_id=" + chat.id() + "&silent=true", bot.token(),
                "{\"text\":\"Привет\",\"attachments\":null,\"link\":null}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("message").asString())
                .isEqualTo("silent: is not a parameter of POST /messages");
        assertThat(fake.strictViolations()).extracting(StrictViolation::parameter, StrictViolation::rule)
                .containsExactly(tuple("silent", Rule.UNKNOWN_PARAMETER));
    }

    @Test
    void removeMember_whenRequiredQueryParameterMissing_expected400() throws Exception {
        HttpResponse<String> response = send("DELETE", "/chats/" + chat.id() + "/members", bot.token(), null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fake.strictViolations()).extracting(StrictViolation::parameter, StrictViolation::rule)
                .containsExactly(tuple("user_id", Rule.MISSING_REQUIRED));
    }

    @Test
    void send_whenWrongTypeOrEnumValue_expected400() throws Exception {
        assertThat(send("POST", "/messages?chat_id=" + chat.id(), bot.token(),
                "{\"text\":\"Привет\",\"attachments\":null,\"link\":null,\"format\":\"bbcode\"}").statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/updates?limit=many", bot.token(), null).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/messages?chat_id=" + chat.id(), bot.token(),
                "{\"text\":\"x\",\"attachments\":[{\"type\":\"hologram\"}],\"link\":null}").statusCode())
                .isEqualTo(400);

        assertThat(fake.strictViolations()).extracting(StrictViolation::parameter)
                .containsExactly("body.format", "limit", "body.attachments[0].type");
        assertThat(fake.strictViolations()).extracting(StrictViolation::rule).containsOnly(Rule.INVALID_VALUE);
    }

    @Test
    void anyOperation_whenTokenIsNotARawBotToken_expected401AsMaxHasOneTokenKind() throws Exception {
        // MAX's analogue of VK's wrong token kind: MAX knows only bot tokens, sent raw; anything else is refused.
        HttpResponse<String> response = send("GET", "/me", "Bearer " + bot.token(), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo("verify.token");
    }

    @Test
    void send_whenStrictOff_expectedTheFakesOwnChecksOnly() throws Exception {
        try (FakeMax lax = FakeMax.builder().strict(false).start()) {
            FakeMaxBot laxBot = lax.createBot("Бот");
            FakeMaxChat laxChat = lax.addBot(lax.createChat(lax.createUser("Анна", "Петрова"), "6Б"), laxBot, true);

            // A query parameter MAX's OpenAPI does not list: strict mode's refusal, not the handler's own check (a body
            // missing NewMessageBody's required keys is refused in either mode, as MAX refuses it).
            HttpResponse<String> response = send(lax.baseUri(), "POST", "/messages?chat_id=" + laxChat.id() + "&colour=red",
                    laxBot.token(), "{\"text\":\"Привет\",\"attachments\":null,\"link\":null}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(lax.strictViolations()).isEmpty();
        }
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String token, String body)
            throws IOException, InterruptedException {
        return send(fake.baseUri(), method, pathAndQuery, token, body);
    }

    private HttpResponse<String> send(URI base, String method, String pathAndQuery, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).header("Authorization", token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
