package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.RecordedRequest.Outcome;
import dev.sferum.sdk.testkit.internal.server.ServerReply;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What to answer to one HTTP request, and how to record it.
 *
 * @param status      HTTP status
 * @param contentType the Content-Type header value
 * @param body        the body bytes
 * @param headers     extra headers (e.g. Location)
 * @param outcome     the outcome to record
 * @param errorCode   VK error code for {@link Outcome#API_ERROR}, else 0
 * @param detail      a short description for the record
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers, Outcome outcome,
        int errorCode, String detail) implements ServerReply {

    static final String JSON = "application/json; charset=utf-8";

    static Reply ok(JsonNode body) {
        return new Reply(200, JSON, Json.bytes(body), Map.of(), Outcome.OK, 0, "");
    }

    static Reply json(int status, JsonNode body, Outcome outcome, int errorCode, String detail) {
        return new Reply(status, JSON, Json.bytes(body), Map.of(), outcome, errorCode, detail);
    }

    static Reply text(int status, String contentType, String body, Outcome outcome, String detail) {
        return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of(), outcome, 0, detail);
    }

    static Reply redirect(String location, Outcome outcome, String detail) {
        return new Reply(302, "text/plain; charset=utf-8", new byte[0], Map.of("Location", location), outcome, 0,
                detail);
    }

    /** An HTML error page, as a proxy or VK's front would serve. */
    static Reply htmlError(int status, String reason, Outcome outcome, String detail) {
        String html = "<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n<center><h1>"
                + status + " " + reason + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
        return text(status, "text/html; charset=utf-8", html, outcome, detail);
    }
}
