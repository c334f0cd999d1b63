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
 * Source: the VK API schema's {@code errors.json} and the reference notes (vk-api.md §3). Knows no chat or
 * message code: those belong to sdk-chat.
 */
public final class VkErrors {
    /** Parameter names whose values are secret wherever VK echoes them. */
    public static final Set<String> SECRET_PARAMS = Set.of("access_token", "client_secret", "code_verifier", "refresh_token",
            "code", "secret", "secret_key", "key", "password", "service_token", "success_token", "id_token", "device_id");

    private record Kind(ErrorCategory category, String remedy) {
    }

    private static final Map<Integer, Kind> CODES;

    /** What an unknown code gets: not retried, since nothing says that repeating the call can help. */
    private static final ErrorCategory UNKNOWN = ErrorCategory.INVALID_INPUT;

    static {
        // Only VK's global codes and those of the methods sdk-core itself calls (auth, callback servers). Chat and
        // message codes (9xx, 1012, 1019) are sdk-chat's (ChatErrors); here they are unknown codes.
        Map<Integer, Kind> m = new HashMap<>();
        Kind retry = new Kind(ErrorCategory.TRANSIENT, "a temporary VK failure; retry the call later");
        for (int c : new int[]{1, 10, 36, 43}) {
            m.put(c, retry);
        }
        m.put(6, new Kind(ErrorCategory.THROTTLED, "more than the token's requests per second were sent; keep calls within the token's rate budget"));
        m.put(9, new Kind(ErrorCategory.THROTTLED, "flood control: the same action was repeated too often; wait minutes before repeating it"));
        m.put(29, new Kind(ErrorCategory.THROTTLED, "the method's daily or hourly quota is spent; wait before calling it again"));
        m.put(1105, new Kind(ErrorCategory.THROTTLED, "too many sign-in attempts; wait before trying again"));
        Kind refresh = new Kind(ErrorCategory.TOKEN, "the token is invalid or expired; refresh it or have the user sign in again");
        for (int c : new int[]{5, 1117, 3609, 1114, 1116, 1118}) {
            m.put(c, refresh);
        }
        m.put(27, new Kind(ErrorCategory.TOKEN, "this method cannot be called with a community token; use a user token"));
        m.put(28, new Kind(ErrorCategory.TOKEN, "this method cannot be called with a service token; use a user or community token"));
        Kind human = new Kind(ErrorCategory.NEEDS_HUMAN, "VK wants a person to pass a check; show it to the user, then repeat the call");
        for (int c : new int[]{14, 17, 24, 25}) {
            m.put(c, human);
        }
        Kind permission = new Kind(ErrorCategory.PERMISSION, "the token's owner may not do this; check the token's scopes and the app's settings");
        for (int c : new int[]{2, 7, 15, 20, 21, 30, 200, 201, 203, 3610, 3611}) {
            m.put(c, permission);
        }
        m.put(23, new Kind(ErrorCategory.NOT_SUPPORTED, "VK has disabled this method; use another one"));
        m.put(104, new Kind(ErrorCategory.NOT_FOUND, "the object does not exist"));
        m.put(18, new Kind(ErrorCategory.NOT_FOUND, "the user's page is deleted or banned"));
        Kind input = new Kind(ErrorCategory.INVALID_INPUT, "the request is invalid; check the parameters against the method's documentation");
        for (int c : new int[]{3, 4, 8, 11, 12, 13, 16, 100, 103, 113, 9999}) {
            m.put(c, input);
        }
        m.put(2000, new Kind(ErrorCategory.INVALID_INPUT, "the community already has 10 callback servers; delete one first"));
        CODES = Map.copyOf(m);
    }

    private VkErrors() {
    }

    /**
     * The category of a global VK code. A code not listed here, chat codes included, is {@code INVALID_INPUT}: it
     * is never retried automatically (sdk-chat gives its codes their own categories).
     *
     * @param code a VK error code
     * @return what the caller should do about it
     */
    public static ErrorCategory category(int code) {
        Kind k = CODES.get(code);
        return k == null ? UNKNOWN : k.category();
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
