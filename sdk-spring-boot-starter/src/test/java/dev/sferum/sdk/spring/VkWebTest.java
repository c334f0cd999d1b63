package dev.sferum.sdk.spring;

import dev.sferum.sdk.auth.SignInResult;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.chat.event.MessageNew;
import dev.sferum.sdk.spring.apps.TestApp;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeDelivery;
import dev.sferum.sdk.testkit.FakeOAuthClient;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testsupport.Secrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * One VK application on a real port, against the testkit's fake: the Callback API endpoint (MockMvc and the fake's
 * own Callback sender), VK ID sign-in through the starter's endpoints, Actuator health, info, Prometheus, env and configprops without a secret.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, classes = {TestApp.class, VkWebTest.SignIns.class},
        properties = {
        "management.endpoints.web.exposure.include=health,info,prometheus,env,configprops",
        "management.endpoint.health.show-details=always",
        "sferum.callback.enabled=true",
        "sferum.callback.path=/school/vk-events"})
@AutoConfigureMockMvc
class VkWebTest {
    private static final String SECRET = Secrets.register("callback-secret-CANARY");
    private static final FakeVk FAKE = FakeVk.builder().rateLimitsEnabled(false).start();
    private static final FakeUser TEACHER = FAKE.createUser("Анна", "Петрова");
    private static final FakeCommunity SCHOOL = FAKE.createCommunity("Школа №1", TEACHER);
    private static final FakeChat CHAT = FAKE.createChat(SCHOOL.ownerId(), "5А", TEACHER);
    private static final int PORT = freePort();
    private static final URI REDIRECT = URI.create("http://127.0.0.1:" + PORT + "/sferum/vkid/callback");
    private static final FakeOAuthClient VK_ID_APP = FAKE.oauth().registerClient(REDIRECT);

    /** The application's listener of finished sign-ins. */
    static class SignIns {
        final List<SignInResult> done = new CopyOnWriteArrayList<>();

        @EventListener
        void on(SignInResult result) {
            done.add(result);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void sferum(DynamicPropertyRegistry r) {
        Secrets.register(SCHOOL.token().value());
        r.add("sferum.base-url", () -> FAKE.baseUri().toString());
        r.add("sferum.insecure-http-allowed", () -> "true");
        r.add("sferum.token", () -> SCHOOL.token().value());
        r.add("sferum.group-id", SCHOOL::id);
        r.add("sferum.callback.secret", () -> SECRET);
        r.add("server.port", () -> PORT);
        r.add("sferum.vkid.client-id", VK_ID_APP::clientId);
        r.add("sferum.vkid.redirect-uri", REDIRECT::toString);
        r.add("sferum.vkid.id-base-url", () -> FAKE.baseUri().toString());
        r.add("sferum.vkid.oauth-base-url", () -> FAKE.baseUri().toString());
        r.add("sferum.vkid.success-url", () -> "/signed-in");
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
    @Autowired
    SignIns signIns;
    @LocalServerPort
    int port;

    @Test
    void signIn_throughTheStarterEndpoints_publishesTheResult() throws Exception {
        FAKE.oauth().signIn(TEACHER);
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        URI next = URI.create("http://127.0.0.1:" + port + "/sferum/vkid/sign-in");
        for (int hop = 0; hop < 4 && !next.getPath().equals("/signed-in"); hop++) {
            HttpResponse<String> r = browser.send(HttpRequest.newBuilder(next).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("hop %s to %s: %s", hop, next.getPath(), r.body()).isEqualTo(302);
            next = next.resolve(r.headers().firstValue("Location").orElseThrow());
        }
        assertThat(next.getPath()).isEqualTo("/signed-in");
        assertThat(signIns.done).singleElement().satisfies(done -> {
            Secrets.register(done.tokens().accessToken().reveal());
            assertThat(done.tokens().userId()).isEqualTo(TEACHER.id());
        });
    }

    @Test
    void confirmation_throughMockMvc_answersTheCommunitysCurrentCode() throws Exception {
        String code = Secrets.register(FAKE.events().confirmationCode(SCHOOL));
        mvc.perform(post("/school/vk-events").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"confirmation\",\"group_id\":" + SCHOOL.id() + "}"))
                .andExpect(status().isOk()).andExpect(content().string(code));
    }

    @Test
    void event_withAWrongSecret_isRefusedAndNotDelivered() throws Exception {
        List<MessageNew> seen = new CopyOnWriteArrayList<>();
        events.onMessageNew(seen::add);
        mvc.perform(post("/school/vk-events").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"message_new\",\"group_id\":" + SCHOOL.id() + ",\"event_id\":\"e1\",\"v\":\"5.199\","
                                + "\"secret\":\"forged\",\"object\":{\"message\":{\"id\":1,\"peer_id\":2000000001,\"from_id\":1,"
                                + "\"text\":\"x\",\"date\":1}}}"))
                .andExpect(status().isForbidden());
        assertThat(seen).isEmpty();
    }

    @Test
    void callbackServer_onTheRealPort_isConfirmedAndItsEventsReachHandlers() throws Exception {
        List<MessageNew> seen = new CopyOnWriteArrayList<>();
        events.onMessageNew(seen::add);
        FAKE.events().addCallbackServer(SCHOOL, URI.create("http://127.0.0.1:" + port + "/school/vk-events"), SECRET);
        FAKE.sendMessage(TEACHER.id(), CHAT.peerIdFor(TEACHER.id()), "Завтра контрольная");

        assertThat(FAKE.events().awaitDeliveries(Duration.ofSeconds(20))).isTrue();
        assertThat(FAKE.events().deliveries()).extracting(FakeDelivery::type, FakeDelivery::acknowledged)
                .contains(org.assertj.core.groups.Tuple.tuple("confirmation", true), org.assertj.core.groups.Tuple.tuple("message_new", true));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20); // bounded polling: handlers run on the stream's own thread
        }
        assertThat(seen).extracting(m -> m.message().text()).containsExactly("Завтра контрольная");
    }

    @Test
    void actuator_afterCallsThroughFaults_showsHealthInfoAndSferumMetersWithoutSecrets() throws Exception {
        FAKE.faults().failNext("messages.send", 2, 6);
        chats.send(r -> r.peer(PeerId.chat(CHAT.chatIdFor(SCHOOL.ownerId()))).text("Урок перенесён на 10:00"));

        String health = get("/actuator/health");
        assertThat(health).contains("\"sferum\"").contains("\"state\":\"accepted\"").contains("\"status\":\"UP\"");
        assertThat(get("/actuator/info")).contains("\"sferum\"").contains("\"backend\":\"vk\"");
        String prometheus = get("/actuator/prometheus");
        assertThat(prometheus)
                .contains("sferum_client_calls_seconds_count{backend=\"vk\",method=\"messages.send\",outcome=\"success\"} 1")
                .contains("sferum_client_retries_total{backend=\"vk\",cause=\"throttled\",method=\"messages.send\"} 2")
                .contains("sferum_client_throttled_total{backend=\"vk\",code=\"6\",method=\"messages.send\"} 2")
                .contains("sferum_outbox_pending{outbox=\"sferum\"} 0")
                .contains("sferum_events_queued{stream=\"sferum\"} 0");
        for (String body : List.of(health, prometheus, get("/actuator/env"), get("/actuator/configprops"), get("/actuator/info"))) {
            assertThat(body).doesNotContain(SCHOOL.token().value()).doesNotContain(SECRET).doesNotContain(SCHOOL.token().fingerprint());
        }
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }
}
