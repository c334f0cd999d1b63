package dev.sferum.sdk.benchmarks;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines on stderr, so a long run shows where it is. */
final class Progress {
    private Progress() {
    }

    static void say(String line) {
        System.err.println("[bench " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + line);
    }
}
