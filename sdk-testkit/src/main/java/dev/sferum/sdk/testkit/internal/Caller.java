package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.TokenKind;

/**
 * Who is calling a VK method: the token, and the account acting (a user, or a community: its own token, or a
 * user token with {@code group_id} of a community the user administers).
 *
 * @param token   the authenticated token
 * @param actorId owner id acting: user id or {@code -group_id}; the app id for a service token
 * @param account the acting account's mailbox; null for a service token
 */
record Caller(TokenRecord token, long actorId, Account account) {

    TokenKind kind() {
        return token.kind;
    }

    /** The app the token belongs to, for random_id de-duplication (0 for tokens made directly by a test). */
    long appId() {
        return token.appId;
    }
}
