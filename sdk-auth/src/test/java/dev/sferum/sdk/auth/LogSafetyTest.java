package dev.sferum.sdk.auth;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sferum.sdk.auth.testing.Canary;
import dev.sferum.sdk.testsupport.CapturedLogs;
import dev.sferum.sdk.auth.testing.Clients;
import dev.sferum.sdk.auth.testing.FakeVkId;
import dev.sferum.sdk.auth.testing.Grants;
import dev.sferum.sdk.auth.testing.Mode;
import dev.sferum.sdk.testsupport.NoSecretsInLogs;
import dev.sferum.sdk.auth.testing.VkIdWire;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Proves the suite-wide log check is real (the capturing binding is active, the module logs its flow at DEBUG with
 * fingerprints, the check finds a planted canary), and that no value type or exception shows a secret.
 * {@link NoSecretsInLogs} then runs after every test class of the module.
 */
class LogSafetyTest {
    @RegisterExtension
    static WireMockExtension vk = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @ParameterizedTest
    @EnumSource(Mode.class)
    void capture_whenSignInRefreshAndFailuresRun_recordsDebugFlowWithFingerprintsButNoSecret(Mode mode) {
        try (FakeVkId f = new FakeVkId()) {
            SignInCallback cb = f.approvedCallback();
            SignInResult done = mode.run(() -> f.sync.completeSignIn(cb), () -> f.async.completeSignIn(cb));
            VkIdOnFakeTest.remember(done.tokens());
            f.clock.advance(Duration.ofHours(1));
            UserTokenProvider tokens = f.sync.tokenProvider(done.grantKey());
            AccessToken fresh = mode.run(tokens::token, tokens::tokenAsync);
            Canary.remember(fresh.reveal());
            f.fake.oauth().endSessions(f.teacher);
            f.clock.advance(Duration.ofHours(1));
            catchThrowableOfType(SignInRequiredException.class, () -> mode.run(tokens::token, tokens::tokenAsync));

            assertThat(CapturedLogs.active()).as("the test SLF4J binding is in use").isTrue();
            List<String> lines = CapturedLogs.lines();
            assertThat(lines).anyMatch(l -> l.startsWith("DEBUG dev.sferum.sdk.auth: VK ID sign-in started"));
            assertThat(lines).anyMatch(l -> l.contains("sign-in completed for user " + f.teacher.id())
                    && l.contains(done.tokens().accessToken().fingerprint()));
            assertThat(lines).anyMatch(l -> l.contains("refreshed to revision 2") && l.contains(fresh.fingerprint()));
            assertThat(lines).anyMatch(l -> l.contains("is dead: invalid_grant"));
            assertThat(NoSecretsInLogs.firstLeak(lines)).isNull();
        }
    }

    @Test
    void leakCheck_whenALineHoldsACanary_reportsItMasked() {
        String leak = NoSecretsInLogs.firstLeak(List.of("DEBUG x: fine", "DEBUG y: refresh=" + Canary.REFRESH_TOKEN));

        assertThat(leak).isEqualTo("DEBUG y: refresh=<SECRET>");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void exceptionMessage_whenVkIdEchoesATokenInItsDescription_scrubsIt(Mode mode) {
        Clients c = new Clients(vk);
        Grants.seed(c.store);
        vk.stubFor(post(urlPathEqualTo("/oauth2/auth")).willReturn(VkIdWire.oauthError(400, "invalid_grant",
                "refresh_token " + Canary.REFRESH_TOKEN + " is invalid")));
        c.clock.advance(Duration.ofHours(1));
        UserTokenProvider p = c.sync.tokenProvider(Grants.KEY);

        SignInRequiredException e = catchThrowableOfType(SignInRequiredException.class, () -> mode.run(p::token, p::tokenAsync));

        assertThat(e.getMessage()).contains("[redacted]").doesNotContain(Canary.REFRESH_TOKEN);
        assertThat(e.errorDescription()).hasValueSatisfying(d -> assertThat(d).doesNotContain(Canary.REFRESH_TOKEN));
    }

    @Test
    void toString_ofEveryValueHoldingSecrets_showsNoSecret() {
        UserTokens t = Grants.tokens(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN, Clients.START).toBuilder()
                .idToken(Secret.of(Canary.ID_TOKEN)).build();
        String state = dev.sferum.sdk.auth.internal.Pkce.newState();
        String verifier = dev.sferum.sdk.auth.internal.Pkce.newVerifier();
        List<Object> values = List.of(
                t,
                new StoredGrant(t, 3),
                new SignInResult(Grants.KEY, t),
                new PendingSignIn(state, Secret.of(verifier), URI.create(VkIdWire.REDIRECT_URI), Set.of("email"), Clients.START,
                        Clients.START.plusSeconds(600)),
                new SignInStart(URI.create("https://id.vk.com/authorize?state=" + state), state, Clients.START),
                SignInCallback.fromQuery("code=" + Canary.CODE + "&state=" + state + "&device_id=" + Canary.DEVICE_ID),
                RefreshRequest.of(t),
                UserTokenRequest.of(t),
                RevokeRequest.builder().accessToken(t.accessToken()).build(),
                VkIdConfig.builder().clientId(1).clientSecret(Secret.of(Canary.CLIENT_SECRET)).build());

        for (Object v : values) {
            String s = v.toString();
            assertThat(s).as(v.getClass().getSimpleName())
                    .doesNotContain(Canary.ACCESS_TOKEN, Canary.REFRESH_TOKEN, Canary.ID_TOKEN, Canary.CODE, Canary.DEVICE_ID,
                            Canary.CLIENT_SECRET, state, verifier);
        }
        assertThat(t.toString()).contains("userId=1001").contains(t.accessToken().fingerprint());
    }
}
