package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Turns an HTTP answer from the VK API into an {@link Answer} or a typed exception. */
public final class ResponseParser {
    private ResponseParser() {
    }

    /**
     * @param method the method called
     * @param status the HTTP status
     * @param body the body bytes
     * @return the answer
     * @throws SferumException for a VK error, an HTTP error status or a body that is not a VK answer
     */
    public static Answer parse(String method, int status, byte[] body) {
        int first = firstNonBlank(body);
        if (first < 0) {
            if (status >= 500) {
                throw httpStatus(method, status);
            }
            throw malformed(method, status, "an empty body", null);
        }
        if (body[first] == '<') {
            if (status >= 500 || status == 429) {
                throw httpStatus(method, status);
            }
            throw malformed(method, status, "an HTML page instead of JSON (is the API URL right, or is a proxy answering?)", null);
        }
        JsonNode root;
        try {
            root = Json.read(body);
        } catch (JacksonException e) {
            if (status >= 500) {
                throw httpStatus(method, status);
            }
            throw malformed(method, status, "a body that is not valid JSON: " + Json.describe(e), null);
        } catch (RuntimeException e) {
            throw malformed(method, status, "a body that could not be read: " + e.getClass().getSimpleName(), null);
        }
        if (root == null || !root.isObject()) {
            throw malformed(method, status, "JSON that is not an object", null);
        }
        JsonNode error = root.get("error");
        if (error != null && error.isObject() && error.has("error_code")) {
            throw VkErrors.toException(method, error);
        }
        if (status >= 500 || status == 429) {
            throw httpStatus(method, status);
        }
        JsonNode response = root.get("response");
        if (response == null) {
            throw malformed(method, status, "JSON with neither \"response\" nor \"error\"", null);
        }
        return new Answer(response, root.path("execute_errors"));
    }

    private static TransportException httpStatus(String method, int status) {
        if (status == 429) {
            return new TransportException(ErrorCategory.THROTTLED, method, TransportException.Failure.HTTP_STATUS, status, true,
                    "HTTP 429 Too Many Requests from the API server", "slow down; keep within the token's rate budget", null);
        }
        return new TransportException(ErrorCategory.TRANSIENT, method, TransportException.Failure.HTTP_STATUS, status, true,
                "HTTP " + status + " from the API server", "a server or proxy failure; retry later", null);
    }

    private static TransportException malformed(String method, int status, String what, Throwable cause) {
        ErrorCategory category = status >= 400 && status < 500 ? ErrorCategory.INVALID_INPUT : ErrorCategory.TRANSIENT;
        String remedy = status >= 400 && status < 500
                ? "check the API base URL and method name (HTTP " + status + ")"
                : "the answer was broken or cut off; retry later";
        return new TransportException(category, method, TransportException.Failure.MALFORMED_BODY, status, true,
                method + " got " + what + " (HTTP " + status + ")", remedy, cause);
    }

    private static int firstNonBlank(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return i;
            }
        }
        return -1;
    }
}
