package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.testing.Canary;
import dev.sferum.sdk.core.Secret;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VkIdConfigTest {
    @Test
    void defaults_areVkIdComOauthVkComAndAMinuteOfSkew() {
        VkIdConfig c = VkIdConfig.builder().clientId(51234567).build();

        assertThat(c.idBaseUri()).hasToString("https://id.vk.com");
        assertThat(c.oauthBaseUri()).hasToString("https://oauth.vk.com");
        assertThat(c.refreshSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.signInTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.redirectUri()).isEmpty();
        assertThat(c.clientSecret()).isEmpty();
        assertThat(c.apiVersion()).isEqualTo("5.199");
    }

    @Test
    void build_withoutClientId_failsNamingTheFix() {
        assertThatThrownBy(() -> VkIdConfig.builder().build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("clientId");
    }

    @Test
    void redirectUri_mustBeHttpsOrLoopbackHttpWithoutFragment() {
        VkIdConfig.Builder b = VkIdConfig.builder().clientId(1);

        assertThatThrownBy(() -> b.redirectUri("http://school.example/cb")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> b.redirectUri("https://school.example/cb#x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fragment");
        assertThatThrownBy(() -> b.redirectUri("/cb")).isInstanceOf(IllegalArgumentException.class);
        assertThat(b.redirectUri("http://127.0.0.1:8080/cb").build().redirectUri()).hasValueSatisfying(u -> assertThat(u).hasToString("http://127.0.0.1:8080/cb"));
    }

    @Test
    void idBaseUrl_isNormalisedAndPlainHttpNeedsConsentOffLoopback() {
        assertThat(VkIdConfig.builder().clientId(1).idBaseUrl("https://id.vk.ru/").build().idBaseUri()).hasToString("https://id.vk.ru");
        assertThatThrownBy(() -> VkIdConfig.builder().clientId(1).idBaseUrl("https://id.vk.ru/?x=1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VkIdConfig.builder().clientId(1).idBaseUrl("http://proxy.school.local").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unencrypted");
        assertThat(VkIdConfig.builder().clientId(1).idBaseUrl("http://proxy.school.local").insecureHttpAllowed(true).build().idBaseUri())
                .hasToString("http://proxy.school.local");
    }

    @Test
    void httpClient_thatFollowsRedirects_isRefused() {
        HttpClient follows = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        assertThatThrownBy(() -> dev.sferum.sdk.core.ClientConfig.builder().httpClient(follows)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Redirect.NEVER");
    }

    @Test
    void refreshSkewAndSignInTimeout_areBounded() {
        assertThatThrownBy(() -> VkIdConfig.builder().refreshSkew(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VkIdConfig.builder().refreshSkew(Duration.ofMinutes(30))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VkIdConfig.builder().signInTimeout(Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VkIdConfig.builder().defaultScopes(List.of("email phone"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toString_andToBuilder_keepTheSecretButNeverShowIt() {
        VkIdConfig c = VkIdConfig.builder().clientId(7).clientSecret(Secret.of(Canary.CLIENT_SECRET)).build();

        assertThat(c.toString()).doesNotContain(Canary.CLIENT_SECRET).contains("Secret[fp=");
        assertThat(c.toBuilder().build().clientSecret()).contains(Secret.of(Canary.CLIENT_SECRET));
    }

    @Test
    void signInRequest_refusesParametersTheSdkSets() {
        assertThatThrownBy(() -> SignInRequest.builder().param("state", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignInRequest.builder().param("code_challenge_method", "plain")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SignInRequest.builder().param("lang_id", "0").prompt(SignInRequest.Prompt.SELECT_ACCOUNT).build().params())
                .containsEntry("lang_id", "0");
    }
}
