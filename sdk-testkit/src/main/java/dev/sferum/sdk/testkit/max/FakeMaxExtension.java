package dev.sferum.sdk.testkit.max;

import dev.sferum.sdk.testkit.FakeExtension;
import dev.sferum.sdk.testkit.FakeLifecycle;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * JUnit 5 extension that starts a {@link FakeMax} per test method or per test class and injects it as a parameter
 * (its clock is {@link FakeMax#clock()}). The same shape as the VK fake's extension, and it resolves only
 * {@link FakeMax} parameters, so one test class can use both.
 *
 * <pre>{@code
 * @WithFakeMax                                    // per method, defaults
 * class A { @Test void t(FakeMax fake) { ... } }
 *
 * class B {                                       // any FakeMax.Builder setting
 *     @RegisterExtension
 *     static FakeMaxExtension max = FakeMaxExtension.perClass(b -> b.rateLimitsEnabled(false).seed(7));
 * }
 * }</pre>
 *
 * <p>A per-method fake is created on first use in a test and closed after it; a per-class fake on first use in the
 * class and closed after all its tests. The fake runs in {@linkplain FakeMax.Builder#strict(boolean) strict mode}:
 * requests that break MAX's OpenAPI are answered 400 and listed in {@link FakeMax#strictViolations()}
 * ({@code @WithFakeMax(strict = false)} or a customizer turns it off). Instances are immutable.
 *
 * @since 0.1.0
 */
public final class FakeMaxExtension extends FakeExtension<FakeMax> {
    /** Creates the extension for {@code @ExtendWith} and {@link WithFakeMax}: settings come from the annotation. */
    public FakeMaxExtension() {
        this(null, null);
    }

    private FakeMaxExtension(FakeLifecycle lifecycle, Consumer<FakeMax.Builder> customizer) {
        super(FakeMax.class, WithFakeMax.class,
                lifecycle == null ? null : lifecycle == FakeLifecycle.PER_CLASS,
                a -> a.lifecycle() == FakeLifecycle.PER_CLASS, a -> start(a, customizer),
                "@WithFakeMax(lifecycle = PER_CLASS) or FakeMaxExtension.perClass(...)");
    }

    /**
     * Makes an extension that starts a fresh fake for each test method.
     *
     * @param customizer applies settings to each fake's builder (already in strict mode)
     * @return an extension that starts a fresh fake for each test method
     */
    public static FakeMaxExtension perMethod(Consumer<FakeMax.Builder> customizer) {
        return new FakeMaxExtension(FakeLifecycle.PER_METHOD, Objects.requireNonNull(customizer, "customizer"));
    }

    /**
     * Makes an extension that starts one fake per test class.
     *
     * @param customizer applies settings to the fake's builder (already in strict mode)
     * @return an extension that starts one fake per test class
     */
    public static FakeMaxExtension perClass(Consumer<FakeMax.Builder> customizer) {
        return new FakeMaxExtension(FakeLifecycle.PER_CLASS, Objects.requireNonNull(customizer, "customizer"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeMax.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return fake(context);
    }

    private static FakeMax start(Optional<WithFakeMax> annotation, Consumer<FakeMax.Builder> customizer) {
        FakeMax.Builder builder = FakeMax.builder().strict(true);
        if (customizer != null) {
            customizer.accept(builder);
        } else {
            annotation.ifPresent(a -> builder.seed(a.seed()).rateLimitsEnabled(a.rateLimits()).strict(a.strict()));
        }
        return builder.start();
    }
}
