package dev.sferum.sdk.testkit.internal;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** A community, its mailbox and its settings. Guarded by the World lock. */
final class CommunityRecord {

    final long id;
    final String name;
    final Account account;
    final Set<Long> admins = new LinkedHashSet<>();
    /** Users who allowed messages from the community (or wrote to it first). */
    final Set<Long> allowedUsers = new HashSet<>();
    final TokenRecord firstToken;

    CommunityRecord(long id, String name, TokenRecord firstToken) {
        this.id = id;
        this.name = name;
        this.account = new Account(-id);
        this.firstToken = firstToken;
    }

    long ownerId() {
        return -id;
    }
}
