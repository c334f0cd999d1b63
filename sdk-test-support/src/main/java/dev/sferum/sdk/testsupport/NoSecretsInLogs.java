package dev.sferum.sdk.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registered for every test class by JUnit's extension auto-detection (the module's tests set
 * {@code junit.jupiter.extensions.autodetection.enabled=true}): after each class, fails if the suite's SLF4J
 * binding is not {@link CapturedLogs}, or if any line logged so far holds a {@link Secrets secret}.
 */
public final class NoSecretsInLogs implements AfterAllCallback {
    private static final Pattern MARKED = Pattern.compile("[\\w.~+/-]*" + Secrets.MARKER + "[\\w.~+/=-]*");

    @Override
    public void afterAll(ExtensionContext context) {
        if (!CapturedLogs.active()) {
            throw new AssertionError("the test SLF4J binding is not active, so the log check would prove nothing;"
                    + " is another SLF4J provider on the test class path?");
        }
        String leak = firstLeak(CapturedLogs.lines());
        if (leak != null) {
            throw new AssertionError("a secret reached a log line in " + context.getDisplayName() + ": " + leak);
        }
    }

    /**
     * Finds the first line that holds a secret.
     *
     * @param lines log lines (or exception messages, {@code toString()}s)
     * @return the first line holding a secret, each secret masked as {@code <SECRET>}; {@code null} if none does
     */
    public static String firstLeak(List<String> lines) {
        List<String> secrets = Secrets.registered();
        for (String line : lines) {
            String masked = line;
            for (String secret : secrets) {
                masked = masked.replace(secret, "<SECRET>");
            }
            Matcher marked = MARKED.matcher(masked);
            if (marked.find()) {
                masked = marked.replaceAll("<SECRET>");
            }
            if (!masked.equals(line)) {
                return masked;
            }
        }
        return null;
    }
}
