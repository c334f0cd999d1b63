package dev.sferum.sdk.vk;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.OutboxEntry;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.ResendResult;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.core.CallInfo;
import dev.sferum.sdk.core.RequestListener;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.testkit.FakeMessage;
import dev.sferum.sdk.testkit.Fault;
import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.vk.testing.Mode;
import dev.sferum.sdk.vk.testing.School;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Exactly-once delivery through dropped connections, lost answers and process restarts: counted in what the fake
 * really stored.
 */
class ExactlyOnceTest {
    private School school;

    @TempDir
    Path dir;

    @BeforeEach
    void open() {
        school = School.open();
    }

    @AfterEach
    void close() {
        school.close();
    }

    private Map<String, Long> delivered(PeerId chat) {
        long owner = school.community.ownerId();
        long peer = school.fake.chatOf(owner, chat.id()).orElseThrow().peerIdFor(owner);
        return school.fake.messagesIn(owner, peer).stream().filter(m -> !m.isServiceMessage())
                .collect(Collectors.groupingBy(FakeMessage::text, Collectors.counting()));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_when1000MessagesMeetDroppedConnections_eachIsDeliveredExactlyOnce(Mode mode) {
        ChatClient chats = school.communityChats(mode);
        PeerId chat = chats.createChat(r -> r.title("7Б")).chat();
        school.fake.faults().random(35, 7L, Fault.dropAfterProcessing(), Fault.dropBeforeProcessing(), Fault.error(10),
                Fault.httpError(502));

        int failedFirstTime = 0;
        for (int i = 0; i < 1000; i++) {
            String text = "Сообщение " + i;
            try {
                chats.send(r -> r.peer(chat).text(text));
            } catch (SferumException e) {
                failedFirstTime++;
                assertThat(e.retryable()).as("only failures that may pass reach the caller: %s", e).isTrue();
            }
        }
        int rounds = 0;
        while (!chats.outbox().pending().isEmpty() && rounds++ < 50) {
            chats.resendPending();
        }
        school.fake.faults().clear();

        Map<String, Long> counts = delivered(chat);
        assertThat(counts).hasSize(1000);
        assertThat(counts.values()).allMatch(c -> c == 1L);
        assertThat(chats.outbox().pending()).isEmpty();
        assertThat(school.fake.requestCount("messages.send")).as("the faults were real").isGreaterThan(1200);
        assertThat(failedFirstTime).as("some sends exhausted core's retries and went through the outbox").isPositive();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void resendPending_afterARestartWithAFileOutbox_deliversWhatTheCrashedRunLeftOnce(Mode mode) {
        Path file = dir.resolve("outbox.json");
        ChatClient before = school.communityChats(mode, MessageOutbox.file(file));
        PeerId chat = before.createChat(r -> r.title("7Б")).chat();

        // 1: the answer is lost on every attempt: VK stored it, the client cannot know
        school.fake.faults().failNext("messages.send", 4, Fault.dropAfterProcessing());
        SferumException lost = catchThrowableOfType(SferumException.class, () -> before.send(r -> r.peer(chat).text("Контрольная в пятницу")));
        assertThat(lost.attempts()).isEqualTo(4);
        // 2: the process died right after enqueueing, before any attempt
        SendRequest neverTried = SendRequest.builder().peer(chat).text("Экскурсия в музей").build();
        before.outbox().add(new OutboxEntry(neverTried, Instant.parse("2025-09-01T08:00:00Z")));

        ChatClient after = school.communityChats(mode, MessageOutbox.file(file));
        assertThat(after.outbox().pending()).extracting(OutboxEntry::key).hasSize(2).contains(neverTried.idempotencyKey());
        ResendResult result = after.resendPending();

        assertThat(result.sent()).hasSize(2);
        assertThat(result.failed()).isEmpty();
        assertThat(delivered(chat)).containsExactlyInAnyOrderEntriesOf(Map.of("Контрольная в пятницу", 1L, "Экскурсия в музей", 1L));
        assertThat(MessageOutbox.file(file).pending()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenASecondPartFailsAndTheMessageIsSentAgain_thePartsArriveOnceAndInOrder(Mode mode) {
        AtomicBoolean armed = new AtomicBoolean(true);
        RequestListener breakSecondPart = new RequestListener() {
            @Override
            public void callFinished(CallInfo call, Duration took, SferumException error) {
                if ("messages.send".equals(call.method()) && error == null && armed.getAndSet(false)) {
                    school.fake.faults().failNext("messages.send", 4, Fault.dropBeforeProcessing());
                }
            }
        };
        ChatClient chats = mode.chats(school.api(school.communityToken(), c -> c.addListener(breakSecondPart)),
                VkChats.builder().actor(ChatActor.community(school.community.id())));
        PeerId chat = chats.createChat(r -> r.title("7Б")).chat();
        SendRequest longNotice = SendRequest.builder().peer(chat).text(SendTest.homework(10)).build();

        catchThrowableOfType(SferumException.class, () -> chats.send(longNotice));
        assertThat(delivered(chat)).as("only the first part got through").hasSize(1);
        SendResult again = chats.send(longNotice);

        List<FakeMessage> posted = new ArrayList<>();
        long owner = school.community.ownerId();
        long peer = school.fake.chatOf(owner, chat.id()).orElseThrow().peerIdFor(owner);
        school.fake.messagesIn(owner, peer).stream().filter(m -> !m.isServiceMessage()).forEach(posted::add);
        assertThat(again.parts()).isEqualTo(2);
        assertThat(posted).hasSize(2);
        assertThat(posted.stream().map(FakeMessage::text).collect(Collectors.joining("\n\n"))).isEqualTo(longNotice.text());
        assertThat(chats.outbox().pending()).isEmpty();
    }

}
