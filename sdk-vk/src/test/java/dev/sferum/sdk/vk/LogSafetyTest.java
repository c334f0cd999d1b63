package dev.sferum.sdk.vk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.InviteLink;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.chat.roster.ChatMappingStore;
import dev.sferum.sdk.chat.roster.Roster;
import dev.sferum.sdk.chat.roster.RosterClass;
import dev.sferum.sdk.chat.roster.RosterSync;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.testsupport.CapturedLogs;
import dev.sferum.sdk.testsupport.NoSecretsInLogs;
import dev.sferum.sdk.vk.ChatActor;
import dev.sferum.sdk.vk.VkChats;
import dev.sferum.sdk.vk.testing.Canary;
import dev.sferum.sdk.vk.testing.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Proves the suite-wide log check is real: the capturing binding is active, the chat module logs its flow at DEBUG,
 * and neither the token, nor an invite link, nor a message text reaches a log line. {@link NoSecretsInLogs} then
 * checks every test class.
 */
class LogSafetyTest {
    private static final String LINK = "https://vk.me/join/CANARYinviteLINKx7Yb2Qw9Zp4Rt";
    private static final String TEXT = "Оценки Иванова за четверть: CANARYtext";

    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @ParameterizedTest
    @EnumSource(Mode.class)
    void logs_whenTheClientWorks_showFlowAndFingerprintsButNoTokenLinkOrText(Mode mode) {
        Canary.register(LINK);
        vk.stubFor(post("/method/messages.createChat").willReturn(okJson("{\"response\":{\"chat_id\":12,\"peer_ids\":[1001]}}")));
        vk.stubFor(post("/method/messages.getInviteLink").willReturn(okJson("{\"response\":{\"link\":\"" + LINK + "\"}}")));
        vk.stubFor(post("/method/messages.send").willReturn(okJson("{\"error\":{\"error_code\":914,\"error_msg\":\"Message is too long\","
                + "\"request_params\":[{\"key\":\"access_token\",\"value\":\"" + Canary.COMMUNITY_TOKEN + "\"},{\"key\":\"message\",\"value\":\""
                + TEXT + "\"}]}}")));
        vk.stubFor(post("/method/messages.getConversationMembers").willReturn(okJson("{\"response\":{\"count\":1,\"items\":[{\"member_id\":1001}]}}")));
        ChatClient chats = mode.chats(ApiClient.builder().config(ClientConfig.builder().baseUrl(vk.baseUrl()).build()).token(Canary.community()),
                VkChats.builder().actor(ChatActor.community(Canary.GROUP_ID)));

        PeerId chat = chats.createChat(r -> r.title("7Б").members(UserId.of(1001))).chat();
        InviteLink link = chats.inviteLink(chat);
        SferumException refused = catchThrowableOfType(SferumException.class, () -> chats.send(r -> r.peer(chat).text(TEXT)));
        RosterSync.builder().chats(chats).mappings(ChatMappingStore.inMemory()).build()
                .plan(Roster.of(List.of(new RosterClass("7b", "7Б", List.of(), List.of(UserId.of(1001)), List.of()))));

        assertThat(CapturedLogs.active()).as("the test SLF4J binding is in use").isTrue();
        List<String> lines = CapturedLogs.lines();
        assertThat(lines).anyMatch(l -> l.contains("dev.sferum.sdk.chat") && l.contains("created chat:12"));
        assertThat(lines).anyMatch(l -> l.contains("refused for good") && l.contains("INVALID_INPUT"));
        assertThat(lines).anyMatch(l -> l.contains("roster plan"));
        assertThat(lines).anyMatch(l -> l.contains(Canary.community().fingerprint()));
        assertThat(NoSecretsInLogs.firstLeak(lines)).isNull();
        assertThat(lines).noneMatch(l -> l.contains("CANARYtext"));
        assertThat(link.toString() + refused.getMessage() + chats.toString()).doesNotContain(LINK).doesNotContain(Canary.COMMUNITY_TOKEN);
    }

    @Test
    void leakCheck_whenALineHoldsASecret_reportsItMasked() {
        assertThat(NoSecretsInLogs.firstLeak(List.of("DEBUG x: fine", "DEBUG y: token=" + Canary.USER_TOKEN)))
                .isEqualTo("DEBUG y: token=<SECRET>");
    }
}
