package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.internal.Pkce;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.TokenProvider;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.internal.Builders;

import java.time.Instant;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Signs users in with VK ID (OAuth 2.1 authorization code with PKCE), keeps their tokens fresh, and gets the app's
 * service token — blocking on the calling thread. {@link VkIdAsyncClient} does the same without blocking.
 *
 * <pre>{@code
 * VkIdClient vkid = VkIdClient.builder()
 *         .config(VkIdConfig.builder().clientId(51234567).redirectUri("https://school.example/vkid/callback").build())
 *         .tokenStore(FileTokenStore.open(Path.of("/var/lib/school/vkid-tokens.json")))
 *         .buildClient();
 *
 * // 1. "Sign in with VK ID" button:
 * SignInStart start = vkid.startSignIn(r -> r.scopes("email"));
 * response.sendRedirect(start.authorizeUri().toString());
 *
 * // 2. at the redirect URI:
 * SignInResult done = vkid.completeSignIn(SignInCallback.fromUri(requestUri));
 *
 * // 3. calls on the user's behalf, with tokens that refresh themselves:
 * ApiClient api = ApiClient.builder().tokenProvider(vkid.tokenProvider(done.grantKey())).buildClient();
 * }</pre>
 *
 * <p><b>Security.</b> PKCE S256 only; {@code state} of 256 random bits, bound to the code verifier and redirect URI
 * for {@link VkIdConfig#signInTimeout()}, usable once, compared in constant time on the callback and again in the
 * token answer; codes and tokens only in POST bodies to the configured hosts; no redirects followed. Nothing is
 * stored from a failed sign-in.
 *
 * <p>Thread-safe; build one per application and share it.
 *
 * @since 0.1.0
 */
public final class VkIdClient extends VkIdFront {

    VkIdClient(VkIdCore core) {
        super(core);
    }

    /** {@return a builder for sync and async clients} */
    public static VkIdClientBuilder builder() {
        return new VkIdClientBuilder();
    }

    /**
     * Completes a sign-in from VK ID's callback: checks the {@code state} (once only), exchanges the code with the
     * code verifier and device id, checks the answer, and stores the grant under {@code "vkid:" + userId}.
     *
     * @param callback what VK ID sent to the redirect URI
     * @return the grant key and tokens
     * @throws SignInFailedException if the callback is forged, stale, refused by the user, or VK ID would not exchange
     *     the code; its {@link SignInFailedException#reason()} says which
     * @throws dev.sferum.sdk.core.exception.TransportException if VK ID could not be reached
     */
    public SignInResult completeSignIn(SignInCallback callback) {
        VkIdCore.Exchange ex = core.prepareExchange(Objects.requireNonNull(callback, "callback"));
        return core.finishExchange(ex, core.http.send(VkIdCore.TOKEN_ENDPOINT, ex.request()));
    }

    /**
     * Completes a sign-in; see {@link #completeSignIn(SignInCallback)}.
     *
     * @param callback sets up the callback from parameters read by hand
     * @return the grant key and tokens
     */
    public SignInResult completeSignIn(Consumer<SignInCallback.Builder> callback) {
        return completeSignIn(Builders.build(SignInCallback.builder(), callback, SignInCallback.Builder::build));
    }

    /**
     * A refreshing provider of the user's access token for the grant stored under {@code grantKey}; pass it to
     * {@code ApiClient.builder().tokenProvider(...)}. Refreshes single-flight, shared with every provider for the
     * key from this client.
     *
     * @param grantKey the key from {@link SignInResult#grantKey()}
     * @return the provider
     */
    public UserTokenProvider tokenProvider(String grantKey) {
        return new UserTokenProvider(core, Objects.requireNonNull(grantKey, "grantKey"));
    }

    /**
     * Refreshes tokens once, outside any store. Prefer {@link #tokenProvider(String)}: it stores the rotated refresh
     * token before using it. If you call this, store the returned refresh token at once — the old one is dead.
     *
     * @param request the refresh token and device id
     * @return the new tokens
     * @throws SignInRequiredException if VK ID will not refresh them any more
     * @throws VkIdException if VK ID refused for another reason
     */
    public UserTokens refresh(RefreshRequest request) {
        Objects.requireNonNull(request, "request");
        String state = Pkce.newState();
        Instant sentAt = core.config.clock().instant();
        return core.readRefresh(core.http.send(VkIdCore.TOKEN_ENDPOINT, core.refreshHttp(request, state)), request, state, sentAt, null);
    }

    /**
     * Refreshes tokens once; see {@link #refresh(RefreshRequest)}.
     *
     * @param request sets up the request
     * @return the new tokens
     */
    public UserTokens refresh(Consumer<RefreshRequest.Builder> request) {
        return refresh(Builders.build(RefreshRequest.builder(), request, RefreshRequest.Builder::build));
    }

    /**
     * Reads who owns a user token ({@code /oauth2/user_info}).
     *
     * @param request the access token and device id
     * @return the user
     * @throws VkIdException with category {@code TOKEN} if the token is invalid or expired
     */
    public VkIdUser userInfo(UserTokenRequest request) {
        return core.readUserInfo(core.http.send(VkIdCore.USER_INFO_ENDPOINT, core.userInfoHttp(Objects.requireNonNull(request, "request"))));
    }

    /**
     * Reads who owns a user token; see {@link #userInfo(UserTokenRequest)}.
     *
     * @param request sets up the request
     * @return the user
     */
    public VkIdUser userInfo(Consumer<UserTokenRequest.Builder> request) {
        return userInfo(Builders.build(UserTokenRequest.builder(), request, UserTokenRequest.Builder::build));
    }

    /**
     * Ends the user's VK ID session for this app ({@code /oauth2/logout}). Does not touch the token store; see
     * {@link #signOut(String)}.
     *
     * @param request the access token and device id
     * @throws VkIdException with category {@code TOKEN} if the token is already invalid
     */
    public void logout(UserTokenRequest request) {
        core.readAcknowledgement(core.http.send(VkIdCore.LOGOUT_ENDPOINT, core.logoutHttp(Objects.requireNonNull(request, "request"))),
                "log the user out");
    }

    /**
     * Ends the user's VK ID session; see {@link #logout(UserTokenRequest)}.
     *
     * @param request sets up the request
     */
    public void logout(Consumer<UserTokenRequest.Builder> request) {
        logout(Builders.build(UserTokenRequest.builder(), request, UserTokenRequest.Builder::build));
    }

    /**
     * Withdraws the app's access for the user ({@code /oauth2/revoke}); the user must consent again next time.
     *
     * @param request the access token
     * @throws VkIdException with category {@code TOKEN} if the token is already invalid
     */
    public void revoke(RevokeRequest request) {
        core.readAcknowledgement(core.http.send(VkIdCore.REVOKE_ENDPOINT, core.revokeHttp(Objects.requireNonNull(request, "request"))),
                "revoke the token");
    }

    /**
     * Withdraws the app's access; see {@link #revoke(RevokeRequest)}.
     *
     * @param request sets up the request
     */
    public void revoke(Consumer<RevokeRequest.Builder> request) {
        revoke(Builders.build(RevokeRequest.builder(), request, RevokeRequest.Builder::build));
    }

    /**
     * Signs a stored user out: logs the grant's session out at VK ID (refreshing its access token first if needed)
     * and deletes the grant from the store. A grant VK ID already considers dead is just deleted. Does nothing if no
     * grant is stored under the key.
     *
     * @param grantKey the grant's key
     * @throws VkIdException if VK ID could not log the session out for a reason other than a dead token; the grant
     *     is then kept, so you can try again
     */
    public void signOut(String grantKey) {
        Objects.requireNonNull(grantKey, "grantKey");
        Optional<StoredGrant> grant = core.loadGrant(grantKey);
        if (grant.isEmpty()) {
            return;
        }
        AccessToken access;
        try {
            access = tokenProvider(grantKey).token();
        } catch (SignInRequiredException e) {
            core.deleteGrant(grantKey);
            return;
        }
        String deviceId = core.loadGrant(grantKey).orElse(grant.get()).tokens().deviceId();
        try {
            logout(UserTokenRequest.builder().accessToken(access).deviceId(deviceId).build());
        } catch (VkIdException e) {
            if (e.category() != ErrorCategory.TOKEN) {
                throw e;
            }
        }
        core.deleteGrant(grantKey);
        VkIdCore.log.debug("VK ID grant {} signed out and deleted", grantKey);
    }

    /**
     * Gets a service token with the legacy client-credentials grant ({@code oauth.vk.com/access_token}); needs
     * {@link VkIdConfig#clientSecret()}. Use it on servers only, for app-level reads.
     *
     * @return a service token
     * @throws IllegalStateException if no client secret is configured
     * @throws VkIdException with category {@code INVALID_INPUT} if the client id or secret is wrong
     */
    public AccessToken serviceToken() {
        Instant sentAt = core.config.clock().instant();
        return core.readServiceToken(core.http.send(VkIdCore.SERVICE_ENDPOINT, core.serviceTokenHttp()), sentAt);
    }

    /**
     * A provider of the app's service token: fetched on first use, single-flight, fetched again when VK rejects it.
     * Shared by every caller of this client (and the async client from the same builder).
     *
     * @return the provider
     */
    public TokenProvider serviceTokenProvider() {
        return core.serviceTokens;
    }

    @Override
    public String toString() {
        return "VkIdClient[" + core.config.idBaseUri() + ", client " + core.config.clientId() + "]";
    }
}
