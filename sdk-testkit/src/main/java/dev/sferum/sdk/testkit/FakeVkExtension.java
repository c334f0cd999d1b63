package dev.sferum.sdk.testkit;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.ClientConfig;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

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
 * <p>The fake runs in {@linkplain FakeVk.Builder#strict(boolean) strict mode}: calls that break VK's schema are refused
 * and listed in {@link FakeVk#strictViolations()} ({@code @WithFakeVk(strict = false)} or a customizer turns it off).
 *
 * <p>Instances are immutable; JUnit may share one between classes.
 *
 * @since 0.1.0
 */
public final class FakeVkExtension extends FakeExtension<FakeVk> {

    /** Creates the extension for {@code @ExtendWith} and {@link WithFakeVk}: settings come from the annotation. */
    public FakeVkExtension() {
        this(null, null);
    }

    private FakeVkExtension(FakeLifecycle lifecycle, Consumer<FakeVk.Builder> customizer) {
        super(FakeVk.class, WithFakeVk.class,
                lifecycle == null ? null : lifecycle == FakeLifecycle.PER_CLASS,
                a -> a.lifecycle() == FakeLifecycle.PER_CLASS, a -> start(a, customizer),
                "@WithFakeVk(lifecycle = PER_CLASS) or FakeVkExtension.perClass(...)");
    }

    /**
     * An extension that starts a fresh fake for each test method, configured by {@code customizer} (on a builder
     * already in {@linkplain FakeVk.Builder#strict(boolean) strict mode}).
     *
     * @param customizer applies settings to each fake's builder
     * @return the extension, for {@code @RegisterExtension}
     */
    public static FakeVkExtension perMethod(Consumer<FakeVk.Builder> customizer) {
        return new FakeVkExtension(FakeLifecycle.PER_METHOD, Objects.requireNonNull(customizer, "customizer"));
    }

    /**
     * An extension that starts one fake per test class, configured by {@code customizer} (on a builder already in
     * {@linkplain FakeVk.Builder#strict(boolean) strict mode}).
     *
     * @param customizer applies settings to the fake's builder
     * @return the extension, for {@code @RegisterExtension}
     */
    public static FakeVkExtension perClass(Consumer<FakeVk.Builder> customizer) {
        return new FakeVkExtension(FakeLifecycle.PER_CLASS, Objects.requireNonNull(customizer, "customizer"));
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

    private static FakeVk start(Optional<WithFakeVk> annotation, Consumer<FakeVk.Builder> customizer) {
        FakeVk.Builder builder = FakeVk.builder().strict(true);
        if (customizer != null) {
            customizer.accept(builder);
        } else {
            annotation.ifPresent(a -> builder.seed(a.seed()).rateLimitsEnabled(a.rateLimits()).strict(a.strict()));
        }
        return builder.start();
    }
}
