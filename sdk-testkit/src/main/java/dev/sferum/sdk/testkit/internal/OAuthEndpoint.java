package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.FakeOAuthClient;
import dev.sferum.sdk.testkit.RecordedRequest.Outcome;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The VK ID endpoints ({@code /authorize}, {@code /oauth2/auth}, {@code /oauth2/revoke}, {@code /oauth2/logout},
 * {@code /oauth2/user_info}, {@code /oauth2/public_info}) and the legacy {@code /access_token}. Errors use the
 * OAuth shape {@code {"error","error_description","state"}}, never VK's envelope.
 */
public final class OAuthEndpoint implements Gateway.Endpoint {

    /** Paths this endpoint serves. */
    public static final String[] PATHS = {"/authorize", "/oauth2/auth", "/oauth2/revoke", "/oauth2/logout",
        "/oauth2/user_info", "/oauth2/public_info", "/access_token"};

    private final World world;
    private final OAuthService oauth;
    private final Supplier<URI> baseUri;

    OAuthEndpoint(World world, OAuthService oauth, Supplier<URI> baseUri) {
        this.world = world;
        this.oauth = oauth;
        this.baseUri = baseUri;
    }

    @Override
    public CompletableFuture<Reply> handle(HttpCall call, String path) {
        Params p = new Params(call.params());
        String state = p.raw("state");
        try {
            return CompletableFuture.completedFuture(world.locked(() -> route(call, path, p)));
        } catch (OAuthService.OAuthError e) {
            return CompletableFuture.completedFuture(error(e.status, e.error, e.getMessage(), state));
        }
    }

    private Reply route(HttpCall call, String path, Params p) {
        if (path.equals("/authorize")) {
            return authorize(p);
        }
        if (path.equals("/access_token")) {
            if (!"client_credentials".equals(p.raw("grant_type"))) {
                throw new OAuthService.OAuthError("unsupported_grant_type",
                        "the fake supports only grant_type=client_credentials on /access_token", 400);
            }
            return Reply.ok(oauth.clientCredentials(p));
        }
        if (!call.httpMethod().equals("POST")) {
            throw new OAuthService.OAuthError("invalid_request", path + " accepts POST only", 405);
        }
        if (call.jsonBody()) {
            throw new OAuthService.OAuthError("invalid_request",
                    "send the parameters form-encoded (application/x-www-form-urlencoded), not as JSON", 400);
        }
        switch (path) {
            case "/oauth2/auth":
                return Reply.ok(token(p));
            case "/oauth2/revoke":
                oauth.endSession(p, false);
                return Reply.ok(Json.response(IntNode.valueOf(1)));
            case "/oauth2/logout":
                oauth.endSession(p, true);
                return Reply.ok(Json.response(IntNode.valueOf(1)));
            case "/oauth2/user_info":
                return Reply.ok(oauth.userInfo(p));
            default:
                return Reply.ok(oauth.publicInfo(p));
        }
    }

    private ObjectNode token(Params p) {
        String grant = p.raw("grant_type");
        if (grant == null) {
            throw new OAuthService.OAuthError("invalid_request", "grant_type is missing", 400);
        }
        switch (grant) {
            case "authorization_code":
                return oauth.exchangeCode(p, baseUri.get().toString());
            case "refresh_token":
                return oauth.refresh(p, baseUri.get().toString());
            default:
                throw new OAuthService.OAuthError("unsupported_grant_type",
                        "grant_type must be authorization_code or refresh_token, got " + grant, 400);
        }
    }

    /** The browser step: the signed-in user consents at once and is redirected back with a code. */
    private Reply authorize(Params p) {
        String redirectUri = p.raw("redirect_uri");
        FakeOAuthClient client;
        try {
            client = oauth.checkClient(p.raw("client_id"), redirectUri);
        } catch (IllegalArgumentException e) {
            throw new OAuthService.OAuthError("invalid_request", e.getMessage(), 400);
        }
        Long user = oauth.signedInUser();
        OAuthService.Redirect redirect = user == null
                ? OAuthService.errorRedirect(redirectUri, "access_denied",
                        "nobody is signed in to the fake VK ID; call fake.oauth().signIn(user) first", p.raw("state"))
                : oauth.authorize(client, redirectUri, user, p.raw("response_type"), p.raw("state"),
                        p.raw("code_challenge"), p.raw("code_challenge_method"), p.raw("scope"));
        return redirect.error() == null ? Reply.redirect(redirect.location(), Outcome.OK, "")
                : Reply.redirect(redirect.location(), Outcome.OAUTH_ERROR, redirect.error() + " (redirected)");
    }

    private static Reply error(int status, String error, String description, String state) {
        ObjectNode body = Json.object();
        body.put("error", error);
        body.put("error_description", description);
        if (state != null) {
            body.put("state", state);
        }
        return Reply.json(status, body, Outcome.OAUTH_ERROR, 0, error + ": " + description);
    }
}
