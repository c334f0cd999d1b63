package dev.sferum.sdk.auth.internal;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PkceTest {
    @Test
    void challenge_ofRfc7636AppendixBVerifier_isTheRfcChallenge() {
        assertThat(Pkce.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void newVerifier_isValidAndNeverRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String v = Pkce.newVerifier();
            assertThat(v).matches("[A-Za-z0-9_-]{64}");
            assertThat(Pkce.isValidVerifier(v)).isTrue();
            assertThat(seen.add(v)).isTrue();
        }
    }

    @Test
    void newState_carries256BitsAsBase64Url() {
        assertThat(Pkce.newState()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Pkce.newState()).isNotEqualTo(Pkce.newState());
    }

    @Test
    void isValidVerifier_whenTooShortTooLongOrBadChars_isFalse() {
        assertThat(Pkce.isValidVerifier("a".repeat(42))).isFalse();
        assertThat(Pkce.isValidVerifier("a".repeat(129))).isFalse();
        assertThat(Pkce.isValidVerifier("a".repeat(42) + "+")).isFalse();
        assertThat(Pkce.isValidVerifier("a".repeat(43))).isTrue();
    }

    @Test
    void stateKey_isStableAndDoesNotContainTheState() {
        String state = Pkce.newState();

        assertThat(Pkce.stateKey(state)).isEqualTo(Pkce.stateKey(state)).isNotEqualTo(Pkce.stateKey(state + "x")).doesNotContain(state);
    }

    @Test
    void sameState_comparesWholeValues() {
        assertThat(Pkce.sameState("abc", "abc")).isTrue();
        assertThat(Pkce.sameState("abc", "abd")).isFalse();
        assertThat(Pkce.sameState("abc", "ab")).isFalse();
        assertThat(Pkce.sameState("abc", null)).isFalse();
    }
}
