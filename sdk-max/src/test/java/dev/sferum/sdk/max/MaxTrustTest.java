package dev.sferum.sdk.max;

import dev.sferum.sdk.core.ServerTrust;
import dev.sferum.sdk.core.ClientConfig;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.RetryPolicy;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.max.testing.Canary;
import dev.sferum.sdk.max.testing.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * TLS with a CA the JDK does not trust, as MAX's Минцифры root: an HTTPS server whose certificate a test CA signed
 * (see src/test/resources/tls) is refused by default and reached once that CA is given as PEM or PKCS12.
 */
class ServerTrustTest {
    private static final long CHAT = -70000000000005L;

    static Path resource(String name) {
        try {
            return Path.of(ServerTrustTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @RegisterExtension
    static WireMockExtension https = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().dynamicHttpsPort()
            .keystorePath(resource("server.p12").toString()).keystoreType("PKCS12").keystorePassword("changeit").keyManagerPassword("changeit"))
            .build();

    private ChatClient client(Mode mode, ServerTrust trust) {
        ClientConfig config = MaxChats.defaultConfig().toBuilder().baseUrl("https://localhost:" + https.getHttpsPort()).trust(trust)
                .rateLimits(RateLimits.unlimited()).retryPolicy(RetryPolicy.none()).build();
        return mode.max(MaxChats.builder().token(MaxBotToken.of(Canary.MAX_TOKEN)).config(config));
    }

    private void stubChat() {
        https.stubFor(get("/chats/" + CHAT).willReturn(okJson(MaxWireTest.stab("chats/get-chat-by-id.json"))));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenTheServersCaIsNotTrusted_failsToConnectWithoutSending(Mode mode) {
        stubChat();

        TransportException e = catchThrowableOfType(TransportException.class, () -> client(mode, ServerTrust.jdkDefaults()).chat(PeerId.chat(CHAT)));

        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.failure()).isEqualTo(TransportException.Failure.CONNECT);
        assertThat(e.requestSent()).as("so a send never goes to the unknown-outcome path").isFalse();
        assertThat(e.remedy()).hasValueSatisfying(r -> assertThat(r).contains("ServerTrust.pem"));
        assertThat(https.getAllServeEvents()).as("no request reached the server").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenTheCaIsGivenAsPem_connects(Mode mode) {
        stubChat();
        assertThat(client(mode, ServerTrust.pem(resource("ca.pem"))).chat(PeerId.chat(CHAT)).title()).isEqualTo("chat title");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void call_whenTheCaIsGivenAsPkcs12AndPinned_connects(Mode mode) {
        stubChat();
        ServerTrust pinned = ServerTrust.pkcs12(resource("truststore.p12"), Secret.of("changeit")).withoutJdkDefaults();
        assertThat(pinned.includesJdkDefaults()).isFalse();
        assertThat(client(mode, pinned).chat(PeerId.chat(CHAT)).title()).isEqualTo("chat title");
    }

    @Test
    void pem_whenTheFileIsMissingOrNotPem_failsAtConfigurationTime(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ServerTrust.pem(dir.resolve("missing.pem"))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("missing.pem");
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        assertThatThrownBy(() -> ServerTrust.pem(junk)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X.509");
        assertThatThrownBy(() -> ServerTrust.pkcs12(resource("truststore.p12"), Secret.of("wrong-password")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("wrong-password");
        assertThatThrownBy(() -> ServerTrust.jdkDefaults().withoutJdkDefaults()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void config_whenAnInjectedClientAndACustomTrustAreBothSet_refusesToBuild() {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        assertThatThrownBy(() -> MaxChats.defaultConfig().toBuilder().httpClient(http).trust(ServerTrust.pem(resource("ca.pem"))).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sslContext");
        assertThat(ServerTrust.pem(resource("ca.pem")).toString()).isEqualTo("ServerTrust[JDK defaults + 1 from ca.pem]");
    }
}
