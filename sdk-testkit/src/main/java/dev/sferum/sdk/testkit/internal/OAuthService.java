package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.FakeOAuthClient;
import dev.sferum.sdk.testkit.FakeToken;
import dev.sferum.sdk.testkit.TokenKind;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * VK ID (OAuth 2.1 + PKCE) and the legacy client-credentials grant: registered clients, authorization codes,
 * sessions with rotating refresh tokens. Every method runs with the World lock held.
 */
public final class OAuthService {

    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9_~.-]{43,128}");
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    static final String DEFAULT_SCOPE = "vkid.personal_info";

    /** An OAuth error: {@code {"error","error_description","state"}} with an HTTP status. */
    static final class OAuthError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String error;
        final int status;

        OAuthError(String error, String description, int status) {
            super(description, null, false, false);
            this.error = error;
            this.status = status;
        }
    }

    /** Where to send the user agent, and the OAuth error carried in it (null on success). */
    record Redirect(String location, String error) {
    }

    private record Code(String value, long clientId, long userId, String redirectUri, String challenge,
            String deviceId, String scope, Instant expiresAt) {
    }

    private final World world;
    private final Map<Long, FakeOAuthClient> clients = new LinkedHashMap<>();
    private final Map<String, Code> codes = new HashMap<>();
    /** Codes already exchanged, with the session each created: presenting one again ends that session. */
    private final Map<String, OAuthSession> usedCodes = new HashMap<>();
    private final Map<String, OAuthSession> sessionsByRefreshToken = new HashMap<>();
    private long nextClientId = 51234567;
    private Long signedInUser;
    private int refreshRequests;
    private int codeExchanges;

    OAuthService(World world) {
        this.world = world;
    }

    // ---------------------------------------------------------------- clients and authorize

    /** Registers a client; id 0 = next free id. Takes the lock. */
    public FakeOAuthClient registerClient(long clientId, List<URI> redirectUris) {
        return world.locked(() -> {
            long id = clientId == 0 ? nextClientId++ : clientId;
            if (clients.containsKey(id)) {
                throw new IllegalArgumentException("client " + id + " is already registered");
            }
            FakeOAuthClient client = new FakeOAuthClient(id, world.ids.urlSafe(20), redirectUris);
            clients.put(id, client);
            return client;
        });
    }

    /** Sets the user a browser hitting {@code /authorize} is signed in as; null = nobody. Takes the lock. */
    public void signIn(Long userId) {
        world.locked(() -> {
            if (userId != null) {
                world.requireUser(userId, "userId");
            }
            this.signedInUser = userId;
        });
    }

    /**
     * The browser step for a test: checks client and redirect (IllegalArgumentException), then returns the
     * redirect with a code or an error. Takes the lock.
     */
    public String authorize(long userId, long clientId, String redirectUri, String state, String challenge,
            String scope) {
        return world.locked(() -> {
            FakeOAuthClient client = checkClient(String.valueOf(clientId), redirectUri);
            return authorize(client, redirectUri, userId, "code", state, challenge, "s256", scope).location();
        });
    }

    Long signedInUser() {
        return signedInUser;
    }

    /**
     * Checks the client and redirect URI, which must be right before anything can be redirected.
     *
     * @throws IllegalArgumentException naming the problem
     */
    FakeOAuthClient checkClient(String clientIdText, String redirectUri) {
        long clientId;
        try {
            clientId = Long.parseLong(clientIdText == null ? "" : clientIdText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("client_id is not a number: " + clientIdText);
        }
        FakeOAuthClient client = clients.get(clientId);
        if (client == null) {
            throw new IllegalArgumentException("client_id " + clientId + " is not registered; registered: "
                    + clients.keySet());
        }
        if (redirectUri == null || client.redirectUris().stream().noneMatch(u -> u.toString().equals(redirectUri))) {
            throw new IllegalArgumentException("redirect_uri " + redirectUri + " is not registered for client "
                    + clientId + "; registered: " + client.redirectUris());
        }
        return client;
    }

    /**
     * Issues an authorization code for a signed-in user and returns the redirect with {@code code},
     * {@code state}, {@code device_id}, {@code type=code_v2} and {@code expires_in}; errors the user agent
     * can be sent back with become {@code error} redirects.
     */
    Redirect authorize(FakeOAuthClient client, String redirectUri, long userId, String responseType, String state,
            String challenge, String challengeMethod, String scope) {
        if (!"code".equals(responseType)) {
            return errorRedirect(redirectUri, "unsupported_response_type", "response_type must be code", state);
        }
        if (state == null || state.isEmpty()) {
            return errorRedirect(redirectUri, "invalid_request", "state is required", null);
        }
        if (challenge == null || !CHALLENGE.matcher(challenge).matches()) {
            return errorRedirect(redirectUri, "invalid_request",
                    "code_challenge must be base64url(SHA-256(code_verifier)) without padding (43 characters)",
                    state);
        }
        if (challengeMethod == null || !challengeMethod.equalsIgnoreCase("s256")) {
            return errorRedirect(redirectUri, "invalid_request", "code_challenge_method must be s256", state);
        }
        world.requireUser(userId, "userId");
        String normalizedScope = scope == null || scope.isBlank() ? DEFAULT_SCOPE : scope.trim();
        Code code = new Code(world.ids.urlSafe(64), client.clientId(), userId, redirectUri, challenge,
                world.ids.urlSafe(40), normalizedScope,
                world.clock.instant().plus(world.settings.authorizationCodeLifetime()));
        codes.put(code.value(), code);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("code", code.value());
        query.put("state", state);
        query.put("device_id", code.deviceId());
        query.put("type", "code_v2");
        query.put("expires_in", String.valueOf(world.settings.authorizationCodeLifetime().toSeconds()));
        return new Redirect(withQuery(redirectUri, query), null);
    }

    static Redirect errorRedirect(String redirectUri, String error, String description, String state) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("error", error);
        query.put("error_description", description);
        if (state != null) {
            query.put("state", state);
        }
        return new Redirect(withQuery(redirectUri, query), error);
    }

    private static String withQuery(String uri, Map<String, String> query) {
        StringBuilder sb = new StringBuilder(uri);
        char separator = uri.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            sb.append(separator).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- token endpoint

    /** {@code grant_type=authorization_code}: checks the code, the PKCE verifier and the redirect. */
    ObjectNode exchangeCode(Params p, String baseUri) {
        codeExchanges++;
        String codeValue = required(p, "code");
        String verifier = required(p, "code_verifier");
        FakeOAuthClient client = client(required(p, "client_id"));
        String deviceId = required(p, "device_id");
        String redirectUri = required(p, "redirect_uri");
        if (!VERIFIER.matcher(verifier).matches()) {
            throw new OAuthError("invalid_request", "code_verifier must be 43-128 characters of [A-Za-z0-9_-]", 400);
        }
        Code code = codes.get(codeValue);
        if (code == null) {
            OAuthSession firstUse = usedCodes.get(codeValue);
            if (firstUse != null) {
                firstUse.end();
                sessionsByRefreshToken.remove(firstUse.refreshToken);
                throw new OAuthError("invalid_grant", "code was already used; the tokens issued for it are revoked",
                        400);
            }
            throw new OAuthError("invalid_grant", "code is invalid", 400);
        }
        if (code.expiresAt().isBefore(world.clock.instant()) || code.expiresAt().equals(world.clock.instant())) {
            codes.remove(codeValue);
            throw new OAuthError("invalid_grant", "code has expired", 400);
        }
        if (code.clientId() != client.clientId()) {
            throw new OAuthError("invalid_grant", "code was issued to another client", 400);
        }
        if (!code.redirectUri().equals(redirectUri)) {
            throw new OAuthError("invalid_grant", "redirect_uri differs from the one used to get the code", 400);
        }
        if (!code.deviceId().equals(deviceId)) {
            throw new OAuthError("invalid_grant", "device_id differs from the one returned with the code", 400);
        }
        if (!s256(verifier).equals(code.challenge())) {
            throw new OAuthError("invalid_grant", "code_verifier does not match code_challenge", 400);
        }
        codes.remove(codeValue);
        OAuthSession session = new OAuthSession(code.userId(), client.clientId(), deviceId, code.scope());
        usedCodes.put(codeValue, session);
        return issue(session, client, p.raw("state"), baseUri);
    }

    /** {@code grant_type=refresh_token}: rotates the refresh token; the old one stops working at once. */
    ObjectNode refresh(Params p, String baseUri) {
        refreshRequests++;
        String refreshToken = required(p, "refresh_token");
        FakeOAuthClient client = client(required(p, "client_id"));
        String deviceId = required(p, "device_id");
        OAuthSession session = sessionsByRefreshToken.get(refreshToken);
        if (session == null || session.ended) {
            throw new OAuthError("invalid_grant", "refresh token is invalid or was already used", 400);
        }
        if (!session.refreshExpiresAt.isAfter(world.clock.instant())) {
            sessionsByRefreshToken.remove(refreshToken);
            throw new OAuthError("invalid_grant", "refresh token has expired; the user must sign in again", 400);
        }
        if (session.clientId != client.clientId()) {
            throw new OAuthError("invalid_grant", "refresh token was issued to another client", 400);
        }
        if (!session.deviceId.equals(deviceId)) {
            throw new OAuthError("invalid_grant", "device_id differs from the one the session was created on", 400);
        }
        sessionsByRefreshToken.remove(refreshToken);
        return issue(session, client, p.raw("state"), baseUri);
    }

    private ObjectNode issue(OAuthSession session, FakeOAuthClient client, String state, String baseUri) {
        Instant now = world.clock.instant();
        TokenRecord access = world.issueUserToken(session.userId, session.clientId,
                now.plus(world.settings.accessTokenLifetime()), session);
        session.accessTokens.add(access);
        session.refreshToken = "vk2.a." + world.ids.urlSafe(64);
        session.refreshExpiresAt = now.plus(world.settings.refreshTokenLifetime());
        sessionsByRefreshToken.put(session.refreshToken, session);
        ObjectNode body = Json.object();
        body.put("access_token", access.value);
        body.put("refresh_token", session.refreshToken);
        body.put("id_token", idToken(session, client, baseUri));
        body.put("token_type", "Bearer");
        body.put("expires_in", world.settings.accessTokenLifetime().toSeconds());
        body.put("user_id", session.userId);
        if (state != null) {
            body.put("state", state);
        }
        body.put("scope", session.scope);
        return body;
    }

    /** Revokes an access token's whole session ({@code /oauth2/revoke}, {@code /oauth2/logout}). */
    void endSession(Params p, boolean requireValid) {
        FakeOAuthClient client = client(required(p, "client_id"));
        String value = required(p, "access_token");
        TokenRecord token = world.tokens.get(value);
        if (token == null || token.kind != TokenKind.USER) {
            if (requireValid) {
                throw new OAuthError("invalid_token", "access token is invalid", 401);
            }
            return;
        }
        if (token.appId != client.clientId()) {
            throw new OAuthError("invalid_request", "the token was issued to another client", 400);
        }
        if (requireValid && (token.revoked || token.expired(world.clock.instant()))) {
            throw new OAuthError("invalid_token", "access token is invalid or expired", 401);
        }
        token.revoked = true;
        if (token.session != null) {
            token.session.end();
            sessionsByRefreshToken.remove(token.session.refreshToken);
        }
    }

    /** {@code /oauth2/user_info}: the user behind a valid access token; email and phone only when granted. */
    ObjectNode userInfo(Params p) {
        client(required(p, "client_id"));
        TokenRecord token = world.tokens.get(required(p, "access_token"));
        if (token == null || token.kind != TokenKind.USER || token.revoked || token.expired(world.clock.instant())) {
            throw new OAuthError("invalid_token", "access token is invalid or expired", 401);
        }
        String scope = token.session == null ? DEFAULT_SCOPE : token.session.scope;
        return userObject(token.ownerId, List.of(scope.split(" ")));
    }

    /** {@code /oauth2/public_info}: the user named by an id_token this fake signed. */
    ObjectNode publicInfo(Params p) {
        FakeOAuthClient client = client(required(p, "client_id"));
        String idToken = required(p, "id_token");
        String[] parts = idToken.split("\\.");
        if (parts.length != 3 || !sign(parts[0] + "." + parts[1], client.clientSecret()).equals(parts[2])) {
            throw new OAuthError("invalid_token", "id_token is invalid or was issued to another client", 401);
        }
        JsonNode payload;
        try {
            payload = Json.parseOrNull(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            payload = null;
        }
        if (payload == null) {
            throw new OAuthError("invalid_token", "id_token is invalid", 401);
        }
        return userObject(payload.path("sub").asLong(), List.of());
    }

    private ObjectNode userObject(long userId, List<String> scopes) {
        UserRecord user = world.users.get(userId);
        ObjectNode root = Json.object();
        ObjectNode node = root.putObject("user");
        node.put("user_id", String.valueOf(userId));
        node.put("first_name", user.user.firstName());
        node.put("last_name", user.user.lastName());
        node.put("avatar", "https://vk.com/images/camera_200.png");
        node.put("verified", false);
        if (scopes.contains("email")) {
            node.put("email", "user" + userId + "@example.com");
        }
        if (scopes.contains("phone")) {
            node.put("phone", String.format("7900%07d", userId % 10_000_000));
        }
        return root;
    }

    /** Legacy {@code grant_type=client_credentials}: a service token for a registered client. */
    ObjectNode clientCredentials(Params p) {
        String clientIdText = p.raw("client_id");
        FakeOAuthClient client;
        try {
            client = clients.get(Long.parseLong(clientIdText == null ? "" : clientIdText));
        } catch (NumberFormatException e) {
            client = null;
        }
        if (client == null || !client.clientSecret().equals(p.raw("client_secret"))) {
            throw new OAuthError("invalid_client", "client_id or client_secret is incorrect", 401);
        }
        FakeToken token = world.issueServiceToken(client.clientId()).snapshot();
        ObjectNode body = Json.object();
        body.put("access_token", token.value());
        body.put("expires_in", 0);
        return body;
    }

    /** Refresh-grant requests so far. Takes the lock. */
    public int refreshRequests() {
        return world.locked(() -> refreshRequests);
    }

    /** Code-exchange requests so far. Takes the lock. */
    public int codeExchanges() {
        return world.locked(() -> codeExchanges);
    }

    /** Ends every VK ID session of a user (signed out everywhere; refresh tokens stop working). Takes the lock. */
    public void endSessionsOf(long userId) {
        world.locked(() -> {
            world.requireUser(userId, "userId");
            List<String> ended = new ArrayList<>();
            sessionsByRefreshToken.forEach((refresh, session) -> {
                if (session.userId == userId) {
                    session.end();
                    ended.add(refresh);
                }
            });
            ended.forEach(sessionsByRefreshToken::remove);
        });
    }

    // ---------------------------------------------------------------- helpers

    private FakeOAuthClient client(String clientIdText) {
        try {
            FakeOAuthClient client = clients.get(Long.parseLong(clientIdText));
            if (client != null) {
                return client;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to invalid_client
        }
        throw new OAuthError("invalid_client", "client_id " + clientIdText + " is not registered", 401);
    }

    private static String required(Params p, String name) {
        String value = p.raw(name);
        if (value == null) {
            throw new OAuthError("invalid_request", name + " is missing", 400);
        }
        return value;
    }

    /** base64url(SHA-256(verifier)) without padding: the S256 code challenge. */
    public static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private String idToken(OAuthSession session, FakeOAuthClient client, String baseUri) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        ObjectNode header = Json.object();
        header.put("alg", "HS256");
        header.put("typ", "JWT");
        ObjectNode payload = Json.object();
        Instant now = world.clock.instant();
        payload.put("iss", baseUri);
        payload.put("sub", String.valueOf(session.userId));
        payload.put("aud", String.valueOf(client.clientId()));
        payload.put("iat", now.getEpochSecond());
        payload.put("exp", now.plus(world.settings.accessTokenLifetime()).getEpochSecond());
        String signingInput = b64.encodeToString(Json.bytes(header)) + "." + b64.encodeToString(Json.bytes(payload));
        return signingInput + "." + sign(signingInput, client.clientSecret());
    }

    private static String sign(String input, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
