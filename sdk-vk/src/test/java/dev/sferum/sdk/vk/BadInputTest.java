package dev.sferum.sdk.vk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.chat.ChatCapabilities;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.ConversationsRequest;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterClass;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.vk.testing.Canary;
import dev.sferum.sdk.vk.testing.Mode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input fails before anything is sent, with a message that names the bad value: in both modes. */
class BadInputTest {
    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static ChatClient community(Mode mode) {
        return mode.chats(ApiClient.builder().config(ClientConfig.builder().baseUrl(vk.baseUrl()).build()).token(Canary.community()),
                VkChats.builder().actor(ChatActor.community(Canary.GROUP_ID)));
    }

    static Stream<Arguments> badCalls() {
        String long129 = "Я".repeat(129);
        List<Arguments> calls = new ArrayList<>();
        add(calls, "empty text", c -> () -> c.send(r -> r.peer(PeerId.chat(12)).text("")), "empty");
        add(calls, "whitespace text", c -> () -> c.send(r -> r.peer(PeerId.chat(12)).text(" \n\t ")), "only whitespace");
        add(calls, "no peer", c -> () -> c.send(r -> r.text("Привет")), "at least one peer");
        add(calls, "a peer twice", c -> () -> c.send(r -> r.addPeer(PeerId.user(5)).addPeer(PeerId.user(5)).text("x")), "user:5");
        add(calls, "too long text", c -> () -> c.send(r -> r.peer(PeerId.chat(12)).text("a".repeat(100_001))), "100001");
        add(calls, "11 attachments", c -> () -> c.send(r -> r.peer(PeerId.chat(12))
                .attachments(Collections.nCopies(11, "photo1_2"))), "11");
        add(calls, "attachment list", c -> () -> c.send(r -> r.peer(PeerId.chat(12)).attachments("photo1_2,photo1_3")), "photo1_2,photo1_3");
        add(calls, "reply elsewhere", c -> () -> c.send(r -> r.peer(PeerId.chat(12)).text("x").replyTo(MessageRef.of(PeerId.chat(13), 1, 0))),
                "chat:13");
        add(calls, "user id in chat range", c -> () -> c.send(r -> r.peer(PeerId.user(2_000_000_012L)).text("x")), "PeerId.chat(12)");
        add(calls, "chat id over VK's range", c -> () -> c.renameChat(PeerId.chat(100_000_001L), "7Б"), "100000001");
        add(calls, "rename a user", c -> () -> c.renameChat(PeerId.user(1001), "7Б"), "user:1001");
        add(calls, "blank title", c -> () -> c.renameChat(PeerId.chat(12), "   "), "only whitespace");
        add(calls, "long title", c -> () -> c.createChat(r -> r.title(long129)), "129 characters");
        add(calls, "two-line title", c -> () -> c.createChat(r -> r.title("7Б\nкласс")), "U+000A");
        add(calls, "member twice", c -> () -> c.createChat(r -> r.title("7Б").members(UserId.of(7), UserId.of(7))), "user 7 twice");
        add(calls, "remove a chat", c -> () -> c.removeMember(PeerId.chat(12), PeerId.chat(13)), "chat:13");
        add(calls, "members of a user", c -> () -> c.members(PeerId.user(1001)), "user:1001");
        add(calls, "edit too long", c -> () -> c.edit(e -> e.message(MessageRef.of(PeerId.chat(12), 0, 3)).text("b".repeat(9001))), "9001");
        add(calls, "edit blank", c -> () -> c.edit(e -> e.message(MessageRef.of(PeerId.chat(12), 0, 3)).text(" ")), "only whitespace");
        add(calls, "delete nothing", c -> () -> c.delete(d -> d.forAll(true)), "at least one message");
        add(calls, "chats twice", c -> () -> c.chats(List.of(PeerId.chat(1), PeerId.chat(1))), "chat:1");
        add(calls, "page size", c -> () -> c.history(h -> h.peer(PeerId.chat(12)).pageSize(201)), "201");
        return calls.stream();
    }

    private static void add(List<Arguments> calls, String name, Function<ChatClient, ThrowingCallable> call, String named) {
        for (Mode mode : Mode.values()) {
            calls.add(Arguments.of(name + " " + mode, mode, call, named));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void call_whenInputIsBad_throwsNamingTheValueBeforeAnyRequest(String name, Mode mode, Function<ChatClient, ThrowingCallable> call,
                                                                  String named) {
        assertThatThrownBy(call.apply(community(mode))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named);
        assertThat(vk.getAllServeEvents()).isEmpty();
    }

    @Test
    void ids_whenNegativeOrZero_areRefusedWithTheValue() {
        assertThatThrownBy(() -> UserId.of(-5)).hasMessageContaining("-5");
        assertThatThrownBy(() -> PeerId.user(0)).hasMessageContaining("0");
        assertThatThrownBy(() -> PeerId.community(-123456)).hasMessageContaining("without the minus sign");
        assertThatThrownBy(() -> PeerId.parse("chat:x")).hasMessageContaining("chat:x");
        assertThat(PeerId.parse(PeerId.community(7).toString())).isEqualTo(PeerId.community(7));
        assertThatThrownBy(() -> MessageRef.of(PeerId.chat(1), 0, 0)).hasMessageContaining("both are 0");
    }

    @Test
    void roster_whenAClassOrATitleAppearsTwiceOrAListRepeatsAUser_isRefused() {
        RosterClass a = new RosterClass("7b", "7Б", List.of(UserId.of(1)), List.of(UserId.of(2)), List.of());
        RosterClass sameId = new RosterClass("7b", "7Б второй", List.of(), List.of(), List.of());
        RosterClass sameTitle = new RosterClass("7b-2", "7б", List.of(), List.of(), List.of());

        assertThatThrownBy(() -> Roster.of(List.of(a, sameId))).hasMessageContaining("class 7b appears twice");
        assertThatThrownBy(() -> Roster.of(List.of(a, sameTitle))).hasMessageContaining("same title");
        assertThatThrownBy(() -> new RosterClass("7b", "7Б", List.of(), List.of(UserId.of(2), UserId.of(2)), List.of()))
                .hasMessageContaining("pupils of class 7b lists user 2 twice");
        assertThatThrownBy(() -> new RosterClass(" 7b", "7Б", List.of(), List.of(), List.of())).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> new RosterClass("7b", "", List.of(), List.of(), List.of())).hasMessageContaining("title of class 7b");
        assertThat(new RosterClass("7b", "7Б", List.of(UserId.of(1)), List.of(UserId.of(2)), List.of(UserId.of(1))).members())
                .as("a teacher who is also a parent is one member").containsExactly(UserId.of(1), UserId.of(2));
    }

    @Test
    void capabilities_describeWhatEachVkAccountCanDo() {
        ChatCapabilities community = VkChats.capabilities(ChatActor.community(1));
        ChatCapabilities user = VkChats.capabilities(ChatActor.user());

        assertThat(community.canAddMembers()).isFalse();
        assertThat(user.canAddMembers()).isTrue();
        assertThat(community.hasIdempotentSend()).isTrue();
        assertThat(community.maxMessageLength()).isEqualTo(9000);
        assertThat(community.maxPeersPerCall()).isEqualTo(100);
        assertThat(community.requestsPerSecond()).isEqualTo(20.0);
        assertThat(user.requestsPerSecond()).isEqualTo(3.0);
        assertThat(community.canReadInviteLinks()).isTrue();
        assertThat(community.canResetInviteLinks()).isTrue();
        assertThat(community.canDeleteForSelf()).isTrue();
        assertThat(community.canReadOldestFirst()).isTrue();
        assertThat(community.conversationFilters()).containsExactlyInAnyOrder(ConversationsRequest.Filter.values());
        assertThat(user.conversationFilters()).doesNotContain(ConversationsRequest.Filter.IMPORTANT, ConversationsRequest.Filter.UNANSWERED);
        assertThatThrownBy(() -> ChatCapabilities.builder("x").maxMessageLength(1).maxPeersPerCall(1).maxTitleLength(1)
                .requestsPerSecond(1).conversationFilters(java.util.Set.of(ConversationsRequest.Filter.UNREAD)).build())
                .hasMessageContaining("must contain ALL");
        assertThatThrownBy(() -> ChatCapabilities.builder("x").maxMessageLength(1).maxPeersPerCall(1).maxTitleLength(1)
                .requestsPerSecond(1).canDeleteForAll(false).build()).hasMessageContaining("canDeleteForSelf");
        assertThatThrownBy(() -> ChatCapabilities.builder("x").build()).hasMessageContaining("limits must be positive");
        assertThatThrownBy(() -> ChatActor.of(dev.sferum.sdk.core.AccessToken.service("x".repeat(40)))).hasMessageContaining("service token");
    }
}
