package dev.sferum.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Chat lifecycle over HTTP: create, members, admins, title, invite links, per-account chat ids. */
class ChatsTest {

    private FakeVk fake;
    private VkHttp vk;
    private FakeUser teacher;
    private FakeUser pupil;
    private FakeUser parent;
    private FakeCommunity school;

    @BeforeEach
    void start() {
        fake = FakeVk.builder().rateLimitsEnabled(false).start();
        vk = new VkHttp(fake);
        teacher = fake.createUser("Анна", "Петрова");
        pupil = fake.createUser("Иван", "Сидоров");
        parent = fake.createUser("Мария", "Сидорова");
        school = fake.createCommunity("Школа №1", teacher);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private long createClassChat(FakeUser... users) {
        List<String> ids = new ArrayList<>();
        for (FakeUser u : users) {
            ids.add(String.valueOf(u.id()));
        }
        JsonNode created = vk.ok(school.token(), "messages.createChat", "title", "5А класс",
                "user_ids", String.join(",", ids));
        return created.get("chat_id").asLong();
    }

    @Test
    void createChat_whenCommunityToken_expectedChatIdAndAddedPeerIdsAndStateSnapshot() {
        JsonNode created = vk.ok(school.token(), "messages.createChat", "title", "5А класс",
                "user_ids", pupil.id() + "," + parent.id());

        long chatId = created.get("chat_id").asLong();
        assertThat(chatId).isEqualTo(1);
        assertThat(created.get("peer_ids")).extracting(JsonNode::asLong).containsExactly(pupil.id(), parent.id());
        FakeChat chat = fake.chatOf(school.ownerId(), 2_000_000_000L + chatId).orElseThrow();
        assertThat(chat.title()).isEqualTo("5А класс");
        assertThat(chat.ownerId()).isEqualTo(school.ownerId());
        assertThat(chat.memberIds()).containsExactly(school.ownerId(), pupil.id(), parent.id());
        assertThat(fake.messagesIn(chat)).singleElement()
                .satisfies(m -> assertThat(m.action().orElseThrow().type()).isEqualTo("chat_create"));
    }

    @Test
    void createChat_whenUnknownUser_expectedError936() {
        assertThat(vk.errorCode(school.token(), "messages.createChat", "title", "x", "user_ids", "999999"))
                .isEqualTo(936);
    }

    @Test
    void chatIds_whenSameChatSeenByDifferentAccounts_expectedEachAccountHasItsOwnNumbering() {
        long first = createClassChat(teacher);
        long second = createClassChat(pupil);

        FakeChat chat = fake.chatOf(school.ownerId(), second).orElseThrow();

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        assertThat(chat.chatIdFor(pupil.id())).isEqualTo(1);
        assertThat(chat.peerIdFor(pupil.id())).isEqualTo(2_000_000_001L);
        JsonNode members = vk.ok(fake.userToken(pupil), "messages.getConversationMembers",
                "peer_id", "2000000001");
        assertThat(members.get("count").asInt()).isEqualTo(2);
    }

    @Test
    void getConversationMembers_whenCommunityOwnsChat_expectedOwnerFlagsRestrictionsAndProfiles() {
        long chatId = createClassChat(pupil);

        JsonNode members = vk.ok(school.token(), "messages.getConversationMembers",
                "peer_id", String.valueOf(2_000_000_000L + chatId));

        assertThat(members.get("count").asInt()).isEqualTo(2);
        JsonNode owner = members.get("items").get(0);
        assertThat(owner.get("member_id").asLong()).isEqualTo(school.ownerId());
        assertThat(owner.get("is_owner").asBoolean()).isTrue();
        assertThat(owner.get("is_admin").asBoolean()).isTrue();
        JsonNode member = members.get("items").get(1);
        assertThat(member.get("member_id").asLong()).isEqualTo(pupil.id());
        assertThat(member.get("invited_by").asLong()).isEqualTo(school.ownerId());
        assertThat(member.get("can_kick").asBoolean()).isTrue();
        assertThat(members.at("/chat_restrictions/only_admins_invite").asBoolean()).isTrue();
        assertThat(members.get("profiles")).extracting(p -> p.get("id").asLong()).containsExactly(pupil.id());
        assertThat(members.get("groups")).extracting(g -> g.get("id").asLong()).containsExactly(school.id());
    }

    @Test
    void addChatUser_whenAdminUserAdds_expectedMemberAndServiceMessage() {
        FakeChat chat = fake.createChat(teacher.id(), "Родители 5А", pupil);
        FakeToken teacherToken = fake.userToken(teacher);

        assertThat(vk.ok(teacherToken, "messages.addChatUser", "chat_id", "1", "user_id",
                String.valueOf(parent.id())).asInt()).isEqualTo(1);

        assertThat(fake.chat(chat.id()).orElseThrow().memberIds()).contains(parent.id());
        FakeMessage invite = fake.messagesIn(chat).get(1);
        assertThat(invite.action().orElseThrow()).isEqualTo(
                new FakeMessage.Action("chat_invite_user", parent.id(), ""));
        assertThat(invite.fromId()).isEqualTo(teacher.id());
    }

    @Test
    void addChatUser_whenAlreadyMember_answersOneAndChangesNothing() {
        FakeChat before = fake.createChat(teacher.id(), "Родители 5А", pupil);
        int messages = fake.messagesIn(before).size();

        assertThat(vk.ok(fake.userToken(teacher), "messages.addChatUser", "chat_id", "1",
                "user_id", String.valueOf(pupil.id())).asInt()).as("939 is \"message request already sent\", not this").isEqualTo(1);
        FakeChat after = fake.chatOf(teacher.id(), before.peerIdFor(teacher.id())).orElseThrow();
        assertThat(after.memberIds()).isEqualTo(before.memberIds());
        assertThat(fake.messagesIn(after)).hasSize(messages);
    }

    @Test
    void getChat_withChatIds_leavesOutTheChatsTheCallerDoesNotHave() {
        fake.createChat(teacher.id(), "Родители 5А", pupil);

        JsonNode chats = vk.ok(fake.userToken(teacher), "messages.getChat", "chat_ids", "1,42");

        assertThat(chats).hasSize(1);
        assertThat(chats.get(0).get("id").asLong()).isEqualTo(1);
        assertThat(vk.errorCode(fake.userToken(teacher), "messages.getChat", "chat_id", "42")).isEqualTo(927);
    }

    @Test
    void addChatUser_whenCallerIsNotAdmin_expectedError925() {
        fake.createChat(teacher.id(), "Родители 5А", pupil);

        assertThat(vk.errorCode(fake.userToken(pupil), "messages.addChatUser", "chat_id", "1",
                "user_id", String.valueOf(parent.id()))).isEqualTo(925);
    }

    @Test
    void removeChatUser_whenMember_expectedKickedAndNoLongerAbleToSend() {
        long chatId = createClassChat(pupil, parent);

        vk.ok(school.token(), "messages.removeChatUser", "chat_id", String.valueOf(chatId),
                "member_id", String.valueOf(parent.id()));

        FakeChat chat = fake.chatOf(school.ownerId(), chatId).orElseThrow();
        assertThat(chat.memberIds()).doesNotContain(parent.id());
        assertThat(vk.errorCode(fake.userToken(parent), "messages.send", "peer_id",
                String.valueOf(chat.peerIdFor(parent.id())), "message", "а я?", "random_id", "1")).isEqualTo(917);
    }

    @Test
    void removeChatUser_whenNotAMember_expectedError935() {
        long chatId = createClassChat(pupil);

        assertThat(vk.errorCode(school.token(), "messages.removeChatUser", "chat_id", String.valueOf(chatId),
                "user_id", String.valueOf(parent.id()))).isEqualTo(935);
    }

    @Test
    void removeChatUser_whenCallerIsNotAdmin_expectedError925() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil, parent);

        assertThat(vk.errorCode(fake.userToken(pupil), "messages.removeChatUser",
                "chat_id", String.valueOf(chat.chatIdFor(pupil.id())), "user_id", String.valueOf(parent.id())))
                .isEqualTo(925);
    }

    @Test
    void removeChatUser_whenMemberRemovesThemself_expectedLeftWithError922OnSend() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);
        FakeToken pupilToken = fake.userToken(pupil);
        String chatId = String.valueOf(chat.chatIdFor(pupil.id()));

        vk.ok(pupilToken, "messages.removeChatUser", "chat_id", chatId, "user_id", String.valueOf(pupil.id()));

        assertThat(vk.errorCode(pupilToken, "messages.send", "chat_id", chatId, "message", "x", "random_id", "5"))
                .isEqualTo(922);
        assertThat(vk.ok(pupilToken, "messages.getChat", "chat_id", chatId).get("left").asInt()).isEqualTo(1);
    }

    @Test
    void anyChatMethod_whenChatUnknownToCaller_expectedError927() {
        assertThat(vk.errorCode(school.token(), "messages.editChat", "chat_id", "42", "title", "x")).isEqualTo(927);
        assertThat(vk.errorCode(school.token(), "messages.getConversationMembers", "peer_id", "2000000042"))
                .isEqualTo(927);
    }

    @Test
    void editChat_whenAdmin_expectedTitleAndServiceMessage() {
        long chatId = createClassChat(pupil);

        vk.ok(school.token(), "messages.editChat", "chat_id", String.valueOf(chatId), "title", "6А класс");

        FakeChat chat = fake.chatOf(school.ownerId(), chatId).orElseThrow();
        assertThat(chat.title()).isEqualTo("6А класс");
        assertThat(fake.messagesIn(chat)).last().satisfies(m -> assertThat(m.action().orElseThrow())
                .isEqualTo(new FakeMessage.Action("chat_title_update", 0, "6А класс")));
    }

    @Test
    void editChat_whenCommunityIsMemberButNotAdmin_expectedError925() {
        FakeChat chat = fake.createChat(teacher.id(), "Учителя", pupil);
        fake.addChatMember(chat, school.ownerId());
        long communityChatId = fake.chat(chat.id()).orElseThrow().chatIdFor(school.ownerId());

        assertThat(vk.errorCode(school.token(), "messages.editChat", "chat_id", String.valueOf(communityChatId),
                "title", "x")).isEqualTo(925);

        fake.setChatAdmin(chat, school.ownerId(), true);
        vk.ok(school.token(), "messages.editChat", "chat_id", String.valueOf(communityChatId), "title", "x");
    }

    @Test
    void getInviteLink_whenReset_expectedNewLinkAndOldLinkStopsWorking() {
        long chatId = createClassChat(pupil);
        String peer = String.valueOf(2_000_000_000L + chatId);
        String first = vk.ok(school.token(), "messages.getInviteLink", "peer_id", peer).get("link").asString();

        String second = vk.ok(school.token(), "messages.getInviteLink", "peer_id", peer, "reset", "1")
                .get("link").asString();

        assertThat(first).startsWith("https://vk.me/join/");
        assertThat(second).startsWith("https://vk.me/join/").isNotEqualTo(first);
        FakeToken parentToken = fake.userToken(parent);
        assertThat(vk.errorCode(parentToken, "messages.joinChatByInviteLink", "link", first)).isEqualTo(917);
        JsonNode joined = vk.ok(parentToken, "messages.joinChatByInviteLink", "link", second);
        assertThat(joined.get("chat_id").asLong()).isEqualTo(1);
        assertThat(fake.chatOf(school.ownerId(), chatId).orElseThrow().memberIds()).contains(parent.id());
    }

    @Test
    void getInviteLink_whenNotAdmin_expectedError919() {
        FakeChat chat = fake.createChat(school.ownerId(), "5А", pupil);

        assertThat(vk.errorCode(fake.userToken(pupil), "messages.getInviteLink", "peer_id",
                String.valueOf(chat.peerIdFor(pupil.id())))).isEqualTo(919);
    }

    @Test
    void getChat_whenUserToken_expectedChatObject() {
        FakeChat chat = fake.createChat(teacher.id(), "Родители 5А", parent);

        JsonNode object = vk.ok(fake.userToken(parent), "messages.getChat", "chat_id",
                String.valueOf(chat.chatIdFor(parent.id())));

        assertThat(object.get("type").asString()).isEqualTo("chat");
        assertThat(object.get("title").asString()).isEqualTo("Родители 5А");
        assertThat(object.get("admin_id").asLong()).isEqualTo(teacher.id());
        assertThat(object.get("users")).extracting(JsonNode::asLong).containsExactly(teacher.id(), parent.id());
    }

    @Test
    void getChatPreview_whenByLink_expectedPreviewOfChatNotYetJoined() {
        long chatId = createClassChat(pupil);
        String link = vk.ok(school.token(), "messages.getInviteLink", "peer_id",
                String.valueOf(2_000_000_000L + chatId)).get("link").asString();

        JsonNode preview = vk.ok(fake.userToken(parent), "messages.getChatPreview", "link", link);

        assertThat(preview.at("/preview/title").asString()).isEqualTo("5А класс");
        assertThat(preview.at("/preview/is_member").asBoolean()).isFalse();
        assertThat(preview.at("/preview/members_count").asInt()).isEqualTo(2);
    }

    @Test
    void getConversationsById_whenChatAndUnknownPeer_expectedOnlyKnownConversation() {
        long chatId = createClassChat(pupil);

        JsonNode result = vk.ok(school.token(), "messages.getConversationsById",
                "peer_ids", (2_000_000_000L + chatId) + ",2000000077");

        assertThat(result.get("count").asInt()).isEqualTo(1);
        JsonNode conversation = result.get("items").get(0);
        assertThat(conversation.at("/peer/type").asString()).isEqualTo("chat");
        assertThat(conversation.at("/chat_settings/title").asString()).isEqualTo("5А класс");
        assertThat(conversation.at("/chat_settings/owner_id").asLong()).isEqualTo(school.ownerId());
        assertThat(conversation.at("/chat_settings/state").asString()).isEqualTo("in");
    }
}
