package dev.sferum.sdk.testkit.internal.server;

import dev.sferum.sdk.testkit.StrictViolation;
import java.util.ArrayList;
import java.util.List;

/** The strict-mode refusals one fake made, oldest first. Thread-safe. */
public final class StrictLog {

    private final List<StrictViolation> violations = new ArrayList<>();

    /** Records a refusal. */
    public synchronized void add(StrictViolation violation) {
        violations.add(violation);
    }

    /** Every refusal so far, oldest first. */
    public synchronized List<StrictViolation> all() {
        return List.copyOf(violations);
    }

    /** Forgets them. */
    public synchronized void clear() {
        violations.clear();
    }
}
