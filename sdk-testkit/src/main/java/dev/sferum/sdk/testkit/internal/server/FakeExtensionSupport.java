package dev.sferum.sdk.testkit.internal.server;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * The one JUnit 5 mechanism behind both fakes' extensions: finds the fake's annotation on the test or its enclosing
 * classes, keeps one fake per test method or per test class in JUnit's store, starts it on first use and closes it
 * when its scope ends. The public extensions only say which fake, which annotation, and what they inject.
 * Immutable.
 *
 * @param <F> the fake
 * @param <A> its annotation
 */
public final class FakeExtensionSupport<F extends AutoCloseable, A extends Annotation> {

    private final ExtensionContext.Namespace namespace;
    private final Class<F> fakeType;
    private final Class<A> annotationType;
    private final Boolean perClass;
    private final Predicate<A> annotationPerClass;
    private final Function<Optional<A>, F> starter;
    private final String perClassHint;

    /**
     * @param owner              the extension class, naming the store's namespace
     * @param fakeType           the fake's class
     * @param annotationType     its annotation
     * @param perClass           the lifecycle an extension was registered with, or null to read the annotation
     * @param annotationPerClass whether an annotation asks for one fake per class
     * @param starter            starts a fake from the annotation found (empty when none)
     * @param perClassHint       how to ask for a per-class fake, for the error message
     */
    public FakeExtensionSupport(Class<?> owner, Class<F> fakeType, Class<A> annotationType, Boolean perClass,
            Predicate<A> annotationPerClass, Function<Optional<A>, F> starter, String perClassHint) {
        this.namespace = ExtensionContext.Namespace.create(owner);
        this.fakeType = fakeType;
        this.annotationType = annotationType;
        this.perClass = perClass;
        this.annotationPerClass = annotationPerClass;
        this.starter = starter;
        this.perClassHint = perClassHint;
    }

    /** The fake of this context's scope, started on first use. */
    public F fake(ExtensionContext context) {
        Optional<A> annotation = annotation(context);
        boolean shared = perClass != null ? perClass : annotation.map(annotationPerClass::test).orElse(false);
        ExtensionContext owner = context;
        if (shared) {
            while (owner.getTestMethod().isPresent()) {
                owner = owner.getParent().orElseThrow();
            }
        } else if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("a per-method " + fakeType.getSimpleName() + " exists only inside a "
                    + "test; it cannot be injected into @BeforeAll methods or a class-level constructor. Use "
                    + perClassHint + " to share one fake.");
        }
        return owner.getStore(namespace).getOrComputeIfAbsent(fakeType.getName(), key -> starter.apply(annotation),
                fakeType);
    }

    /** Closes the fake stored in this context, if any (after each test, after all). */
    public void close(ExtensionContext context) throws Exception {
        F fake = context.getStore(namespace).remove(fakeType.getName(), fakeType);
        if (fake != null) {
            fake.close();
        }
    }

    private Optional<A> annotation(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            if (element.isPresent() && element.get().isAnnotationPresent(annotationType)) {
                return Optional.of(element.get().getAnnotation(annotationType));
            }
        }
        return Optional.empty();
    }
}
