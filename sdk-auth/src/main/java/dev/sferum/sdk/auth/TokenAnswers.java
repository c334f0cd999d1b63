package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.internal.Pkce;
import dev.sferum.sdk.auth.internal.Scopes;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.Secret;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/** Reads VK ID's token answers strictly: every required field present and well-formed, a state echoed back the one sent. */
final class TokenAnswers {
    /** The answer cannot be used; the message names the field, never a value. */
    static final class BadAnswer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadAnswer(String message) {
            super(message, null, false, false);
        }
    }

    private TokenAnswers() {
    }

    /**
     * Reads VK ID's token answer into user tokens.
     *
     * @param body the answer
     * @param state the state sent, compared in constant time with the one echoed; an answer may omit it
     * @param deviceId the device id, which the answer does not repeat
     * @param fallbackScopes the scopes to record if the answer names none
     * @param sentAt when the request was sent: the expiry counts from then, so it is never later than the real one
     * @param expectedUserId the user the tokens must belong to, or {@code null}
     */
    static UserTokens read(JsonNode body, String state, String deviceId, Set<String> fallbackScopes,
                           Instant sentAt, Long expectedUserId) {
        String access = requiredText(body, "access_token");
        String refresh = requiredText(body, "refresh_token");
        Long expiresIn = positiveLong(body.get("expires_in"));
        if (expiresIn == null) {
            throw new BadAnswer(body.has("expires_in") ? "expires_in is not a positive number of seconds" : "the answer has no expires_in");
        }
        Long userId = positiveLong(body.get("user_id"));
        if (userId == null) {
            throw new BadAnswer(body.has("user_id") ? "user_id is not a positive number" : "the answer has no user_id");
        }
        if (expectedUserId != null && !expectedUserId.equals(userId)) {
            throw new BadAnswer("the answer is for user " + userId + ", not for user " + expectedUserId);
        }
        String tokenType = OAuthErrors.text(body, "token_type");
        if (tokenType != null && !"bearer".equals(tokenType.toLowerCase(Locale.ROOT))) {
            throw new BadAnswer("token_type is " + tokenType + ", not Bearer");
        }
        String echoed = OAuthErrors.text(body, "state");
        if (echoed != null && !Pkce.sameState(state, echoed)) {
            throw new BadAnswer("the answer echoes another state than the request's");
        }
        String idToken = OAuthErrors.text(body, "id_token");
        Set<String> scopes = body.has("scope") ? Scopes.parse(OAuthErrors.text(body, "scope")) : fallbackScopes;
        return UserTokens.builder()
                .accessToken(AccessToken.user(access, sentAt.plusSeconds(expiresIn)))
                .refreshToken(Secret.of(refresh))
                .idToken(idToken == null || idToken.isBlank() ? null : Secret.of(idToken))
                .deviceId(deviceId)
                .userId(userId)
                .scopes(scopes)
                .build();
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new BadAnswer("the answer has no " + field);
        }
        if (!v.isString() || v.asString().isBlank()) {
            throw new BadAnswer(field + " is not a non-empty string");
        }
        return v.asString();
    }

    /** {@return the value as a positive long (a JSON number or a string of digits), or {@code null}} */
    static Long positiveLong(JsonNode v) {
        Long l = nonNegativeLong(v);
        return l == null || l == 0 ? null : l;
    }

    /** {@return the value as a long of at least 0 (a JSON number or a string of digits), or {@code null}} */
    static Long nonNegativeLong(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            long l = v.asLong();
            return l >= 0 ? l : null;
        }
        if (v.isString()) {
            String s = v.asString();
            if (s.isEmpty() || s.length() > 18) {
                return null;
            }
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                    return null;
                }
            }
            return Long.parseLong(s);
        }
        return null;
    }
}
