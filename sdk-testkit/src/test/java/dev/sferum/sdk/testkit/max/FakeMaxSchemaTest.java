package dev.sferum.sdk.testkit.max;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FakeMax refuses what MAX's OpenAPI refuses, with MAX's {@code {code,message}} and a 400: a NewMessageBody without
 * its required keys, a member removal without {@code user_id}, ids and limits that are not numbers.
 */
class FakeMaxSchemaTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FakeMax fake;
    private String token;
    private FakeMaxChat chat;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        fake = FakeMax.start();
        FakeMaxUser teacher = fake.createUser("Анна", "Петрова");
        FakeMaxUser pupil = fake.createUser("Иван", "Сидоров");
        FakeMaxBot bot = fake.createBot("Школьный бот");
        token = fake.issueToken(bot);
        chat = fake.addBot(fake.createChat(teacher, "7Б", pupil), bot, true);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUri().toString().replaceAll("/$", "") + pathAndQuery))
                .header("Authorization", token).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertMaxError(HttpResponse<String> r, String inMessage) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("code").asString()).isEqualTo("proto.payload");
        assertThat(body.path("message").asString()).contains(inMessage);
    }

    @Test
    void postMessages_withoutTheKeysNewMessageBodyRequires_is400() throws Exception {
        assertMaxError(send("POST", "/messages?chat_id=" + chat.id(), "{\"text\":\"Привет\"}"), "attachments");
        assertMaxError(send("POST", "/messages?chat_id=" + chat.id(), "{\"text\":\"Привет\",\"attachments\":null}"), "link");
        assertMaxError(send("POST", "/messages?chat_id=" + chat.id(), "{\"text\":5,\"attachments\":null,\"link\":null}"), "text");

        HttpResponse<String> ok = send("POST", "/messages?chat_id=" + chat.id(), "{\"text\":\"Привет\",\"attachments\":null,\"link\":null}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        String mid = JSON.readTree(ok.body()).path("message").path("body").path("mid").asString();
        assertMaxError(send("PUT", "/messages?message_id=" + mid, "{\"text\":\"Пока\"}"), "attachments");
        assertThat(send("PUT", "/messages?message_id=" + mid, "{\"text\":\"Пока\",\"attachments\":null,\"link\":null}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void deleteMember_withoutUserId_is400NotAnUnsuccessfulSuccess() throws Exception {
        assertMaxError(send("DELETE", "/chats/" + chat.id() + "/members", null), "user_id");
    }

    @Test
    void numbers_whenNotNumeric_are400NotZero() throws Exception {
        assertMaxError(send("DELETE", "/chats/" + chat.id() + "/members?user_id=abc", null), "user_id");
        assertMaxError(send("GET", "/chats/abc", null), "chatId");
        assertMaxError(send("GET", "/messages?chat_id=x1", null), "chat_id");
        assertMaxError(send("GET", "/chats?count=ten", null), "count");
        assertMaxError(send("GET", "/updates?limit=lots&timeout=0", null), "limit");
    }
}
