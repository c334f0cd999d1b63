package dev.sferum.sdk.testkit;

import dev.sferum.sdk.testkit.internal.server.FakeExtensionSupport;
import java.lang.annotation.Annotation;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one JUnit 5 extension mechanism both fakes use ({@link FakeVkExtension}, {@code FakeMaxExtension}): a fake per
 * test method or per test class, found from the fake's annotation or the lifecycle the extension was registered
 * with, kept in JUnit's store, started on first use (in strict mode) and closed when its scope ends. The two
 * subclasses add only which parameters they inject.
 *
 * <p>Instances are immutable; JUnit may share one between classes.
 *
 * @param <F> the fake
 * @since 0.1.0
 */
public abstract sealed class FakeExtension<F extends AutoCloseable>
        implements ParameterResolver, AfterEachCallback, AfterAllCallback
        permits FakeVkExtension, dev.sferum.sdk.testkit.max.FakeMaxExtension {

    private final FakeExtensionSupport<F, ?> support;

    /**
     * For the two fakes' extensions.
     *
     * @param fakeType           the fake's class
     * @param annotationType     its annotation
     * @param perClass           the lifecycle the extension was registered with, or null to read the annotation
     * @param annotationPerClass whether an annotation asks for one fake per class
     * @param starter            starts a fake from the annotation found (empty when none)
     * @param perClassHint       how to ask for a per-class fake, for the error message
     * @param <A>                the annotation type
     */
    protected <A extends Annotation> FakeExtension(Class<F> fakeType, Class<A> annotationType, Boolean perClass,
            Predicate<A> annotationPerClass, Function<Optional<A>, F> starter, String perClassHint) {
        this.support = new FakeExtensionSupport<>(getClass(), fakeType, annotationType, perClass, annotationPerClass,
                starter, perClassHint);
    }

    /**
     * The fake of this context's scope, started on first use.
     *
     * @param context the context of the parameter being resolved
     * @return the fake
     */
    protected final F fake(ExtensionContext context) {
        return support.fake(context);
    }

    /** Asks JUnit to resolve constructor parameters in the test method's context when it creates an instance
     * per method, so the constructor and the test share the per-method fake. */
    @Override
    public final ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    /** Closes a per-method fake after its test. */
    @Override
    public final void afterEach(ExtensionContext context) throws Exception {
        support.close(context);
    }

    /** Closes a per-class fake after its class. */
    @Override
    public final void afterAll(ExtensionContext context) throws Exception {
        support.close(context);
    }
}
