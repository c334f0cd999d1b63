package dev.sferum.sdk.jdbc.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Secret values used across the test suite; none of them may ever appear in a log line or exception message. */
public final class Canary {
    /** A wrong database password, for the bad-credentials tests. */
    public static final String WRONG_PASSWORD = "CANARYwrongDBpassword5Kd9Qp";

    private static final List<String> MORE = new CopyOnWriteArrayList<>();

    private Canary() {
    }

    /** @return every secret the tests know of */
    public static List<String> all() {
        List<String> all = new ArrayList<>(List.of(WRONG_PASSWORD));
        all.addAll(MORE);
        return all;
    }

    /** Adds a secret to watch for: a token the fake issued, the CI database's password. */
    public static String watch(String secret) {
        if (secret != null && secret.length() >= 6 && !MORE.contains(secret)) {
            MORE.add(secret);
        }
        return secret;
    }
}
