package dev.sferum.sdk.testkit.max;

import dev.sferum.sdk.testkit.FakeLifecycle;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class with a {@link FakeMax}: one per test method (default) or one per class, injected into
 * test-method, lifecycle-method and constructor parameters of type {@link FakeMax}.
 *
 * <pre>{@code
 * @WithFakeMax(rateLimits = false)
 * class ClassChatOnMaxTest {
 *     @Test
 *     void send_whenLessonMoved_expectedOneMessage(FakeMax fake) { ... }
 * }
 * }</pre>
 *
 * <p>For settings beyond these attributes, register {@link FakeMaxExtension} with a builder customizer instead.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FakeMaxExtension.class)
public @interface WithFakeMax {

    /** {@return the lifecycle; default {@link FakeLifecycle#PER_METHOD}, a fresh fake for every test} */
    FakeLifecycle lifecycle() default FakeLifecycle.PER_METHOD;

    /** {@return the seed of tokens, ids and random faults ({@link FakeMax.Builder#seed(long)}); default 0} */
    long seed() default 0;

    /** {@return whether the fake answers 429 past 30 requests per second per token; default true, as MAX} */
    boolean rateLimits() default true;

    /**
     * Strict mode ({@link FakeMax.Builder#strict(boolean)}): requests that break the API's own schema are refused as the
     * server refuses them and listed in {@link FakeMax#strictViolations()}.
     *
     * @return default true
     */
    boolean strict() default true;
}
