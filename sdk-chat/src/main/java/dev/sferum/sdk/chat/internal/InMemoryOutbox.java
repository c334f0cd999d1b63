package dev.sferum.sdk.chat.internal;

import dev.sferum.sdk.chat.MessageOutbox;

/** {@link MessageOutbox#inMemory()}: entries in insertion order, guarded by this object's lock. */
public final class InMemoryOutbox extends MapOutbox {

    /** An empty outbox. */
    public InMemoryOutbox() {
    }

    @Override
    void changed() {
        // nothing to persist
    }

    @Override
    public String toString() {
        return describe("in-memory");
    }
}
