package dev.sferum.sdk.auth;

import java.util.Objects;

/**
 * A completed sign-in: the user's tokens, and the key under which the client stored the grant in its
 * {@link TokenStore} (pass it to {@link VkIdClient#tokenProvider(String)}).
 *
 * <pre>{@code
 * SignInResult done = vkid.completeSignIn(SignInCallback.fromUri(requestUri));
 * session.setAttribute("vkGrant", done.grantKey());       // "vkid:1001"
 * }</pre>
 *
 * @param grantKey the store key, {@code "vkid:" + userId}
 * @param tokens the tokens
 * @since 0.1.0
 */
public record SignInResult(String grantKey, UserTokens tokens) {
    /**
     * Checks the parts.
     *
     * @param grantKey the store key
     * @param tokens the tokens
     */
    public SignInResult {
        Objects.requireNonNull(grantKey, "grantKey");
        Objects.requireNonNull(tokens, "tokens");
    }
}
