package dev.sferum.sdk.vk.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.event.ChatActionEvent;
import dev.sferum.sdk.chat.event.ChatCreated;
import dev.sferum.sdk.chat.event.ChatEvent;
import dev.sferum.sdk.chat.event.ChatPhotoUpdated;
import dev.sferum.sdk.chat.event.ChatTitleUpdated;
import dev.sferum.sdk.chat.event.ClientInfo;
import dev.sferum.sdk.chat.event.EventMeta;
import dev.sferum.sdk.chat.event.EventOrigin;
import dev.sferum.sdk.chat.event.EventStream;
import dev.sferum.sdk.chat.event.GroupJoin;
import dev.sferum.sdk.chat.event.GroupLeave;
import dev.sferum.sdk.chat.event.MemberJoined;
import dev.sferum.sdk.chat.event.MemberLeft;
import dev.sferum.sdk.chat.event.MessageAllow;
import dev.sferum.sdk.chat.event.MessageDeny;
import dev.sferum.sdk.chat.event.MessageEdit;
import dev.sferum.sdk.chat.event.MessageEvent;
import dev.sferum.sdk.chat.event.MessageNew;
import dev.sferum.sdk.chat.event.MessagePinned;
import dev.sferum.sdk.chat.event.MessageReply;
import dev.sferum.sdk.chat.event.MessageUnpinned;
import dev.sferum.sdk.chat.event.OtherChatAction;
import dev.sferum.sdk.chat.event.UnknownEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

import static dev.sferum.sdk.vk.event.EventFixtures.GROUP_ID;
import static dev.sferum.sdk.vk.event.EventFixtures.PAYLOADS;
import static dev.sferum.sdk.vk.event.EventFixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every event shape, from payloads shaped after VK's schema, read the same whether VK pushed it (Callback API) or
 * the SDK pulled it (Bots Long Poll).
 */
class EventTypesTest {

    private static Map<String, ChatEvent> receiveAll(Feed feed) {
        EventFixtures.Recorder<ChatEvent> all = new EventFixtures.Recorder<>();
        try (EventStream stream = EventStream.builder().build()) {
            stream.onAny(all);
            feed.deliverNamed(stream, PAYLOADS);
            all.awaitCount(PAYLOADS.size());
        }
        Map<String, ChatEvent> byId = new LinkedHashMap<>();
        for (ChatEvent e : all.events()) {
            byId.put(e.meta().eventId(), e);
        }
        assertThat(byId).hasSize(PAYLOADS.size());
        return byId;
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void messageNew_whenChatMessage_expectedMessageWithPeerAuthorAttachmentsAndClientInfo(Feed feed) {
        ChatEvent e = receiveAll(feed).get("3f1c9e0a2b");

        assertThat(e).isInstanceOf(MessageNew.class);
        MessageNew m = (MessageNew) e;
        assertThat(m.meta().type()).isEqualTo("message_new");
        assertThat(m.meta().groupId()).isEqualTo(GROUP_ID);
        assertThat(m.meta().apiVersion()).isEqualTo("5.199");
        assertThat(m.meta().origin()).isEqualTo(feed == Feed.CALLBACK ? EventOrigin.CALLBACK : EventOrigin.LONG_POLL);
        assertThat(m.message().ref()).isEqualTo(MessageRef.of(PeerId.chat(12), 0, 90));
        assertThat(m.message().from()).isEqualTo(PeerId.user(1001));
        assertThat(m.message().text()).isEqualTo("Добрый день");
        assertThat(m.message().date().getEpochSecond()).isEqualTo(1735689600L);
        assertThat(m.message().attachments()).containsExactly("photo1001_457239017_a1b2c3");
        assertThat(m.message().action()).isEmpty();
        assertThat(m.clientInfo().supports("callback")).isTrue();
        assertThat(m.clientInfo().inlineKeyboard()).isTrue();
        assertThat(m.peer()).contains(PeerId.chat(12));
        assertThat(m.meta().json()).contains("some_future_field").contains("reply_message").doesNotContain("secret")
                .doesNotContain(SECRET);
        assertThat(m.meta().tree().path("object").path("message").path("text").asString()).isEqualTo("Добрый день");
        assertThat(m.toString()).doesNotContain("Добрый день");
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void messageNew_whenDialogOrPre5_103Shape_expectedBothRead(Feed feed) {
        Map<String, ChatEvent> events = receiveAll(feed);

        MessageNew dialog = (MessageNew) events.get("5e6f7a8b9c");
        assertThat(dialog.message().ref()).isEqualTo(MessageRef.of(PeerId.user(1002), 311, 7));
        assertThat(dialog.peer()).contains(PeerId.user(1002));
        MessageNew legacy = (MessageNew) events.get("0a0b0c0d0e");
        assertThat(legacy.meta().apiVersion()).isEqualTo("5.92");
        assertThat(legacy.message().ref()).isEqualTo(MessageRef.of(PeerId.user(1003), 12, 3));
        assertThat(legacy.message().text()).isEqualTo("старый формат");
        assertThat(legacy.clientInfo()).isEqualTo(ClientInfo.UNKNOWN);
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void chatActions_whenServiceMessages_expectedEachAsItsOwnType(Feed feed) {
        Map<String, ChatEvent> events = receiveAll(feed);
        PeerId chat = PeerId.chat(12);

        ChatActionEvent created = (ChatActionEvent) events.get("c0c0c0c001");
        assertThat(created).isEqualTo(new ChatCreated(created.meta(), chat, PeerId.community(GROUP_ID), created.at(),
                created.message(), "7Б"));
        assertThat(created.message()).get().extracting(Message::from).isEqualTo(PeerId.community(GROUP_ID));

        MemberJoined invited = (MemberJoined) events.get("77aa01bb02");
        assertThat(invited.member()).isEqualTo(PeerId.user(1002));
        assertThat(invited.via()).isEqualTo(MemberJoined.Via.INVITE);
        assertThat(invited.invitedBy()).isEqualTo(PeerId.user(1001));
        assertThat(invited.chat()).isEqualTo(chat);
        assertThat(invited.peer()).contains(chat);
        assertThat(invited.actor()).isEqualTo(PeerId.user(1001));
        assertThat(invited.message()).as("VK's chat_invite_user keeps its service message").get().satisfies(m -> {
            assertThat(m.action()).contains("chat_invite_user");
            assertThat(m.ref().peer()).isEqualTo(chat);
            assertThat(m.from()).isEqualTo(invited.actor());
            assertThat(m.date()).isEqualTo(invited.at()).isAfter(Instant.EPOCH);
        });

        assertThat(((MemberJoined) events.get("77aa01bb03")).member()).isEqualTo(PeerId.community(GROUP_ID));
        MemberJoined byLink = (MemberJoined) events.get("77aa01bb04");
        assertThat(byLink.member()).isEqualTo(PeerId.user(1004));
        assertThat(byLink.via()).isEqualTo(MemberJoined.Via.LINK);
        MemberJoined byRequest = (MemberJoined) events.get("77aa01bb05");
        assertThat(byRequest.member()).isEqualTo(PeerId.user(1005));
        assertThat(byRequest.via()).isEqualTo(MemberJoined.Via.REQUEST);

        MemberLeft kicked = (MemberLeft) events.get("88bb02cc03");
        assertThat(kicked.member()).isEqualTo(PeerId.user(1002));
        assertThat(kicked.kicked()).isTrue();
        assertThat(kicked.removedBy()).isEqualTo(PeerId.user(1001));
        MemberLeft left = (MemberLeft) events.get("88bb02cc04");
        assertThat(left.member()).isEqualTo(PeerId.user(1003));
        assertThat(left.kicked()).isFalse();

        assertThat(((ChatTitleUpdated) events.get("99cc03dd04")).title()).isEqualTo("7Б — 2025/26");
        assertThat(((ChatPhotoUpdated) events.get("99cc03dd05")).removed()).isFalse();
        assertThat(((ChatPhotoUpdated) events.get("99cc03dd06")).removed()).isTrue();

        MessagePinned pinned = (MessagePinned) events.get("aadd04ee05");
        assertThat(pinned.by()).isEqualTo(PeerId.user(1001));
        assertThat(pinned.pinned()).contains(MessageRef.of(chat, 0, 89));
        MessageUnpinned unpinned = (MessageUnpinned) events.get("aadd04ee06");
        assertThat(unpinned.unpinned()).contains(MessageRef.of(chat, 0, 89));

        OtherChatAction screenshot = (OtherChatAction) events.get("aadd04ee07");
        assertThat(screenshot.actionType()).isEqualTo("chat_screenshot");
        assertThat(screenshot.action().path("member_id").asLong()).isEqualTo(1002L);
        assertThat(events.values()).filteredOn(e -> e instanceof MessageNew)
                .allSatisfy(e -> assertThat(((MessageNew) e).message().action()).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void replyAndEdit_whenCommunityMessages_expectedTheirOwnTypes(Feed feed) {
        Map<String, ChatEvent> events = receiveAll(feed);

        MessageReply reply = (MessageReply) events.get("bb11cc22dd");
        assertThat(reply.message().from()).isEqualTo(PeerId.community(GROUP_ID));
        assertThat(reply.message().ref()).isEqualTo(MessageRef.of(PeerId.user(1002), 312, 8));
        assertThat(reply.message().randomId()).isEqualTo(8812734412L);
        MessageEdit edit = (MessageEdit) events.get("bb11cc22de");
        assertThat(edit.message().text()).isEqualTo("Собрание в пятницу в 18:00");
        assertThat(edit.peer()).contains(PeerId.user(1002));
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void messageEvent_whenPayloadObjectOrString_expectedBothParsed(Feed feed) {
        Map<String, ChatEvent> events = receiveAll(feed);

        MessageEvent object = (MessageEvent) events.get("b81f00aa11");
        assertThat(object.user()).isEqualTo(UserId.of(1001));
        assertThat(object.conversation()).isEqualTo(PeerId.chat(12));
        assertThat(object.buttonEventId()).isEqualTo("a7f3bc9d1e2f");
        assertThat(object.payloadTree().path("lesson").asInt()).isEqualTo(42);
        assertThat(object.payloadTree().path("action").asString()).isEqualTo("join");
        assertThat(object.message()).contains(MessageRef.of(PeerId.chat(12), 0, 90));
        assertThat(object.messageKey()).as("VK names the button message by its cmid only").isEmpty();
        assertThat(object.toString()).doesNotContain("lesson");
        MessageEvent string = (MessageEvent) events.get("b81f00aa12");
        assertThat(string.payload()).isEqualTo("{\"lesson\":43}");
        assertThat(string.payloadTree().path("lesson").asInt()).isEqualTo(43);
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void permissionsAndMembership_whenAllowDenyJoinLeave_expectedTyped(Feed feed) {
        Map<String, ChatEvent> events = receiveAll(feed);

        assertThat(events.get("cc22dd33e1")).isInstanceOfSatisfying(MessageAllow.class, a -> {
            assertThat(a.user()).isEqualTo(UserId.of(1002));
            assertThat(a.key()).isEqualTo("school_bot");
            assertThat(a.peer()).contains(PeerId.user(1002));
        });
        assertThat(events.get("cc22dd33e2")).isInstanceOfSatisfying(MessageDeny.class,
                d -> assertThat(d.user()).isEqualTo(UserId.of(1002)));
        assertThat(events.get("dd33ee44f1")).isInstanceOfSatisfying(GroupJoin.class, j -> {
            assertThat(j.user()).isEqualTo(UserId.of(1006));
            assertThat(j.joinType()).isEqualTo(GroupJoin.JoinType.APPROVED);
        });
        assertThat(((GroupJoin) events.get("dd33ee44f2")).joinType()).isEqualTo(GroupJoin.JoinType.OTHER);
        assertThat(events.get("dd33ee44f3")).isInstanceOfSatisfying(GroupLeave.class, l -> {
            assertThat(l.user()).isEqualTo(UserId.of(1006));
            assertThat(l.self()).isTrue();
        });
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void unknownEvent_whenTypeNotModelledOrObjectUnreadable_expectedRawJsonKept(Feed feed) {
        Map<String, ChatEvent> events = receiveAll(feed);

        UnknownEvent typing = (UnknownEvent) events.get("ee44ff55a1");
        assertThat(typing.meta().type()).isEqualTo("message_typing_state");
        assertThat(typing.reason()).isEqualTo("type not modelled");
        assertThat(typing.peer()).contains(PeerId.user(1002));
        assertThat(typing.meta().tree().path("object").path("state").asString()).isEqualTo("typing");
        UnknownEvent wall = (UnknownEvent) events.get("ee44ff55a2");
        assertThat(wall.meta().json()).contains("Новости школы").doesNotContain(SECRET);
        UnknownEvent broken = (UnknownEvent) events.get("ff55aa66b1");
        assertThat(broken.meta().type()).isEqualTo("message_new");
        assertThat(broken.reason()).contains("peer_id");
        assertThat(broken.meta().tree().path("object").path("message").path("text").asString()).isEqualTo("без peer_id");
    }

    @Test
    void chatAction_whenTheServiceMessageDisagreesWithTheAction_refused() {
        EventMeta meta = new EventMeta("message_new", "e1", GROUP_ID, "5.199", EventOrigin.CALLBACK, "{}");
        PeerId chat = PeerId.chat(12);
        Instant at = Instant.ofEpochSecond(1_760_000_000L);
        Message service = new Message(MessageRef.of(chat, 0, 5), PeerId.user(1001), at, "", List.of(), 0, "chat_invite_user");

        assertThat(new MemberJoined(meta, chat, PeerId.user(1001), at, Optional.of(service), PeerId.user(1002),
                MemberJoined.Via.INVITE).message()).contains(service);
        assertThat(new MemberJoined(meta, chat, PeerId.user(1001), at, Optional.empty(), PeerId.user(1002),
                MemberJoined.Via.INVITE).message()).isEmpty();
        assertThatThrownBy(() -> new MemberJoined(meta, PeerId.chat(13), PeerId.user(1001), at, Optional.of(service),
                PeerId.user(1002), MemberJoined.Via.INVITE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chat:13");
        assertThatThrownBy(() -> new MemberLeft(meta, chat, PeerId.user(1002), at, Optional.of(service), PeerId.user(1002), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor");
        assertThatThrownBy(() -> new ChatTitleUpdated(meta, chat, PeerId.user(1001), at.plusSeconds(1), Optional.of(service), "7Б"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time");
    }

    @Test
    void messageEvent_whenNamedByKeyOrCmid_givesTheMatchingRef() {
        EventMeta meta = new EventMeta("message_callback", "max:1", GROUP_ID, "", EventOrigin.WEBHOOK, "{}");
        PeerId chat = PeerId.chat(12);

        assertThat(new MessageEvent(meta, UserId.of(1001), chat, "cb1", "", 0, "mid.1").message())
                .contains(MessageRef.keyed(chat, "mid.1"));
        assertThat(new MessageEvent(meta, UserId.of(1001), chat, "cb1", "", 90).message()).contains(MessageRef.of(chat, 0, 90));
        assertThat(new MessageEvent(meta, UserId.of(1001), chat, "cb1", "", 0, "").message()).isEmpty();
        assertThatThrownBy(() -> new MessageEvent(meta, UserId.of(1001), chat, "cb1", "", 90, "mid.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> new MessageEvent(meta, UserId.of(1001), chat, "cb1", "", 0, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
