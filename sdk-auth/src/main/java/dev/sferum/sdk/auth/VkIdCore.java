package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.internal.OAuthHttp;
import dev.sferum.sdk.auth.internal.OAuthHttp.Answer;
import dev.sferum.sdk.auth.internal.Pkce;
import dev.sferum.sdk.auth.internal.QueryString;
import dev.sferum.sdk.auth.internal.Scopes;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.internal.Fingerprints;
import dev.sferum.sdk.core.internal.VkErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The steps every VK ID operation is made of, shared by the sync and async clients: build the request, read the
 * answer, map errors, touch the stores. The clients differ only in how they exchange (send or sendAsync).
 */
final class VkIdCore {
    static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.auth");

    static final String TOKEN_ENDPOINT = "VK ID /oauth2/auth";
    static final String USER_INFO_ENDPOINT = "VK ID /oauth2/user_info";
    static final String LOGOUT_ENDPOINT = "VK ID /oauth2/logout";
    static final String REVOKE_ENDPOINT = "VK ID /oauth2/revoke";
    static final String SERVICE_ENDPOINT = "VK OAuth /access_token";
    private static final String STORE = "token store";
    private static final String RESTART = "send the user to startSignIn again";

    final VkIdConfig config;
    final OAuthHttp http;
    final TokenStore tokens;
    final PendingSignInStore pending;
    final GrantRefresher refresher;
    final ServiceTokenProvider serviceTokens;
    private final URI authorize;
    private final URI token;
    private final URI userInfo;
    private final URI logout;
    private final URI revoke;
    private final URI legacyToken;

    VkIdCore(VkIdConfig config, TokenStore tokens, PendingSignInStore pending) {
        this.config = config;
        this.tokens = tokens;
        this.pending = pending;
        this.http = new OAuthHttp(config.calls(), List.of(config.idBaseUri(), config.oauthBaseUri()));
        String id = config.idBaseUri().toString();
        String client = "?client_id=" + config.clientId();
        this.authorize = URI.create(id + "/authorize");
        this.token = URI.create(id + "/oauth2/auth");
        this.userInfo = URI.create(id + "/oauth2/user_info" + client);
        this.logout = URI.create(id + "/oauth2/logout" + client);
        this.revoke = URI.create(id + "/oauth2/revoke");
        this.legacyToken = URI.create(config.oauthBaseUri() + "/access_token");
        this.refresher = new GrantRefresher(this);
        this.serviceTokens = new ServiceTokenProvider(this);
    }

    // ---- sign-in ----------------------------------------------------------------------------------------------

    SignInStart startSignIn(SignInRequest request) {
        URI redirect = config.redirectUri().orElseThrow(() -> new IllegalStateException(
                "sign-in needs a redirect URI: set VkIdConfig.builder().redirectUri(...) to the address registered in the VK app's settings"));
        Set<String> scopes = request.scopes().orElse(config.defaultScopes());
        Instant now = config.clock().instant();
        String state = Pkce.newState();
        String verifier = Pkce.newVerifier();
        PendingSignIn p = new PendingSignIn(state, Secret.of(verifier), redirect, scopes, now, now.plus(config.signInTimeout()));

        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", Long.toString(config.clientId()));
        q.put("redirect_uri", redirect.toString());
        q.put("state", state);
        q.put("code_challenge", Pkce.challenge(verifier));
        q.put("code_challenge_method", "s256");
        if (!scopes.isEmpty()) {
            q.put("scope", Scopes.join(scopes));
        }
        request.prompt().ifPresent(pr -> q.put("prompt", pr.wireValue()));
        q.putAll(request.params());
        URI uri = URI.create(authorize + "?" + QueryString.build(q));

        storeCall(() -> {
            pending.put(Pkce.stateKey(state), p);
            return null;
        });
        log.debug("VK ID sign-in started (state {}, scopes {}, expires {})", Fingerprints.of(state), scopes, p.expiresAt());
        return new SignInStart(uri, state, p.expiresAt());
    }

    /** A code exchange ready to send. */
    record Exchange(PendingSignIn pending, String deviceId, OAuthHttp.Request request, Instant sentAt) {
    }

    Exchange prepareExchange(SignInCallback callback) {
        String state = callback.state().orElseThrow(() -> new SignInFailedException(SignInFailedException.Reason.STATE_MISSING,
                "the sign-in callback has no state parameter, so it cannot be tied to a sign-in this application started",
                RESTART + "; do not accept callbacks without state (they may be forged)"));
        PendingSignIn p = storeCall(() -> pending.take(Pkce.stateKey(state))).orElse(null);
        if (p == null || !Pkce.sameState(p.state(), state)) {
            log.debug("VK ID sign-in callback refused: no sign-in waits for state {}", Fingerprints.of(state));
            throw new SignInFailedException(SignInFailedException.Reason.STATE_UNKNOWN,
                    "no sign-in is waiting for the callback's state: it is forged, was already used, or the sign-in was started "
                            + "on another server or before a restart",
                    RESTART + "; with several servers, share the PendingSignInStore between them");
        }
        Instant now = config.clock().instant();
        if (p.isExpiredAt(now)) {
            throw new SignInFailedException(SignInFailedException.Reason.EXPIRED,
                    "the sign-in was started at " + p.createdAt() + " and expired at " + p.expiresAt() + " (signInTimeout "
                            + config.signInTimeout() + ")",
                    RESTART + "; raise VkIdConfig.signInTimeout if users need longer");
        }
        if (callback.error().isPresent()) {
            String error = callback.error().get();
            String description = callback.errorDescription().map(VkErrors::scrub).orElse(null);
            if ("access_denied".equals(error)) {
                throw new SignInFailedException(SignInFailedException.Reason.DENIED, ErrorCategory.PERMISSION, "VK ID sign-in",
                        "the user declined to sign in with VK ID (access_denied)", "let the user try again when they want to",
                        error, description);
            }
            OAuthErrors.Kind kind = OAuthErrors.kind(error);
            throw new SignInFailedException(SignInFailedException.Reason.PROVIDER_ERROR, kind.category(), "VK ID sign-in",
                    "VK ID returned an error instead of a code: " + error + (description != null ? " (" + description + ")" : ""),
                    kind.remedy(), error, description);
        }
        if (callback.path().isPresent() && !callback.path().get().equals(rawPath(p.redirectUri()))) {
            throw new SignInFailedException(SignInFailedException.Reason.REDIRECT_URI_MISMATCH,
                    "the callback arrived at " + callback.path().get() + ", not at the sign-in's redirect URI path "
                            + rawPath(p.redirectUri()),
                    RESTART + "; serve the callback at exactly the configured redirect URI");
        }
        Secret code = callback.code().orElseThrow(() -> new SignInFailedException(SignInFailedException.Reason.CALLBACK_MALFORMED,
                "the sign-in callback has neither a code nor an error", RESTART));
        String deviceId = callback.deviceId().orElseThrow(() -> new SignInFailedException(SignInFailedException.Reason.CALLBACK_MALFORMED,
                "the sign-in callback has no device_id, which VK ID needs for the exchange and every refresh", RESTART));

        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code.reveal());
        form.put("code_verifier", p.codeVerifier().reveal());
        form.put("client_id", Long.toString(config.clientId()));
        form.put("device_id", deviceId);
        form.put("redirect_uri", p.redirectUri().toString());
        form.put("state", p.state());
        return new Exchange(p, deviceId, http.post(token, form), now);
    }

    SignInResult finishExchange(Exchange ex, Answer answer) {
        if (answer.isError()) {
            throw exchangeError(answer);
        }
        UserTokens t;
        try {
            // The callback's state was checked against the pending sign-in; auth.md shows the answer echoing it,
            // and no source says it must: compared when present, not required.
            t = TokenAnswers.read(answer.body(), ex.pending().state(), ex.deviceId(), ex.pending().scopes(), ex.sentAt(), null);
        } catch (TokenAnswers.BadAnswer e) {
            throw new SignInFailedException(SignInFailedException.Reason.RESPONSE_INVALID, ErrorCategory.TOKEN, TOKEN_ENDPOINT,
                    "VK ID's answer to the code exchange is unusable: " + e.getMessage() + "; nothing was stored",
                    RESTART + "; if it keeps happening, check VkIdConfig.idBaseUrl", null, null);
        }
        String key = grantKey(t.userId());
        long revision = loadGrant(key).map(g -> g.revision() + 1).orElse(1L);
        StoredGrant grant = new StoredGrant(t, revision);
        storeCall(() -> {
            tokens.save(key, grant);
            return null;
        });
        refresher.forget(key);
        log.debug("VK ID sign-in completed for user {}: grant {} revision {}, access token {} until {}", t.userId(), key, revision,
                t.accessToken().fingerprint(), t.accessTokenExpiresAt());
        return new SignInResult(key, t);
    }

    private SferumException exchangeError(Answer answer) {
        JsonNode body = answer.body();
        if (body.get("error").isObject()) {
            return VkErrors.toException(TOKEN_ENDPOINT, body.get("error"));
        }
        String error = OAuthErrors.text(body, "error");
        String description = OAuthErrors.description(body);
        String said = error + (description != null ? " (" + description + ")" : "");
        boolean aboutRedirect = description != null && description.toLowerCase(Locale.ROOT).contains("redirect");
        if (aboutRedirect && ("invalid_grant".equals(error) || "invalid_request".equals(error))) {
            return new SignInFailedException(SignInFailedException.Reason.REDIRECT_URI_MISMATCH, ErrorCategory.INVALID_INPUT,
                    TOKEN_ENDPOINT, "VK ID refused the code exchange because the redirect URI does not match: " + said,
                    "configure exactly the redirect URI registered in the VK app's settings, then " + RESTART, error, description);
        }
        if ("invalid_grant".equals(error)) {
            return new SignInFailedException(SignInFailedException.Reason.CODE_REJECTED, ErrorCategory.TOKEN, TOKEN_ENDPOINT,
                    "VK ID refused the code: " + said + "; a code works once, for a few minutes, with its own code verifier",
                    RESTART, error, description);
        }
        if ("access_denied".equals(error)) {
            return new SignInFailedException(SignInFailedException.Reason.DENIED, ErrorCategory.PERMISSION, TOKEN_ENDPOINT,
                    "VK ID refused the sign-in: " + said, "let the user try again when they want to", error, description);
        }
        OAuthErrors.Kind kind = OAuthErrors.kind(error);
        return new SignInFailedException(SignInFailedException.Reason.PROVIDER_ERROR, kind.category(), TOKEN_ENDPOINT,
                "VK ID refused the code exchange: " + said, kind.remedy(), error, description);
    }

    private static String rawPath(URI uri) {
        return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    }

    static String grantKey(long userId) {
        return "vkid:" + userId;
    }

    // ---- refresh ----------------------------------------------------------------------------------------------

    OAuthHttp.Request refreshHttp(RefreshRequest r, String state) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", r.refreshToken().reveal());
        form.put("client_id", Long.toString(config.clientId()));
        form.put("device_id", r.deviceId());
        form.put("state", state);
        return http.post(token, form);
    }

    /**
     * Reads a refresh answer.
     *
     * @param grantKey the grant's key, or {@code null} for a one-off refresh
     */
    UserTokens readRefresh(Answer answer, RefreshRequest r, String state, Instant sentAt, String grantKey) {
        JsonNode body = answer.body();
        if (answer.isError()) {
            if (body.get("error").isObject()) {
                throw VkErrors.toException(TOKEN_ENDPOINT, body.get("error"));
            }
            String error = OAuthErrors.text(body, "error");
            String description = OAuthErrors.description(body);
            if (OAuthErrors.grantIsDead(error)) {
                throw new SignInRequiredException(TOKEN_ENDPOINT, grantKey, "VK ID will not refresh "
                        + (grantKey != null ? "the grant " + grantKey : "these tokens") + " any more: " + error
                        + (description != null ? " (" + description + ")" : "")
                        + "; the refresh token was revoked, has expired, or was already used", error, description);
            }
            throw OAuthErrors.toException(TOKEN_ENDPOINT, "refresh the user's tokens", body);
        }
        try {
            return TokenAnswers.read(body, state, r.deviceId(), r.scopes().orElse(Set.of()), sentAt, r.userId().orElse(null));
        } catch (TokenAnswers.BadAnswer e) {
            throw new VkIdException(ErrorCategory.TRANSIENT, TOKEN_ENDPOINT, "VK ID's answer to the refresh is unusable: "
                    + e.getMessage() + "; nothing was stored", "try again later; if it keeps happening, check VkIdConfig.idBaseUrl",
                    null, null, null);
        }
    }

    Optional<StoredGrant> loadGrant(String key) {
        return storeCall(() -> tokens.load(key));
    }

    /** Compare-and-set, with a few immediate repeats if the store fails: the refresh token in hand is the only live one. */
    boolean replaceGrant(String key, StoredGrant expected, StoredGrant next) {
        RuntimeException last = null;
        for (int i = 0; i < 3; i++) {
            try {
                return tokens.replace(key, expected, next);
            } catch (RuntimeException e) {
                last = e;
                log.debug("token store failed to save rotated grant {} (attempt {}): {}", key, i + 1, e.getClass().getName());
            }
        }
        throw new SferumException(ErrorCategory.TRANSIENT, STORE, "the token store could not save the rotated VK ID grant " + key
                + " (" + last.getClass().getName() + "); VK ID has already replaced the refresh token, so the user may have to sign in again",
                "make the TokenStore reliable (a database, or a FileTokenStore on a local disk)", last);
    }

    void deleteGrant(String key) {
        storeCall(() -> {
            tokens.delete(key);
            return null;
        });
        refresher.forget(key);
    }

    /** Runs a store call, turning its failures into SDK exceptions. */
    <T> T storeCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SferumException | IllegalArgumentException | NullPointerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SferumException(ErrorCategory.TRANSIENT, STORE, "the token store failed (" + e.getClass().getName() + ")",
                    "check the store's backing file or database", e);
        }
    }

    // ---- user info, logout, revoke ------------------------------------------------------------------------------

    OAuthHttp.Request userInfoHttp(UserTokenRequest r) {
        return userTokenHttp(userInfo, r);
    }

    VkIdUser readUserInfo(Answer answer) {
        JsonNode body = answer.body();
        if (answer.isError()) {
            throw OAuthErrors.toException(USER_INFO_ENDPOINT, "read the user's profile", body);
        }
        JsonNode user = body.get("user");
        Long id = user == null ? null : TokenAnswers.positiveLong(user.get("user_id"));
        if (user == null || !user.isObject() || id == null) {
            throw new VkIdException(ErrorCategory.TRANSIENT, USER_INFO_ENDPOINT, USER_INFO_ENDPOINT
                    + " answered without a user and user_id", "check VkIdConfig.idBaseUrl", null, null, null);
        }
        return new VkIdUser(id, OAuthErrors.text(user, "first_name"), OAuthErrors.text(user, "last_name"),
                OAuthErrors.text(user, "avatar"), OAuthErrors.text(user, "email"), OAuthErrors.text(user, "phone"));
    }

    OAuthHttp.Request logoutHttp(UserTokenRequest r) {
        return userTokenHttp(logout, r);
    }

    private OAuthHttp.Request userTokenHttp(URI endpoint, UserTokenRequest r) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("access_token", r.accessToken().reveal());
        r.deviceId().ifPresent(d -> form.put("device_id", d));
        return http.post(endpoint, form);
    }

    OAuthHttp.Request revokeHttp(RevokeRequest r) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("access_token", r.accessToken().reveal());
        form.put("client_id", Long.toString(config.clientId()));
        return http.post(revoke, form);
    }

    void readAcknowledgement(Answer answer, String what) {
        if (answer.isError()) {
            throw OAuthErrors.toException(answer.endpoint(), what, answer.body());
        }
        log.debug("{} done", answer.endpoint());
    }

    // ---- service token (legacy client credentials) --------------------------------------------------------------

    OAuthHttp.Request serviceTokenHttp() {
        Secret secret = config.clientSecret().orElseThrow(() -> new IllegalStateException(
                "a service token needs the app's client secret: set VkIdConfig.builder().clientSecret(Secret.of(...)) "
                        + "to the app's \"Защищённый ключ\""));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", Long.toString(config.clientId()));
        form.put("client_secret", secret.reveal());
        form.put("v", config.apiVersion());
        form.put("grant_type", "client_credentials");
        return http.post(legacyToken, form);
    }

    AccessToken readServiceToken(Answer answer, Instant sentAt) {
        JsonNode body = answer.body();
        if (answer.isError()) {
            if (body.get("error").isObject()) {
                throw VkErrors.toException(SERVICE_ENDPOINT, body.get("error"));
            }
            throw OAuthErrors.toException(SERVICE_ENDPOINT, "issue a service token", body);
        }
        String value = OAuthErrors.text(body, "access_token");
        if (value == null || value.isBlank()) {
            throw new VkIdException(ErrorCategory.TRANSIENT, SERVICE_ENDPOINT, SERVICE_ENDPOINT + " answered without access_token",
                    "check VkIdConfig.oauthBaseUrl", null, null, null);
        }
        Long expiresIn = TokenAnswers.nonNegativeLong(body.get("expires_in"));
        AccessToken t = expiresIn == null || expiresIn == 0
                ? AccessToken.service(value)
                : AccessToken.of(TokenKind.SERVICE, value, sentAt.plusSeconds(expiresIn));
        log.debug("service token issued: {}", t);
        return t;
    }
}
