package dev.sferum.sdk.testkit;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An application registered with the fake VK ID: its client id, the secret for the legacy client-credentials
 * grant, and the redirect URIs it may use.
 *
 * <pre>{@code
 * FakeOAuthClient app = fake.oauth().registerClient(URI.create("https://school.example/vkid/callback"));
 * sdkAuth = VkIdClient.builder().clientId(app.clientId()).redirectUri(app.redirectUris().get(0)) ... ;
 * }</pre>
 *
 * <p>{@link #toString()} never shows the secret.
 *
 * @param clientId     the app id ({@code client_id})
 * @param clientSecret the app's secret (legacy {@code /access_token} only; VK ID's PKCE flow sends none)
 * @param redirectUris the trusted redirect URIs, compared exactly
 * @since 0.1.0
 */
public record FakeOAuthClient(long clientId, String clientSecret, List<URI> redirectUris) {

    /**
     * Creates the value, checking its components.
     *
     * @param clientId the app id ({@code client_id})
     * @param clientSecret the app's secret (legacy {@code /access_token} only; VK ID's PKCE flow sends none)
     * @param redirectUris the trusted redirect URIs, compared exactly
     */
    public FakeOAuthClient {
        if (clientId <= 0) {
            throw new IllegalArgumentException("client id must be positive: " + clientId);
        }
        Objects.requireNonNull(clientSecret, "clientSecret");
        redirectUris = List.copyOf(redirectUris);
    }

    /** Shows the client id and redirect URIs, not the secret. */
    @Override
    public String toString() {
        return "FakeOAuthClient[clientId=" + clientId + ", redirectUris=" + redirectUris + "]";
    }
}
