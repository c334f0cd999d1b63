package dev.sferum.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Recorded requests (redacted, fingerprinted), counters, and concurrent clients. */
class InspectionTest {

    @Test
    void requests_whenTokenSentAsParameter_expectedRedactedValueAndFingerprint() {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            VkHttp vk = new VkHttp(fake);
            FakeCommunity school = fake.createCommunity("Школа");
            vk.send(vk.post("method/users.get", "user_ids", "1", "v", "5.199", "access_token", school.token().value()));

            RecordedRequest request = fake.requests().get(0);

            assertThat(request.operation()).isEqualTo("users.get");
            assertThat(request.httpMethod()).isEqualTo("POST");
            assertThat(request.tokenFingerprint()).contains(school.token().fingerprint());
            assertThat(request.params()).containsEntry("user_ids", "1")
                    .containsEntry("access_token", "<redacted:" + school.token().fingerprint() + ">");
            assertThat(request.toString()).doesNotContain(school.token().value());
            assertThat(request.time()).isEqualTo(fake.clock().now());
            assertThat(request.sequence()).isEqualTo(1);
        }
    }

    @Test
    void token_whenPrinted_expectedFingerprintButNeverValue() {
        try (FakeVk fake = FakeVk.start()) {
            FakeCommunity school = fake.createCommunity("Школа");

            assertThat(school.token().toString()).contains(school.token().fingerprint())
                    .doesNotContain(school.token().value());
            assertThat(school.toString()).doesNotContain(school.token().value());
            assertThat(school.token().fingerprint()).hasSize(12).matches("[0-9a-f]{12}");
        }
    }

    @Test
    void close_whenCalledTwice_expectedNoErrorAndPortReleased() {
        FakeVk fake = FakeVk.start();
        VkHttp vk = new VkHttp(fake);

        fake.close();
        fake.close();

        assertThatThrownBy(() -> vk.send(vk.get("method/users.get?v=5.199")))
                .hasCauseInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void requests_whenErrorsAndSuccesses_expectedOutcomeAndCodeRecorded() {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            VkHttp vk = new VkHttp(fake);
            FakeCommunity school = fake.createCommunity("Школа");
            vk.call(school.token(), "messages.getChat", "chat_id", "1");
            vk.call(school.token(), "messages.getConversations");

            assertThat(fake.requests()).extracting(RecordedRequest::outcome).containsExactly(
                    RecordedRequest.Outcome.API_ERROR, RecordedRequest.Outcome.OK);
            assertThat(fake.requests().get(0).errorCode()).isEqualTo(27);
            assertThat(fake.requestCount("messages.getConversations")).isEqualTo(1);
            fake.clearRequests();
            assertThat(fake.requests()).isEmpty();
        }
    }

    @Test
    void concurrentClients_whenSendingAtOnce_expectedEveryMessageStoredWithDistinctCmids() throws Exception {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            FakeCommunity school = fake.createCommunity("Школа");
            FakeChat chat = fake.createChat(school.ownerId(), "5А");
            String peer = String.valueOf(chat.peerIdFor(school.ownerId()));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<CompletableFuture<Long>> sends = new ArrayList<>();
                for (int i = 1; i <= 40; i++) {
                    String randomId = String.valueOf(i);
                    sends.add(CompletableFuture.supplyAsync(() -> new VkHttp(fake).ok(school.token(), "messages.send",
                            "peer_id", peer, "message", "m" + randomId, "random_id", randomId).asLong(), pool));
                }
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
            } finally {
                pool.shutdownNow();
            }

            List<FakeMessage> texts = fake.messagesIn(chat).stream().filter(m -> !m.isServiceMessage()).toList();
            assertThat(texts).hasSize(40);
            assertThat(texts).extracting(FakeMessage::conversationMessageId).doesNotHaveDuplicates();
        }
    }
}
