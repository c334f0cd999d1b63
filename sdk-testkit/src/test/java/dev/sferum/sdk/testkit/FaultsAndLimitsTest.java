package dev.sferum.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sferum.sdk.testkit.support.Await;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Rate limits (error 6), flood control (9) and the scenario API: scripted, random, latency, drops, 5xx. */
class FaultsAndLimitsTest {

    private static HttpRequest usersGet(VkHttp vk, FakeToken token, FakeUser user) {
        return vk.post("method/users.get", "user_ids", String.valueOf(user.id()), "v", "5.199",
                "access_token", token.value());
    }

    @Test
    void rateLimit_whenUserTokenExceedsThreePerWindow_expectedError6ForThatTokenOnly() {
        try (FakeVk fake = FakeVk.builder().rateLimitWindow(Duration.ofHours(1)).start()) {
            VkHttp vk = new VkHttp(fake);
            FakeUser teacher = fake.createUser("Анна", "Петрова");
            FakeToken token = fake.userToken(teacher);
            FakeToken other = fake.userToken(teacher);

            for (int i = 0; i < 3; i++) {
                vk.ok(token, "users.get");
            }

            assertThat(vk.errorCode(token, "users.get")).isEqualTo(6);
            assertThat(vk.ok(other, "users.get")).hasSize(1);
            assertThat(fake.requests("users.get")).extracting(RecordedRequest::errorCode)
                    .containsExactly(0, 0, 0, 6, 0);
        }
    }

    @Test
    void rateLimit_whenCommunityToken_expectedTwentyPerWindow() {
        try (FakeVk fake = FakeVk.builder().rateLimitWindow(Duration.ofHours(1)).start()) {
            VkHttp vk = new VkHttp(fake);
            FakeCommunity school = fake.createCommunity("Школа");

            for (int i = 0; i < 20; i++) {
                vk.ok(school.token(), "users.get");
            }

            assertThat(vk.errorCode(school.token(), "users.get")).isEqualTo(6);
        }
    }

    @Test
    void rateLimit_whenWindowPasses_expectedRequestsAcceptedAgain() {
        try (FakeVk fake = FakeVk.builder().rateLimit(TokenKind.USER, 1).rateLimitWindow(Duration.ofMillis(200))
                .start()) {
            VkHttp vk = new VkHttp(fake);
            FakeToken token = fake.userToken(fake.createUser("Анна", "Петрова"));
            vk.ok(token, "users.get");

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            JsonNode body = vk.call(token, "users.get");
            while (body.has("error") && System.nanoTime() < deadline) {
                assertThat(body.at("/error/error_code").asInt()).isEqualTo(6);
                body = vk.call(token, "users.get");
            }

            assertThat(body.has("response")).as("accepted again once the window slid").isTrue();
        }
    }

    @Test
    void rateLimit_whenDisabled_expectedNoError6() {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            VkHttp vk = new VkHttp(fake);
            FakeToken token = fake.userToken(fake.createUser("Анна", "Петрова"));

            for (int i = 0; i < 10; i++) {
                vk.ok(token, "users.get");
            }
        }
    }

    @Test
    void failNext_whenFloodControlScheduled_expectedError9ThenNormal() {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            VkHttp vk = new VkHttp(fake);
            FakeCommunity school = fake.createCommunity("Школа");
            fake.faults().failNext("users.get", 2, 9);

            JsonNode first = vk.call(school.token(), "users.get");

            assertThat(first.at("/error/error_code").asInt()).isEqualTo(9);
            assertThat(first.at("/error/error_msg").asString()).isEqualTo("Flood control");
            assertThat(vk.errorCode(school.token(), "users.get")).isEqualTo(9);
            assertThat(vk.ok(school.token(), "users.get")).isEmpty();
            assertThat(fake.faults().pending("users.get")).isZero();
        }
    }

    @Test
    void failNext_whenCaptchaInjected_expectedCaptchaFieldsAsVkSendsThem() {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            VkHttp vk = new VkHttp(fake);
            FakeCommunity school = fake.createCommunity("Школа");
            fake.faults().failNext("messages.send", 1, 14);

            JsonNode error = vk.call(school.token(), "messages.send", "peer_id", "1", "message", "x",
                    "random_id", "1").get("error");

            assertThat(error.get("error_code").asInt()).isEqualTo(14);
            assertThat(error.get("error_msg").asString()).isEqualTo("Captcha needed");
            assertThat(error.get("captcha_sid").asString()).isNotEmpty();
            assertThat(error.get("captcha_img").asString()).startsWith("https://");
        }
    }

    @Test
    void failNext_whenAnyMethod_expectedNextCallOfAnyMethodFails() {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            VkHttp vk = new VkHttp(fake);
            FakeCommunity school = fake.createCommunity("Школа");
            fake.faults().failNext(FakeFaults.ANY_METHOD, 1, Fault.error(10));

            assertThat(vk.errorCode(school.token(), "messages.getConversations")).isEqualTo(10);
            assertThat(vk.ok(school.token(), "messages.getConversations").get("count").asInt()).isZero();
        }
    }

    @Test
    void dropBeforeProcessing_whenSend_expectedIoFailureAndNothingSent() {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            VkHttp vk = new VkHttp(fake);
            FakeCommunity school = fake.createCommunity("Школа");
            FakeChat chat = fake.createChat(school.ownerId(), "5А");
            fake.faults().failNext("messages.send", 1, Fault.dropBeforeProcessing());

            vk.sendExpectingIoFailure(sendRequest(vk, school, chat, 1));

            assertThat(fake.messagesIn(chat)).noneMatch(m -> m.text().equals("Привет"));
            assertThat(fake.requests("messages.send")).singleElement().extracting(RecordedRequest::outcome)
                    .isEqualTo(RecordedRequest.Outcome.DROPPED_BEFORE_PROCESSING);
        }
    }

    @Test
    void dropAfterProcessing_whenSendRetriedWithSameRandomId_expectedExactlyOneMessage() {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            VkHttp vk = new VkHttp(fake);
            FakeCommunity school = fake.createCommunity("Школа");
            FakeChat chat = fake.createChat(school.ownerId(), "5А");
            fake.faults().failNext("messages.send", 1, Fault.dropAfterProcessing());

            vk.sendExpectingIoFailure(sendRequest(vk, school, chat, 77));
            JsonNode retry = VkHttp.json(vk.send(sendRequest(vk, school, chat, 77)));

            assertThat(fake.messagesIn(chat)).filteredOn(m -> m.text().equals("Привет")).singleElement()
                    .satisfies(m -> assertThat(m.messageId()).isEqualTo(retry.get("response").asLong()));
            assertThat(fake.requests("messages.send")).extracting(RecordedRequest::outcome).containsExactly(
                    RecordedRequest.Outcome.DROPPED_AFTER_PROCESSING, RecordedRequest.Outcome.OK);
        }
    }

    private static HttpRequest sendRequest(VkHttp vk, FakeCommunity school, FakeChat chat, long randomId) {
        return vk.post("method/messages.send", "peer_id", String.valueOf(chat.peerIdFor(school.ownerId())),
                "message", "Привет", "random_id", String.valueOf(randomId), "v", "5.199",
                "access_token", school.token().value());
    }

    @Test
    void httpError_whenScheduled_expectedHtmlPageWithStatusAndNoProcessing() {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            VkHttp vk = new VkHttp(fake);
            FakeCommunity school = fake.createCommunity("Школа");
            FakeChat chat = fake.createChat(school.ownerId(), "5А");
            fake.faults().failNext("messages.send", 1, Fault.httpError(502));

            HttpResponse<String> response = vk.send(sendRequest(vk, school, chat, 1));

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(response.body()).contains("<html>").contains("502");
            assertThat(fake.messagesIn(chat)).hasSize(1);
        }
    }

    @Test
    void malformedBody_whenScheduled_expectedProcessedButUnparseableAnswer() {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            VkHttp vk = new VkHttp(fake);
            FakeCommunity school = fake.createCommunity("Школа");
            FakeChat chat = fake.createChat(school.ownerId(), "5А");
            fake.faults().failNext("messages.send", 1, Fault.malformedBody());

            HttpResponse<String> response = vk.send(sendRequest(vk, school, chat, 3));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> VkHttp.json(response)).isInstanceOf(RuntimeException.class);
            assertThat(fake.messagesIn(chat)).hasSize(2);
        }
    }

    @Test
    void delay_whenScheduledOnceAndLatencyCleared_expectedNormalAnswers() {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            VkHttp vk = new VkHttp(fake);
            FakeCommunity school = fake.createCommunity("Школа");
            fake.faults().failNext("users.get", 1, Fault.delay(Duration.ofMillis(50)))
                    .latency(Duration.ofMillis(20));

            assertThat(vk.ok(school.token(), "users.get")).isEmpty();
            fake.faults().clear();
            assertThat(vk.ok(school.token(), "users.get")).isEmpty();
        }
    }

    @Test
    void latency_whenClientGivesUpBeforeAnswer_expectedRequestStillProcessed() throws Exception {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            FakeCommunity school = fake.createCommunity("Школа");
            FakeChat chat = fake.createChat(school.ownerId(), "5А");
            fake.faults().latency("messages.send", Duration.ofMillis(300));
            String body = VkHttp.form("peer_id", String.valueOf(chat.peerIdFor(school.ownerId())), "message", "Привет",
                    "random_id", "4", "v", "5.199", "access_token", school.token().value());
            byte[] bodyBytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = "POST /method/messages.send HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + bodyBytes.length
                    + "\r\n\r\n";

            // A client that sends the whole request and hangs up at once, like one whose timeout fired:
            // a raw socket makes "the request arrived before the client gave up" certain, whatever the load.
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", fake.baseUri().getPort())) {
                socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().write(bodyBytes);
                socket.getOutputStream().flush();
            }

            Await.until("the delayed send is processed", () -> fake.messagesIn(chat).size() == 2);
            assertThat(fake.messagesIn(chat).get(1).text()).isEqualTo("Привет");
        }
    }

    @Test
    void random_whenSameSeed_expectedSameFailuresInEveryRun() {
        assertThat(randomOutcomes(7)).isEqualTo(randomOutcomes(7)).contains(0).contains(10);
    }

    private static List<Integer> randomOutcomes(long seed) {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            VkHttp vk = new VkHttp(fake);
            FakeCommunity school = fake.createCommunity("Школа");
            fake.faults().random(40, seed, Fault.error(10));
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                JsonNode body = vk.call(school.token(), "users.get");
                codes.add(body.has("error") ? body.at("/error/error_code").asInt() : 0);
            }
            return codes;
        }
    }

    @Test
    void failNext_whenVkErrorForOAuthPath_expectedIllegalArgument() {
        try (FakeVk fake = FakeVk.start()) {
            assertThatThrownBy(() -> fake.faults().failNext("/oauth2/auth", 1, Fault.error(10)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("httpError");
        }
    }
}
