package dev.sferum.sdk.spring;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.chat.event.MessageNew;
import dev.sferum.sdk.max.MaxWebhookReceiver;
import dev.sferum.sdk.spring.apps.TestApp;
import dev.sferum.sdk.testkit.max.FakeMax;
import dev.sferum.sdk.testkit.max.FakeMaxBot;
import dev.sferum.sdk.testkit.max.FakeMaxChat;
import dev.sferum.sdk.testkit.max.FakeMaxUser;
import dev.sferum.sdk.testkit.max.FakeWebhookDelivery;
import dev.sferum.sdk.testsupport.Secrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * One MAX application on a real port, against the testkit's fake MAX: the webhook's secret check through MockMvc,
 * and the fake's own webhook deliveries reaching handlers; health DOWN once the fake revokes the bot token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = TestApp.class, properties = {
        "management.endpoints.web.exposure.include=health,prometheus",
        "management.endpoint.health.show-details=always",
        "sferum.backend=max",
        "sferum.health.cache-for=0s"})
@AutoConfigureMockMvc
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaxWebTest {
    private static final String SECRET = Secrets.register("max-hook-secret-CANARY");
    private static final FakeMax FAKE = FakeMax.builder().rateLimitsEnabled(false).start();
    private static final FakeMaxBot BOT = FAKE.createBot("Школьный бот");
    private static final FakeMaxUser TEACHER = FAKE.createUser("Анна", "Иванова");
    private static final FakeMaxChat CHAT = FAKE.addBot(FAKE.createChat(TEACHER, "7Б"), BOT, true);

    @DynamicPropertySource
    static void sferum(DynamicPropertyRegistry r) {
        Secrets.register(BOT.token());
        r.add("sferum.base-url", () -> FAKE.baseUri().toString());
        r.add("sferum.insecure-http-allowed", () -> "true");
        r.add("sferum.token", BOT::token);
        r.add("sferum.bot-id", BOT::id);
        r.add("sferum.webhook.secret", () -> SECRET);
    }

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    EventStream events;
    @Autowired
    ChatClient chats;
    @LocalServerPort
    int port;

    @Test
    void webhook_withoutTheSecretHeader_isForbidden() throws Exception {
        mvc.perform(post("/sferum/max/webhook").contentType(MediaType.APPLICATION_JSON)
                .content("{\"update_type\":\"message_created\",\"timestamp\":1}")).andExpect(status().isForbidden());
        mvc.perform(post("/sferum/max/webhook").header(MaxWebhookReceiver.SECRET_HEADER, "forged").contentType(MediaType.APPLICATION_JSON)
                .content("{\"update_type\":\"message_created\",\"timestamp\":1}")).andExpect(status().isForbidden());
        mvc.perform(post("/sferum/max/webhook").header(MaxWebhookReceiver.SECRET_HEADER, SECRET).contentType(MediaType.APPLICATION_JSON)
                .content("[]")).andExpect(status().isBadRequest());
    }

    @Test
    void webhook_onTheRealPort_receivesTheFakesUpdates() throws Exception {
        List<MessageNew> seen = new CopyOnWriteArrayList<>();
        events.onMessageNew(seen::add);
        HttpResponse<String> subscribed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(FAKE.baseUri() + "/subscriptions"))
                .header("Authorization", BOT.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"http://127.0.0.1:" + port + "/sferum/max/webhook\",\"secret\":\""
                        + SECRET + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(subscribed.body()).contains("\"success\":true");

        FAKE.postMessage(TEACHER, CHAT.id(), "Завтра экскурсия");

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20); // bounded polling: the fake posts from its own thread, handlers run on the stream's
        }
        assertThat(seen).extracting(m -> m.message().text()).containsExactly("Завтра экскурсия");
        while (FAKE.webhookDeliveries().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20); // the fake records the delivery after our answer reached it
        }
        assertThat(FAKE.webhookDeliveries()).extracting(FakeWebhookDelivery::status).containsExactly(200);
    }

    @Test
    void webhook_onTheRealPort_refusesAWrongSecret_andActuatorShowsNoSecret() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sferum/max/webhook"))
                .header(MaxWebhookReceiver.SECRET_HEADER, "forged").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"update_type\":\"message_created\",\"timestamp\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        for (String path : List.of("/actuator/health", "/actuator/prometheus")) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).as(path).contains("sferum").doesNotContain(SECRET).doesNotContain(BOT.token());
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // revokes the token that the other tests' context shares
    void health_whenTheFakeRevokesTheBotToken_isDown() throws Exception {
        assertThat(health()).contains("\"state\":\"accepted\"");
        FAKE.revoke(BOT.token());
        String down = health();
        assertThat(down).contains("\"status\":\"DOWN\"").contains("\"state\":\"rejected\"").doesNotContain(BOT.token());
    }

    private String health() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
