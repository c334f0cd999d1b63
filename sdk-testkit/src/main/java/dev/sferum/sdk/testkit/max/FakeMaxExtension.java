package dev.sferum.sdk.testkit.max;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.lang.reflect.AnnotatedElement;
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
 * class and closed after all its tests. Instances are immutable.
 *
 * @since 0.1.0
 */
public final class FakeMaxExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeMaxExtension.class);
    private static final String KEY = "fakeMax";

    private final WithFakeMax.Lifecycle lifecycle;
    private final Consumer<FakeMax.Builder> customizer;

    /** Creates the extension for {@code @ExtendWith} and {@link WithFakeMax}: settings come from the annotation. */
    public FakeMaxExtension() {
        this(null, null);
    }

    private FakeMaxExtension(WithFakeMax.Lifecycle lifecycle, Consumer<FakeMax.Builder> customizer) {
        this.lifecycle = lifecycle;
        this.customizer = customizer;
    }

    /**
     * @param customizer applies settings to each fake's builder
     * @return an extension that starts a fresh fake for each test method
     */
    public static FakeMaxExtension perMethod(Consumer<FakeMax.Builder> customizer) {
        return new FakeMaxExtension(WithFakeMax.Lifecycle.PER_METHOD, Objects.requireNonNull(customizer, "customizer"));
    }

    /**
     * @param customizer applies settings to the fake's builder
     * @return an extension that starts one fake per test class
     */
    public static FakeMaxExtension perClass(Consumer<FakeMax.Builder> customizer) {
        return new FakeMaxExtension(WithFakeMax.Lifecycle.PER_CLASS, Objects.requireNonNull(customizer, "customizer"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeMax.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return fake(context);
    }

    /** Resolves constructor parameters in the test method's context, so the constructor and the test share a fake. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeStored(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeStored(context);
    }

    private static void closeStored(ExtensionContext context) {
        FakeMax fake = context.getStore(NAMESPACE).remove(KEY, FakeMax.class);
        if (fake != null) {
            fake.close();
        }
    }

    private FakeMax fake(ExtensionContext context) {
        Optional<WithFakeMax> annotation = annotation(context);
        WithFakeMax.Lifecycle scope = lifecycle != null ? lifecycle
                : annotation.map(WithFakeMax::lifecycle).orElse(WithFakeMax.Lifecycle.PER_METHOD);
        ExtensionContext owner = context;
        if (scope == WithFakeMax.Lifecycle.PER_CLASS) {
            while (owner.getTestMethod().isPresent()) {
                owner = owner.getParent().orElseThrow();
            }
        } else if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("a per-method FakeMax exists only inside a test; it cannot be injected into "
                    + "@BeforeAll methods. Use @WithFakeMax(lifecycle = PER_CLASS) or FakeMaxExtension.perClass(...) to share one.");
        }
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> start(annotation), FakeMax.class);
    }

    private FakeMax start(Optional<WithFakeMax> annotation) {
        FakeMax.Builder builder = FakeMax.builder();
        if (customizer != null) {
            customizer.accept(builder);
        } else {
            annotation.ifPresent(a -> builder.seed(a.seed()).rateLimitsEnabled(a.rateLimits()));
        }
        return builder.start();
    }

    private static Optional<WithFakeMax> annotation(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            if (element.isPresent() && element.get().isAnnotationPresent(WithFakeMax.class)) {
                return Optional.of(element.get().getAnnotation(WithFakeMax.class));
            }
        }
        return Optional.empty();
    }
}
