package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.testing.Canary;
import dev.sferum.sdk.auth.testing.FakeVkId;
import dev.sferum.sdk.auth.testing.VkIdWire;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TokenProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's example, run against the fake: it must compile and work as written (hosts aside). */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeExample_signsInAndCallsOnTheTeachersBehalf() {
        try (FakeVkId f = new FakeVkId()) {
            String idBase = f.fake.baseUri().toString();
            ClientConfig api = ClientConfig.builder().baseUrl(idBase).rateLimits(RateLimits.unlimited()).build();

            // --- README: start-up
            VkIdConfig config = VkIdConfig.builder()
                    .clientId(f.app.clientId())
                    .redirectUri("https://school.example/vkid/callback")
                    .idBaseUrl(idBase)                                   // README: omitted (default https://id.vk.com)
                    .oauthBaseUrl(idBase)
                    .clientSecret(Secret.of(f.app.clientSecret()))      // only for service tokens
                    .build();
            VkIdClient vkid = VkIdClient.builder()
                    .config(config)
                    .tokenStore(FileTokenStore.open(dir.resolve("vkid-tokens.json")))
                    .buildClient();

            // --- README: "Sign in with VK ID"
            SignInStart start = vkid.startSignIn(r -> r.scopes("email"));
            URI requestUri = f.browse(start);                            // README: the browser goes there and comes back

            // --- README: at the redirect URI
            SignInResult done = vkid.completeSignIn(SignInCallback.fromUri(requestUri));
            String grantKey = done.grantKey();

            // --- README: calls on the teacher's behalf
            ApiClient teacher = ApiClient.builder().config(api).tokenProvider(vkid.tokenProvider(grantKey)).buildClient();
            JsonNode me = teacher.call("users.get", Map.of());

            // --- README: server-side tokens
            ApiClient app = ApiClient.builder().config(api).tokenProvider(vkid.serviceTokenProvider()).buildClient();
            TokenProvider school = TokenProvider.of(AccessToken.community(f.fake.createCommunity("Школа").token().value(), 1));

            VkIdOnFakeTest.remember(done.tokens());
            assertThat(me.get(0).get("id").asLong()).isEqualTo(f.teacher.id());
            assertThat(app.call("users.get", Map.of("user_ids", f.teacher.id())).get(0).get("id").asLong()).isEqualTo(f.teacher.id());
            assertThat(school.token().kind()).isEqualTo(dev.sferum.sdk.core.TokenKind.COMMUNITY);
            Canary.remember(school.token().reveal());
            assertThat(VkIdWire.REDIRECT_URI).isEqualTo(config.redirectUri().orElseThrow().toString());
        }
    }
}
