/**
 * VK ID sign-in, user, community and service tokens, and where refresh tokens are kept.
 *
 * <pre>{@code
 * VkIdConfig config = VkIdConfig.builder()
 *         .clientId(51234567)
 *         .redirectUri("https://school.example/vkid/callback")
 *         .build();
 * VkIdClient vkid = VkIdClient.builder().config(config).tokenStore(FileTokenStore.open(Path.of("tokens.json"))).buildClient();
 *
 * SignInStart start = vkid.startSignIn(r -> r.scopes("email"));     // redirect the browser to start.authorizeUri()
 * SignInResult done = vkid.completeSignIn(SignInCallback.fromUri(callbackUri));
 * ApiClient api = ApiClient.builder().tokenProvider(vkid.tokenProvider(done.grantKey())).buildClient();
 * }</pre>
 *
 * <p>Every type here is immutable and thread-safe unless its Javadoc says otherwise. No method accepts
 * {@code null} unless its Javadoc says so; a {@code null} where none is allowed fails at once with a
 * {@link java.lang.NullPointerException} naming the argument. No type here prints a token or secret in its
 * {@code toString()} or in an exception message.
 */
package dev.sferum.sdk.auth;
