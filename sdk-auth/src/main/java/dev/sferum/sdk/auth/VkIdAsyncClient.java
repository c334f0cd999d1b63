package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.internal.Pkce;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.TokenProvider;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.internal.Builders;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The non-blocking twin of {@link VkIdClient}: the same operations under the same names, returning
 * {@link CompletableFuture}s that complete on the HTTP client's threads. No thread waits for the network.
 *
 * <pre>{@code
 * VkIdAsyncClient vkid = VkIdClient.builder().config(config).tokenStore(store).buildAsyncClient();
 * vkid.completeSignIn(SignInCallback.fromUri(requestUri))
 *     .thenAccept(done -> session.put("vkGrant", done.grantKey()));
 * }</pre>
 *
 * <p>Futures fail with the exceptions the sync client throws (wrapped in a
 * {@link java.util.concurrent.CompletionException} by {@code join()}). Cancelling a future aborts its exchange.
 * Store calls ({@link TokenStore}, {@link PendingSignInStore}) run on the thread that completes the exchange, so keep
 * stores quick. Thread-safe; build one per application and share it.
 *
 * @since 0.1.0
 */
public final class VkIdAsyncClient extends VkIdFront {

    VkIdAsyncClient(VkIdCore core) {
        super(core);
    }

    /**
     * Completes a sign-in; see {@link VkIdClient#completeSignIn(SignInCallback)}. The callback's checks run before
     * this returns; a failed check gives a failed future.
     *
     * @param callback what VK ID sent to the redirect URI
     * @return a future of the grant key and tokens; it fails with {@link SignInFailedException} (see its reason) or a
     *     transport exception
     */
    public CompletableFuture<SignInResult> completeSignIn(SignInCallback callback) {
        Objects.requireNonNull(callback, "callback");
        VkIdCore.Exchange ex;
        try {
            ex = core.prepareExchange(callback);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return core.http.sendAsync(VkIdCore.TOKEN_ENDPOINT, ex.request()).thenApply(answer -> core.finishExchange(ex, answer));
    }

    /**
     * Completes a sign-in; see {@link #completeSignIn(SignInCallback)}.
     *
     * @param callback sets up the callback from parameters read by hand
     * @return a future of the grant key and tokens
     */
    public CompletableFuture<SignInResult> completeSignIn(Consumer<SignInCallback.Builder> callback) {
        return completeSignIn(Builders.build(SignInCallback.builder(), callback, SignInCallback.Builder::build));
    }

    /**
     * A refreshing provider of the user's access token; see {@link VkIdClient#tokenProvider(String)}. Its
     * {@code tokenAsync()} and {@code renewAsync()} never block.
     *
     * @param grantKey the key from {@link SignInResult#grantKey()}
     * @return the provider
     */
    public UserTokenProvider tokenProvider(String grantKey) {
        return new UserTokenProvider(core, Objects.requireNonNull(grantKey, "grantKey"));
    }

    /**
     * Refreshes tokens once, outside any store; see {@link VkIdClient#refresh(RefreshRequest)}.
     *
     * @param request the refresh token and device id
     * @return a future of the new tokens; it fails with {@link SignInRequiredException} if VK ID will not refresh them
     */
    public CompletableFuture<UserTokens> refresh(RefreshRequest request) {
        Objects.requireNonNull(request, "request");
        String state = Pkce.newState();
        Instant sentAt = core.config.clock().instant();
        return core.http.sendAsync(VkIdCore.TOKEN_ENDPOINT, core.refreshHttp(request, state))
                .thenApply(answer -> core.readRefresh(answer, request, state, sentAt, null));
    }

    /**
     * Refreshes tokens once; see {@link #refresh(RefreshRequest)}.
     *
     * @param request sets up the request
     * @return a future of the new tokens
     */
    public CompletableFuture<UserTokens> refresh(Consumer<RefreshRequest.Builder> request) {
        return refresh(Builders.build(RefreshRequest.builder(), request, RefreshRequest.Builder::build));
    }

    /**
     * Reads who owns a user token; see {@link VkIdClient#userInfo(UserTokenRequest)}.
     *
     * @param request the access token and device id
     * @return a future of the user
     */
    public CompletableFuture<VkIdUser> userInfo(UserTokenRequest request) {
        return core.http.sendAsync(VkIdCore.USER_INFO_ENDPOINT, core.userInfoHttp(Objects.requireNonNull(request, "request")))
                .thenApply(core::readUserInfo);
    }

    /**
     * Reads who owns a user token; see {@link #userInfo(UserTokenRequest)}.
     *
     * @param request sets up the request
     * @return a future of the user
     */
    public CompletableFuture<VkIdUser> userInfo(Consumer<UserTokenRequest.Builder> request) {
        return userInfo(Builders.build(UserTokenRequest.builder(), request, UserTokenRequest.Builder::build));
    }

    /**
     * Ends the user's VK ID session for this app; see {@link VkIdClient#logout(UserTokenRequest)}.
     *
     * @param request the access token and device id
     * @return a future that completes when VK ID confirms
     */
    public CompletableFuture<Void> logout(UserTokenRequest request) {
        return core.http.sendAsync(VkIdCore.LOGOUT_ENDPOINT, core.logoutHttp(Objects.requireNonNull(request, "request")))
                .thenAccept(answer -> core.readAcknowledgement(answer, "log the user out"));
    }

    /**
     * Ends the user's VK ID session; see {@link #logout(UserTokenRequest)}.
     *
     * @param request sets up the request
     * @return a future that completes when VK ID confirms
     */
    public CompletableFuture<Void> logout(Consumer<UserTokenRequest.Builder> request) {
        return logout(Builders.build(UserTokenRequest.builder(), request, UserTokenRequest.Builder::build));
    }

    /**
     * Withdraws the app's access for the user; see {@link VkIdClient#revoke(RevokeRequest)}.
     *
     * @param request the access token
     * @return a future that completes when VK ID confirms
     */
    public CompletableFuture<Void> revoke(RevokeRequest request) {
        return core.http.sendAsync(VkIdCore.REVOKE_ENDPOINT, core.revokeHttp(Objects.requireNonNull(request, "request")))
                .thenAccept(answer -> core.readAcknowledgement(answer, "revoke the token"));
    }

    /**
     * Withdraws the app's access; see {@link #revoke(RevokeRequest)}.
     *
     * @param request sets up the request
     * @return a future that completes when VK ID confirms
     */
    public CompletableFuture<Void> revoke(Consumer<RevokeRequest.Builder> request) {
        return revoke(Builders.build(RevokeRequest.builder(), request, RevokeRequest.Builder::build));
    }

    /**
     * Signs a stored user out; see {@link VkIdClient#signOut(String)}.
     *
     * @param grantKey the grant's key
     * @return a future that completes when the session is logged out and the grant deleted
     */
    public CompletableFuture<Void> signOut(String grantKey) {
        Objects.requireNonNull(grantKey, "grantKey");
        Optional<StoredGrant> grant;
        try {
            grant = core.loadGrant(grantKey);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (grant.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return tokenProvider(grantKey).tokenAsync().handle((access, error) -> {
            if (error != null) {
                Throwable e = GrantRefresher.unwrap(error);
                if (e instanceof SignInRequiredException) {
                    return CompletableFuture.<Boolean>completedFuture(false);
                }
                return CompletableFuture.<Boolean>failedFuture(e);
            }
            String deviceId = core.loadGrant(grantKey).orElse(grant.get()).tokens().deviceId();
            return logout(UserTokenRequest.builder().accessToken(access).deviceId(deviceId).build()).handle((ok, logoutError) -> {
                Throwable e = logoutError == null ? null : GrantRefresher.unwrap(logoutError);
                if (e == null || (e instanceof VkIdException v && v.category() == ErrorCategory.TOKEN)) {
                    return true;
                }
                throw e instanceof RuntimeException r ? r : new CompletionException(e);
            });
        }).thenCompose(f -> f).thenAccept(loggedOut -> {
            core.deleteGrant(grantKey);
            VkIdCore.log.debug("VK ID grant {} signed out and deleted", grantKey);
        });
    }

    /**
     * Gets a service token with the legacy client-credentials grant; see {@link VkIdClient#serviceToken()}.
     *
     * @return a future of the service token
     * @throws IllegalStateException if no client secret is configured (thrown at once, before any I/O)
     */
    public CompletableFuture<AccessToken> serviceToken() {
        Instant sentAt = core.config.clock().instant();
        return core.http.sendAsync(VkIdCore.SERVICE_ENDPOINT, core.serviceTokenHttp()).thenApply(a -> core.readServiceToken(a, sentAt));
    }

    /**
     * A provider of the app's service token; see {@link VkIdClient#serviceTokenProvider()}.
     *
     * @return the provider
     */
    public TokenProvider serviceTokenProvider() {
        return core.serviceTokens;
    }

    @Override
    public String toString() {
        return "VkIdAsyncClient[" + core.config.idBaseUri() + ", client " + core.config.clientId() + "]";
    }
}
