package dev.sferum.sdk.transport.apache;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.max.MaxBotToken;
import dev.sferum.sdk.max.MaxChats;
import dev.sferum.sdk.testkit.max.FakeMax;
import dev.sferum.sdk.testkit.max.FakeMaxBot;
import dev.sferum.sdk.testkit.max.FakeMaxChat;
import dev.sferum.sdk.testkit.max.FakeMaxMessage;
import dev.sferum.sdk.testkit.max.FakeMaxUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** MAX's backend on the Apache transport: the same one line on the same ClientConfig, against the testkit's FakeMax. */
class ApacheOnFakeMaxTest {

    @Test
    void send_onMaxOverApache_reachesTheChat() {
        try (FakeMax fake = FakeMax.builder().rateLimitsEnabled(false).start()) {
            FakeMaxBot bot = fake.createBot("Школьный бот");
            FakeMaxUser teacher = fake.createUser("Анна", "Иванова");
            FakeMaxChat chat = fake.createChat(teacher, "7Б");
            fake.addBot(chat, bot, true);
            ClientConfig config = MaxChats.defaultConfig().toBuilder().baseUri(fake.baseUri()).rateLimits(RateLimits.unlimited())
                    .transport(ApacheTransport.factory()).build();
            ChatClient chats = MaxChats.builder().token(MaxBotToken.of(bot.token())).config(config).buildClient();

            chats.send(r -> r.peer(PeerId.chat(chat.id())).text("Урок перенесён на 10:00").idempotencyKey(17));

            // MAX's backend appends an invisible delivery marker to the text (its exactly-once check).
            assertThat(fake.messagesIn(chat.id()).stream().filter(m -> m.senderId() == bot.id()).map(FakeMaxMessage::text))
                    .singleElement().asString().startsWith("Урок перенесён на 10:00");
        }
    }
}
