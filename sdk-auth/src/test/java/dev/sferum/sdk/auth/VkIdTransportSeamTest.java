package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.testing.Canary;
import dev.sferum.sdk.auth.testing.Mode;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** VK ID's exchanges travel over the configured {@link Transport}, as every other call does. */
class VkIdTransportSeamTest {

    /** Answers the client-credentials grant and records what it was asked. */
    static final class Recording implements Transport {
        final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

        @Override
        public Response send(Exchange e) {
            exchanges.add(e);
            return new Response(200, ("{\"access_token\":\"" + Canary.SERVICE_TOKEN + "\",\"expires_in\":0}").getBytes(StandardCharsets.UTF_8),
                    Map.of("content-type", "application/json"));
        }

        @Override
        public CompletableFuture<Response> sendAsync(Exchange e) {
            return CompletableFuture.completedFuture(send(e));
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void serviceToken_whenATransportIsConfigured_travelsOverIt(Mode mode) {
        Recording transport = new Recording();
        VkIdConfig config = VkIdConfig.builder().clientId(51234567).clientSecret(Secret.of(Canary.CLIENT_SECRET))
                .calls(ClientConfig.builder().transport(transport).userAgent("school-bot/2").build()).build();
        VkIdClientBuilder b = VkIdClient.builder().config(config).tokenStore(new InMemoryTokenStore());
        VkIdClient sync = b.buildClient();
        VkIdAsyncClient async = b.buildAsyncClient();

        AccessToken token = mode.run(sync::serviceToken, async::serviceToken);

        assertThat(token.kind()).isEqualTo(TokenKind.SERVICE);
        assertThat(transport.exchanges).hasSize(1);
        Transport.Exchange e = transport.exchanges.get(0);
        assertThat(e.method()).isEqualTo("POST");
        assertThat(e.uri()).hasToString("https://oauth.vk.com/access_token");
        assertThat(e.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(e.authorization()).as("VK ID's secrets travel in the form only").isNull();
        assertThat(e.userAgent()).isEqualTo("school-bot/2");
        assertThat(new String(e.body(), StandardCharsets.UTF_8)).contains("grant_type=client_credentials");
        assertThat(e.toString()).doesNotContain(Canary.CLIENT_SECRET);
    }
}
