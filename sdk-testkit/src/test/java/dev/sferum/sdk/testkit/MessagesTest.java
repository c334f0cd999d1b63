package dev.sferum.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** messages.send and friends: random_id de-duplication, limits, edits, deletes, pins, history paging. */
class MessagesTest {

    private FakeVk fake;
    private VkHttp vk;
    private FakeUser pupil;
    private FakeUser parent;
    private FakeCommunity school;
    private FakeChat chat;
    private String peer;

    @BeforeEach
    void start() {
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        vk = new VkHttp(fake);
        pupil = fake.createUser("Иван", "Сидоров");
        parent = fake.createUser("Мария", "Сидорова");
        school = fake.createCommunity("Школа №1");
        chat = fake.createChat(school.ownerId(), "5А класс", pupil, parent);
        peer = String.valueOf(chat.peerIdFor(school.ownerId()));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private long send(String text, long randomId) {
        return vk.ok(school.token(), "messages.send", "peer_id", peer, "message", text,
                "random_id", String.valueOf(randomId)).asLong();
    }

    private java.util.List<FakeMessage> texts() {
        return fake.messagesIn(school.ownerId(), chat.peerIdFor(school.ownerId())).stream()
                .filter(m -> !m.isServiceMessage()).toList();
    }

    @Test
    void send_whenPeerIdForm_expectedMessageIdAndMessageInChat() {
        long id = send("Урок перенесён на 10:00", 42);

        assertThat(id).isPositive();
        assertThat(texts()).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(id);
            assertThat(m.text()).isEqualTo("Урок перенесён на 10:00");
            assertThat(m.fromId()).isEqualTo(school.ownerId());
            assertThat(m.randomId()).isEqualTo(42);
            assertThat(m.conversationMessageId()).isEqualTo(2);
            assertThat(m.date()).isEqualTo(fake.clock().now());
        });
    }

    @Test
    void send_whenRandomIdRepeated_expectedOriginalIdAndTextReachesChatExactlyOnce() {
        long first = send("Собрание в пятницу", 777);

        long retry = send("Собрание в пятницу", 777);

        assertThat(retry).isEqualTo(first);
        assertThat(texts()).filteredOn(m -> m.text().equals("Собрание в пятницу")).hasSize(1);
    }

    @Test
    void send_whenRandomIdRepeatedWithOtherText_expectedOriginalKeptAndNewTextDropped() {
        long first = send("первый", 5);

        assertThat(send("второй", 5)).isEqualTo(first);
        assertThat(texts()).extracting(FakeMessage::text).containsExactly("первый");
    }

    @Test
    void send_whenRandomIdZero_expectedNoDeduplication() {
        send("раз", 0);
        send("раз", 0);

        assertThat(texts()).hasSize(2);
    }

    @Test
    void send_whenSameRandomIdFromAnotherSender_expectedSeparateMessage() {
        send("от школы", 9);
        vk.ok(fake.userToken(pupil), "messages.send", "peer_id", String.valueOf(chat.peerIdFor(pupil.id())),
                "message", "от ученика", "random_id", "9");

        assertThat(texts()).extracting(FakeMessage::text).containsExactly("от школы", "от ученика");
    }

    @Test
    void send_whenRandomIdMissing_expectedError100() {
        JsonNode error = vk.call(school.token(), "messages.send", "peer_id", peer, "message", "x").get("error");

        assertThat(error.get("error_code").asInt()).isEqualTo(100);
        assertThat(error.get("error_msg").asString()).contains("random_id");
    }

    @Test
    void send_whenMessageLongerThan9000_expectedError914() {
        assertThat(vk.errorCode(school.token(), "messages.send", "peer_id", peer, "message", "я".repeat(9001),
                "random_id", "1")).isEqualTo(914);
        assertThat(send("я".repeat(9000), 2)).isPositive();
    }

    @Test
    void send_whenMessageEmpty_expectedError100() {
        assertThat(vk.errorCode(school.token(), "messages.send", "peer_id", peer, "random_id", "1")).isEqualTo(100);
    }

    @Test
    void send_whenPeerIdsForm_expectedPerPeerResultsWithItemErrorFor901() {
        fake.allowMessages(pupil, school);

        JsonNode items = vk.ok(school.token(), "messages.send", "peer_ids", peer + "," + pupil.id() + ","
                + parent.id(), "message", "Завтра экскурсия", "random_id", "31");

        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("peer_id").asString()).isEqualTo(peer);
        assertThat(items.get(0).get("message_id").asLong()).isZero();
        assertThat(items.get(0).get("conversation_message_id").asLong()).isEqualTo(2);
        assertThat(items.get(1).get("peer_id").asLong()).isEqualTo(pupil.id());
        assertThat(items.get(1).get("message_id").asLong()).isPositive();
        assertThat(items.get(2).get("peer_id").asLong()).isEqualTo(parent.id());
        assertThat(items.get(2).at("/error/code").asInt()).isEqualTo(901);
        assertThat(fake.messagesIn(school.ownerId(), pupil.id())).extracting(FakeMessage::text)
                .containsExactly("Завтра экскурсия");
    }

    @Test
    void send_whenPeerIdsRetriedWithSameRandomId_expectedSameItemsAndNoSecondCopy() {
        fake.allowMessages(pupil, school);
        JsonNode first = vk.ok(school.token(), "messages.send", "peer_ids", peer + "," + pupil.id(),
                "message", "раз", "random_id", "8");

        JsonNode retry = vk.ok(school.token(), "messages.send", "peer_ids", peer + "," + pupil.id(),
                "message", "раз", "random_id", "8");

        assertThat(retry).isEqualTo(first);
        assertThat(texts()).hasSize(1);
    }

    @Test
    void send_whenCommunityWritesToUserWhoDidNotAllow_expectedError901UntilUserWritesFirst() {
        assertThat(vk.errorCode(school.token(), "messages.send", "peer_id", String.valueOf(pupil.id()),
                "message", "Здравствуйте", "random_id", "1")).isEqualTo(901);

        fake.sendMessage(pupil.id(), school.ownerId(), "Здравствуйте, вопрос");

        assertThat(send2(pupil.id(), "Слушаем", 2)).isPositive();
        assertThat(fake.messagesIn(pupil.id(), school.ownerId())).extracting(FakeMessage::text)
                .containsExactly("Здравствуйте, вопрос", "Слушаем");
    }

    private long send2(long peerId, String text, long randomId) {
        return vk.ok(school.token(), "messages.send", "peer_id", String.valueOf(peerId), "message", text,
                "random_id", String.valueOf(randomId)).asLong();
    }

    @Test
    void send_whenTwoTargetFormsGiven_expectedError100() {
        assertThat(vk.errorCode(school.token(), "messages.send", "peer_id", peer, "chat_id", "1", "message", "x",
                "random_id", "1")).isEqualTo(100);
    }

    @Test
    void send_whenAttachmentAndReplyGiven_expectedThemOnTheMessage() {
        long original = vk.ok(fake.userToken(pupil), "messages.send", "peer_id",
                String.valueOf(chat.peerIdFor(pupil.id())), "message", "Когда контрольная?", "random_id", "1")
                .asLong();

        vk.ok(school.token(), "messages.send", "peer_id", peer, "message", "В четверг", "random_id", "2",
                "attachment", "doc-200001_17", "forward",
                "{\"peer_id\":" + peer + ",\"conversation_message_ids\":[2],\"is_reply\":true}");

        JsonNode last = vk.ok(school.token(), "messages.getHistory", "peer_id", peer, "count", "1").at("/items/0");
        assertThat(last.at("/attachments/0/type").asString()).isEqualTo("doc");
        assertThat(last.at("/attachments/0/doc/owner_id").asLong()).isEqualTo(-200001);
        assertThat(last.at("/reply_message/text").asString()).isEqualTo("Когда контрольная?");
        assertThat(original).isPositive();
    }

    @Test
    void edit_whenAuthorEditsByCmid_expectedNewTextAndUpdateTime() {
        send("Урок в 9:00", 1);
        fake.clock().advance(Duration.ofMinutes(5));

        vk.ok(school.token(), "messages.edit", "peer_id", peer, "cmid", "2", "message", "Урок в 10:00");

        FakeMessage edited = texts().get(0);
        assertThat(edited.text()).isEqualTo("Урок в 10:00");
        assertThat(edited.editedAt()).contains(fake.clock().now());
    }

    @Test
    void edit_whenNotAuthor_expectedError920() {
        send("Урок в 9:00", 1);

        assertThat(vk.errorCode(fake.userToken(pupil), "messages.edit", "peer_id",
                String.valueOf(chat.peerIdFor(pupil.id())), "cmid", "2", "message", "ха")).isEqualTo(920);
    }

    @Test
    void edit_whenOlderThanEditWindow_expectedError909() {
        send("Урок в 9:00", 1);
        fake.clock().advance(Duration.ofHours(25));

        assertThat(vk.errorCode(school.token(), "messages.edit", "peer_id", peer, "cmid", "2", "message", "x"))
                .isEqualTo(909);
    }

    @Test
    void delete_whenForAllByCmids_expectedDeletedForEverybodyAndHiddenFromHistory() {
        send("опечатка", 1);

        JsonNode items = vk.ok(school.token(), "messages.delete", "peer_id", peer, "cmids", "2",
                "delete_for_all", "1");

        assertThat(items.get(0).get("response").asInt()).isEqualTo(1);
        assertThat(texts().get(0).deletedForAll()).isTrue();
        JsonNode history = vk.ok(fake.userToken(pupil), "messages.getHistory", "peer_id",
                String.valueOf(chat.peerIdFor(pupil.id())));
        assertThat(history.get("count").asInt()).isEqualTo(1);
    }

    @Test
    void delete_whenForAllOnSomeoneElsesMessageByMember_expectedItemError924() {
        send("объявление", 1);

        JsonNode items = vk.ok(fake.userToken(pupil), "messages.delete", "peer_id",
                String.valueOf(chat.peerIdFor(pupil.id())), "cmids", "2", "delete_for_all", "1");

        assertThat(items.get(0).get("response").asInt()).isZero();
        assertThat(items.get(0).at("/error/code").asInt()).isEqualTo(924);
        assertThat(texts().get(0).deletedForAll()).isFalse();
    }

    @Test
    void pin_whenAdminPins_expectedPinnedMessageAndServiceMessageThenUnpin() {
        send("Расписание на неделю", 1);

        JsonNode pinned = vk.ok(school.token(), "messages.pin", "peer_id", peer, "cmid", "2");

        assertThat(pinned.get("text").asString()).isEqualTo("Расписание на неделю");
        assertThat(pinned.get("conversation_message_id").asLong()).isEqualTo(2);
        assertThat(fake.chat(chat.id()).orElseThrow().pinnedConversationMessageId()).isEqualTo(2);
        assertThat(vk.errorCode(fake.userToken(pupil), "messages.pin", "peer_id",
                String.valueOf(chat.peerIdFor(pupil.id())), "cmid", "2")).isEqualTo(925);
        vk.ok(school.token(), "messages.unpin", "peer_id", peer);
        assertThat(fake.chat(chat.id()).orElseThrow().pinnedConversationMessageId()).isZero();
        assertThat(fake.messagesIn(chat)).extracting(m -> m.action().map(FakeMessage.Action::type).orElse("text"))
                .containsExactly("chat_create", "text", "chat_pin_message", "chat_unpin_message");
    }

    @Test
    void getHistory_whenPaging_expectedNewestFirstByDefaultAndOldestFirstWithRev() {
        for (int i = 1; i <= 5; i++) {
            send("сообщение " + i, i);
        }

        JsonNode newest = vk.ok(school.token(), "messages.getHistory", "peer_id", peer, "count", "2");
        JsonNode next = vk.ok(school.token(), "messages.getHistory", "peer_id", peer, "count", "2", "offset", "2");
        JsonNode oldest = vk.ok(school.token(), "messages.getHistory", "peer_id", peer, "count", "2", "rev", "1");

        assertThat(newest.get("count").asInt()).isEqualTo(6);
        assertThat(newest.get("items")).extracting(m -> m.get("text").asString())
                .containsExactly("сообщение 5", "сообщение 4");
        assertThat(next.get("items")).extracting(m -> m.get("text").asString())
                .containsExactly("сообщение 3", "сообщение 2");
        assertThat(oldest.get("items")).extracting(m -> m.at("/action/type").asString("text"))
                .containsExactly("chat_create", "text");
    }

    @Test
    void getHistory_whenCommunityReadsChat_expectedMessageIdZeroAndOutFlag() {
        send("от школы", 1);

        JsonNode item = vk.ok(school.token(), "messages.getHistory", "peer_id", peer, "count", "1").at("/items/0");

        assertThat(item.get("id").asLong()).isZero();
        assertThat(item.get("out").asInt()).isEqualTo(1);
        assertThat(item.get("random_id").asLong()).isEqualTo(1);
        JsonNode asPupil = vk.ok(fake.userToken(pupil), "messages.getHistory", "peer_id",
                String.valueOf(chat.peerIdFor(pupil.id())), "count", "1").at("/items/0");
        assertThat(asPupil.get("id").asLong()).isPositive();
        assertThat(asPupil.get("out").asInt()).isZero();
        assertThat(asPupil.has("random_id")).isFalse();
    }

    @Test
    void getHistory_whenCountAbove200_expectedError100() {
        assertThat(vk.errorCode(school.token(), "messages.getHistory", "peer_id", peer, "count", "201"))
                .isEqualTo(100);
    }

    @Test
    void getConversations_whenChatAndDialog_expectedNewestActivityFirstWithUnreadFilter() {
        fake.sendMessage(parent.id(), school.ownerId(), "Добрый день");
        send("Всем привет", 1);

        JsonNode all = vk.ok(school.token(), "messages.getConversations");
        JsonNode unread = vk.ok(school.token(), "messages.getConversations", "filter", "unread");

        assertThat(all.get("count").asInt()).isEqualTo(2);
        assertThat(all.at("/items/0/conversation/peer/id").asString()).isEqualTo(peer);
        assertThat(all.at("/items/0/last_message/text").asString()).isEqualTo("Всем привет");
        assertThat(all.at("/items/1/conversation/peer/id").asLong()).isEqualTo(parent.id());
        assertThat(unread.get("count").asInt()).isEqualTo(1);
        assertThat(unread.at("/items/0/conversation/unread_count").asInt()).isEqualTo(1);
    }

    @Test
    void getByConversationMessageId_whenSomeExist_expectedOnlyThose() {
        send("раз", 1);
        send("два", 2);

        JsonNode result = vk.ok(school.token(), "messages.getByConversationMessageId", "peer_id", peer,
                "conversation_message_ids", "2,3,99");

        assertThat(result.get("count").asInt()).isEqualTo(2);
        assertThat(result.get("items")).extracting(m -> m.get("text").asString()).containsExactly("раз", "два");
    }

    @Test
    void sendMessage_whenSenderNotInChat_expectedIllegalStateNamingVkError() {
        FakeUser stranger = fake.createUser("Пётр", "Иванов");

        assertThatThrownBy(() -> fake.sendMessage(stranger.id(), chat.peerIdFor(school.ownerId()), "x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("927");
    }
}
