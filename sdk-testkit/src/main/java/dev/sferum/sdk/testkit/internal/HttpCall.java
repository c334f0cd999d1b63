package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.internal.server.Incoming;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One received HTTP request, read fully: method, path, headers of interest and the parameters from the query
 * string and a form-encoded or multipart body (later values win, as on VK). A JSON body is not parsed, only
 * flagged, because VK does not accept one.
 *
 * @param httpMethod    GET, POST, ...
 * @param path          the decoded path
 * @param params        query and body parameters in arrival order
 * @param authorization the Authorization header, or null
 * @param jsonBody      whether the body was JSON (Content-Type or content)
 */
record HttpCall(String httpMethod, String path, Map<String, String> params, String authorization,
        boolean jsonBody) {

    static HttpCall of(Incoming request) {
        Map<String, String> params = new LinkedHashMap<>();
        parseForm(request.rawQuery(), params);
        byte[] body = request.body();
        String contentType = request.contentType();
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean json = false;
        if (body.length > 0) {
            String text = new String(body, StandardCharsets.UTF_8);
            if (type.startsWith("multipart/form-data")) {
                parseMultipart(body, contentType, params);
            } else if (type.contains("json") || (!type.startsWith("application/x-www-form-urlencoded")
                    && (text.stripLeading().startsWith("{") || text.stripLeading().startsWith("[")))) {
                json = true;
            } else {
                parseForm(text, params);
            }
        }
        return new HttpCall(request.httpMethod(), request.path(), Collections.unmodifiableMap(params),
                request.authorization(), json);
    }

    static void parseForm(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            into.put(name, value);
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedPercentEscape) {
            return s;
        }
    }

    /** Reads the text fields of a multipart/form-data body; file parts keep their content as text. */
    private static void parseMultipart(byte[] body, String contentType, Map<String, String> into) {
        String boundary = null;
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                boundary = p.substring(9).replace("\"", "");
            }
        }
        if (boundary == null) {
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String delimiter = "--" + boundary;
        for (String section : text.split(Pattern.quote(delimiter))) {
            int headersEnd = section.indexOf("\r\n\r\n");
            if (headersEnd < 0) {
                continue;
            }
            String headers = section.substring(0, headersEnd);
            String content = section.substring(headersEnd + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
            if (name.find()) {
                into.put(name.group(1), content);
            }
        }
    }

    /** The bearer token from the Authorization header, or null. */
    String bearerToken() {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return value.substring(7).trim();
        }
        return null;
    }
}
