package dev.sferum.sdk.vk;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.MessagesNotAllowedException;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.testkit.FakeMessage;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.testkit.RecordedRequest;
import dev.sferum.sdk.vk.testing.Mode;
import dev.sferum.sdk.vk.testing.School;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Long texts, many peers, attachments and per-peer refusals, on the fake, sync and async. */
class SendTest {
    private School school;

    @BeforeEach
    void open() {
        school = School.open();
    }

    @AfterEach
    void close() {
        school.close();
    }

    private List<FakeMessage> posted(PeerId chat) {
        long owner = school.community.ownerId();
        long peer = school.fake.chatOf(owner, chat.id()).orElseThrow().peerIdFor(owner);
        return school.fake.messagesIn(owner, peer).stream().filter(m -> !m.isServiceMessage()).toList();
    }

    static String homework(int paragraphs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < paragraphs; i++) {
            sb.append("Параграф ").append(i).append(": ");
            sb.append("прочитать главу и ответить на вопросы в конце главы. ".repeat(20).strip());
            sb.append("\n\n");
        }
        return sb.toString().strip();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenTextIsLongerThanOneMessage_splitsInOrderAtParagraphsWithOneRandomIdPerPart(Mode mode) {
        ChatClient chats = school.communityChats(mode);
        PeerId chat = chats.createChat(r -> r.title("7Б")).chat();
        String text = homework(20);
        assertThat(text.length()).isGreaterThan(2 * 9000);

        SendResult result = chats.send(r -> r.peer(chat).text(text).attachments("doc-" + school.community.id() + "_17"));

        List<FakeMessage> posted = posted(chat);
        assertThat(result.parts()).isEqualTo(posted.size()).isEqualTo(3);
        assertThat(posted).allMatch(m -> m.text().length() <= 9000 && !m.text().isBlank());
        assertThat(posted).allMatch(m -> m.text().startsWith("Параграф "), "each part starts at a paragraph");
        assertThat(String.join("\n\n", posted.stream().map(FakeMessage::text).toList())).isEqualTo(text);
        List<RecordedRequest> sends = school.fake.requests("messages.send");
        List<String> randomIds = sends.stream().map(r -> r.params().get("random_id")).toList();
        assertThat(new HashSet<>(randomIds)).hasSize(3);
        assertThat(randomIds.get(0)).isEqualTo(Long.toString(result.idempotencyKey()));
        assertThat(sends).extracting(r -> r.params().containsKey("attachment")).containsExactly(false, false, true);
        assertThat(chats.history(h -> h.peer(chat)).stream().filter(m -> m.action().isEmpty()).findFirst().orElseThrow().attachments())
                .containsExactly("doc-" + school.community.id() + "_17");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenTo150ParentsAndTenForbidMessages_sendsTwoCallsAndReportsTheTenTyped(Mode mode) {
        List<FakeUser> parents = school.users(150, "Родитель");
        List<PeerId> peers = new ArrayList<>();
        for (int i = 0; i < parents.size(); i++) {
            if (i % 15 != 0) {
                school.fake.allowMessages(parents.get(i), school.community);
            }
            peers.add(PeerId.user(parents.get(i).id()));
        }
        ChatClient chats = school.communityChats(mode);

        SendResult result = chats.send(r -> r.peers(peers).text("Родительское собрание в четверг в 18:00"));

        assertThat(school.fake.requestCount("messages.send")).isEqualTo(2);
        assertThat(school.fake.requests("messages.send")).allMatch(r -> r.params().containsKey("peer_ids") && !r.params().containsKey("peer_id"));
        assertThat(result.sent()).hasSize(140);
        assertThat(result.failed()).hasSize(10).allSatisfy(f -> {
            assertThat(f.error()).isInstanceOf(MessagesNotAllowedException.class);
            assertThat(f.error().remedy()).hasValueSatisfying(r -> assertThat(r).contains("invite link"));
        });
        assertThat(result.messages()).hasSize(140).allMatch(m -> m.conversationMessageId().isPresent());
        assertThat(chats.outbox().pending()).as("refusals settle the message").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenReplyingByCmid_sendsAForwardReply(Mode mode) {
        ChatClient chats = school.communityChats(mode);
        PeerId chat = chats.createChat(r -> r.title("7Б")).chat();
        Message first = chats.history(h -> h.peer(chat)).stream().findFirst().orElseThrow();
        MessageRef byCmid = MessageRef.of(chat, 0, first.ref().conversationMessageId().getAsLong());

        chats.send(r -> r.peer(chat).text("Ответ").replyTo(byCmid));

        RecordedRequest send = school.fake.requests("messages.send").get(0);
        assertThat(send.params().get("forward")).contains("\"is_reply\":true").contains("\"conversation_message_ids\":[" + byCmid.conversationMessageId().getAsLong() + "]");
    }
}
