package dev.sferum.sdk.max.internal;

import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Bot API call: HTTP method, path (from a template such as {@code /chats/{chatId}}, whose values are
 * percent-encoded), query parameters, an optional JSON body, and whether repeating it after an unknown outcome is
 * safe. The operation name, {@code <METHOD> <template>}, is what logs, listeners and errors show: it never holds an
 * id or a text.
 */
public final class MaxRequest {
    private final String httpMethod;
    private final String template;
    private final String path;
    private final Map<String, String> query;
    private final JsonNode body;
    private final boolean idempotent;
    private final Duration extraAttemptTime;
    private final boolean retries;

    private MaxRequest(Builder b) {
        this.httpMethod = b.httpMethod;
        this.template = b.template;
        this.path = b.path;
        this.query = Collections.unmodifiableMap(new LinkedHashMap<>(b.query));
        this.body = b.body;
        this.idempotent = b.idempotent;
        this.extraAttemptTime = b.extraAttemptTime;
        this.retries = b.retries;
    }

    /**
     * @param template such as {@code /chats/{chatId}}
     * @param values the values of the template's placeholders, in order
     * @return a GET, idempotent
     */
    public static Builder get(String template, Object... values) {
        return new Builder("GET", template, values).idempotent(true);
    }

    /**
     * @param template the path template
     * @param values its values
     * @return a POST, not idempotent unless said otherwise
     */
    public static Builder post(String template, Object... values) {
        return new Builder("POST", template, values);
    }

    /**
     * @param template the path template
     * @param values its values
     * @return a PUT, idempotent (it sets a state)
     */
    public static Builder put(String template, Object... values) {
        return new Builder("PUT", template, values).idempotent(true);
    }

    /**
     * @param template the path template
     * @param values its values
     * @return a PATCH, idempotent (it sets fields)
     */
    public static Builder patch(String template, Object... values) {
        return new Builder("PATCH", template, values).idempotent(true);
    }

    /**
     * @param template the path template
     * @param values its values
     * @return a DELETE, idempotent
     */
    public static Builder delete(String template, Object... values) {
        return new Builder("DELETE", template, values).idempotent(true);
    }

    /** {@return GET, POST, PUT, PATCH or DELETE} */
    public String httpMethod() {
        return httpMethod;
    }

    /** {@return {@code <METHOD> <template>}, such as {@code POST /messages}: safe to log} */
    public String operation() {
        return httpMethod + " " + template;
    }

    /** {@return the path with its values filled in, percent-encoded} */
    public String path() {
        return path;
    }

    /** {@return the query parameters in order; unmodifiable} */
    public Map<String, String> query() {
        return query;
    }

    /** {@return the JSON body, or {@code null}} */
    public JsonNode body() {
        return body;
    }

    /** {@return whether repeating the call after an unknown outcome cannot do the action twice} */
    public boolean idempotent() {
        return idempotent;
    }

    /** {@return time added to the attempt timeout (a long poll's own wait)} */
    public Duration extraAttemptTime() {
        return extraAttemptTime;
    }

    /** {@return whether failed attempts may be retried at all} */
    public boolean retries() {
        return retries;
    }

    @Override
    public String toString() {
        return "MaxRequest[" + operation() + "]";
    }

    /** Builds a {@link MaxRequest}. Not thread-safe. */
    public static final class Builder {
        private final String httpMethod;
        private final String template;
        private final String path;
        private final Map<String, String> query = new LinkedHashMap<>();
        private JsonNode body;
        private boolean idempotent;
        private Duration extraAttemptTime = Duration.ZERO;
        private boolean retries = true;

        private Builder(String httpMethod, String template, Object[] values) {
            this.httpMethod = httpMethod;
            this.template = Objects.requireNonNull(template, "template");
            this.path = fill(template, values);
        }

        private static String fill(String template, Object[] values) {
            StringBuilder out = new StringBuilder();
            int v = 0;
            int i = 0;
            while (i < template.length()) {
                int open = template.indexOf('{', i);
                if (open < 0) {
                    out.append(template, i, template.length());
                    break;
                }
                int close = template.indexOf('}', open);
                out.append(template, i, open);
                if (v >= values.length) {
                    throw new IllegalArgumentException("no value for " + template.substring(open, close + 1) + " in " + template);
                }
                out.append(URLEncoder.encode(String.valueOf(values[v++]), StandardCharsets.UTF_8).replace("+", "%20"));
                i = close + 1;
            }
            if (v != values.length) {
                throw new IllegalArgumentException(values.length + " values for " + v + " placeholders in " + template);
            }
            return out.toString();
        }

        /**
         * Adds a query parameter; {@code null} values are left out.
         *
         * @param name the name
         * @param value the value, written with {@code String.valueOf}
         * @return this builder
         */
        public Builder query(String name, Object value) {
            if (value != null) {
                query.put(name, String.valueOf(value));
            }
            return this;
        }

        /**
         * @param body the JSON body
         * @return this builder
         */
        public Builder body(JsonNode body) {
            this.body = body;
            return this;
        }

        /**
         * @param idempotent whether a repeat after an unknown outcome is harmless
         * @return this builder
         */
        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        /**
         * @param extra added to the attempt timeout, for a long poll that waits on the server
         * @return this builder
         */
        public Builder extraAttemptTime(Duration extra) {
            this.extraAttemptTime = Objects.requireNonNull(extra, "extra");
            return this;
        }

        /**
         * @param retries false to make exactly one attempt
         * @return this builder
         */
        public Builder retries(boolean retries) {
            this.retries = retries;
            return this;
        }

        /** {@return the request} */
        public MaxRequest build() {
            return new MaxRequest(this);
        }
    }
}
