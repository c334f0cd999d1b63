package dev.sferum.sdk.max;

import dev.sferum.sdk.core.ClientConfig;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.sferum.sdk.chat.Chat;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.ChatMember;
import dev.sferum.sdk.chat.ChatState;
import dev.sferum.sdk.chat.Conversation;
import dev.sferum.sdk.chat.MessageOutbox;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.SendResult;
import dev.sferum.sdk.core.CallInfo;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.RequestListener;
import dev.sferum.sdk.core.RetryPolicy;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.OutcomeUnknownException;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.max.internal.Marker;
import dev.sferum.sdk.testkit.FakeTimeSource;
import dev.sferum.sdk.testsupport.CapturedLogs;
import dev.sferum.sdk.max.testing.Canary;
import dev.sferum.sdk.max.testing.Mode;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The MAX backend against WireMock stubs that answer with MAX's own sample bodies (the official client's {@code stabs},
 * in the shapes of the OpenAPI schema): request shapes, decoding, error categories, retries, the delivery check and the
 * rate budget; each scenario sync and async.
 */
class MaxWireTest {
    private static final long CHAT = -70000000000005L;

    @RegisterExtension
    static WireMockExtension max = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final FakeTimeSource time = new FakeTimeSource();

    static String stab(String name) {
        try (InputStream in = MaxWireTest.class.getResourceAsStream("/max-bot-api/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource max-bot-api/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode stabJson(String name) {
        return (ObjectNode) Json.read(stab(name).getBytes(StandardCharsets.UTF_8));
    }

    private ChatClient client(Mode mode) {
        return client(mode, c -> c.rateLimits(RateLimits.unlimited()));
    }

    private ChatClient client(Mode mode, UnaryOperator<ClientConfig.Builder> config) {
        ClientConfig c = config.apply(MaxChats.defaultConfig().toBuilder().baseUrl(max.baseUrl()).timeSource(time)).build();
        return mode.max(MaxChats.builder().token(MaxBotToken.of(Canary.MAX_TOKEN)).config(c).outbox(MessageOutbox.inMemory()));
    }

    /** A {@code SendMessageResult} for a text, built from MAX's sample message. */
    private static String sendAnswer(String text) {
        ObjectNode message = (ObjectNode) stabJson("webhook.message_created.json").path("message").deepCopy();
        ((ObjectNode) message.path("body")).put("text", text);
        ((ObjectNode) message.path("sender")).put("is_bot", true);
        message.remove("link");
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.set("message", message);
        return Json.write(answer);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void chat_whenMaxAnswersItsSampleChat_readsTheFieldsAndSendsTheRawToken(Mode mode) {
        max.stubFor(get("/chats/" + CHAT).willReturn(okJson(stab("chats/get-chat-by-id.json"))));

        Chat chat = client(mode).chat(PeerId.chat(CHAT));

        assertThat(chat.peer()).isEqualTo(PeerId.chat(CHAT));
        assertThat(chat.title()).isEqualTo("chat title");
        assertThat(chat.owner()).contains(PeerId.user(123123123));
        assertThat(chat.membersCount()).isEqualTo(3);
        assertThat(chat.state()).isEqualTo(ChatState.IN);
        max.verify(getRequestedFor(urlPathEqualTo("/chats/" + CHAT))
                .withHeader("Authorization", equalTo(Canary.MAX_TOKEN))
                .withHeader("Accept", equalTo("application/json"))
                .withQueryParam("access_token", absent()));
        assertThat(max.getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getUrl()).doesNotContain(Canary.MAX_TOKEN));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void members_whenMaxAnswersWithAMarker_followsItToTheNextPage(Mode mode) {
        ObjectNode first = stabJson("chats/get-members.json");
        first.put("marker", 2);
        ObjectNode second = stabJson("chats/get-admins.json");
        ((ObjectNode) second.path("members").get(0)).put("user_id", 300300300);
        ((ObjectNode) second.path("members").get(1)).put("user_id", 300300301).put("is_owner", false);
        second.putNull("marker");
        max.stubFor(get(urlPathEqualTo("/chats/" + CHAT + "/members")).withQueryParam("marker", absent())
                .willReturn(okJson(Json.write(first))));
        max.stubFor(get(urlPathEqualTo("/chats/" + CHAT + "/members")).withQueryParam("marker", equalTo("2"))
                .willReturn(okJson(Json.write(second))));

        List<ChatMember> members = client(mode).members(r -> r.chat(PeerId.chat(CHAT)).pageSize(2)).stream().toList();

        assertThat(members).extracting(ChatMember::member).containsExactly(PeerId.user(229229229), PeerId.user(123123123),
                PeerId.user(300300300), PeerId.user(300300301));
        assertThat(members.get(1).owner()).isTrue();
        assertThat(members.get(0).admin()).isTrue();
        assertThat(members.get(0).joinedAt()).isPresent();
        max.verify(2, getRequestedFor(urlPathEqualTo("/chats/" + CHAT + "/members")).withQueryParam("count", equalTo("2")));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void conversations_whenMaxListsTheBotsChats_giveOneConversationPerChat(Mode mode) {
        max.stubFor(get(urlPathEqualTo("/chats")).willReturn(okJson(stab("chats/get-chats.json"))));

        List<Conversation> conversations = client(mode).conversations(c -> c.pageSize(50)).stream().toList();

        assertThat(conversations).extracting(Conversation::peer).containsExactly(PeerId.chat(CHAT));
        assertThat(conversations.get(0).chat()).hasValueSatisfying(c -> assertThat(c.title()).isEqualTo("chat title"));
        assertThat(conversations.get(0).lastMessageAt()).isPresent();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void renameChat_whenCalled_patchesTheTitle(Mode mode) {
        max.stubFor(patch("/chats/" + CHAT).willReturn(okJson(stab("chats/get-chat-by-id.json"))));

        client(mode).renameChat(PeerId.chat(CHAT), "  7Б ");

        max.verify(patchRequestedFor(urlPathEqualTo("/chats/" + CHAT)).withRequestBody(equalToJson("{\"title\":\"7Б\"}"))
                .withHeader("Content-Type", matching("application/json; charset=(?i)utf-8")));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenOk_postsANewMessageBodyWithTheInvisibleMarker(Mode mode) {
        String marked = "Урок перенесён" + Marker.encode(4242);
        max.stubFor(post(urlPathEqualTo("/messages")).willReturn(okJson(sendAnswer(marked))));

        SendResult sent = client(mode).send(r -> r.peer(PeerId.chat(CHAT)).text("Урок перенесён").idempotencyKey(4242).dontParseLinks(true));

        assertThat(sent.messages()).hasSize(1);
        assertThat(sent.messages().get(0).key()).contains("mid.ffffbdb48e6c3775019d496b34394b84");
        assertThat(sent.sent().get(0).randomId()).isEqualTo(4242);
        max.verify(postRequestedFor(urlPathEqualTo("/messages"))
                .withQueryParam("chat_id", equalTo(Long.toString(CHAT)))
                .withQueryParam("disable_link_preview", equalTo("true"))
                .withRequestBody(equalToJson("{\"text\":\"" + marked + "\",\"attachments\":null,\"link\":null}")));
        assertThat(marked.length()).isEqualTo("Урок перенесён".length() + MaxDeliveryConfig.MARKER_LENGTH);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenAttachmentsAndAReply_mapThemToMaxRequests(Mode mode) {
        max.stubFor(post(urlPathEqualTo("/messages")).willReturn(okJson(sendAnswer("Домашнее задание" + Marker.encode(7)))));

        client(mode).send(r -> r.peer(PeerId.chat(CHAT)).text("Домашнее задание").idempotencyKey(7)
                .attachments("image:photo-token-1", "sticker:ab12")
                .replyTo(dev.sferum.sdk.chat.MessageRef.keyed(PeerId.chat(CHAT), "mid.sha-more")));

        max.verify(postRequestedFor(urlPathEqualTo("/messages")).withRequestBody(equalToJson("{\"text\":\"Домашнее задание"
                + Marker.encode(7) + "\",\"attachments\":[{\"type\":\"image\",\"payload\":{\"token\":\"photo-token-1\"}},"
                + "{\"type\":\"sticker\",\"payload\":{\"code\":\"ab12\"}}],\"link\":{\"type\":\"reply\",\"mid\":\"mid.sha-more\"}}")));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void edit_whenOnlyTheTextChanges_sendsNullAttachmentsSoMaxKeepsThem(Mode mode) {
        max.stubFor(put(urlPathEqualTo("/messages")).willReturn(okJson("{\"success\":true}")));
        dev.sferum.sdk.chat.MessageRef sent = dev.sferum.sdk.chat.MessageRef.keyed(PeerId.chat(CHAT), "mid.edit-1");

        client(mode).edit(r -> r.message(sent).text("Урок перенесён на 11:00"));

        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> edits = max.findAll(putRequestedFor(urlPathEqualTo("/messages")));
        assertThat(edits).hasSize(1);
        JsonNode body = Json.read(edits.get(0).getBody());
        assertThat(body.has("attachments")).as("NewMessageBody requires the key").isTrue();
        assertThat(body.get("attachments").isNull()).as("null keeps the attachments; [] would delete them").isTrue();
        assertThat(body.get("text").asString()).isEqualTo("Урок перенесён на 11:00");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void edit_whenAttachmentsAreSetToNone_sendsAnEmptyListThatDeletesThem(Mode mode) {
        max.stubFor(put(urlPathEqualTo("/messages")).willReturn(okJson("{\"success\":true}")));
        dev.sferum.sdk.chat.MessageRef sent = dev.sferum.sdk.chat.MessageRef.keyed(PeerId.chat(CHAT), "mid.edit-2");

        client(mode).edit(r -> r.message(sent).text("Без вложений").attachments(List.of()));
        client(mode).edit(r -> r.message(sent).attachments(List.of("sticker:ab12")));

        max.verify(putRequestedFor(urlPathEqualTo("/messages")).withQueryParam("message_id", equalTo("mid.edit-2"))
                .withRequestBody(equalToJson("{\"text\":\"Без вложений\",\"attachments\":[],\"link\":null}")));
        max.verify(putRequestedFor(urlPathEqualTo("/messages"))
                .withRequestBody(equalToJson("{\"text\":null,\"attachments\":[{\"type\":\"sticker\",\"payload\":{\"code\":\"ab12\"}}],\"link\":null}")));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(401, stab("error.invalid-token.json"), ErrorCategory.TOKEN, "verify.token"),
                Arguments.of(403, "{\"code\":\"chat.denied\",\"message\":\"Bot is not admin of the chat\"}", ErrorCategory.PERMISSION, "chat.denied"),
                Arguments.of(404, "{\"code\":\"not.found\",\"message\":\"Chat not found\"}", ErrorCategory.NOT_FOUND, "not.found"),
                Arguments.of(400, "{\"code\":\"proto.payload\",\"message\":\"title: size must be between 1 and 200\"}", ErrorCategory.INVALID_INPUT,
                        "proto.payload"),
                Arguments.of(429, "{\"code\":\"too.many.requests\",\"message\":\"Too many requests\"}", ErrorCategory.THROTTLED, "too.many.requests"),
                Arguments.of(503, "{\"code\":\"service.unavailable\",\"message\":\"Service unavailable\"}", ErrorCategory.TRANSIENT,
                        "service.unavailable"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void errors_whenMaxAnswersAnErrorBody_mapToTheCategoriesVkUses(int status, String body, ErrorCategory category, String code) {
        for (Mode mode : Mode.values()) {
            max.resetAll();
            max.stubFor(get("/chats/" + CHAT).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(body)));

            SferumException thrown = catchThrowableOfType(SferumException.class,
                    () -> client(mode, c -> c.rateLimits(RateLimits.unlimited()).retryPolicy(RetryPolicy.none())).chat(PeerId.chat(CHAT)));
            assertThat(thrown).as("the type a VK user catches for the same situation").isExactlyInstanceOf(
                    status == 404 ? dev.sferum.sdk.chat.ChatNotFoundException.class
                            : status == 403 ? dev.sferum.sdk.chat.ChatAccessException.class : MaxApiException.class);
            MaxApiException e = thrown instanceof MaxApiException m ? m : (MaxApiException) thrown.getCause();
            assertThat(thrown.category()).isEqualTo(category);
            assertThat(thrown.getMessage()).contains(code).doesNotContain(Long.toString(CHAT)).doesNotContain(Canary.MAX_TOKEN);
            assertThat(thrown.method()).contains("GET /chats/{chatId}");

            assertThat(e.category()).as(mode + " " + status).isEqualTo(category);
            assertThat(e.httpStatus()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.method()).contains("GET /chats/{chatId}");
            assertThat(e.getMessage()).contains(code).doesNotContain(Long.toString(CHAT)).doesNotContain(Canary.MAX_TOKEN);
            assertThat(e.remedy()).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void chat_whenAProxyAnswersAnHtmlPage_failsTypedAndRetriesTheRead(Mode mode) {
        max.stubFor(get("/chats/" + CHAT).willReturn(aResponse().withStatus(502).withBody("<html><body>Bad Gateway</body></html>")));

        TransportException e = catchThrowableOfType(TransportException.class, () -> client(mode).chat(PeerId.chat(CHAT)));

        assertThat(e.failure()).isEqualTo(TransportException.Failure.HTTP_STATUS);
        assertThat(e.httpStatus()).hasValue(502);
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.attempts()).as("a read is retried").isEqualTo(4);
        max.verify(4, getRequestedFor(urlPathEqualTo("/chats/" + CHAT)));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenTheUploadIsNotReady_retriesAndSendsOnce(Mode mode) {
        max.stubFor(post(urlPathEqualTo("/messages")).inScenario("upload").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(stab("error.attachment.not.ready.json")))
                .willSetStateTo("ready"));
        max.stubFor(post(urlPathEqualTo("/messages")).inScenario("upload").whenScenarioStateIs("ready")
                .willReturn(okJson(sendAnswer("Видео" + Marker.encode(9)))));

        client(mode).send(r -> r.peer(PeerId.chat(CHAT)).text("Видео").idempotencyKey(9).attachments("video:video-token"));

        max.verify(2, postRequestedFor(urlPathEqualTo("/messages")));
        max.verify(0, getRequestedFor(urlPathEqualTo("/messages")));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenMaxFailsAfterProcessing_findsItsMarkerAndDoesNotResend(Mode mode) {
        String marked = "Собрание" + Marker.encode(11);
        max.stubFor(post(urlPathEqualTo("/messages")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"code\":\"internal.error\",\"message\":\"Internal error\"}")));
        ObjectNode list = Json.mapper().createObjectNode();
        ArrayNode messages = list.putArray("messages");
        messages.add(Json.read(sendAnswer(marked).getBytes(StandardCharsets.UTF_8)).path("message"));
        max.stubFor(get(urlPathEqualTo("/messages")).willReturn(okJson(Json.write(list))));

        SendResult sent = client(mode).send(r -> r.peer(PeerId.chat(CHAT)).text("Собрание").idempotencyKey(11));

        assertThat(sent.messages().get(0).key()).contains("mid.ffffbdb48e6c3775019d496b34394b84");
        max.verify(1, postRequestedFor(urlPathEqualTo("/messages")));
        max.verify(1, getRequestedFor(urlPathEqualTo("/messages")).withQueryParam("chat_id", equalTo(Long.toString(CHAT)))
                .withQueryParam("count", equalTo("100")));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenMaxStripsTheMarker_warnsOnceAndFailsUnknownOutcomesInsteadOfResending(Mode mode) {
        max.stubFor(post(urlPathEqualTo("/messages")).inScenario("strip").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(sendAnswer("Урок"))).willSetStateTo("broken"));
        max.stubFor(post(urlPathEqualTo("/messages")).inScenario("strip").whenScenarioStateIs("broken")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        ChatClient chats = client(mode);

        chats.send(r -> r.peer(PeerId.chat(CHAT)).text("Урок"));
        OutcomeUnknownException e = catchThrowableOfType(OutcomeUnknownException.class,
                () -> chats.send(r -> r.peer(PeerId.chat(CHAT)).text("Второй урок")));

        assertThat(e).isNotNull();
        assertThat(CapturedLogs.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("did not keep the SDK's delivery marker"));
        max.verify(0, getRequestedFor(urlPathEqualTo("/messages")));
        assertThat(chats.outbox().pending()).as("kept for a person to check").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void budget_whenMoreThan30CallsStartWithinASecond_theThirtyFirstWaits(Mode mode) {
        max.stubFor(get(anyUrl()).willReturn(okJson(stab("chats/get-chat-by-id.json"))));
        List<Duration> throttled = new CopyOnWriteArrayList<>();
        List<CallInfo> calls = new CopyOnWriteArrayList<>();
        RequestListener listener = new RequestListener() {
            @Override
            public void callStarted(CallInfo call) {
                calls.add(call);
            }

            @Override
            public void throttled(CallInfo call, Duration wait) {
                throttled.add(wait);
            }
        };
        ChatClient chats = client(mode, c -> c.addListener(listener));

        for (int i = 0; i < 31; i++) {
            chats.chat(PeerId.chat(CHAT));
        }

        assertThat(throttled).as("the 31st call waited for the budget, none before").hasSize(1);
        assertThat(throttled.get(0)).isGreaterThan(Duration.ofMillis(900)).isLessThanOrEqualTo(Duration.ofMillis(1100));
        assertThat(calls).hasSize(31).allSatisfy(c -> {
            assertThat(c.method()).isEqualTo("GET /chats/{chatId}");
            assertThat(c.tokenKind()).as("a MAX call names its token's kind").isEqualTo(dev.sferum.sdk.core.TokenKind.BOT);
            assertThat(c.tokenFingerprint()).isEqualTo(MaxBotToken.of(Canary.MAX_TOKEN).fingerprint());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void history_whenPaged_continuesFromTheOldestTimestampWithoutRepeats(Mode mode) {
        JsonNode sample = stabJson("webhook.message_created.json").path("message");
        ObjectNode first = Json.mapper().createObjectNode();
        ArrayNode one = first.putArray("messages");
        one.add(message(sample, "mid.3", 30, 3000, "третье"));
        one.add(message(sample, "mid.2", 20, 2000, "второе"));
        ObjectNode second = Json.mapper().createObjectNode();
        ArrayNode two = second.putArray("messages");
        two.add(message(sample, "mid.2", 20, 2000, "второе"));
        two.add(message(sample, "mid.1", 10, 1000, "первое"));
        max.stubFor(get(urlPathEqualTo("/messages")).withQueryParam("from", absent()).willReturn(okJson(Json.write(first))));
        max.stubFor(get(urlPathEqualTo("/messages")).withQueryParam("from", equalTo("2000")).willReturn(okJson(Json.write(second))));
        max.stubFor(get(urlPathEqualTo("/messages")).withQueryParam("from", equalTo("1000"))
                .willReturn(okJson("{\"messages\":[]}")));

        List<String> texts = client(mode).history(h -> h.peer(PeerId.chat(CHAT)).pageSize(2)).stream().map(dev.sferum.sdk.chat.Message::text).toList();

        assertThat(texts).containsExactly("третье", "второе", "первое");
    }

    private static JsonNode message(JsonNode sample, String mid, long seq, long ts, String text) {
        ObjectNode m = (ObjectNode) sample.deepCopy();
        m.put("timestamp", ts);
        ((ObjectNode) m.path("body")).put("mid", mid).put("seq", seq).put("text", text);
        return m;
    }
}
