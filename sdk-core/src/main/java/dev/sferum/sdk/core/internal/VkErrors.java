package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.HumanCheck;
import tools.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * VK error codes by what the caller should do, with a remedy for each, and the decoding of VK's error object.
 * Source: the VK API schema's {@code errors.json} and the reference notes (vk-api.md §3).
 */
public final class VkErrors {
    /** Parameter names whose values are secret wherever VK echoes them. */
    public static final Set<String> SECRET_PARAMS = Set.of("access_token", "client_secret", "code_verifier", "refresh_token",
            "code", "secret", "secret_key", "key", "password", "service_token", "success_token", "id_token", "device_id");

    private record Kind(ErrorCategory category, String remedy) {
    }

    private static final Map<Integer, Kind> CODES;

    static {
        Map<Integer, Kind> m = new HashMap<>();
        Kind retry = new Kind(ErrorCategory.TRANSIENT, "a temporary VK failure; retry the call later");
        for (int c : new int[]{1, 10, 36, 43, 950}) {
            m.put(c, retry);
        }
        m.put(6, new Kind(ErrorCategory.THROTTLED, "more than the token's requests per second were sent; keep calls within the token's rate budget"));
        m.put(9, new Kind(ErrorCategory.THROTTLED, "flood control: the same action was repeated too often; wait minutes before repeating it"));
        m.put(29, new Kind(ErrorCategory.THROTTLED, "the method's daily or hourly quota is spent; wait before calling it again"));
        m.put(982, new Kind(ErrorCategory.THROTTLED, "adding users is temporarily unavailable; try again later"));
        Kind refresh = new Kind(ErrorCategory.TOKEN, "the token is invalid or expired; refresh it or have the user sign in again");
        for (int c : new int[]{5, 1117, 3609, 1114, 1116, 1118, 1105}) {
            m.put(c, refresh);
        }
        m.put(27, new Kind(ErrorCategory.TOKEN, "this method cannot be called with a community token; use a user token"));
        m.put(28, new Kind(ErrorCategory.TOKEN, "this method cannot be called with a service token; use a user or community token"));
        Kind human = new Kind(ErrorCategory.NEEDS_HUMAN, "VK wants a person to pass a check; show it to the user, then repeat the call");
        for (int c : new int[]{14, 17, 24, 25}) {
            m.put(c, human);
        }
        Kind permission = new Kind(ErrorCategory.PERMISSION, "the token's owner may not do this; check the token's scopes and the app's settings");
        for (int c : new int[]{7, 15, 20, 21, 30, 200, 201, 203, 3610, 3611, 900, 902, 912, 947, 985, 1012}) {
            m.put(c, permission);
        }
        m.put(901, new Kind(ErrorCategory.PERMISSION, "the user has not allowed the community to message them; send an invite link or have them write first"));
        m.put(932, new Kind(ErrorCategory.PERMISSION, "the community cannot reach this peer; the user must allow messages from it first"));
        m.put(987, new Kind(ErrorCategory.PERMISSION, "the user must accept a message request first"));
        m.put(988, new Kind(ErrorCategory.PERMISSION, "a message request to the user is still pending"));
        m.put(917, new Kind(ErrorCategory.PERMISSION, "the token's owner has no access to this chat; add the community to the chat"));
        m.put(922, new Kind(ErrorCategory.PERMISSION, "the token's owner has left this chat"));
        m.put(925, new Kind(ErrorCategory.PERMISSION, "the token's owner is not an admin of this chat; make the community a chat admin first"));
        m.put(945, new Kind(ErrorCategory.PERMISSION, "the chat is disabled"));
        m.put(946, new Kind(ErrorCategory.NOT_SUPPORTED, "this chat does not support the action"));
        m.put(967, new Kind(ErrorCategory.PERMISSION, "the user is not an employee of the school organisation (Sferum work chat); fix the school roster"));
        m.put(1019, new Kind(ErrorCategory.PERMISSION, "the user is not a member of the school organisation (Sferum); fix the school roster"));
        m.put(104, new Kind(ErrorCategory.NOT_FOUND, "the object does not exist"));
        m.put(927, new Kind(ErrorCategory.NOT_FOUND, "the chat does not exist; check the chat id"));
        m.put(936, new Kind(ErrorCategory.NOT_FOUND, "the contact was not found"));
        m.put(18, new Kind(ErrorCategory.NOT_FOUND, "the user's page is deleted or banned"));
        m.put(935, new Kind(ErrorCategory.CONFLICT, "the user is not in the chat (already removed or left)"));
        m.put(939, new Kind(ErrorCategory.CONFLICT, "the request was already sent (the user is already invited or in the chat)"));
        Kind input = new Kind(ErrorCategory.INVALID_INPUT, "the request is invalid; check the parameters against the method's documentation");
        for (int c : new int[]{3, 8, 12, 13, 100, 103, 113, 909, 910, 911, 913, 914, 920, 921, 924, 940, 949, 9999}) {
            m.put(c, input);
        }
        m.put(914, new Kind(ErrorCategory.INVALID_INPUT, "the message is too long; split it into parts of at most 9000 characters"));
        m.put(2000, new Kind(ErrorCategory.INVALID_INPUT, "the community already has 10 callback servers; delete one first"));
        CODES = Map.copyOf(m);
    }

    private VkErrors() {
    }

    /**
     * @param code a VK error code
     * @return what the caller should do about it
     */
    public static ErrorCategory category(int code) {
        Kind k = CODES.get(code);
        return k == null ? (code >= 900 ? ErrorCategory.INVALID_INPUT : ErrorCategory.TRANSIENT) : k.category();
    }

    /**
     * @param code a VK error code
     * @return a remedy sentence, or {@code null}
     */
    public static String remedy(int code) {
        Kind k = CODES.get(code);
        return k == null ? null : k.remedy();
    }

    /**
     * Decodes VK's {@code error} object into an exception, with the echoed parameters redacted.
     *
     * @param method the method called
     * @param error the {@code error} object
     * @return the exception
     */
    public static ApiException toException(String method, JsonNode error) {
        int code = error.path("error_code").asInt(0);
        Integer subcode = error.hasNonNull("error_subcode") ? error.path("error_subcode").asInt() : null;
        String msg = text(error, "error_msg");
        String errorText = text(error, "error_text");
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode echoed = error.path("request_params");
        if (echoed.isArray()) {
            for (JsonNode p : echoed) {
                String key = text(p, "key");
                if (key != null) {
                    params.put(key, SECRET_PARAMS.contains(key) ? "[redacted]" : p.path("value").asString(""));
                }
            }
        }
        HumanCheck check = null;
        if (error.has("captcha_sid") || error.has("redirect_uri") || error.has("confirmation_text")) {
            check = new HumanCheck(text(error, "captcha_sid"), text(error, "captcha_img"), text(error, "redirect_uri"),
                    text(error, "confirmation_text"));
        }
        ErrorCategory category = category(code);
        if (code == 15 && subcode == null && msg != null && msg.contains("group auth")) {
            category = ErrorCategory.TOKEN;
        }
        return new ApiException(category, method, code, subcode, msg == null ? "" : scrub(msg), errorText, params, check,
                remedy(code));
    }

    /**
     * Removes anything that looks like a token from a server message (VK puts no tokens in messages today; this is
     * a second line of defence for messages that echo parameters).
     *
     * @param s the message
     * @return the message without token-like runs
     */
    public static String scrub(String s) {
        if (s.length() < 40) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int j = i;
            while (j < s.length() && isTokenChar(s.charAt(j))) {
                j++;
            }
            if (j - i >= 40) {
                out.append("[redacted]");
                i = j;
            } else if (j > i) {
                out.append(s, i, j);
                i = j;
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
