package dev.sferum.sdk.vk.event;

import com.sun.net.httpserver.HttpServer;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.chat.event.MemberJoined;
import dev.sferum.sdk.chat.event.MemberLeft;
import dev.sferum.sdk.chat.event.UnknownEvent;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;
import dev.sferum.sdk.vk.event.CallbackHttpHandler;
import dev.sferum.sdk.vk.event.CallbackReceiver;
import dev.sferum.sdk.vk.event.LongPollSource;
import dev.sferum.sdk.vk.testing.Canary;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The usage example of {@code sdk-chat/EVENTS.md}, kept compiling and run against the testkit fake. */
class EventsExampleTest {

    /** The README's example, verbatim apart from where the settings come from. */
    static final class SchoolBot implements AutoCloseable {
        final List<String> journal = new CopyOnWriteArrayList<>();
        private final EventStream events;
        private final HttpServer server;

        SchoolBot(ApiClient api, long groupId, String callbackSecret, int port) throws IOException {
            events = EventStream.builder()
                    .errorListener((event, error) -> journal.add("failed " + event.meta().type()))
                    .build();
            events.onMessageNew(m -> journal.add(m.peer().orElseThrow() + " new message " + m.message().ref()));
            events.on(MemberJoined.class, j -> journal.add(j.chat() + " joined " + j.member() + " via " + j.via()));
            events.on(MemberLeft.class, l -> journal.add(l.chat() + " left " + l.member() + (l.kicked() ? " (removed)" : "")));
            events.on(UnknownEvent.class, u -> journal.add("unmodelled " + u.meta().type()));

            // Either VK pushes events to this application (needs a public HTTPS URL in front of the port) …
            CallbackReceiver receiver = CallbackReceiver.builder()
                    .groupId(groupId)
                    .confirmation(() -> Secret.of(api.call("groups.getCallbackConfirmationCode", Map.of("group_id", groupId))
                            .path("code").asString()))
                    .secret(Secret.of(callbackSecret))
                    .build(events);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/vk/callback", CallbackHttpHandler.of(receiver));
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();

            // … or it pulls them from Bots Long Poll. Both at once is fine: duplicates are recognised by event_id.
            LongPollSource poll = LongPollSource.builder().api(api).groupId(groupId).build(events);
            poll.start();
        }

        URI callbackUrl() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/vk/callback");
        }

        @Override
        public void close() {
            events.close();          // stops the long poll, handles what was accepted
            server.stop(0);
        }
    }

    @Test
    void example_whenPupilJoinsAndWrites_expectedJournalEntriesOnce() throws IOException {
        try (FakeVk fake = FakeVk.builder().rateLimitsEnabled(false).start()) {
            FakeUser teacher = fake.createUser("Анна", "Петрова");
            FakeUser pupil = fake.createUser("Иван", "Сидоров");
            FakeCommunity school = fake.createCommunity("Школа №1", teacher);
            Canary.register(school.token().value());
            String secret = Canary.register("CANARYexampleSECRETu7i8");
            ApiClient api = ApiClient.builder()
                    .config(ClientConfig.builder().baseUri(fake.baseUri()).rateLimits(RateLimits.unlimited()).timeSource(new FakeTimeSource()).build())
                    .token(AccessToken.community(school.token().value(), school.id()))
                    .buildClient();
            FakeChat chat = fake.createChat(school.ownerId(), "5А", teacher);

            try (SchoolBot bot = new SchoolBot(api, school.id(), secret, 0)) {
                fake.events().addCallbackServer(school, bot.callbackUrl(), secret);
                EventFixtures.await("the long poll listening", () -> fake.events().waitingPolls(school) == 1);
                chat = fake.addChatMember(chat, pupil.id());
                fake.sendMessage(pupil.id(), chat.peerIdFor(pupil.id()), "Здравствуйте!");

                EventFixtures.await("two journal entries", () -> bot.journal.size() >= 2);
                fake.events().awaitDeliveries(EventFixtures.PATIENCE);
                PeerId peer = PeerId.chat(chat.chatIdFor(school.ownerId()));
                assertThat(bot.journal).containsExactly(peer + " joined user:" + pupil.id() + " via INVITE",
                        peer + " new message MessageRef[" + peer + " id=0 cmid=3]");
            }
        }
    }
}
