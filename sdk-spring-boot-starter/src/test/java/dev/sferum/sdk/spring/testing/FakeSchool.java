package dev.sferum.sdk.spring.testing;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.testsupport.Secrets;

/** A school on the testkit's fake VK: one community, its teacher, one class chat; the token registered as a secret. */
public final class FakeSchool implements AutoCloseable {
    public final FakeVk fake;
    public final FakeCommunity school;
    public final FakeChat chat;

    public FakeSchool() {
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        FakeUser teacher = fake.createUser("Анна", "Петрова");
        school = fake.createCommunity("Школа №1", teacher);
        chat = fake.createChat(school.ownerId(), "5А", teacher);
        Secrets.register(school.token().value());
    }

    /** @return the starter's properties for this school on the fake */
    public String[] properties() {
        return new String[] {"sferum.base-url=" + fake.baseUri(), "sferum.insecure-http-allowed=true",
                "sferum.token=" + school.token().value(), "sferum.group-id=" + school.id()};
    }

    /** @return the class chat as the community sees it */
    public PeerId chatPeer() {
        return PeerId.chat(chat.chatIdFor(school.ownerId()));
    }

    /** Sends one message to the class chat. */
    public void send(ChatClient chats, String text) {
        chats.send(r -> r.peer(chatPeer()).text(text));
    }

    @Override
    public void close() {
        fake.close();
    }
}
