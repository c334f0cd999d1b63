package dev.sferum.sdk.core;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.testing.Canary;
import dev.sferum.sdk.testsupport.CapturedLogs;
import dev.sferum.sdk.testsupport.NoSecretsInLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Proves the suite-wide log check is real: the capturing binding is active, the SDK logs its calls at DEBUG, and
 * the check finds a canary when one is there. {@link NoSecretsInLogs} then runs after every test class.
 */
class LogSafetyTest {
    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void capture_whenSdkCalls_recordsDebugLinesWithFingerprintButNoToken() {
        vk.stubFor(post("/method/users.get").willReturn(okJson("{\"response\":[]}")));
        vk.stubFor(post("/method/messages.send").willReturn(okJson("{\"error\":{\"error_code\":100,\"error_msg\":\"bad\","
                + "\"request_params\":[{\"key\":\"access_token\",\"value\":\"" + Canary.USER_TOKEN + "\"}]}}")));
        ApiClient api = ApiClient.builder().config(ClientConfig.builder().baseUrl(vk.baseUrl()).build())
                .token(Canary.user()).buildClient();

        api.call("users.get", Map.of());
        catchThrowableOfType(SferumException.class, () -> api.call("messages.send", Map.of("peer_id", 1, "random_id", 5)));

        assertThat(CapturedLogs.active()).as("the test SLF4J binding is in use").isTrue();
        List<String> lines = CapturedLogs.lines();
        assertThat(lines).anyMatch(l -> l.contains("users.get ok") && l.contains(Canary.user().fingerprint()));
        assertThat(lines).anyMatch(l -> l.contains("messages.send failed"));
        assertThat(NoSecretsInLogs.firstLeak(lines)).isNull();
    }

    @Test
    void leakCheck_whenALineHoldsACanary_reportsItMasked() {
        String leak = NoSecretsInLogs.firstLeak(List.of("DEBUG x: fine", "DEBUG y: token=" + Canary.COMMUNITY_TOKEN));

        assertThat(leak).isEqualTo("DEBUG y: token=<SECRET>");
    }
}
