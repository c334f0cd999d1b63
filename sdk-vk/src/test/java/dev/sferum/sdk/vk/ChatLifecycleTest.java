package dev.sferum.sdk.vk;

import dev.sferum.sdk.chat.Chat;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.ChatMember;
import dev.sferum.sdk.chat.ChatState;
import dev.sferum.sdk.chat.Conversation;
import dev.sferum.sdk.chat.ConversationsRequest;
import dev.sferum.sdk.chat.CreateChatResult;
import dev.sferum.sdk.chat.DeleteResult;
import dev.sferum.sdk.chat.InviteLink;
import dev.sferum.sdk.chat.MemberChangeResult;
import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.chat.UnsupportedChatOperationException;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.testkit.FakeChat;
import dev.sferum.sdk.testkit.FakeMessage;
import dev.sferum.sdk.testkit.FakeUser;
import dev.sferum.sdk.vk.testing.Canary;
import dev.sferum.sdk.vk.testing.Mode;
import dev.sferum.sdk.vk.testing.School;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The whole life of a class chat on the testkit fake, as a community and as a user, sync and async. */
class ChatLifecycleTest {
    private School school;

    @BeforeEach
    void open() {
        school = School.open();
    }

    @AfterEach
    void close() {
        school.close();
    }

    private FakeChat fakeChat(long ownerId, PeerId chat) {
        return school.fake.chatOf(ownerId, chat.id()).orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void lifecycle_whenCommunityRunsAClassChat_everyStepReachesTheFake(Mode mode) {
        List<FakeUser> pupils = school.users(3, "Петров");
        long owner = school.community.ownerId();
        ChatClient chats = school.communityChats(mode);

        CreateChatResult created = chats.createChat(r -> r.title("  7Б ").members(pupils.stream().map(u -> UserId.of(u.id())).toList()));
        PeerId chat = created.chat();
        assertThat(chat.isChat()).isTrue();
        assertThat(created.addedPeers()).containsExactlyInAnyOrderElementsOf(pupils.stream().map(u -> PeerId.user(u.id())).toList());
        assertThat(fakeChat(owner, chat).title()).isEqualTo("7Б");
        assertThat(school.fake.requests("messages.createChat").get(0).params()).containsEntry("title", "7Б");

        Chat read = chats.chat(chat);
        assertThat(read.title()).isEqualTo("7Б");
        assertThat(read.membersCount()).isEqualTo(4);
        assertThat(read.owner()).contains(PeerId.community(school.community.id()));
        assertThat(read.state()).isEqualTo(ChatState.IN);

        chats.renameChat(chat, "7Б (2025/26)");
        assertThat(fakeChat(owner, chat).title()).isEqualTo("7Б (2025/26)");

        school.fake.clearRequests();
        List<ChatMember> members = chats.members(r -> r.chat(chat).pageSize(2)).stream().toList();
        assertThat(members).extracting(ChatMember::member).containsExactlyInAnyOrder(PeerId.community(school.community.id()),
                PeerId.user(pupils.get(0).id()), PeerId.user(pupils.get(1).id()), PeerId.user(pupils.get(2).id()));
        assertThat(members).filteredOn(ChatMember::owner).extracting(ChatMember::member).containsExactly(PeerId.community(school.community.id()));
        assertThat(school.fake.requestCount("messages.getConversationMembers")).as("two pages of two").isEqualTo(2);

        UnsupportedChatOperationException refused = catchThrowableOfType(UnsupportedChatOperationException.class,
                () -> chats.addMember(chat, UserId.of(pupils.get(0).id())));
        assertThat(refused.category()).isEqualTo(ErrorCategory.NOT_SUPPORTED);
        assertThat(refused.remedy()).hasValueSatisfying(r -> assertThat(r).contains("invite link"));
        assertThat(school.fake.requestCount("messages.addChatUser")).as("refused before any I/O").isZero();
        assertThat(chats.capabilities().canAddMembers()).isFalse();

        UserId leaving = UserId.of(pupils.get(2).id());
        assertThat(chats.removeMember(chat, leaving)).isEqualTo(MemberChangeResult.REMOVED);
        assertThat(chats.removeMember(chat, leaving)).as("935 counts as done").isEqualTo(MemberChangeResult.NOT_A_MEMBER);
        assertThat(fakeChat(owner, chat).memberIds()).doesNotContain(leaving.value());

        InviteLink link = chats.inviteLink(chat);
        Canary.register(link.url());
        assertThat(link.url()).isEqualTo(fakeChat(owner, chat).inviteLink());
        assertThat(link.toString()).doesNotContain(link.url());
        InviteLink fresh = chats.resetInviteLink(chat);
        Canary.register(fresh.url());
        assertThat(fresh.url()).isNotEqualTo(link.url()).isEqualTo(fakeChat(owner, chat).inviteLink());

        SendResult sent = chats.send(r -> r.peer(chat).text("Урок перенесён на 10:00"));
        assertThat(sent.complete()).isTrue();
        MessageRef message = sent.messages().get(0);
        long peerId = fakeChat(owner, chat).peerIdFor(owner);
        assertThat(texts(owner, peerId)).containsExactly("Урок перенесён на 10:00");
        assertThat(chats.outbox().pending()).as("settled").isEmpty();

        chats.edit(e -> e.message(message).text("Урок перенесён на 11:00"));
        assertThat(texts(owner, peerId)).containsExactly("Урок перенесён на 11:00");

        MessageRef pinned = chats.pin(message);
        assertThat(pinned.conversationMessageId()).isPresent();
        assertThat(fakeChat(owner, chat).pinnedConversationMessageId()).isEqualTo(pinned.conversationMessageId().getAsLong());
        chats.unpin(chat);
        assertThat(fakeChat(owner, chat).pinnedConversationMessageId()).isZero();

        List<Message> history = chats.history(h -> h.peer(chat).pageSize(2)).stream().toList();
        assertThat(history).filteredOn(m -> m.action().isEmpty()).extracting(Message::text).containsExactly("Урок перенесён на 11:00");
        assertThat(history).filteredOn(m -> m.action().isPresent()).extracting(m -> m.action().get()).contains("chat_create");
        Message mine = history.stream().filter(m -> m.action().isEmpty()).findFirst().orElseThrow();
        assertThat(mine.randomId()).isEqualTo(sent.sent().get(0).randomId());
        assertThat(mine.from()).isEqualTo(PeerId.community(school.community.id()));
        assertThat(mine.toString()).doesNotContain("Урок");

        List<Conversation> conversations = chats.conversations(c -> c.pageSize(1)).stream().toList();
        assertThat(conversations).extracting(Conversation::peer).contains(chat);

        DeleteResult deleted = chats.delete(d -> d.messages(mine.ref()).forAll(true));
        assertThat(deleted.deleted()).containsExactly(mine.ref());
        assertThat(school.fake.messagesIn(owner, peerId)).filteredOn(m -> !m.isServiceMessage()).allMatch(FakeMessage::deletedForAll);

        chats.leave(chat);
        assertThat(fakeChat(owner, chat).isMember(owner)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void lifecycle_whenATeacherUsesAUserToken_membersAreAddedAndTheChatIsReadWithGetChat(Mode mode) {
        FakeUser teacher = school.fake.createUser("Анна", "Иванова");
        List<FakeUser> pupils = school.users(2, "Сидоров");
        ChatClient chats = school.userChats(mode, teacher);

        PeerId chat = chats.createChat(r -> r.title("Кружок робототехники").members(UserId.of(pupils.get(0).id()))).chat();
        assertThat(chats.capabilities().canAddMembers()).isTrue();
        assertThat(chats.addMember(chat, UserId.of(pupils.get(1).id()))).isEqualTo(MemberChangeResult.ADDED);
        assertThat(chats.addMember(a -> a.chat(chat).user(UserId.of(pupils.get(1).id())).visibleMessagesCount(50)))
                .as("VK names no error for adding a member twice").isEqualTo(MemberChangeResult.ADDED);

        Chat read = chats.chat(chat);
        assertThat(read.title()).isEqualTo("Кружок робототехники");
        assertThat(read.membersCount()).isEqualTo(3);
        assertThat(read.owner()).contains(PeerId.user(teacher.id()));
        assertThat(school.fake.requestCount("messages.getChat")).isEqualTo(1);

        school.fake.clearRequests();
        assertThat(chats.capabilities().conversationFilters()).as("important and unanswered are for communities")
                .containsExactlyInAnyOrder(ConversationsRequest.Filter.ALL, ConversationsRequest.Filter.UNREAD);
        UnsupportedChatOperationException important = catchThrowableOfType(UnsupportedChatOperationException.class,
                () -> chats.conversations(c -> c.filter(ConversationsRequest.Filter.IMPORTANT)).stream().toList());
        assertThat(important.operation()).isEqualTo("conversations");
        assertThat(important.remedy()).hasValueSatisfying(r -> assertThat(r).contains("conversationFilters"));
        assertThat(school.fake.requestCount("messages.getConversations")).as("refused before any I/O").isZero();
        assertThat(school.fake.requestCount("messages.getConversationsById")).isZero();

        chats.leave(chat);
        assertThat(school.fake.requestCount("users.get")).as("the user's id is asked once").isEqualTo(1);
        assertThat(school.fake.chatOf(teacher.id(), chat.id()).orElseThrow().isMember(teacher.id())).isFalse();
    }

    private List<String> texts(long owner, long peerId) {
        return school.fake.messagesIn(owner, peerId).stream().filter(m -> !m.isServiceMessage()).map(FakeMessage::text).toList();
    }
}
