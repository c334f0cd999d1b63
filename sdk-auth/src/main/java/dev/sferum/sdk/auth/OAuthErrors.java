package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.internal.VkErrors;
import tools.jackson.databind.JsonNode;

/**
 * OAuth errors ({@code {"error": "…", "error_description": "…"}}) by what the caller should do. The codes are RFC 6749
 * §5.2's and RFC 6750's; which ones VK ID sends besides {@code invalid_token} and {@code invalid_grant} is not
 * documented, so unknown codes are treated as a problem with the request.
 */
final class OAuthErrors {
    /** What an error code means for the caller. */
    record Kind(ErrorCategory category, String remedy) {
    }

    private OAuthErrors() {
    }

    static Kind kind(String error) {
        if (error == null) {
            return new Kind(ErrorCategory.INVALID_INPUT, "check the request and the app's settings");
        }
        return switch (error) {
            case "invalid_grant", "invalid_token", "expired_token" ->
                    new Kind(ErrorCategory.TOKEN, "the token or grant is no longer valid; send the user through sign-in again");
            case "invalid_client", "unauthorized_client" ->
                    new Kind(ErrorCategory.INVALID_INPUT, "check VkIdConfig.clientId (and clientSecret), and that the app may use VK ID");
            case "invalid_scope" -> new Kind(ErrorCategory.PERMISSION,
                    "ask only for scopes the app may have; extended scopes such as phone need VK's approval");
            case "access_denied" -> new Kind(ErrorCategory.PERMISSION, "the user or VK did not allow this");
            case "server_error", "temporarily_unavailable" -> new Kind(ErrorCategory.TRANSIENT, "a temporary VK ID failure; try again later");
            case "slow_down" -> new Kind(ErrorCategory.THROTTLED, "too many requests; slow down and try again later");
            default -> new Kind(ErrorCategory.INVALID_INPUT, "check the request and the app's settings in VK");
        };
    }

    /** {@return whether an error on refresh means the grant can never be refreshed again} */
    static boolean grantIsDead(String error) {
        return "invalid_grant".equals(error) || "invalid_token".equals(error) || "expired_token".equals(error);
    }

    static VkIdException toException(String endpoint, String doing, JsonNode body) {
        String error = text(body, "error");
        String description = description(body);
        Kind kind = kind(error);
        return new VkIdException(kind.category(), endpoint, endpoint + " refused to " + doing + ": " + error
                + (description != null ? " (" + description + ")" : ""), kind.remedy(), error, description, null);
    }

    static String description(JsonNode body) {
        String d = text(body, "error_description");
        if (d == null) {
            d = text(body, "error_msg");
        }
        if (d == null) {
            return null;
        }
        d = VkErrors.scrub(d);
        return d.length() > 300 ? d.substring(0, 300) + "…" : d;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.isContainer()) {
            return null;
        }
        return v.asString();
    }
}
