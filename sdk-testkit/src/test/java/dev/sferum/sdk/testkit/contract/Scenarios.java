package dev.sferum.sdk.testkit.contract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The contract scenarios: what a client sends, step by step, and which schema definition each answer must
 * satisfy. The recorded VK answer of each step lives in {@code contract/<scenario>/<step>.json}.
 */
final class Scenarios {

    private Scenarios() {
    }

    /** What a step's parameters may depend on: fixtures of the target and earlier answers. */
    interface Context {
        String fixture(String key);

        JsonNode answer(int step);
    }

    /**
     * One request.
     *
     * @param name       the recorded file's name without {@code .json}
     * @param httpMethod GET or POST
     * @param path       relative to the base URI, e.g. {@code method/messages.send}
     * @param token      the fixture holding the Bearer token, or null for none
     * @param params     the parameters, from the context
     * @param schemaRef  VK schema definition of the whole body, or null (errors are checked by shape)
     */
    record Step(String name, String httpMethod, String path, String token,
            Function<Context, Map<String, String>> params, String schemaRef) {
    }

    /** A named sequence of steps. */
    record Scenario(String name, List<Step> steps) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String MESSAGES = "messages/responses.json#/definitions/";

    private static Map<String, String> params(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static Step vk(String name, String method, String token, Function<Context, Map<String, String>> params,
            String schemaRef) {
        return new Step(name, "POST", "method/" + method, token, params.andThen(p -> {
            Map<String, String> withVersion = new LinkedHashMap<>(p);
            withVersion.put("v", "5.199");
            return withVersion;
        }), schemaRef);
    }

    private static long chatPeer(Context c) {
        return 2_000_000_000L + c.answer(0).at("/response/chat_id").asLong();
    }

    static List<Scenario> all() {
        return List.of(classChat(), calls(), execute(), authErrors(), eventsSetup(), vkId());
    }

    /** A school community runs a class chat: create, members, link, errors, messages, pins, paging. */
    static Scenario classChat() {
        String t = "communityToken";
        return new Scenario("class-chat", List.of(
                vk("01-createChat", "messages.createChat", t, c -> params("title", "5А класс",
                        "user_ids", c.fixture("pupilId") + "," + c.fixture("parentId")),
                        MESSAGES + "messages_createChat_withPeerIds_response"),
                vk("02-getConversationMembers", "messages.getConversationMembers", t,
                        c -> params("peer_id", String.valueOf(chatPeer(c))),
                        MESSAGES + "messages_getConversationMembers_response"),
                vk("03-getInviteLink", "messages.getInviteLink", t, c -> params("peer_id", String.valueOf(chatPeer(c))),
                        MESSAGES + "messages_getInviteLink_response"),
                vk("04-removeChatUser-notMember", "messages.removeChatUser", t,
                        c -> params("chat_id", c.answer(0).at("/response/chat_id").asString(),
                                "user_id", c.fixture("teacherId")), null),
                vk("05-send", "messages.send", t, c -> params("peer_id", String.valueOf(chatPeer(c)),
                        "message", "Урок перенесён на 10:00", "random_id", "1"),
                        MESSAGES + "messages_send_deprecated_response"),
                vk("06-send-peerIds", "messages.send", t, c -> params("peer_ids", chatPeer(c) + ","
                        + c.fixture("parentId"), "message", "Завтра экскурсия", "random_id", "2"),
                        MESSAGES + "messages_send_user_ids_response"),
                vk("07-getHistory", "messages.getHistory", t, c -> params("peer_id", String.valueOf(chatPeer(c)),
                        "count", "2"), MESSAGES + "messages_getHistory_response"),
                vk("08-getConversationsById", "messages.getConversationsById", t,
                        c -> params("peer_ids", String.valueOf(chatPeer(c))),
                        MESSAGES + "messages_getConversationsById_response"),
                vk("09-pin", "messages.pin", t, c -> params("peer_id", String.valueOf(chatPeer(c)), "cmid", "2"),
                        MESSAGES + "messages_pin_response"),
                vk("10-delete", "messages.delete", t, c -> params("peer_id", String.valueOf(chatPeer(c)),
                        "cmids", "3", "delete_for_all", "1"), MESSAGES + "messages_delete_full_response"),
                vk("11-getConversations", "messages.getConversations", t, c -> params(),
                        MESSAGES + "messages_getConversations_response")));
    }

    /** A teacher starts and finishes a lesson call. */
    static Scenario calls() {
        String t = "userToken";
        return new Scenario("calls", List.of(
                vk("01-start", "calls.start", t, c -> params(), "calls/responses.json#/definitions/calls_start_response"),
                vk("02-forceFinish", "calls.forceFinish", t,
                        c -> params("call_id", c.answer(0).at("/response/call_id").asString()),
                        "base/responses.json#/definitions/base_ok_response"),
                vk("03-forceFinish-badId", "calls.forceFinish", t, c -> params("call_id", "abc"), null),
                vk("04-usersGet", "users.get", t, c -> params("user_ids", c.fixture("teacherId")),
                        "users/responses.json#/definitions/users_get_response")));
    }

    /** A batcher's execute with one failing slot. */
    static Scenario execute() {
        String t = "communityToken";
        return new Scenario("execute", List.of(
                vk("01-createChat", "messages.createChat", t, c -> params("title", "5Б класс",
                        "user_ids", c.fixture("pupilId")), MESSAGES + "messages_createChat_withPeerIds_response"),
                vk("02-execute", "execute", t, c -> params("code", "return [API.messages.getInviteLink({\"peer_id\": "
                        + chatPeer(c) + "}), API.messages.removeChatUser({\"chat_id\": "
                        + c.answer(0).at("/response/chat_id").asLong() + ", \"user_id\": " + c.fixture("teacherId")
                        + "})];"), null)));
    }

    /** Token problems a client can cause. */
    static Scenario authErrors() {
        return new Scenario("auth-errors", List.of(
                vk("01-noToken", "users.get", null, c -> params(), null),
                vk("02-communityTokenOnCallsStart", "calls.start", "communityToken", c -> params(), null),
                vk("03-serviceTokenOnSend", "messages.send", "serviceToken", c -> params("peer_id",
                        c.fixture("teacherId"), "message", "x", "random_id", "1"), null)));
    }

    /** A community sets up Long Poll and a Callback server. */
    static Scenario eventsSetup() {
        String t = "communityToken";
        String groups = "groups/responses.json#/definitions/";
        return new Scenario("events-setup", List.of(
                vk("01-getLongPollServer", "groups.getLongPollServer", t, c -> params("group_id", c.fixture("groupId")),
                        groups + "groups_getLongPollServer_response"),
                vk("02-getCallbackConfirmationCode", "groups.getCallbackConfirmationCode", t,
                        c -> params("group_id", c.fixture("groupId")),
                        groups + "groups_getCallbackConfirmationCode_response"),
                vk("03-addCallbackServer", "groups.addCallbackServer", t, c -> params("group_id", c.fixture("groupId"),
                        "url", c.fixture("callbackUrl"), "title", "school-bot", "secret_key", "s3cr3t"),
                        groups + "groups_addCallbackServer_response"),
                vk("04-getCallbackServers", "groups.getCallbackServers", t,
                        c -> params("group_id", c.fixture("groupId")), groups + "groups_getCallbackServers_response")));
    }

    /** VK ID: code exchange, refresh rotation, user info, a reused refresh token; legacy client credentials. */
    static Scenario vkId() {
        return new Scenario("vk-id", List.of(
                new Step("01-exchangeCode", "POST", "oauth2/auth", null, c -> params("grant_type", "authorization_code",
                        "code", c.fixture("code"), "code_verifier", c.fixture("verifier"),
                        "client_id", c.fixture("clientId"), "device_id", c.fixture("deviceId"),
                        "redirect_uri", c.fixture("redirectUri"), "state", "STATE"), null),
                new Step("02-refresh", "POST", "oauth2/auth", null, c -> params("grant_type", "refresh_token",
                        "refresh_token", c.answer(0).get("refresh_token").asString(),
                        "client_id", c.fixture("clientId"), "device_id", c.fixture("deviceId"), "state", "STATE2"), null),
                new Step("03-userInfo", "POST", "oauth2/user_info", null, c -> params(
                        "access_token", c.answer(1).get("access_token").asString(), "client_id", c.fixture("clientId")),
                        null),
                new Step("04-refreshReused", "POST", "oauth2/auth", null, c -> params("grant_type", "refresh_token",
                        "refresh_token", c.answer(0).get("refresh_token").asString(),
                        "client_id", c.fixture("clientId"), "device_id", c.fixture("deviceId"), "state", "STATE3"), null),
                new Step("05-clientCredentials", "GET", "access_token", null, c -> params("client_id",
                        c.fixture("clientId"), "client_secret", c.fixture("clientSecret"), "v", "5.199",
                        "grant_type", "client_credentials"), null)));
    }
}
