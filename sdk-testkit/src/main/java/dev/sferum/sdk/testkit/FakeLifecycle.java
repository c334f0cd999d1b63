package dev.sferum.sdk.testkit;

/**
 * How long one fake lives under its JUnit 5 extension: the {@code lifecycle} of {@link WithFakeVk} and
 * {@code WithFakeMax}, and what {@code perMethod(...)}/{@code perClass(...)} of their extensions choose.
 *
 * <pre>{@code
 * @WithFakeVk(lifecycle = FakeLifecycle.PER_CLASS)
 * class RosterTest { ... }
 * }</pre>
 *
 * @since 0.1.0
 */
public enum FakeLifecycle {
    /** A fresh fake for each test method, closed after it: no state leaks between tests. */
    PER_METHOD,
    /** One fake for all tests of the class (and its constructor), closed after the class. */
    PER_CLASS
}
