package dev.sferum.sdk.core;

/**
 * What kind of token a call is made with, which decides the methods it may call and its rate budget: the three
 * kinds of VK access token, and {@link #BOT} for a MAX bot's token (sdk-max), so that
 * {@link CallInfo#tokenKind()} names the kind on every backend.
 *
 * @since 0.1.0
 */
public enum TokenKind {
    /** A user's token, from VK ID sign-in (expires, refreshable) or the legacy user flows. About 3 requests/s. */
    USER("a user token"),
    /** A community (group) token from the community's settings: the normal server route for messages. About 20 requests/s. */
    COMMUNITY("a community token"),
    /** An application's service token from the client-credentials grant: app-level reads only. */
    SERVICE("a service token"),
    /**
     * A MAX bot's token (sdk-max's {@code MaxBotToken}), from MasterBot. Never the kind of an {@link AccessToken}:
     * VK API calls do not accept it. About 30 requests/s.
     */
    BOT("a bot token");

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
