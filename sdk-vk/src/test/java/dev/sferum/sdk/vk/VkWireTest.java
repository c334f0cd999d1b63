package dev.sferum.sdk.vk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.sferum.sdk.chat.AlreadyInvitedException;
import dev.sferum.sdk.chat.Chat;
import dev.sferum.sdk.chat.ChatAccessException;
import dev.sferum.sdk.chat.ChatApiException;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.ChatLimitException;
import dev.sferum.sdk.chat.ChatNotFoundException;
import dev.sferum.sdk.chat.ChatUnsupportedException;
import dev.sferum.sdk.chat.CreateChatResult;
import dev.sferum.sdk.chat.DeleteResult;
import dev.sferum.sdk.chat.MemberChangeResult;
import dev.sferum.sdk.chat.MessageFailure;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.MessagesNotAllowedException;
import dev.sferum.sdk.chat.NotChatAdminException;
import dev.sferum.sdk.chat.NotChatMemberException;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SchoolRosterException;
import dev.sferum.sdk.chat.SendRequest;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.vk.testing.Canary;
import dev.sferum.sdk.vk.testing.Mode;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The VK wire format: what goes out for each call and how VK's answers and chat errors come back, sync and async. */
class VkWireTest {
    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static ChatClient client(Mode mode, AccessToken token, ChatActor actor) {
        ApiClientBuilder api = ApiClient.builder()
                .config(ClientConfig.builder().baseUrl(vk.baseUrl()).rateLimits(RateLimits.unlimited()).timeSource(new FakeTimeSource()).build())
                .token(token);
        return mode.chats(api, VkChats.builder().actor(actor));
    }

    private static ChatClient community(Mode mode) {
        return client(mode, Canary.community(), ChatActor.community(Canary.GROUP_ID));
    }

    private static Map<String, String> form(LoggedRequest r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : r.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<LoggedRequest> sent(String method) {
        return vk.findAll(postRequestedFor(urlEqualTo("/method/" + method)));
    }

    private static String error(int code, String msg) {
        return "{\"error\":{\"error_code\":" + code + ",\"error_msg\":\"" + msg + "\",\"request_params\":["
                + "{\"key\":\"method\",\"value\":\"messages.editChat\"},{\"key\":\"access_token\",\"value\":\"" + Canary.COMMUNITY_TOKEN + "\"}]}}";
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void createChat_whenVkAnswersABareChatId_readsItAndSendsTheDocumentedForm(Mode mode) {
        vk.stubFor(post("/method/messages.createChat").willReturn(okJson("{\"response\":12}")));

        CreateChatResult r = community(mode).createChat(c -> c.title("7Б").members(UserId.of(1001), UserId.of(1002)).onBehalfOf(Canary.GROUP_ID));

        assertThat(r.chat()).isEqualTo(PeerId.chat(12));
        assertThat(r.addedPeers()).isEmpty();
        LoggedRequest req = sent("messages.createChat").get(0);
        assertThat(form(req)).containsEntry("title", "7Б").containsEntry("user_ids", "1001,1002")
                .containsEntry("group_id", "123456").containsEntry("v", "5.199").doesNotContainKey("access_token");
        assertThat(req.getHeader("Authorization")).isEqualTo("Bearer " + Canary.COMMUNITY_TOKEN);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void createChat_whenVkAnswersChatIdAndPeerIds_reportsTheAddedUsersButNotTheChatItself(Mode mode) {
        vk.stubFor(post("/method/messages.createChat").willReturn(okJson("{\"response\":{\"chat_id\":12,\"peer_ids\":[2000000012,1001]}}")));

        CreateChatResult r = community(mode).createChat(c -> c.title("7Б").members(UserId.of(1001)));

        assertThat(r.addedPeers()).containsExactly(PeerId.user(1001));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_toAChat_postsPeerIdAndTheKeyAsRandomIdAndKeepsAZeroIdHonest(Mode mode) {
        vk.stubFor(post("/method/messages.send").willReturn(okJson("{\"response\":0}")));
        SendRequest request = SendRequest.builder().peer(PeerId.chat(12)).text("Привет").idempotencyKey(4242).disableMentions(true).build();

        SendResult r = community(mode).send(request);

        assertThat(form(sent("messages.send").get(0))).containsEntry("peer_id", "2000000012").containsEntry("random_id", "4242")
                .containsEntry("message", "Привет").containsEntry("disable_mentions", "1").doesNotContainKey("peer_ids");
        assertThat(r.sent()).singleElement().satisfies(s -> {
            assertThat(s.randomId()).isEqualTo(4242);
            assertThat(s.message()).as("VK gave no id").isEmpty();
        });
        assertThat(r.messages()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_toACommunityAndAUser_usesPeerIdsAndTypesEachPeersError(Mode mode) {
        vk.stubFor(post("/method/messages.send").willReturn(okJson("{\"response\":["
                + "{\"peer_id\":1001,\"message_id\":0,\"conversation_message_id\":0,\"error\":{\"code\":901,\"description\":\"Can't send messages for users without permission\"}},"
                + "{\"peer_id\":-777,\"message_id\":55,\"conversation_message_id\":7}]}")));

        SendResult r = community(mode).send(s -> s.peers(List.of(PeerId.user(1001), PeerId.community(777))).text("Собрание"));

        assertThat(form(sent("messages.send").get(0))).containsEntry("peer_ids", "1001,-777");
        assertThat(r.sent()).singleElement().satisfies(s -> assertThat(s.message()).contains(MessageRef.of(PeerId.community(777), 55, 7)));
        assertThat(r.failed()).singleElement().satisfies(f -> {
            assertThat(f.peer()).isEqualTo(PeerId.user(1001));
            assertThat(f.error()).isInstanceOf(MessagesNotAllowedException.class);
            assertThat(((ApiException) f.error()).errorCode()).isEqualTo(901);
        });
    }

    static Stream<Arguments> chatErrors() {
        return Stream.of(
                Arguments.of(901, MessagesNotAllowedException.class, ErrorCategory.PERMISSION, "invite link"),
                Arguments.of(902, MessagesNotAllowedException.class, ErrorCategory.PERMISSION, "invite link"),
                Arguments.of(917, ChatAccessException.class, ErrorCategory.PERMISSION, "add the community"),
                Arguments.of(922, ChatAccessException.class, ErrorCategory.PERMISSION, "left"),
                Arguments.of(925, NotChatAdminException.class, ErrorCategory.PERMISSION, "make the community an admin"),
                Arguments.of(927, ChatNotFoundException.class, ErrorCategory.NOT_FOUND, "chat id"),
                Arguments.of(935, NotChatMemberException.class, ErrorCategory.CONFLICT, "nothing to do"),
                Arguments.of(939, AlreadyInvitedException.class, ErrorCategory.CONFLICT, "already sent"),
                Arguments.of(950, MessagesNotAllowedException.class, ErrorCategory.PERMISSION, "write to the community again"),
                Arguments.of(1012, ChatAccessException.class, ErrorCategory.PERMISSION, "writing is disabled"),
                Arguments.of(945, ChatAccessException.class, ErrorCategory.PERMISSION, "disabled"),
                Arguments.of(946, ChatUnsupportedException.class, ErrorCategory.NOT_SUPPORTED, "does not support"),
                Arguments.of(967, SchoolRosterException.class, ErrorCategory.PERMISSION, "fix the school roster"),
                Arguments.of(1019, SchoolRosterException.class, ErrorCategory.PERMISSION, "fix the school roster"),
                Arguments.of(103, ChatLimitException.class, ErrorCategory.INVALID_INPUT, "split the chat"));
    }

    @ParameterizedTest
    @MethodSource("chatErrors")
    void renameChat_whenVkAnswersAChatError_throwsItsTypeWithARemedyAndNoToken(int code, Class<? extends ChatApiException> type,
                                                                             ErrorCategory category, String remedy) {
        vk.stubFor(post("/method/messages.editChat").willReturn(okJson(error(code, "chat error " + code))));
        for (Mode mode : Mode.values()) {
            ChatApiException e = catchThrowableOfType(ChatApiException.class, () -> community(mode).renameChat(PeerId.chat(12), "7Б"));

            assertThat(e).as(mode.name()).isInstanceOf(type);
            assertThat(e.errorCode()).isEqualTo(code);
            assertThat(e.category()).isEqualTo(category);
            assertThat(e.retryable()).isFalse();
            assertThat(e.remedy()).hasValueSatisfying(r -> assertThat(r).contains(remedy));
            assertThat(e.method()).contains("messages.editChat");
            assertThat(e.requestParams()).containsEntry("access_token", "[redacted]");
            assertThat(e.getMessage()).doesNotContain(Canary.COMMUNITY_TOKEN).contains(remedy);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void removeMember_ofACommunity_sendsMemberIdNegative(Mode mode) {
        vk.stubFor(post("/method/messages.removeChatUser").willReturn(okJson("{\"response\":1}")));

        assertThat(community(mode).removeMember(PeerId.chat(12), PeerId.community(777))).isEqualTo(MemberChangeResult.REMOVED);
        assertThat(form(sent("messages.removeChatUser").get(0))).containsEntry("chat_id", "12").containsEntry("member_id", "-777")
                .doesNotContainKey("user_id");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void leave_asACommunity_removesItselfByMemberId(Mode mode) {
        vk.stubFor(post("/method/messages.removeChatUser").willReturn(okJson(error(935, "User not found in chat"))));

        community(mode).leave(PeerId.chat(12));

        assertThat(form(sent("messages.removeChatUser").get(0))).containsEntry("member_id", "-123456");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void chats_asACommunity_readsChatSettingsAndLeavesUnknownOnesOut(Mode mode) {
        vk.stubFor(post("/method/messages.getConversationsById").willReturn(okJson("{\"response\":{\"count\":1,\"items\":[{"
                + "\"peer\":{\"id\":2000000012,\"type\":\"chat\",\"local_id\":12},\"last_message_id\":0,\"last_conversation_message_id\":3,"
                + "\"in_read\":0,\"out_read\":0,\"chat_settings\":{\"title\":\"7Б\",\"members_count\":31,\"owner_id\":-123456,"
                + "\"admin_ids\":[-123456,501],\"state\":\"in\",\"acl\":{}}}]}}")));
        ChatClient chats = community(mode);

        List<Chat> found = chats.chats(List.of(PeerId.chat(12), PeerId.chat(13)));

        assertThat(found).singleElement().satisfies(c -> {
            assertThat(c.title()).isEqualTo("7Б");
            assertThat(c.membersCount()).isEqualTo(31);
            assertThat(c.owner()).contains(PeerId.community(123456));
            assertThat(c.admins()).containsExactly(PeerId.community(123456), PeerId.user(501));
        });
        assertThat(form(sent("messages.getConversationsById").get(0))).containsEntry("peer_ids", "2000000012,2000000013");
        ChatNotFoundException missing = catchThrowableOfType(ChatNotFoundException.class, () -> chats.chat(PeerId.chat(13)));
        assertThat(missing.category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(missing.getMessage()).contains("chat:13");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void delete_whenVkAnswersTheOlderIdMap_readsIt(Mode mode) {
        vk.stubFor(post("/method/messages.delete").willReturn(okJson("{\"response\":{\"55\":1,\"56\":0}}")));
        MessageRef a = MessageRef.of(PeerId.user(1001), 55, 0);
        MessageRef b = MessageRef.of(PeerId.user(1001), 56, 0);

        DeleteResult r = community(mode).delete(d -> d.messages(a, b).forAll(true));

        assertThat(r.deleted()).containsExactly(a);
        assertThat(r.failed()).extracting(MessageFailure::message).containsExactly(b);
        assertThat(form(sent("messages.delete").get(0))).containsEntry("message_ids", "55,56").containsEntry("delete_for_all", "1");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void delete_byCmid_groupsPerPeerAndTypesItemErrors(Mode mode) {
        vk.stubFor(post("/method/messages.delete").willReturn(okJson("{\"response\":["
                + "{\"peer_id\":2000000012,\"message_id\":0,\"conversation_message_id\":4,\"response\":1},"
                + "{\"peer_id\":2000000012,\"message_id\":0,\"conversation_message_id\":5,\"response\":0,\"error\":{\"code\":924,\"description\":\"Can't delete this message for everybody\"}}]}")));
        MessageRef a = MessageRef.of(PeerId.chat(12), 0, 4);
        MessageRef b = MessageRef.of(PeerId.chat(12), 0, 5);

        DeleteResult r = community(mode).delete(d -> d.messages(a, b).forAll(true));

        assertThat(r.deleted()).containsExactly(a);
        assertThat(r.failed()).singleElement().satisfies(f -> assertThat(f.error().category()).isEqualTo(ErrorCategory.INVALID_INPUT));
        assertThat(form(sent("messages.delete").get(0))).containsEntry("peer_id", "2000000012").containsEntry("cmids", "4,5");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void members_whenAPageTokenIsForeign_refusesBeforeAnyCall(Mode mode) {
        ChatClient chats = community(mode);

        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> chats.members(m -> m.chat(PeerId.chat(12)).pageToken("h.200.5")).iterator().hasNext())).hasMessageContaining("page token");
        assertThat(vk.getAllServeEvents()).isEmpty();
    }
}
