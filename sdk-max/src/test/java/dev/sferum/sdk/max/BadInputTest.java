package dev.sferum.sdk.max;

import dev.sferum.sdk.core.ClientConfig;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.MessageRef;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.max.testing.Canary;
import dev.sferum.sdk.max.testing.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Input the MAX backend refuses before any I/O, with messages that name the mismatch and the fix: VK tokens, VK hosts,
 * VK attachments and message ids, communities, texts over MAX's limit.
 */
class BadInputTest {
    private static final PeerId CHAT = PeerId.chat(-70000000000005L);

    @RegisterExtension
    static WireMockExtension max = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private ChatClient client(Mode mode) {
        return mode.max(MaxChats.builder().token(MaxBotToken.of(Canary.MAX_TOKEN))
                .config(MaxChats.defaultConfig().toBuilder().baseUrl(max.baseUrl()).rateLimits(RateLimits.unlimited()).build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vk1.a.CANARYvkUSERtokenq8Zs3XvB2Lm9Pq7Rw4Tz6Yc1",
            "533bacf01e11f55b536a565b57531ac114461ae8736d6506a3533bacf01e11f55b536a565b57531ac1144"})
    void token_whenItIsAVkToken_isRefusedNamingTheMismatch(String vkToken) {
        Canary.register(vkToken);
        assertThatThrownBy(() -> MaxBotToken.of(vkToken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VK API token, not a MAX bot token").hasMessageContaining("MasterBot")
                .hasMessageNotContaining(vkToken);
        assertThat(MaxBotToken.looksLikeVkToken(vkToken)).isTrue();
        assertThat(MaxBotToken.looksLikeVkToken(Canary.MAX_TOKEN)).isFalse();
    }

    @Test
    void token_whenPrefixedOrBlankOrSplit_isRefused() {
        assertThatThrownBy(() -> MaxBotToken.of("Bearer " + Canary.MAX_TOKEN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without an auth-scheme prefix").hasMessageNotContaining(Canary.MAX_TOKEN);
        assertThatThrownBy(() -> MaxBotToken.of("  ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MaxBotToken.of("abc def")).isInstanceOf(IllegalArgumentException.class);
        MaxBotToken token = MaxBotToken.of("  " + Canary.MAX_TOKEN + "\n");
        assertThat(token.reveal()).isEqualTo(Canary.MAX_TOKEN);
        assertThat(token.toString()).doesNotContain(Canary.MAX_TOKEN).startsWith("MaxBotToken[fp=");
        assertThat(token).isEqualTo(MaxBotToken.of(Canary.MAX_TOKEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.vk.com", "https://api.vk.ru/method", "https://vk.com", "https://api.vk.me"})
    void baseUrl_whenItIsAVkHost_isRefusedNamingTheMismatch(String url) {
        ClientConfig vk = MaxChats.defaultConfig().toBuilder().baseUrl(url).build();
        assertThatThrownBy(() -> MaxChats.builder().config(vk)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is the VK API, not MAX").hasMessageContaining(MaxChats.DEFAULT_BASE_URL);
    }

    @Test
    void baseUrl_whenPlainHttpToAnotherHostOrWithAQuery_isRefused() {
        assertThatThrownBy(() -> MaxChats.defaultConfig().toBuilder().baseUrl("http://platform-api2.max.ru").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unencrypted");
        assertThatThrownBy(() -> MaxChats.defaultConfig().toBuilder().baseUrl("https://platform-api2.max.ru?access_token=x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MaxChats.defaultConfig().baseUri().toString()).isEqualTo("https://platform-api2.max.ru");
        assertThatThrownBy(() -> MaxChats.builder().buildClient()).isInstanceOf(IllegalStateException.class).hasMessageContaining("token");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void send_whenTheRequestCannotTravelToMax_isRefusedBeforeAnyIo(Mode mode) {
        ChatClient chats = client(mode);
        assertThatThrownBy(() -> chats.send(r -> r.peer(CHAT).text("Фото").attachments("photo-123456_457239017")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a VK attachment").hasMessageContaining("/uploads");
        assertThatThrownBy(() -> chats.send(r -> r.peer(CHAT).attachments("file:a", "image:b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("on its own");
        assertThatThrownBy(() -> chats.send(r -> r.peer(CHAT).attachments("gif:a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a MAX attachment");
        assertThatThrownBy(() -> chats.send(r -> r.peer(PeerId.community(123456)).text("Привет")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no communities");
        assertThatThrownBy(() -> chats.send(r -> r.peer(CHAT).text("Ответ").replyTo(MessageRef.of(CHAT, 0, 89))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a VK message");
        assertThat(max.getAllServeEvents()).isEmpty();
        assertThat(chats.outbox().pending()).as("nothing entered the outbox").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void otherCalls_whenGivenVkIdsOrTooMuchText_areRefusedBeforeAnyIo(Mode mode) {
        ChatClient chats = client(mode);
        MessageRef vk = MessageRef.of(CHAT, 0, 89);
        assertThatThrownBy(() -> chats.edit(e -> e.message(vk).text("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mid");
        assertThatThrownBy(() -> chats.delete(d -> d.messages(vk).forAll(true))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chats.pin(vk)).isInstanceOf(IllegalArgumentException.class);
        MessageRef mine = MessageRef.keyed(CHAT, "mid.sha-more");
        assertThatThrownBy(() -> chats.edit(e -> e.message(mine).text("я".repeat(4001)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4000");
        assertThatThrownBy(() -> chats.removeMember(CHAT, PeerId.community(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chats.chat(PeerId.community(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no communities");
        assertThatThrownBy(() -> chats.history(h -> h.peer(PeerId.user(5))).stream().toList()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dialog");
        assertThatThrownBy(() -> chats.members(m -> m.chat(CHAT).pageToken("m.100")).iterator().hasNext())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("page token");
        assertThatThrownBy(() -> chats.addMember(CHAT, UserId.of(0))).isInstanceOf(IllegalArgumentException.class);
        assertThat(max.getAllServeEvents()).isEmpty();
    }
}
