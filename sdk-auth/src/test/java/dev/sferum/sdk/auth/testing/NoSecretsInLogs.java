package dev.sferum.sdk.auth.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Registered for every test class (by auto-detection): after each class, fails if any line logged so far contains a
 * canary secret — a token, refresh token, code, client secret, device id, or a code verifier or state a test saw on
 * the wire.
 */
public final class NoSecretsInLogs implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
        String leak = firstLeak(CapturedLogs.lines());
        if (leak != null) {
            throw new AssertionError("a secret reached a log line in " + context.getDisplayName() + ": " + leak);
        }
    }

    /**
     * @param lines log lines
     * @return the first line holding a canary (with the canary masked), or null
     */
    public static String firstLeak(List<String> lines) {
        List<String> canaries = Canary.all();
        for (String line : lines) {
            for (String secret : canaries) {
                if (line.contains(secret)) {
                    return line.replace(secret, "<THE SECRET>");
                }
            }
        }
        return null;
    }
}
