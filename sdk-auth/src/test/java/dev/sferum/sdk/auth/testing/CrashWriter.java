package dev.sferum.sdk.auth.testing;

import dev.sferum.sdk.auth.FileTokenStore;
import dev.sferum.sdk.auth.StoredGrant;


import java.nio.file.Path;

/**
 * Run in a child JVM by the crash test: rotates one grant in a {@link FileTokenStore} as fast as it can, printing
 * each revision after its write returned, until it is killed.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) {
        FileTokenStore store = FileTokenStore.open(Path.of(args[0]));
        StoredGrant current = store.load(Grants.KEY).orElseThrow();
        for (long i = current.revision() + 1; ; i++) {
            StoredGrant next = Grants.numbered(i);
            if (!store.replace(Grants.KEY, current, next)) {
                throw new IllegalStateException("lost the compare-and-set at revision " + i);
            }
            current = next;
            System.out.println(i);
            System.out.flush();
        }
    }
}
