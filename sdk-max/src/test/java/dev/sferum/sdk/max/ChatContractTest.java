package dev.sferum.sdk.max;

import dev.sferum.sdk.chat.Chat;
import dev.sferum.sdk.chat.ChatNotFoundException;
import dev.sferum.sdk.chat.NotChatAdminException;
import dev.sferum.sdk.chat.ChatCapabilities;
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
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.chat.UnsupportedChatOperationException;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.max.testing.Backend;
import dev.sferum.sdk.max.testing.Canary;
import dev.sferum.sdk.max.testing.ClassChat;
import dev.sferum.sdk.max.testing.Mode;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * One chat contract, run on both backends (VK on FakeVk, MAX on FakeMax) and in both modes: every operation either
 * works the same way, or fails with {@link UnsupportedChatOperationException} (category {@code NOT_SUPPORTED}) before
 * any request reaches the fake, exactly where the backend's capabilities say so.
 *
 * <p>No test states a backend's gaps by hand: each branches on {@link ChatCapabilities}, and
 * {@link #capabilities_whenAsked_nameTheBackendAndItsLimits} pins what each backend's capabilities are.
 */
class ChatContractTest {
    private ClassChat school;

    static Stream<Arguments> backends() {
        return Stream.of(Backend.values()).flatMap(b -> Stream.of(Mode.values()).map(m -> Arguments.of(b, m)));
    }

    private ChatClient open(Backend backend, Mode mode) {
        school = backend.open(mode);
        return school.client();
    }

    @AfterEach
    void close() {
        if (school != null) {
            school.close();
        }
    }

    /** Asserts a call fails NOT_SUPPORTED and reaches no server; returns the exception. */
    private UnsupportedChatOperationException refusedBeforeIo(ThrowableAssert.ThrowingCallable call) {
        int before = school.requests();
        UnsupportedChatOperationException e = catchThrowableOfType(UnsupportedChatOperationException.class, call);
        assertThat(e).as("a typed not-supported error").isNotNull();
        assertThat(e.category()).isEqualTo(ErrorCategory.NOT_SUPPORTED);
        assertThat(e.remedy()).as("says what to do instead").isPresent();
        assertThat(school.requests()).as("refused before any I/O").isEqualTo(before);
        return e;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void capabilities_whenAsked_nameTheBackendAndItsLimits(Backend backend, Mode mode) {
        ChatCapabilities caps = open(backend, mode).capabilities();
        assertThat(caps.backend()).isEqualTo(backend.name().toLowerCase(java.util.Locale.ROOT));
        assertThat(caps.canCreateChats()).isEqualTo(backend == Backend.VK);
        assertThat(caps.hasIdempotentSend()).isEqualTo(backend == Backend.VK);
        assertThat(caps.maxMessageLength()).isEqualTo(backend == Backend.VK ? 9000 : 4000 - MaxDeliveryConfig.MARKER_LENGTH);
        boolean vk = backend == Backend.VK;
        assertThat(List.of(caps.canAddMembers(), caps.canRemoveMembers(), caps.canReadInviteLinks(), caps.canResetInviteLinks(),
                caps.canDeleteForAll(), caps.canDeleteForSelf(), caps.canReadOldestFirst()))
                .as("the suite's VK client acts as a community")
                .containsExactly(!vk, true, vk, vk, true, vk, vk);
        assertThat(caps.conversationFilters()).isEqualTo(vk ? java.util.EnumSet.allOf(ConversationsRequest.Filter.class)
                : java.util.EnumSet.of(ConversationsRequest.Filter.ALL));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void createChat_whenTheBackendCanOrNot_createsOrRefusesAsPredicted(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        if (chats.capabilities().canCreateChats()) {
            CreateChatResult created = chats.createChat(r -> r.title("Кружок").members(school.pupils().get(0)));
            assertThat(chats.chat(created.chat()).title()).isEqualTo("Кружок");
        } else {
            refusedBeforeIo(() -> chats.createChat(r -> r.title("Кружок")));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void chat_whenRead_showsTitleStandingAndMembers(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        Chat chat = chats.chat(school.chat());
        assertThat(chat.peer()).isEqualTo(school.chat());
        assertThat(chat.title()).isEqualTo("7Б");
        assertThat(chat.state()).isEqualTo(ChatState.IN);
        assertThat(chat.membersCount()).as("teacher, three pupils, the acting account").isEqualTo(5);

        List<Chat> some = chats.chats(List.of(school.unknownChat(), school.chat()));
        assertThat(some).as("an unknown chat is left out").extracting(Chat::peer).containsExactly(school.chat());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void chat_whenUnknown_failsNotFound(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        SferumException e = catchThrowableOfType(SferumException.class, () -> chats.chat(school.unknownChat()));
        assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void chat_whenUnknown_throwsTheSameChatNotFoundTypeOnBothBackends(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        ChatNotFoundException e = catchThrowableOfType(ChatNotFoundException.class, () -> chats.chat(school.unknownChat()));
        assertThat(e).as("a user's catch (ChatNotFoundException e) works on " + backend).isNotNull();
        assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(e.remedy()).hasValueSatisfying(r -> assertThat(r).contains("chat id"));
        if (backend == Backend.MAX) {
            assertThat(e.errorCode()).as("not a VK error").isZero();
            assertThat(e.getCause()).isInstanceOfSatisfying(MaxApiException.class, m -> assertThat(m.httpStatus()).isEqualTo(404));
        } else {
            assertThat(e.errorCode()).isEqualTo(927);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void renameChat_whenNotAnAdmin_throwsTheSameNotChatAdminTypeOnBothBackends(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        school.demoteActor();
        NotChatAdminException e = catchThrowableOfType(NotChatAdminException.class, () -> chats.renameChat(school.chat(), "8Б"));
        assertThat(e).as("a user's catch (NotChatAdminException e) works on " + backend).isNotNull();
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION);
        assertThat(e.remedy()).hasValueSatisfying(r -> assertThat(r).contains("admin"));
        assertThat(school.title()).isEqualTo("7Б");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void renameChat_whenAdmin_changesTheTitle(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        chats.renameChat(school.chat(), "  7Б (2025/26) ");
        assertThat(school.title()).isEqualTo("7Б (2025/26)");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> chats.renameChat(school.chat(), " ")))
                .as("a blank title is refused before any I/O").isNotNull();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void members_whenPaged_listEveryoneOnce(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        List<ChatMember> members = chats.members(r -> r.chat(school.chat()).pageSize(2)).stream().toList();
        assertThat(members).hasSize(5);
        assertThat(members).extracting(ChatMember::user).filteredOn(java.util.Optional::isPresent).extracting(java.util.Optional::get)
                .containsAll(school.pupils());
        assertThat(members).filteredOn(ChatMember::owner).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void addMember_whenTheAccountCanOrNot_addsOnceOrRefusesAsPredicted(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        UserId outsider = school.outsider();
        if (chats.capabilities().canAddMembers()) {
            assertThat(chats.addMember(school.chat(), outsider)).isEqualTo(MemberChangeResult.ADDED);
            assertThat(chats.addMember(school.chat(), outsider)).as("already in counts as done").isEqualTo(MemberChangeResult.ALREADY_MEMBER);
            assertThat(school.inChat(outsider)).isTrue();
        } else {
            refusedBeforeIo(() -> chats.addMember(school.chat(), outsider));
            assertThat(school.inChat(outsider)).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void removeMember_whenTwice_removesThenCountsAsDone(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        UserId pupil = school.pupils().get(2);
        assertThat(chats.removeMember(school.chat(), pupil)).isEqualTo(MemberChangeResult.REMOVED);
        assertThat(chats.removeMember(school.chat(), pupil)).isEqualTo(MemberChangeResult.NOT_A_MEMBER);
        assertThat(school.inChat(pupil)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void inviteLink_whenTheBackendHasLinksOrNot_givesOneOrRefusesAsPredicted(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        InviteLink link = null;
        if (chats.capabilities().canReadInviteLinks()) {
            link = chats.inviteLink(school.chat());
            Canary.register(link.url());
            assertThat(link.url()).isNotBlank();
        } else {
            assertThat(refusedBeforeIo(() -> chats.inviteLink(school.chat())).operation()).isEqualTo("inviteLink");
        }
        if (chats.capabilities().canResetInviteLinks()) {
            InviteLink fresh = chats.resetInviteLink(school.chat());
            Canary.register(fresh.url());
            if (link != null) {
                assertThat(fresh.url()).isNotEqualTo(link.url());
            }
        } else {
            assertThat(refusedBeforeIo(() -> chats.resetInviteLink(school.chat())).operation()).isEqualTo("resetInviteLink");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void send_whenShort_postsOneMessageAndSettlesTheOutbox(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        SendResult sent = chats.send(r -> r.peer(school.chat()).text("Урок перенесён на 10:00"));
        assertThat(sent.complete()).isTrue();
        assertThat(sent.parts()).isEqualTo(1);
        assertThat(sent.messages()).hasSize(1);
        assertThat(school.texts()).containsExactly("Урок перенесён на 10:00");
        assertThat(chats.outbox().pending()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void send_whenTheSameRequestTwice_postsOnce(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        SendRequest notice = SendRequest.builder().peer(school.chat()).text("Родительское собрание в четверг").build();
        chats.send(notice);
        chats.send(notice);
        assertThat(school.texts()).containsExactly("Родительское собрание в четверг");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void send_whenLongerThanOneMessage_splitsInOrderWithinTheLimit(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        int max = chats.capabilities().maxMessageLength();
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < max * 2 + 100; i++) {
            text.append("Параграф ").append(i).append(": домашнее задание на неделю.\n\n");
        }
        SendResult sent = chats.send(r -> r.peer(school.chat()).text(text.toString()));
        assertThat(sent.parts()).isEqualTo(3);
        List<String> texts = school.texts();
        assertThat(texts).hasSize(3).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(max));
        assertThat(String.join("", texts).replaceAll("\\s", "")).isEqualTo(text.toString().replaceAll("\\s", ""));
        assertThat(texts.get(0)).startsWith("Параграф 0:");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void editPinUnpin_whenOnTheBotsMessage_changeTheChat(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        MessageRef message = chats.send(r -> r.peer(school.chat()).text("Урок в 10:00")).messages().get(0);
        chats.edit(e -> e.message(message).text("Урок в 11:00"));
        assertThat(school.texts()).containsExactly("Урок в 11:00");
        chats.pin(message);
        assertThat(school.pinned()).isTrue();
        chats.unpin(school.chat());
        assertThat(school.pinned()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void history_whenRead_showsTheTextAsSentAndItsIdempotencyId(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        SendResult sent = chats.send(r -> r.peer(school.chat()).text("Контрольная по математике"));
        chats.send(r -> r.peer(school.chat()).text("Принесите линейки"));
        List<Message> history = chats.history(h -> h.peer(school.chat()).pageSize(1)).stream()
                .filter(m -> m.action().isEmpty() && !m.text().isEmpty()).toList();
        assertThat(history).extracting(Message::text).containsExactly("Принесите линейки", "Контрольная по математике");
        assertThat(history.get(1).randomId()).as("the id it was sent with, VK's random_id or MAX's marker")
                .isEqualTo(sent.sent().get(0).randomId()).isNotZero();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void conversations_whenListed_includeTheClassChat(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        assertThat(chats.conversations(c -> c.pageSize(1)).stream().map(Conversation::peer)).contains(school.chat());
    }

    /**
     * The message as history shows it. (On the VK fake a community's send answers a {@code message_id} that
     * {@code messages.delete} does not accept back; history's conversation message id works on both backends.)
     */
    private MessageRef fromHistory(ChatClient chats, String text) {
        return chats.history(h -> h.peer(school.chat())).stream().filter(m -> m.text().equals(text)).findFirst().orElseThrow().ref();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void delete_whenForEveryone_removesTheMessage(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        chats.send(r -> r.peer(school.chat()).text("Ошибочное сообщение"));
        MessageRef message = fromHistory(chats, "Ошибочное сообщение");
        DeleteResult deleted = chats.delete(d -> d.messages(message).forAll(true));
        assertThat(deleted.deleted()).containsExactly(message);
        assertThat(school.texts()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void delete_whenOnlyForTheAccount_deletesOrRefusesAsPredicted(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        chats.send(r -> r.peer(school.chat()).text("Для себя"));
        MessageRef message = fromHistory(chats, "Для себя");
        if (chats.capabilities().canDeleteForSelf()) {
            assertThat(chats.delete(d -> d.messages(message)).deleted()).containsExactly(message);
        } else {
            assertThat(refusedBeforeIo(() -> chats.delete(d -> d.messages(message))).operation()).isEqualTo("delete");
            assertThat(school.texts()).containsExactly("Для себя");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void history_whenOldestFirst_readsInThatOrderOrRefusesAsPredicted(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        chats.send(r -> r.peer(school.chat()).text("Первое"));
        chats.send(r -> r.peer(school.chat()).text("Второе"));
        if (chats.capabilities().canReadOldestFirst()) {
            List<String> texts = chats.history(h -> h.peer(school.chat()).oldestFirst(true)).stream().map(Message::text)
                    .filter(t -> t.equals("Первое") || t.equals("Второе")).toList();
            assertThat(texts).containsExactly("Первое", "Второе");
        } else {
            assertThat(refusedBeforeIo(() -> chats.history(h -> h.peer(school.chat()).oldestFirst(true)).stream().toList()).operation())
                    .isEqualTo("history");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void conversations_whenFiltered_listOrRefuseExactlyAsTheFiltersSay(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        for (ConversationsRequest.Filter filter : ConversationsRequest.Filter.values()) {
            if (chats.capabilities().conversationFilters().contains(filter)) {
                assertThat(chats.conversations(c -> c.filter(filter)).stream().toList()).as(filter.name()).isNotNull();
            } else {
                assertThat(refusedBeforeIo(() -> chats.conversations(c -> c.filter(filter)).stream().toList()).operation())
                        .as(filter.name()).isEqualTo("conversations");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void leave_whenDone_takesTheAccountOutOfTheChat(Backend backend, Mode mode) {
        ChatClient chats = open(backend, mode);
        chats.leave(school.chat());
        assertThat(school.actorInChat()).isFalse();
    }
}
