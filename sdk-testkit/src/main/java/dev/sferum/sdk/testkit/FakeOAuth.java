package dev.sferum.sdk.testkit;

import dev.sferum.sdk.testkit.internal.OAuthService;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The fake VK ID (OAuth 2.1 with PKCE) and legacy client-credentials grant of a {@link FakeVk}, on the same
 * server as the API.
 *
 * <p>Endpoints, relative to {@link FakeVk#baseUri()}:
 * <ul>
 *   <li>{@code GET authorize}: the browser step; the user set with {@link #signIn(FakeUser)} consents at once
 *       and is redirected to {@code redirect_uri?code=&state=&device_id=&type=code_v2&expires_in=};</li>
 *   <li>{@code POST oauth2/auth}: {@code grant_type=authorization_code} (PKCE S256 verified, exact
 *       {@code redirect_uri}, the code's {@code device_id}, single-use code that expires by the fake clock) and
 *       {@code grant_type=refresh_token} (rotation: the presented refresh token stops working at once);</li>
 *   <li>{@code POST oauth2/revoke}, {@code oauth2/logout}: end the token's session (access and refresh);</li>
 *   <li>{@code POST oauth2/user_info}, {@code oauth2/public_info}: the user, email and phone only if granted;</li>
 *   <li>{@code GET|POST access_token?grant_type=client_credentials}: a service token (legacy oauth.vk.com).</li>
 * </ul>
 *
 * <pre>{@code
 * FakeOAuthClient app = fake.oauth().registerClient(URI.create("https://school.example/cb"));
 * String verifier = "a".repeat(43);
 * URI back = fake.oauth().authorize(teacher, app, app.redirectUris().get(0), "state-1",
 *         FakeOAuth.codeChallenge(verifier), "email");
 * // give `back` to the code under test as if the browser had come back, let it exchange the code, then:
 * assertThat(fake.oauth().refreshRequestCount()).isEqualTo(1);
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class FakeOAuth {

    private final OAuthService oauth;
    private final FakeVk fake;

    FakeOAuth(OAuthService oauth, FakeVk fake) {
        this.oauth = oauth;
        this.fake = fake;
    }

    /**
     * Registers an application with the next free client id (51234567, 51234568, ...).
     *
     * @param redirectUris trusted redirect URIs; at least one for the code flow
     * @return the client, with its secret
     */
    public FakeOAuthClient registerClient(URI... redirectUris) {
        return registerClient(0, redirectUris);
    }

    /**
     * Registers an application with a chosen client id.
     *
     * @param clientId     a positive id, or 0 for the next free one
     * @param redirectUris trusted redirect URIs
     * @return the client, with its secret
     * @throws IllegalArgumentException if the id is taken
     */
    public FakeOAuthClient registerClient(long clientId, URI... redirectUris) {
        if (clientId < 0) {
            throw new IllegalArgumentException("client id must be positive (or 0 for the next free one): "
                    + clientId);
        }
        return oauth.registerClient(clientId, List.of(redirectUris));
    }

    /**
     * Sets who is signed in for browser requests to {@code GET authorize}; until then it redirects with
     * {@code error=access_denied}.
     *
     * @param user the user, or null to sign out
     */
    public void signIn(FakeUser user) {
        oauth.signIn(user == null ? null : user.id());
    }

    /**
     * Runs the browser step without a browser: the user consents, and the redirect the browser would follow is
     * returned, carrying {@code code}, {@code state}, {@code device_id}, {@code type=code_v2} and
     * {@code expires_in}, or {@code error} and {@code error_description} for a bad challenge.
     *
     * @param user          who signs in
     * @param client        the registered client
     * @param redirectUri   one of the client's redirect URIs
     * @param state         the client's state, echoed back
     * @param codeChallenge base64url(SHA-256(code_verifier)) without padding, see {@link #codeChallenge(String)}
     * @param scopes        requested scopes, e.g. {@code email}; none = {@code vkid.personal_info}
     * @return the redirect URI
     * @throws IllegalArgumentException for an unknown client or a redirect URI it did not register
     */
    public URI authorize(FakeUser user, FakeOAuthClient client, URI redirectUri, String state, String codeChallenge,
            String... scopes) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(redirectUri, "redirectUri");
        return URI.create(oauth.authorize(user.id(), client.clientId(), redirectUri.toString(), state, codeChallenge,
                String.join(" ", scopes)));
    }

    /**
     * Builds the {@code authorize} URL a client would open in the browser, for tests that drive the HTTP step.
     *
     * @param client        the registered client
     * @param redirectUri   one of its redirect URIs
     * @param state         the state
     * @param codeChallenge the S256 challenge
     * @param scopes        requested scopes
     * @return {@code baseUri + "authorize?response_type=code&..."}
     */
    public URI authorizeUri(FakeOAuthClient client, URI redirectUri, String state, String codeChallenge,
            String... scopes) {
        String query = "response_type=code&client_id=" + client.clientId()
                + "&redirect_uri=" + enc(redirectUri.toString()) + "&state=" + enc(state)
                + "&code_challenge=" + enc(codeChallenge) + "&code_challenge_method=s256"
                + (scopes.length == 0 ? "" : "&scope=" + enc(String.join(" ", scopes)));
        return fake.baseUri().resolve("authorize?" + query);
    }

    /**
     * Signs a user out everywhere: every VK ID session ends, so refresh tokens and the access tokens they
     * issued stop working (the "refresh token expired, sign in again" path).
     *
     * @param user the user
     */
    public void endSessions(FakeUser user) {
        oauth.endSessionsOf(user.id());
    }

    /**
     * How many {@code grant_type=refresh_token} requests arrived, successful or not.
     *
     * @return the count
     */
    public int refreshRequestCount() {
        return oauth.refreshRequests();
    }

    /**
     * How many {@code grant_type=authorization_code} requests arrived, successful or not.
     *
     * @return the count
     */
    public int codeExchangeCount() {
        return oauth.codeExchanges();
    }

    /**
     * Computes the S256 PKCE challenge of a verifier: base64url(SHA-256(verifier)) without padding.
     *
     * @param codeVerifier 43-128 characters of {@code [A-Za-z0-9_-]}
     * @return the challenge
     */
    public static String codeChallenge(String codeVerifier) {
        return OAuthService.s256(Objects.requireNonNull(codeVerifier, "codeVerifier"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
