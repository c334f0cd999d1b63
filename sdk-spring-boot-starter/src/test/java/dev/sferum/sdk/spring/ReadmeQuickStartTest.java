package dev.sferum.sdk.spring;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeMessage;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testsupport.Secrets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.stereotype.Service;

import static org.assertj.core.api.Assertions.assertThat;

/** The root README's five-line quick start, as written there, against the testkit's fake VK. */
class ReadmeQuickStartTest {

    // As in README.md, "In a Spring Boot application":
    @Service record Announcements(ChatClient chats) {
        void tomorrow(long chatId) { chats.send(r -> r.peer(PeerId.chat(chatId)).text("Завтра уроки с 9:00")); } }

    @Test
    void quickStart_withTheTwoProperties_sendsThroughTheAutoConfiguredClient() {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            FakeUser teacher = fake.createUser("Анна", "Петрова");
            FakeCommunity school = fake.createCommunity("Школа №1", teacher);
            FakeChat chat = fake.createChat(school.ownerId(), "5А", teacher);
            Secrets.register(school.token().value());
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SferumAutoConfiguration.class))
                    .withPropertyValues("sferum.token=" + school.token().value(), "sferum.group-id=" + school.id(),
                            // only because the fake is not api.vk.com:
                            "sferum.base-url=" + fake.baseUri(), "sferum.insecure-http-allowed=true")
                    .withBean(Announcements.class).run(context -> {
                        context.getBean(Announcements.class).tomorrow(chat.chatIdFor(school.ownerId()));
                        assertThat(fake.messagesIn(chat)).extracting(FakeMessage::text).contains("Завтра уроки с 9:00");
                    });
        }
    }
}
