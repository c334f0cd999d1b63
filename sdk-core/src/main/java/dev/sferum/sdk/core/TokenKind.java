package dev.sferum.sdk.core;

/**
 * What kind of VK access token a token is, which decides the methods it may call and its rate budget.
 *
 * @since 0.1.0
 */
public enum TokenKind {
    /** A user's token, from VK ID sign-in (expires, refreshable) or the legacy user flows. About 3 requests/s. */
    USER("a user token"),
    /** A community (group) token from the community's settings: the normal server route for messages. About 20 requests/s. */
    COMMUNITY("a community token"),
    /** An application's service token from the client-credentials grant: app-level reads only. */
    SERVICE("a service token");

    private final String article;

    TokenKind(String article) {
        this.article = article;
    }

    /**
     * The kind in words with its article, for messages: "a user token".
     *
     * @return the description
     */
    public String describe() {
        return article;
    }
}
