package dev.sferum.sdk.core;

import dev.sferum.sdk.core.testing.Canary;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Value types and builders: validation, encoding and redaction, before any I/O. */
class ValuesTest {

    @Test
    void accessToken_whenPrinted_showsKindAndFingerprintOnly() {
        AccessToken token = Canary.community();

        assertThat(token.toString()).doesNotContain(Canary.COMMUNITY_TOKEN).contains("COMMUNITY").contains(token.fingerprint());
        assertThat(token.fingerprint()).hasSize(12).isEqualTo(AccessToken.community(Canary.COMMUNITY_TOKEN, 1).fingerprint());
        assertThat(token.groupId()).contains(123456L);
        assertThat(token).isEqualTo(AccessToken.community(Canary.COMMUNITY_TOKEN, 123456)).isNotEqualTo(Canary.user());
    }

    @Test
    void accessToken_whenExpiring_answersWithSkew() {
        Instant expiry = Instant.parse("2026-09-01T08:00:00Z");
        AccessToken token = AccessToken.user(Canary.USER_TOKEN, expiry);

        assertThat(token.isExpiredAt(expiry.minusSeconds(120), 60)).isFalse();
        assertThat(token.isExpiredAt(expiry.minusSeconds(30), 60)).isTrue();
        assertThat(Canary.community().isExpiredAt(Instant.MAX.minusSeconds(10), 0)).isFalse();
    }

    @Test
    void secret_whenBlankOrPrinted_failsOrRedacts() {
        assertThatThrownBy(() -> Secret.of("  ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> AccessToken.community("x", -5)).hasMessageContaining("groupId must be positive").hasMessageContaining("-5");
        assertThat(Secret.of("client-secret-value").toString()).doesNotContain("client-secret-value").startsWith("Secret[fp=");
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
    }

    @Test
    void apiRequest_whenBuilt_encodesValuesAsVkExpects() {
        ApiRequest r = ApiRequest.builder("messages.send")
                .param("peer_ids", new long[]{2000000001L, 1001L})
                .param("disable_mentions", false)
                .param("dont_parse_links", true)
                .param("forward", JsonNodeFactory.instance.objectNode().put("peer_id", 2000000001L).put("is_reply", true))
                .param("title", "")
                .param("attachment", null)
                .param("intent", Intent.DEFAULT)
                .param("user_ids", Set.of())
                .build();

        assertThat(r.params()).containsExactly(
                Map.entry("peer_ids", "2000000001,1001"),
                Map.entry("disable_mentions", "0"),
                Map.entry("dont_parse_links", "1"),
                Map.entry("forward", "{\"peer_id\":2000000001,\"is_reply\":true}"),
                Map.entry("intent", "default"));
        assertThat(r.toString()).contains("messages.send").doesNotContain("2000000001");
    }

    enum Intent { DEFAULT }

    @Test
    void apiRequest_whenKnownMethod_takesKindsAndIdempotencyFromTable() {
        assertThat(ApiRequest.builder("messages.addChatUser").build().tokenKinds()).containsExactly(TokenKind.USER);
        assertThat(ApiRequest.builder("calls.start").build().tokenKinds()).containsExactly(TokenKind.USER);
        assertThat(ApiRequest.builder("messages.send").build().tokenKinds()).containsExactlyInAnyOrder(TokenKind.USER, TokenKind.COMMUNITY);
        assertThat(ApiRequest.builder("some.newMethod").build().tokenKinds()).containsExactlyInAnyOrder(TokenKind.USER, TokenKind.COMMUNITY, TokenKind.SERVICE);
        assertThatThrownBy(() -> AccessToken.of(TokenKind.BOT, "x".repeat(40), null)).as("a MAX bot token is not a VK token")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MaxBotToken");
        assertThat(RateLimits.defaults().perSecond(TokenKind.BOT)).isEqualTo(30);

        assertThat(ApiRequest.builder("messages.send").param("random_id", 42L).build().idempotent()).isTrue();
        assertThat(ApiRequest.builder("messages.send").build().idempotent()).isFalse();
        assertThat(ApiRequest.builder("messages.send").param("random_id", 0).build().idempotent()).isFalse();
        assertThat(ApiRequest.builder("messages.createChat").build().idempotent()).isFalse();
        assertThat(ApiRequest.builder("messages.getHistory").build().idempotent()).isTrue();
        assertThat(ApiRequest.builder("messages.getInviteLink").param("reset", true).build().idempotent()).isFalse();
        assertThat(ApiRequest.builder("friends.getOnline").build().idempotent()).isTrue();
        assertThat(ApiRequest.builder("messages.createChat").idempotent(true).build().idempotent()).isTrue();
    }

    @Test
    void apiRequest_whenBadInput_failsWithTheRuleAndTheFix() {
        assertThatThrownBy(() -> ApiRequest.builder("../users.get")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a VK method name");
        assertThatThrownBy(() -> ApiRequest.builder("https://evil.example/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiRequest.builder("messages.send").param("access_token", "x"))
                .hasMessageContaining("RequestOptions.token");
        assertThatThrownBy(() -> ApiRequest.builder("messages.send").param("v", "5.131")).hasMessageContaining("RequestOptions.apiVersion");
        assertThatThrownBy(() -> ApiRequest.builder("messages.send").param("peer_id", new Object()))
                .hasMessageContaining("peer_id").hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> ApiRequest.builder("messages.send").param("user_ids", List.of(List.of(1))))
                .hasMessageContaining("nested");
        assertThatThrownBy(() -> ApiRequest.builder("messages.send").param("lat", Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> ApiRequest.builder(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void clientConfig_whenBaseUrlVaries_normalisesOrRejectsClearly() {
        assertThat(ClientConfig.builder().baseUrl("https://api.vk.ru/").build().baseUri().toString()).isEqualTo("https://api.vk.ru");
        assertThat(ClientConfig.builder().baseUrl("http://127.0.0.1:8080/proxy/").build().baseUri().toString())
                .isEqualTo("http://127.0.0.1:8080/proxy");
        assertThatThrownBy(() -> ClientConfig.builder().baseUrl("api.vk.com")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> ClientConfig.builder().baseUrl("https://api vk com")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid URL");
        assertThatThrownBy(() -> ClientConfig.builder().baseUrl("ftp://api.vk.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientConfig.builder().baseUrl("https://api.vk.com?x=1")).hasMessageContaining("query");
        ClientConfig max = ClientConfig.builder().baseUrl("https://platform-api2.max.ru").build();
        assertThatThrownBy(() -> ApiClient.builder().config(max).buildClient()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAX's bot API").hasMessageContaining("sdk-max");
        assertThatThrownBy(() -> ClientConfig.builder().baseUrl("http://api.vk.com").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unencrypted");
        assertThat(ClientConfig.builder().baseUrl("http://proxy.school.local").insecureHttpAllowed(true).build().baseUri().getHost())
                .isEqualTo("proxy.school.local");
    }

    @Test
    void clientConfig_whenSettingsContradict_failsAtBuildTime() {
        assertThatThrownBy(() -> ClientConfig.builder().attemptTimeout(Duration.ZERO)).hasMessageContaining("attemptTimeout must be positive");
        assertThatThrownBy(() -> ClientConfig.builder().attemptTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(10)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shorter than one attempt");
        assertThatThrownBy(() -> ClientConfig.builder().apiVersion("latest")).hasMessageContaining("5.199");
        assertThatThrownBy(() -> ClientConfig.builder().maxResponseBytes(10)).hasMessageContaining("1024");
        assertThatThrownBy(() -> ClientConfig.builder().httpClient(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()))
                .hasMessageContaining("Redirect.NEVER");
    }

    @Test
    void clientConfig_whenRebuilt_keepsValues() {
        ClientConfig c = ClientConfig.builder().baseUrl("https://api.vk.ru").apiVersion("5.131").callTimeout(Duration.ofMinutes(2)).build();

        ClientConfig copy = c.toBuilder().attemptTimeout(Duration.ofSeconds(3)).build();

        assertThat(copy.baseUri()).isEqualTo(c.baseUri());
        assertThat(copy.apiVersion()).isEqualTo("5.131");
        assertThat(copy.callTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(copy.attemptTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.attemptTimeout()).isEqualTo(Duration.ofSeconds(15));
    }
}
