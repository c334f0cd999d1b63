package dev.sferum.sdk.transport.apache;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeMessage;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole call path on the Apache transport against the testkit's stateful fake VK. */
class ApacheOnFakeVkTest {
    private FakeVk fake;
    private FakeCommunity school;
    private FakeChat chat;
    private ApiClientBuilder builder;

    @BeforeEach
    void start() {
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        FakeUser pupil = fake.createUser("Иван", "Сидоров");
        school = fake.createCommunity("Школа №1");
        chat = fake.createChat(school.ownerId(), "5А класс", pupil);
        builder = ApiClient.builder()
                .config(ClientConfig.builder().baseUri(fake.baseUri()).transport(ApacheTransport.factory()).build())
                .token(AccessToken.community(school.token().value(), school.id()));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private ApiRequest send(String text, int randomId) {
        return ApiRequest.builder("messages.send").param("peer_id", chat.peerIdFor(school.ownerId()))
                .param("message", text).param("random_id", randomId).build();
    }

    @Test
    void sendTwiceWithOneRandomId_syncAndAsync_reachesTheChatOnce() throws Exception {
        try (ApiClient sync = builder.buildClient(); ApiAsyncClient async = builder.buildAsyncClient()) {
            long first = sync.call(send("Урок перенесён на 10:00", 42), ResultType.of(Long.class));
            long again = async.call(send("Урок перенесён на 10:00", 42), ResultType.of(Long.class)).get();

            assertThat(again).isEqualTo(first);
        }
        assertThat(fake.messagesIn(chat).stream().filter(m -> !m.isServiceMessage()).map(FakeMessage::text))
                .containsExactly("Урок перенесён на 10:00");
        assertThat(fake.methodCallCount("messages.send")).isEqualTo(2);
    }
}
