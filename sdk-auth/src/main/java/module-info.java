/**
 * VK ID sign-in (OAuth 2.1 authorization code with PKCE), user tokens that refresh themselves single-flight,
 * token storage, and the legacy client-credentials grant for service tokens.
 *
 * <p>Start with {@link dev.sferum.sdk.auth.VkIdClient#builder()}. Implementation lives in
 * {@code dev.sferum.sdk.auth.internal}, which is not exported.
 */
module dev.sferum.sdk.auth {
    requires transitive dev.sferum.sdk.core;
    requires org.slf4j;

    exports dev.sferum.sdk.auth;
}
