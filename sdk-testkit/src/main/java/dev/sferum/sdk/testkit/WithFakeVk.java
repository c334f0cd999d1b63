package dev.sferum.sdk.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class with a {@link FakeVk}: one per test method (default) or one per class, injected into
 * test-method, lifecycle-method and constructor parameters of type {@link FakeVk} or {@link FakeClock}.
 *
 * <pre>{@code
 * @WithFakeVk
 * class ClassChatTest {
 *     @Test
 *     void send_whenLessonMoved_expectedOneMessage(FakeVk fake) { ... }
 * }
 * }</pre>
 *
 * <p>For settings beyond these attributes, register {@link FakeVkExtension} with a builder customizer instead.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FakeVkExtension.class)
public @interface WithFakeVk {

    /**
     * How long one fake lives.
     *
     * @return the lifecycle; default {@link FakeLifecycle#PER_METHOD}, a fresh fake for every test
     */
    FakeLifecycle lifecycle() default FakeLifecycle.PER_METHOD;

    /**
     * The seed for generated tokens, links and ids ({@link FakeVk.Builder#seed(long)}).
     *
     * @return the seed; default 0
     */
    long seed() default 0;

    /**
     * Whether rate limits answer error 6 ({@link FakeVk.Builder#rateLimitsEnabled(boolean)}).
     *
     * @return default true, as VK
     */
    boolean rateLimits() default true;

    /**
     * Strict mode ({@link FakeVk.Builder#strict(boolean)}): requests that break the API's own schema are refused as the
     * server refuses them and listed in {@link FakeVk#strictViolations()}.
     *
     * @return default true
     */
    boolean strict() default true;
}
