package dev.sferum.sdk.samples;

import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The small code samples run start to end on the fake, so the README's snippets stay true. */
class ExamplesTest {

    @Test
    void sendMessage_whenRun_createsAChatAndSendsOnce() {
        try (FakeVk vk = FakeVk.start()) {
            FakeUser pupil = vk.createUser("Иван", "Петров");
            FakeCommunity school = vk.createCommunity("Школа №1");

            String result = SendMessageExample.run(vk.baseUri().toString(), school.token().value(), school.id(), pupil.id());

            assertThat(result).startsWith("sent ");
            assertThat(vk.chats()).singleElement().satisfies(chat ->
                    assertThat(vk.messagesIn(chat)).filteredOn(m -> m.text().equals("Завтра контрольная по алгебре.")).hasSize(1));
        }
    }

    @Test
    void signIn_whenRun_completesPkceFlowThroughALocalServer() throws Exception {
        String page = SignInExample.run();

        assertThat(page).startsWith("Signed in as VK user 1001.").contains("access token AccessToken[kind=USER");
    }
}
