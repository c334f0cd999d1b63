package dev.sferum.sdk.max;

import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.ResendResult;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.OutcomeUnknownException;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.max.testing.Canary;
import dev.sferum.sdk.max.testing.Mode;
import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.testkit.RecordedRequest;
import dev.sferum.sdk.testkit.max.FakeMax;
import dev.sferum.sdk.testkit.max.FakeMaxBot;
import dev.sferum.sdk.testkit.max.FakeMaxChat;
import dev.sferum.sdk.testkit.max.FakeMaxMessage;
import dev.sferum.sdk.testkit.max.FakeMaxUser;
import dev.sferum.sdk.testkit.max.MaxFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Exactly-once delivery on MAX, which has no idempotency key: the fake processes sends and then loses the answers
 * (counted by the fake), and the client's marker check before any resend must leave every message in the chat once.
 */
class ExactlyOnceTest {
    private static final String CANARY_TEXT = Canary.register("CANARY-body-text");

    private FakeMax fake;
    private FakeMaxBot bot;
    private FakeMaxChat chat;
    private FakeTimeSource time;

    @BeforeEach
    void open() {
        fake = FakeMax.builder().rateLimitsEnabled(false).seed(42).start();
        bot = fake.createBot("Школьный бот");
        Canary.register(bot.token());
        FakeMaxUser teacher = fake.createUser("Анна", "Иванова");
        chat = fake.addBot(fake.createChat(teacher, "7Б"), bot, true);
        time = new FakeTimeSource();
    }

    @AfterEach
    void close() {
        fake.close();
    }

    private MaxChats.Builder builder(MessageOutbox outbox) {
        ClientConfig config = MaxChats.defaultConfig().toBuilder().baseUri(fake.baseUri()).rateLimits(RateLimits.unlimited()).timeSource(time)
                .clock(fake.clock()).build();
        return MaxChats.builder().token(MaxBotToken.of(bot.token())).config(config).outbox(outbox);
    }

    private List<String> inChat() {
        return fake.messagesIn(chat.id()).stream().filter(m -> m.senderId() == bot.id() && !m.deleted()).map(FakeMaxMessage::visibleText)
                .toList();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenAnswersAreLostAfterProcessing_everyOneOf1000MessagesReachesTheChatOnce(Mode mode) {
        fake.faults()
                .failRandomly("POST /messages", 0.15, MaxFault.dropAfterProcessing())
                .failRandomly("POST /messages", 0.05, MaxFault.dropBeforeProcessing())
                .failRandomly("POST /messages", 0.05, MaxFault.errorAfterProcessing())
                .failRandomly("POST /messages", 0.05, MaxFault.error(429, "too.many.requests"))
                .failRandomly("GET /messages", 0.05, MaxFault.dropBeforeProcessing());
        ChatClient chats = mode.max(builder(MessageOutbox.inMemory()));
        PeerId peer = PeerId.chat(chat.id());
        List<String> expected = new ArrayList<>();
        int unknown = 0;
        for (int i = 0; i < 1000; i++) {
            String text = "Сообщение №" + i + " " + CANARY_TEXT;
            expected.add(text);
            fake.clock().advance(Duration.ofSeconds(1));
            try {
                chats.send(SendRequest.builder().peer(peer).text(text).build());
            } catch (SferumException e) {
                assertThat(e.category()).as("only an undecidable check leaves a send pending").isEqualTo(ErrorCategory.OUTCOME_UNKNOWN);
                unknown++;
                assertThat(chats.outbox().pending()).isNotEmpty();
                chats.resendPending();
            }
        }
        for (int round = 0; round < 10 && !chats.outbox().pending().isEmpty(); round++) {
            chats.resendPending();
        }

        assertThat(chats.outbox().pending()).as("everything settled").isEmpty();
        List<String> texts = inChat();
        Map<String, Integer> copies = new HashMap<>();
        texts.forEach(t -> copies.merge(t, 1, Integer::sum));
        assertThat(copies).as("no message twice").allSatisfy((text, n) -> assertThat(n).as(text).isEqualTo(1));
        assertThat(texts).as("none lost").containsExactlyInAnyOrderElementsOf(expected);
        int lostAnswers = fake.requestCount(RecordedRequest.Outcome.DROPPED_AFTER_PROCESSING)
                + (int) fake.requests("POST /messages").stream().filter(r -> r.detail().contains("then 500")).count();
        assertThat(lostAnswers).as("answers the fake processed and then lost").isGreaterThan(150);
        assertThat(fake.requestCount("GET /messages")).as("each unknown outcome checked before any resend").isGreaterThanOrEqualTo(lostAnswers);
        System.out.printf("%s: 1000 messages, %d POST /messages, %d answers lost after processing, %d dropped before, %d checks, "
                        + "%d sends left pending by an undecidable check%n", mode, fake.requestCount("POST /messages"), lostAnswers,
                fake.requestCount(RecordedRequest.Outcome.DROPPED_BEFORE_PROCESSING), fake.requestCount("GET /messages"), unknown);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenTheAnswerIsLost_checksTheChatOnceAndDoesNotResend(Mode mode) {
        fake.faults().failNext("POST /messages", 1, MaxFault.dropAfterProcessing());
        ChatClient chats = mode.max(builder(MessageOutbox.inMemory()));

        SendResult sent = chats.send(r -> r.peer(PeerId.chat(chat.id())).text("Урок перенесён"));

        assertThat(inChat()).containsExactly("Урок перенесён");
        assertThat(fake.requestCount("POST /messages")).isEqualTo(1);
        assertThat(fake.requestCount("GET /messages")).isEqualTo(1);
        assertThat(sent.messages()).hasSize(1);
        assertThat(sent.messages().get(0).key()).contains(fake.messagesIn(chat.id()).get(0).mid());
        assertThat(time.waits()).as("the settle delay before the check").contains(MaxDeliveryConfig.defaults().settleDelay());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenTheRequestWasLostBeforeProcessing_checksThenSendsOnce(Mode mode) {
        fake.faults().failNext("POST /messages", 1, MaxFault.dropBeforeProcessing());
        ChatClient chats = mode.max(builder(MessageOutbox.inMemory()));

        chats.send(r -> r.peer(PeerId.chat(chat.id())).text("Урок перенесён"));

        assertThat(inChat()).containsExactly("Урок перенесён");
        assertThat(fake.requestCount("POST /messages")).isEqualTo(2);
        assertThat(fake.requestCount("GET /messages")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void resendPending_whenANewProcessFindsTheMessageAlreadySent_sendsNothing(Mode mode) {
        MessageOutbox outbox = MessageOutbox.inMemory();
        fake.faults().failNext("POST /messages", 1, MaxFault.dropAfterProcessing())
                .failNext("GET /messages", 4, MaxFault.error(503, "service.unavailable"));
        ChatClient first = mode.max(builder(outbox));
        OutcomeUnknownException unknown = catchThrowableOfType(OutcomeUnknownException.class,
                () -> first.send(r -> r.peer(PeerId.chat(chat.id())).text("Собрание в 18:00")));
        assertThat(unknown).as("the check could not read the chat: unknown, not resent").isNotNull();
        assertThat(outbox.pending()).hasSize(1);

        ChatClient restarted = mode.max(builder(outbox));
        ResendResult result = restarted.resendPending();

        assertThat(result.sent()).hasSize(1);
        assertThat(result.failed()).isEmpty();
        assertThat(outbox.pending()).isEmpty();
        assertThat(inChat()).containsExactly("Собрание в 18:00");
        assertThat(fake.requestCount("POST /messages")).as("found by its marker: not sent again").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void resendPending_whenTheFirstSendNeverArrived_sendsTheMissingPartsOnce(Mode mode) {
        MessageOutbox outbox = MessageOutbox.inMemory();
        String longText = ("Расписание на неделю. ".repeat(250)).strip();
        fake.faults().failNext("POST /messages", 1, MaxFault.none())
                .failNext("POST /messages", 1, MaxFault.dropBeforeProcessing())
                .failNext("GET /messages", 4, MaxFault.error(503, "service.unavailable"));
        ChatClient first = mode.max(builder(outbox));
        catchThrowableOfType(OutcomeUnknownException.class, () -> first.send(r -> r.peer(PeerId.chat(chat.id())).text(longText)));
        assertThat(inChat()).as("the first of two parts arrived").hasSize(1);

        ChatClient restarted = mode.max(builder(outbox));
        ResendResult result = restarted.resendPending();

        assertThat(result.sent()).hasSize(1);
        assertThat(result.sent().get(0).parts()).isEqualTo(2);
        assertThat(inChat()).hasSize(2);
        assertThat(String.join(" ", inChat()).replaceAll("\\s+", " ")).isEqualTo(longText.replaceAll("\\s+", " "));
        assertThat(outbox.pending()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenAtMostOnce_failsUnknownAndNeverResends(Mode mode) {
        fake.faults().failNext("POST /messages", 1, MaxFault.dropAfterProcessing());
        ChatClient chats = mode.max(builder(MessageOutbox.inMemory()).delivery(MaxDeliveryConfig.atMostOnce()));

        OutcomeUnknownException e = catchThrowableOfType(OutcomeUnknownException.class,
                () -> chats.send(r -> r.peer(PeerId.chat(chat.id())).text("Без маркера")));

        assertThat(e.category()).isEqualTo(ErrorCategory.OUTCOME_UNKNOWN);
        assertThat(inChat()).containsExactly("Без маркера");
        assertThat(fake.messagesIn(chat.id()).get(0).text()).as("no invisible characters").isEqualTo("Без маркера");
        assertThat(fake.requestCount("GET /messages")).isZero();
        assertThat(chats.capabilities().maxMessageLength()).isEqualTo(4000);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenMaxIsBusyOrTheUploadIsNotReady_retriesWithoutDuplicates(Mode mode) {
        fake.faults().failNext("POST /messages", 2, MaxFault.error(429, "too.many.requests"));
        fake.uploadNotReady("vid-token-1", 1);
        ChatClient chats = mode.max(builder(MessageOutbox.inMemory()));

        chats.send(r -> r.peer(PeerId.chat(chat.id())).text("Видеоурок").attachments("video:vid-token-1"));

        assertThat(inChat()).containsExactly("Видеоурок");
        assertThat(fake.messagesIn(chat.id()).get(0).attachments()).containsExactly("video:vid-token-1");
        assertThat(fake.requestCount("POST /messages")).as("two 429s, one not ready, then sent: within the 4 attempts").isEqualTo(4);
        assertThat(fake.requestCount("GET /messages")).as("refused before processing: nothing to check").isZero();
        assertThat(time.waits()).as("429 waits the throttled back-off").hasSizeGreaterThanOrEqualTo(3)
                .filteredOn(w -> w.compareTo(Duration.ofSeconds(1)) >= 0).hasSizeGreaterThanOrEqualTo(2);
    }
}
