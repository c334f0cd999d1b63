package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.RetryPolicy;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Core's error table against VK's schema ({@code errors.json} 5.199): the global codes by what the caller should
 * do, no chat code at all, and unknown codes never retried.
 */
class VkErrorsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "1, TRANSIENT", "10, TRANSIENT", "36, TRANSIENT", "43, TRANSIENT",
            "6, THROTTLED", "9, THROTTLED", "29, THROTTLED", "1105, THROTTLED",
            "5, TOKEN", "27, TOKEN", "28, TOKEN", "1117, TOKEN", "3609, TOKEN",
            "14, NEEDS_HUMAN", "17, NEEDS_HUMAN", "24, NEEDS_HUMAN", "25, NEEDS_HUMAN",
            "2, PERMISSION", "7, PERMISSION", "15, PERMISSION", "30, PERMISSION", "203, PERMISSION", "3610, PERMISSION",
            "23, NOT_SUPPORTED",
            "18, NOT_FOUND", "104, NOT_FOUND",
            "3, INVALID_INPUT", "4, INVALID_INPUT", "8, INVALID_INPUT", "100, INVALID_INPUT", "113, INVALID_INPUT",
            "2000, INVALID_INPUT"})
    void category_ofAGlobalCode_followsTheSchema(int code, ErrorCategory expected) {
        assertThat(VkErrors.category(code)).isEqualTo(expected);
        assertThat(VkErrors.remedy(code)).isNotBlank();
    }

    @Test
    void category_ofAChatCode_isUnknownToCore() {
        for (int code = 900; code < 1000; code++) {
            assertThat(VkErrors.remedy(code)).as("core must not know chat code %d", code).isNull();
            assertThat(VkErrors.category(code)).as("code %d", code).isEqualTo(ErrorCategory.INVALID_INPUT);
        }
        for (int code : new int[]{1012, 1019}) {
            assertThat(VkErrors.remedy(code)).as("core must not know chat code %d", code).isNull();
        }
    }

    @Test
    void category_ofAnUnknownCodeBelow900_isNotRetried() {
        RetryRules rules = new RetryRules(RetryPolicy.builder().maxAttempts(5).jitterSeed(1).build(), VkWire::hintOf);
        for (int code : new int[]{42, 123, 500, 899}) {
            ApiException e = new ApiException(VkErrors.category(code), "users.get", code, null, "x", null, Map.of(), null, null);

            assertThat(e.retryable()).as("code %d", code).isFalse();
            assertThat(rules.start(true, false).next(e)).as("code %d", code).isNull();
        }
    }

    @Test
    void category_of950_isNotTransient() {
        assertThat(VkErrors.category(950).retryable()).isFalse();
    }
}
