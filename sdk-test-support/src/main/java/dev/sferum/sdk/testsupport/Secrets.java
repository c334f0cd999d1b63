package dev.sferum.sdk.testsupport;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values a test suite must never see in a log line: every value containing {@link #MARKER}, plus every value
 * registered here (tokens and codes a fake server issued, passwords, message texts generated at run time).
 * Registered values stay for the whole JVM, so a leak found by a later test class is still caught.
 */
public final class Secrets {
    /** Any value containing this text is a secret without being registered: the suites' fixed canaries carry it. */
    public static final String MARKER = "CANARY";

    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    /**
     * Watches a value from now on.
     *
     * @param secret a value that must never be logged; values under 6 characters are ignored (they would match ordinary text)
     * @return the same value, so a test can register where it creates
     */
    public static String register(String secret) {
        if (secret != null && secret.length() >= 6) {
            REGISTERED.add(secret);
        }
        return secret;
    }

    /** {@return every registered value (the marker rule comes on top)} */
    public static List<String> registered() {
        return List.copyOf(REGISTERED);
    }
}
