package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.RetryPolicy;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.OutcomeUnknownException;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The retry rules, deterministic: which failures repeat for which calls, and the back-off bounds. */
class RetryRulesTest {
    private final RetryRules rules = new RetryRules(RetryPolicy.builder().maxAttempts(5).jitterSeed(42).build(), VkWire::hintOf);

    private static ApiException vk(int code) {
        return new ApiException(VkErrors.category(code), "messages.send", code, null, "x", null, Map.of(), null, null);
    }

    private static TransportException transport(TransportException.Failure f, int status, boolean sent) {
        return new TransportException(ErrorCategory.TRANSIENT, "messages.createChat", f, status, sent, "x", null, null);
    }

    @Test
    void backoff_whenExponentialWithFullJitter_staysWithinTheCap() {
        for (int attempt = 1; attempt <= 12; attempt++) {
            long cap = Math.min(5_000, 200L << (attempt - 1));
            for (int i = 0; i < 200; i++) {
                assertThat(rules.backoff(attempt, transport(TransportException.Failure.CONNECT, 0, false)).toMillis())
                        .isBetween(0L, cap);
            }
        }
    }

    @Test
    void backoff_whenThrottledOrFlooded_usesTheSlowerBases() {
        for (int i = 0; i < 100; i++) {
            assertThat(rules.backoff(1, vk(6)).toMillis()).isBetween(1_000L, 1_500L);
            assertThat(rules.backoff(1, vk(9)).toMillis()).isBetween(10_000L, 15_000L);
            assertThat(rules.backoff(1, vk(29)).toMillis()).isBetween(10_000L, 15_000L);
        }
    }

    @Test
    void next_whenSafeFailures_retriesAnyCall() {
        RetryRules.Attempts write = rules.start(false, false);

        assertThat(write.next(transport(TransportException.Failure.CONNECT, 0, false))).isNotNull();
        assertThat(write.next(vk(6))).isNotNull();
    }

    @Test
    void next_whenOutcomeUnknown_retriesOnlyIdempotentCallsAndReportsTheRest() {
        SferumException dropped = transport(TransportException.Failure.IO, 0, true);

        assertThat(rules.start(true, false).next(dropped)).isNotNull();
        assertThat(rules.start(true, false).next(vk(10))).isNotNull();
        RetryRules.Attempts write = rules.start(false, false);
        assertThat(write.next(dropped)).isNull();
        assertThat(write.giveUp(dropped, "messages.createChat")).isInstanceOf(OutcomeUnknownException.class)
                .satisfies(e -> assertThat(((SferumException) e).category()).isEqualTo(ErrorCategory.OUTCOME_UNKNOWN));
        assertThat(write.next(vk(10))).isNull();
        assertThat(write.giveUp(vk(10), "messages.createChat")).isInstanceOf(ApiException.class);
    }

    @Test
    void next_whenNeverRetryable_givesUpAtOnce() {
        RetryRules.Attempts read = rules.start(true, false);
        for (int code : new int[]{5, 7, 14, 15, 100, 925, 927, 935}) {
            assertThat(read.next(vk(code))).as("error %d", code).isNull();
        }
        assertThat(read.next(transport(TransportException.Failure.INTERRUPTED, 0, true))).isNull();
    }

    @Test
    void next_whenAttemptsRunOut_givesUp() {
        RetryRules.Attempts read = rules.start(true, false);
        for (int i = 1; i < 5; i++) {
            assertThat(read.next(vk(10))).as("retry %d", i).isNotNull();
        }
        assertThat(read.next(vk(10))).isNull();
    }

    @Test
    void next_whenFloodControl_retriesOnlyFloodRetriesTimes() {
        RetryRules.Attempts read = rules.start(true, false);

        assertThat(read.next(vk(9))).isNotNull();
        assertThat(read.next(vk(9))).isNull();
    }

    @Test
    void next_whenDisabledPerCall_neverRetries() {
        assertThat(rules.start(true, true).next(vk(6))).isNull();
    }

    @Test
    void policy_whenSettingsMakeNoSense_failsAtBuildTime() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
                .hasMessageContaining("maxAttempts must be at least 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1)).build())
                .hasMessageContaining("maxBackoff");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.sferum.sdk.core.RateLimits.builder().perSecond(dev.sferum.sdk.core.TokenKind.USER, 0))
                .hasMessageContaining("at least 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.sferum.sdk.core.RateLimits.builder().perSecond(dev.sferum.sdk.core.TokenKind.USER, -3))
                .hasMessageContaining("-3");
    }
}
