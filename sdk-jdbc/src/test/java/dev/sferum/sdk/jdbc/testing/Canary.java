package dev.sferum.sdk.jdbc.testing;

import dev.sferum.sdk.testsupport.Secrets;

/** Secret values used across the test suite; none of them may ever appear in a log line or exception message. */
public final class Canary {
    /** A wrong database password, for the bad-credentials tests. */
    public static final String WRONG_PASSWORD = "CANARYwrongDBpassword5Kd9Qp";

    private Canary() {
    }

    /** Adds a secret to watch for: a token the fake issued, the CI database's password. */
    public static String watch(String secret) {
        Secrets.register(secret);
        return secret;
    }
}
