package dev.sferum.sdk.samples;

import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.vk.event.LongPollSource;
import dev.sferum.sdk.chat.event.MemberJoined;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeCommunity;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.FakeVk;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Receive what happens in class chats: a pupil joins, a message arrives. Uses Bots Long Poll against the embedded
 * fake; with a public HTTPS URL, a {@code CallbackReceiver} feeds the same {@link EventStream} (see
 * {@code sdk-chat/EVENTS.md}).
 *
 * <pre>
 * java -cp samples/target/sferum-demo.jar dev.sferum.sdk.samples.ReceiveEventsExample
 * </pre>
 */
public final class ReceiveEventsExample {
    private ReceiveEventsExample() {
    }

    /**
     * @param args ignored
     * @throws InterruptedException if interrupted while waiting for events
     */
    public static void main(String[] args) throws InterruptedException {
        run().forEach(System.out::println);
    }

    static List<String> run() throws InterruptedException {
        try (FakeVk vk = FakeVk.start()) {
            FakeCommunity school = vk.createCommunity("Школа №1");
            FakeUser pupil = vk.createUser("Иван", "Петров");
            FakeChat chat = vk.createChat(school.ownerId(), "7Б");
            ApiClient api = ApiClient.builder().config(ClientConfig.builder().baseUri(vk.baseUri()).build())
                    .token(AccessToken.community(school.token().value(), school.id())).buildClient();

            List<String> seen = new CopyOnWriteArrayList<>();
            CountDownLatch two = new CountDownLatch(2);
            EventStream events = EventStream.builder().build();
            events.on(MemberJoined.class, j -> {
                seen.add("joined: " + j.member() + " in " + j.chat());
                two.countDown();
            });
            events.onMessageNew(m -> {
                seen.add("message from " + m.message().from() + ": " + m.message().text());
                two.countDown();
            });
            LongPollSource poll = LongPollSource.builder().api(api).groupId(school.id()).waitSeconds(5).build(events);
            poll.start();
            try {
                // Long Poll delivers what happens after it first connects; wait until it listens (bounded).
                for (int i = 0; i < 300 && vk.events().waitingPolls(school) == 0; i++) {
                    TimeUnit.MILLISECONDS.sleep(10);
                }
                FakeChat joined = vk.addChatMember(chat, pupil.id());
                vk.sendMessage(pupil.id(), joined.peerIdFor(pupil.id()), "Здравствуйте! Когда контрольная?");
                if (!two.await(30, TimeUnit.SECONDS)) {
                    seen.add("timed out waiting for events");
                }
            } finally {
                events.close();
            }
            return seen;
        }
    }
}
