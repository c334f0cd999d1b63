package dev.sferum.sdk.testkit;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.ClientConfig;

import java.lang.reflect.AnnotatedElement;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts a {@link FakeVk} per test method or per test class and injects it as a parameter,
 * with its {@link FakeClock} and SDK clients preconfigured for it: an {@code ApiClient} or {@code ApiAsyncClient}
 * parameter gets a client whose base URL is the fake and whose token is the fake's default
 * {@linkplain FakeVk#school() school} community token.
 *
 * <p>Three ways to use it:
 * <pre>{@code
 * @WithFakeVk                                   // per method, defaults
 * class A { @Test void t(FakeVk fake) { ... } }
 *
 * @ExtendWith(FakeVkExtension.class)           // the same, without the annotation's attributes
 * class B { ... }
 *
 * class C {                                     // any FakeVk.Builder setting
 *     @RegisterExtension
 *     static FakeVkExtension vk = FakeVkExtension.perClass(b -> b.rateLimitsEnabled(false).seed(7));
 * }
 * }</pre>
 *
 * <p>A per-method fake is created on first use in a test (its {@code @BeforeEach} methods, the test, or the
 * constructor when JUnit creates an instance per method) and closed after the test. A per-class fake is
 * created on first use in the class and closed after all its tests. A per-method fake cannot be injected into
 * {@code @BeforeAll} methods.
 *
 * <p>Instances are immutable; JUnit may share one between classes.
 *
 * @since 0.1.0
 */
public final class FakeVkExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(FakeVkExtension.class);
    private static final String KEY = "fakeVk";

    private final WithFakeVk.Lifecycle lifecycle;
    private final Consumer<FakeVk.Builder> customizer;

    /** Creates the extension for {@code @ExtendWith} and {@link WithFakeVk}: settings come from the annotation. */
    public FakeVkExtension() {
        this(null, null);
    }

    private FakeVkExtension(WithFakeVk.Lifecycle lifecycle, Consumer<FakeVk.Builder> customizer) {
        this.lifecycle = lifecycle;
        this.customizer = customizer;
    }

    /**
     * An extension that starts a fresh fake for each test method, configured by {@code customizer}.
     *
     * @param customizer applies settings to each fake's builder
     * @return the extension, for {@code @RegisterExtension}
     */
    public static FakeVkExtension perMethod(Consumer<FakeVk.Builder> customizer) {
        return new FakeVkExtension(WithFakeVk.Lifecycle.PER_METHOD, Objects.requireNonNull(customizer, "customizer"));
    }

    /**
     * An extension that starts one fake per test class, configured by {@code customizer}.
     *
     * @param customizer applies settings to the fake's builder
     * @return the extension, for {@code @RegisterExtension}
     */
    public static FakeVkExtension perClass(Consumer<FakeVk.Builder> customizer) {
        return new FakeVkExtension(WithFakeVk.Lifecycle.PER_CLASS, Objects.requireNonNull(customizer, "customizer"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == FakeVk.class || type == FakeClock.class || type == ApiClient.class || type == ApiAsyncClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        FakeVk fake = fake(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == ApiClient.class || type == ApiAsyncClient.class) {
            FakeCommunity school = fake.school();
            ApiClientBuilder clients = ApiClient.builder()
                    .config(ClientConfig.builder().baseUri(fake.baseUri()).clock(fake.clock()).build())
                    .token(AccessToken.community(school.token().value(), school.id()));
            return type == ApiClient.class ? clients.buildClient() : clients.buildAsyncClient();
        }
        return type == FakeClock.class ? fake.clock() : fake;
    }

    /** Asks JUnit to resolve constructor parameters in the test method's context when it creates an instance
     * per method, so the constructor and the test share the per-method fake. */
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
        FakeVk fake = context.getStore(NAMESPACE).remove(KEY, FakeVk.class);
        if (fake != null) {
            fake.close();
        }
    }

    private FakeVk fake(ExtensionContext context) {
        Optional<WithFakeVk> annotation = annotation(context);
        WithFakeVk.Lifecycle scope = lifecycle != null ? lifecycle
                : annotation.map(WithFakeVk::lifecycle).orElse(WithFakeVk.Lifecycle.PER_METHOD);
        ExtensionContext owner;
        if (scope == WithFakeVk.Lifecycle.PER_CLASS) {
            owner = context;
            while (owner.getTestMethod().isPresent()) {
                owner = owner.getParent().orElseThrow();
            }
        } else {
            if (context.getTestMethod().isEmpty()) {
                throw new ParameterResolutionException("a per-method FakeVk exists only inside a test; it cannot be "
                        + "injected into @BeforeAll methods or a class-level constructor. Use "
                        + "@WithFakeVk(lifecycle = PER_CLASS) or FakeVkExtension.perClass(...) to share one fake.");
            }
            owner = context;
        }
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> start(annotation), FakeVk.class);
    }

    private FakeVk start(Optional<WithFakeVk> annotation) {
        FakeVk.Builder builder = FakeVk.builder();
        if (customizer != null) {
            customizer.accept(builder);
        } else {
            annotation.ifPresent(a -> builder.seed(a.seed()).rateLimitsEnabled(a.rateLimits()));
        }
        return builder.start();
    }

    private static Optional<WithFakeVk> annotation(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            if (element.isPresent() && element.get().isAnnotationPresent(WithFakeVk.class)) {
                return Optional.of(element.get().getAnnotation(WithFakeVk.class));
            }
        }
        return Optional.empty();
    }
}
