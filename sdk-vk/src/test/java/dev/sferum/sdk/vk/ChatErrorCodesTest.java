package dev.sferum.sdk.vk;

import dev.sferum.sdk.chat.*;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.vk.testing.Canary;
import dev.sferum.sdk.vk.testing.Mode;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * VK's chat codes as the schema names them (errors.json, messages/methods.json 5.199), not as the SDK once assumed:
 * 950 is permanent, 939 is "message request already sent", 919/931 are rights, getChat's per-chat codes.
 */
class ChatErrorCodesTest {
    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static ChatClient client(Mode mode, AccessToken token, ChatActor actor, MessageOutbox outbox) {
        ApiClientBuilder api = ApiClient.builder()
                .config(ClientConfig.builder().baseUrl(vk.baseUrl()).rateLimits(RateLimits.unlimited()).timeSource(new FakeTimeSource()).build())
                .token(token);
        return mode.chats(api, VkChats.builder().actor(actor).outbox(outbox));
    }

    private static ChatClient community(Mode mode, MessageOutbox outbox) {
        return client(mode, Canary.community(), ChatActor.community(Canary.GROUP_ID), outbox);
    }

    private static ChatClient user(Mode mode) {
        return client(mode, Canary.user(), ChatActor.user(1), MessageOutbox.inMemory());
    }

    private static String error(int code, String msg) {
        return "{\"error\":{\"error_code\":" + code + ",\"error_msg\":\"" + msg + "\",\"request_params\":[]}}";
    }

    private static int calls(String method) {
        return vk.findAll(postRequestedFor(urlEqualTo("/method/" + method))).size();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenVkAnswers950_isRefusedOnceAndLeavesThePendingSetWithTheRefusalRecorded(Mode mode) {
        vk.stubFor(post("/method/messages.send").willReturn(okJson(error(950, "Can't send message, reply timed out"))));
        MessageOutbox outbox = MessageOutbox.inMemory();
        ChatClient chats = community(mode, outbox);

        MessagesNotAllowedException e = catchThrowableOfType(MessagesNotAllowedException.class,
                () -> chats.send(s -> s.peer(PeerId.user(1001)).text("Домашнее задание").idempotencyKey(77)));

        assertThat(e.category()).isEqualTo(ErrorCategory.PERMISSION);
        assertThat(e.retryable()).isFalse();
        assertThat(calls("messages.send")).as("950 is permanent: never retried").isEqualTo(1);
        assertThat(outbox.pending()).isEmpty();
        assertThat(outbox.refused()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(77);
            assertThat(r.errorCode()).isEqualTo(950);
            assertThat(r.category()).isEqualTo(ErrorCategory.PERMISSION);
            assertThat(r.reason()).contains("950");
        });
        assertThat(chats.resendPending().sent()).isEmpty();
        assertThat(calls("messages.send")).as("resendPending does not try a refused entry").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void resendPending_whenAPendingEntryMeets950_recordsTheRefusalAndNeverTriesItAgain(Mode mode) {
        vk.stubFor(post("/method/messages.send").willReturn(okJson(error(950, "Can't send message, reply timed out"))));
        MessageOutbox outbox = MessageOutbox.inMemory();
        outbox.add(new OutboxEntry(SendRequest.builder().peer(PeerId.user(1001)).text("Урок перенесён").idempotencyKey(5).build(),
                java.time.Instant.parse("2026-12-07T08:00:00Z")));
        ChatClient chats = community(mode, outbox);

        ResendResult first = chats.resendPending();
        ResendResult second = chats.resendPending();

        assertThat(first.failed()).singleElement().satisfies(f -> assertThat(f.kept()).isFalse());
        assertThat(second.failed()).isEmpty();
        assertThat(calls("messages.send")).isEqualTo(1);
        assertThat(outbox.pending()).isEmpty();
        assertThat(outbox.refused()).extracting(OutboxRefusal::key).containsExactly(5L);
        outbox.remove(5);
        assertThat(outbox.refused()).as("remove forgets a refusal").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void addMember_whenVkAnswers939_saysARequestIsPendingNotThatTheUserIsAMember(Mode mode) {
        vk.stubFor(post("/method/messages.addChatUser").willReturn(okJson(error(939, "Message request already sent"))));

        MemberChangeResult r = user(mode).addMember(PeerId.chat(12), UserId.of(1001));

        assertThat(r).isEqualTo(MemberChangeResult.REQUEST_PENDING);
        assertThat(r.changed()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void inviteLink_whenVkAnswers919Or931_isAPermissionError(Mode mode) {
        for (int code : new int[]{919, 931}) {
            vk.resetAll();
            vk.stubFor(post("/method/messages.getInviteLink").willReturn(okJson(error(code, "You can't see invite link for this chat"))));

            ApiException e = catchThrowableOfType(ApiException.class, () -> user(mode).inviteLink(PeerId.chat(12)));

            assertThat(e.errorCode()).isEqualTo(code);
            assertThat(e.category()).as("code %d", code).isEqualTo(ErrorCategory.PERMISSION);
            assertThat(e.remedy()).hasValueSatisfying(r -> assertThat(r).contains("admin"));
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void chats_asAUser_whenABatchFailsWithACodeGetChatLists_asksEachChatAndLeavesTheFailingOneOut(Mode mode) {
        vk.stubFor(post("/method/messages.getChat").withFormParam("chat_ids", equalTo("12,13"))
                .willReturn(okJson(error(945, "Chat was disabled"))));
        vk.stubFor(post("/method/messages.getChat").withFormParam("chat_ids", equalTo("12"))
                .willReturn(okJson("{\"response\":[{\"id\":12,\"type\":\"chat\",\"title\":\"7Б\",\"admin_id\":1,\"users\":[1,1001]}]}")));
        vk.stubFor(post("/method/messages.getChat").withFormParam("chat_ids", equalTo("13"))
                .willReturn(okJson(error(945, "Chat was disabled"))));

        List<Chat> found = user(mode).chats(List.of(PeerId.chat(12), PeerId.chat(13)));

        assertThat(found).extracting(Chat::peer).containsExactly(PeerId.chat(12));
        assertThat(calls("messages.getChat")).isEqualTo(3);
        ChatAccessException one = catchThrowableOfType(ChatAccessException.class, () -> user(mode).chat(PeerId.chat(13)));
        assertThat(one.errorCode()).as("a lookup of one chat fails with its own error").isEqualTo(945);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void chats_asAUser_whenABatchFailsWithACodeNotPerChat_failsWithoutAskingEach(Mode mode) {
        vk.stubFor(post("/method/messages.getChat").willReturn(okJson(error(100, "One of the parameters specified was missing or invalid"))));

        ApiException e = catchThrowableOfType(ApiException.class, () -> user(mode).chats(List.of(PeerId.chat(12), PeerId.chat(13))));

        assertThat(e.errorCode()).isEqualTo(100);
        assertThat(calls("messages.getChat")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void renameChat_whenVkAnswersAnUnknownCode_doesNotRetryIt(Mode mode) {
        vk.stubFor(post("/method/messages.editChat").willReturn(okJson(error(777, "Something new"))));

        ApiException e = catchThrowableOfType(ApiException.class, () -> user(mode).renameChat(PeerId.chat(12), "7Б"));

        assertThat(e.retryable()).isFalse();
        assertThat(calls("messages.editChat")).isEqualTo(1);
    }
}
