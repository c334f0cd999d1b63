package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectReader;
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

    /** What {@link #readSuccess} returns when the answer needs the full path of {@link #parse}. */
    public static final Object NOT_A_PLAIN_SUCCESS = new Object();

    /**
     * The fast path for a typed result: reads {@code response} straight from the bytes with the type's reader,
     * skipping the tree. Anything but a clean success — a VK error, an HTTP error status, a body that is not one
     * JSON object, a value the reader rejects — returns {@link #NOT_A_PLAIN_SUCCESS}, and the caller takes the
     * tree path ({@link #parse} then decode), which gives exactly the outcome it always gave.
     *
     * @param status the HTTP status
     * @param body the body bytes
     * @param reader the result type's reader
     * @return the decoded {@code response} (possibly {@code null}), or {@link #NOT_A_PLAIN_SUCCESS}
     */
    public static Object readSuccess(int status, byte[] body, ObjectReader reader) {
        if (status >= 500 || status == 429) {
            return NOT_A_PLAIN_SUCCESS;
        }
        try (JsonParser p = Json.mapper().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NOT_A_PLAIN_SUCCESS;
            }
            Object value = NOT_A_PLAIN_SUCCESS;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                if ("response".equals(name)) {
                    value = reader.readValue(p);
                } else if ("error".equals(name)) {
                    return NOT_A_PLAIN_SUCCESS;
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return NOT_A_PLAIN_SUCCESS;
            }
            return value;
        } catch (RuntimeException e) {
            return NOT_A_PLAIN_SUCCESS;
        }
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
