package dev.sferum.sdk.auth.testing;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * VK ID's wire format for WireMock stubs (auth.md §3–4): form POSTs to {@code /oauth2/*}, token answers that echo
 * the request's {@code state}, OAuth-shaped errors.
 */
public final class VkIdWire {
    public static final long CLIENT_ID = 51234567;
    public static final long USER_ID = 1001;
    public static final String REDIRECT_URI = "https://school.example/vkid/callback";

    private VkIdWire() {
    }

    /** A token answer echoing the request's state, as VK ID sends it. */
    public static ResponseDefinitionBuilder tokens(String access, String refresh) {
        return tokensJson("\"access_token\":\"" + access + "\",\"refresh_token\":\"" + refresh + "\",\"id_token\":\"" + Canary.ID_TOKEN
                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"user_id\":" + USER_ID
                + ",\"state\":\"{{form.state}}\",\"scope\":\"vkid.personal_info email\"");
    }

    /** A 200 answer with these JSON members (templated: {@code {{form.state}}} is the request's state). */
    public static ResponseDefinitionBuilder tokensJson(String members) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{{formData request.body 'form' urlDecode=true}}{" + members + "}")
                .withTransformers("response-template");
    }

    /** An OAuth error answer. */
    public static ResponseDefinitionBuilder oauthError(int status, String error, String description) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }

    public static RequestPatternBuilder tokenRequests() {
        return postRequestedFor(urlPathEqualTo("/oauth2/auth"));
    }

    public static RequestPatternBuilder refreshRequests() {
        return tokenRequests().withFormParam("grant_type", equalTo("refresh_token"));
    }

    public static RequestPatternBuilder exchangeRequests() {
        return tokenRequests().withFormParam("grant_type", equalTo("authorization_code"));
    }

    public static int count(WireMockExtension server, RequestPatternBuilder pattern) {
        return server.countRequestsMatching(pattern.build()).getCount();
    }

    /** @return the form of the only request matching, decoded */
    public static Map<String, String> onlyForm(WireMockExtension server, RequestPatternBuilder pattern) {
        List<LoggedRequest> found = server.findAll(pattern);
        if (found.size() != 1) {
            throw new AssertionError("expected one request matching " + pattern.build() + ", found " + found.size());
        }
        return form(found.get(0).getBodyAsString());
    }

    public static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : body.split("&")) {
            int eq = part.indexOf('=');
            out.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** @return the query of a URI, decoded */
    public static Map<String, String> query(String rawQuery) {
        return form(rawQuery);
    }

}
