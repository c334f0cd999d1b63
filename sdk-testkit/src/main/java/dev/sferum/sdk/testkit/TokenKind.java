package dev.sferum.sdk.testkit;

/**
 * The three kinds of VK access token, which decide the methods a token may call.
 *
 * <p>A community token calling a user-only method gets error 27, a service token calling a method it may not
 * call gets error 28, as VK answers.
 *
 * @since 0.1.0
 */
public enum TokenKind {
    /** A user's token (VK ID or legacy OAuth); may call user-only methods such as {@code calls.start}. */
    USER,
    /** A community (group) token: the normal server route for {@code messages.*}; never expires. */
    COMMUNITY,
    /** An application's service token from the client-credentials grant; app-level reads only. */
    SERVICE
}
