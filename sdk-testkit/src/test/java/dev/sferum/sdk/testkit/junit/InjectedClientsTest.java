package dev.sferum.sdk.testkit.junit;

import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testkit.WithFakeVk;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The extension injects SDK clients that talk to the test's fake as its default school. */
@WithFakeVk
class InjectedClientsTest {

    @Test
    void apiClient_whenInjected_actsAsTheFakesSchool(FakeVk fake, ApiClient api) {
        JsonNode created = api.call("messages.createChat", Map.of("title", "5А"));

        FakeChat chat = fake.chats().get(0);
        assertThat(chat.ownerId()).isEqualTo(fake.school().ownerId());
        assertThat(created.path("chat_id").asLong()).isEqualTo(chat.chatIdFor(fake.school().ownerId()));
    }

    @Test
    void asyncClient_whenInjected_usesTheSameFake(FakeVk fake, ApiAsyncClient api) {
        long chatId = api.call("messages.createChat", Map.of("title", "6Б")).join().path("chat_id").asLong();

        long messageId = api.call("messages.send", Map.of("peer_id", FakeChat.CHAT_PEER_BASE + chatId, "random_id", 7,
                "message", "Привет")).join().asLong();

        assertThat(messageId).isPositive();
        assertThat(fake.messagesIn(fake.chats().get(0))).filteredOn(m -> m.text().equals("Привет")).hasSize(1);
    }
}
