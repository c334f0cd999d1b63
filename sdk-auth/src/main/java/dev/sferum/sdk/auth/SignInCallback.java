package dev.sferum.sdk.auth;

import dev.sferum.sdk.auth.internal.QueryString;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.internal.Json;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What VK ID sent back to the redirect URI: a {@code code} with its {@code state} and {@code device_id}, or an
 * {@code error} such as {@code access_denied}.
 *
 * <pre>{@code
 * // in the HTTP handler of the redirect URI:
 * SignInCallback callback = SignInCallback.fromUri(URI.create(request.getRequestURL() + "?" + request.getQueryString()));
 * SignInResult done = vkid.completeSignIn(callback);
 * }</pre>
 *
 * <p>VK ID's redirect carries {@code code}, {@code state}, {@code device_id}, {@code type} and {@code expires_in} as
 * query parameters; a callback whose parameters come packed in one JSON {@code payload} parameter (as VK ID's
 * widgets send them) is read too. {@link #toString()} shows neither the code nor the state. Immutable and
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class SignInCallback {
    private final Secret code;
    private final String state;
    private final String deviceId;
    private final String error;
    private final String errorDescription;
    private final String path;

    private SignInCallback(Builder b) {
        this.code = b.code;
        this.state = b.state;
        this.deviceId = b.deviceId;
        this.error = b.error;
        this.errorDescription = b.errorDescription;
        this.path = b.path;
    }

    /** {@return a builder, for callbacks read by a web framework} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the full address the browser was sent to. Its path is later checked against the redirect URI's path
     * (scheme and host are not compared: proxies rewrite them).
     *
     * @param requestUri the requested URI with its query
     * @return the callback
     * @throws SignInFailedException with {@link SignInFailedException.Reason#CALLBACK_MALFORMED} if a parameter
     *     appears twice or is badly encoded
     */
    public static SignInCallback fromUri(URI requestUri) {
        Objects.requireNonNull(requestUri, "requestUri");
        Builder b = read(requestUri.getRawQuery());
        b.path = requestUri.getRawPath() == null ? "" : requestUri.getRawPath();
        return b.build();
    }

    /**
     * Reads the raw query string of the callback request (the part after {@code ?}, still encoded).
     *
     * @param rawQuery the query
     * @return the callback
     * @throws SignInFailedException with {@link SignInFailedException.Reason#CALLBACK_MALFORMED} if a parameter
     *     appears twice or is badly encoded
     */
    public static SignInCallback fromQuery(String rawQuery) {
        Objects.requireNonNull(rawQuery, "rawQuery");
        return read(rawQuery.startsWith("?") ? rawQuery.substring(1) : rawQuery).build();
    }

    /**
     * Reads parameters a web framework has already decoded. Pass only single values: if a parameter came more than
     * once, the callback is malformed (reject it before calling this).
     *
     * @param params names to decoded values
     * @return the callback
     * @throws SignInFailedException with {@link SignInFailedException.Reason#CALLBACK_MALFORMED} if a
     *     {@code payload} parameter is not a JSON object
     */
    public static SignInCallback fromParameters(Map<String, String> params) {
        Objects.requireNonNull(params, "params");
        return from(params).build();
    }

    private static Builder read(String rawQuery) {
        try {
            return from(QueryString.parse(rawQuery));
        } catch (QueryString.MalformedQueryException e) {
            throw malformed("the callback's query is malformed: " + e.getMessage());
        }
    }

    private static Builder from(Map<String, String> p) {
        Builder b = new Builder();
        String payload = p.get("payload");
        if (payload != null && !p.containsKey("code") && !p.containsKey("error")) {
            JsonNode node;
            try {
                node = Json.read(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw malformed("the callback's payload parameter is not JSON");
            }
            if (node == null || !node.isObject()) {
                throw malformed("the callback's payload parameter is not a JSON object");
            }
            b.codeValue(text(node, "code")).state(text(node, "state")).deviceId(text(node, "device_id"));
        }
        if (p.containsKey("code")) {
            b.codeValue(p.get("code"));
        }
        if (p.containsKey("state")) {
            b.state(p.get("state"));
        }
        if (p.containsKey("device_id")) {
            b.deviceId(p.get("device_id"));
        }
        b.error(p.get("error"));
        b.errorDescription(p.get("error_description"));
        return b;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static SignInFailedException malformed(String message) {
        return new SignInFailedException(SignInFailedException.Reason.CALLBACK_MALFORMED, message,
                "send the user to startSignIn again; if it keeps happening, check how the callback URL is passed in");
    }

    /** {@return the authorization code, if VK ID sent one} */
    public Optional<Secret> code() {
        return Optional.ofNullable(code);
    }

    /** {@return the {@code state}, if present} */
    public Optional<String> state() {
        return Optional.ofNullable(state);
    }

    /** {@return the {@code device_id}, if present} */
    public Optional<String> deviceId() {
        return Optional.ofNullable(deviceId);
    }

    /** {@return the OAuth {@code error}, such as {@code access_denied}, if VK ID sent one instead of a code} */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** {@return the {@code error_description}, if present} */
    public Optional<String> errorDescription() {
        return Optional.ofNullable(errorDescription);
    }

    /** {@return the path the callback arrived at, if it was read with {@link #fromUri(URI)}} */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    /** Returns which parts are present; never the code or state. */
    @Override
    public String toString() {
        return "SignInCallback[code=" + (code != null ? "present" : "absent") + ", state=" + (state != null ? "present" : "absent")
                + ", deviceId=" + (deviceId != null ? "present" : "absent") + (error != null ? ", error=" + error : "") + "]";
    }

    /** Builds a {@link SignInCallback} from parameters read by hand. Not thread-safe. */
    public static final class Builder {
        private Secret code;
        private String state;
        private String deviceId;
        private String error;
        private String errorDescription;
        private String path;

        private Builder() {
        }

        /**
         * Sets the {@code code} parameter of the callback.
         *
         * @param code the {@code code} parameter, or {@code null}
         * @return this builder
         */
        public Builder code(String code) {
            return codeValue(code);
        }

        private Builder codeValue(String value) {
            this.code = value == null || value.isBlank() ? null : Secret.of(value);
            return this;
        }

        /**
         * Sets the {@code state} parameter of the callback.
         *
         * @param state the {@code state} parameter, or {@code null}
         * @return this builder
         */
        public Builder state(String state) {
            this.state = state == null || state.isEmpty() ? null : state;
            return this;
        }

        /**
         * Sets the {@code device_id} parameter of the callback.
         *
         * @param deviceId the {@code device_id} parameter, or {@code null}
         * @return this builder
         */
        public Builder deviceId(String deviceId) {
            this.deviceId = deviceId == null || deviceId.isBlank() ? null : deviceId;
            return this;
        }

        /**
         * Sets the {@code error} parameter of the callback.
         *
         * @param error the {@code error} parameter, or {@code null}
         * @return this builder
         */
        public Builder error(String error) {
            this.error = error == null || error.isBlank() ? null : error;
            return this;
        }

        /**
         * Sets the {@code error_description} parameter of the callback.
         *
         * @param description the {@code error_description} parameter, or {@code null}
         * @return this builder
         */
        public Builder errorDescription(String description) {
            this.errorDescription = description;
            return this;
        }

        /**
         * Sets the path the callback arrived at, to be checked against the redirect URI's.
         *
         * @param path the path the callback arrived at, to be checked against the redirect URI's, or {@code null}
         * @return this builder
         */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /** {@return the callback} */
        public SignInCallback build() {
            return new SignInCallback(this);
        }
    }
}
