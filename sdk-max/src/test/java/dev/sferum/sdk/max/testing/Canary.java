package dev.sferum.sdk.max.testing;

import dev.sferum.sdk.testsupport.Secrets;

/**
 * Secret values of the suite: fixed canary tokens for WireMock tests, plus every token, webhook secret and message
 * text the tests hand out (registered as they go). None of them may ever appear in a log line.
 */
public final class Canary {
    /** A MAX bot token for WireMock tests. */
    public static final String MAX_TOKEN = "CANARYmaxBOTtoken_q8Zs3XvB2Lm9Pq7Rw4Tz6Yc1xK0";
    /** A webhook secret for receiver tests. */
    public static final String WEBHOOK_SECRET = "CANARY-webhook_secret-7f3k9";

    private Canary() {
    }

    /**
     * @param secret a value that must never be logged
     * @return it
     */
    public static String register(String secret) {
        return Secrets.register(secret);
    }
}
