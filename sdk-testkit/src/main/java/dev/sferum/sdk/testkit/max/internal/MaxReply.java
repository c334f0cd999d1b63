package dev.sferum.sdk.testkit.max.internal;

import dev.sferum.sdk.testkit.internal.server.ServerReply;
import dev.sferum.sdk.testkit.RecordedRequest.Outcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * What the fake answers to one request, and how to record it.
 *
 * @param status the HTTP status
 * @param contentType the Content-Type
 * @param body the body
 * @param outcome what to record
 * @param code MAX's error code, or {@code ""}
 * @param detail a short description
 */
record MaxReply(int status, String contentType, byte[] body, Outcome outcome, String code, String detail) implements ServerReply {
    static final String JSON = "application/json; charset=utf-8";

    static MaxReply ok(JsonNode body) {
        return new MaxReply(200, JSON, MaxJson.bytes(body), Outcome.OK, "", "");
    }

    static MaxReply success() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("success", true);
        return ok(body);
    }

    static MaxReply unsuccessful(String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("success", false);
        body.put("message", message);
        return new MaxReply(200, JSON, MaxJson.bytes(body), Outcome.OK, "", "success: false (" + message + ")");
    }

    static MaxReply error(int status, String code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("code", code);
        body.put("message", message);
        return new MaxReply(status, JSON, MaxJson.bytes(body), Outcome.API_ERROR, code, message);
    }

    static MaxReply html(int status, Outcome outcome, String detail) {
        String html = "<html>\r\n<head><title>" + status + "</title></head>\r\n<body>\r\n<center><h1>" + status
                + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
        return new MaxReply(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), outcome, "", detail);
    }
}
