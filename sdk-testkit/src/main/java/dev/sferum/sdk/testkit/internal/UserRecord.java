package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.FakeUser;

/** A user and its mailbox. Immutable apart from the account's chats. */
final class UserRecord {

    final FakeUser user;
    final Account account;

    UserRecord(FakeUser user) {
        this.user = user;
        this.account = new Account(user.id());
    }
}
