package dev.sferum.sdk.core;

import dev.sferum.sdk.core.internal.MethodTable;
import dev.sferum.sdk.core.internal.ParamValues;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One VK API call: the method name, its parameters in wire form, the token kinds it accepts, whether repeating
 * it is safe, and per-call options.
 *
 * <pre>{@code
 * ApiRequest send = ApiRequest.builder("messages.send")
 *         .param("peer_id", 2000000012L)
 *         .param("random_id", randomId)          // fixed once: makes retries safe
 *         .param("message", "Урок перенесён")
 *         .build();
 * }</pre>
 *
 * <p>Parameter values are encoded as VK expects: numbers in decimal, booleans as {@code 1}/{@code 0}, collections
 * and arrays comma-joined, {@link tools.jackson.databind.JsonNode}s as JSON text, enums by lower-case name. A
 * {@code null} value (or an empty collection) leaves the parameter out. {@code access_token} and {@code v} are
 * set by the SDK and cannot be given as parameters.
 *
 * <p>For methods the SDK knows, the accepted token kinds and idempotency come from its method table;
 * {@code messages.send} with a {@code random_id} counts as idempotent. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ApiRequest {
    private final String method;
    private final Map<String, String> params;
    private final Set<TokenKind> tokenKinds;
    private final boolean idempotent;
    private final RequestOptions options;

    private ApiRequest(Builder b) {
        this.method = b.method;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
        this.tokenKinds = Collections.unmodifiableSet(EnumSet.copyOf(b.tokenKinds));
        this.idempotent = b.idempotent != null ? b.idempotent : MethodTable.isIdempotent(method, params);
        this.options = b.options;
    }

    /**
     * Starts a request for {@code method}.
     *
     * @param method the VK method, such as {@code messages.send}; case-sensitive
     * @return a builder
     * @throws IllegalArgumentException if the name is not a VK method name ({@code section.method} or {@code execute})
     */
    public static Builder builder(String method) {
        return new Builder(method);
    }

    /**
     * A request with the given parameters and defaults for everything else.
     *
     * @param method the VK method
     * @param params the parameters (values encoded as described above)
     * @return the request
     */
    public static ApiRequest of(String method, Map<String, ?> params) {
        Builder b = builder(method);
        Objects.requireNonNull(params, "params").forEach(b::param);
        return b.build();
    }

    /** {@return a builder holding this request} */
    public Builder toBuilder() {
        Builder b = new Builder(method);
        b.params.putAll(params);
        b.tokenKinds = EnumSet.copyOf(tokenKinds);
        b.idempotent = idempotent;
        b.options = options;
        return b;
    }

    /** {@return the method name} */
    public String method() {
        return method;
    }

    /** {@return the parameters in wire form, in insertion order; unmodifiable} */
    public Map<String, String> params() {
        return params;
    }

    /** {@return the token kinds this method accepts; a call with another kind is refused before any I/O} */
    public Set<TokenKind> tokenKinds() {
        return tokenKinds;
    }

    /** {@return whether repeating the call after an unknown outcome cannot do the action twice} */
    public boolean idempotent() {
        return idempotent;
    }

    /** {@return the per-call options} */
    public RequestOptions options() {
        return options;
    }

    /** Names the method and parameter names only: values may hold personal data. */
    @Override
    public String toString() {
        return "ApiRequest[" + method + " " + params.keySet() + "]";
    }

    /** Builds an {@link ApiRequest}. Not thread-safe. */
    public static final class Builder {
        private final String method;
        private final Map<String, String> params = new LinkedHashMap<>();
        private EnumSet<TokenKind> tokenKinds;
        private Boolean idempotent;
        private RequestOptions options = RequestOptions.NONE;

        private Builder(String method) {
            this.method = MethodTable.checkName(method);
            this.tokenKinds = EnumSet.copyOf(MethodTable.tokenKinds(this.method));
        }

        /**
         * Sets a parameter; {@code null} removes it.
         *
         * @param name the parameter name, such as {@code peer_id}
         * @param value the value: a number, boolean, string, collection, array, enum or {@code JsonNode}
         * @return this builder
         * @throws IllegalArgumentException for {@code access_token} or {@code v}, or a value of another type
         */
        public Builder param(String name, Object value) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a parameter name must not be blank");
            }
            if ("access_token".equals(name)) {
                throw new IllegalArgumentException("access_token is set by the SDK from the token provider; pass a token with RequestOptions.token(...) instead");
            }
            if ("v".equals(name)) {
                throw new IllegalArgumentException("v is set by the SDK; override the version with RequestOptions.apiVersion(...)");
            }
            String encoded = ParamValues.encode(name, value);
            if (encoded == null) {
                params.remove(name);
            } else {
                params.put(name, encoded);
            }
            return this;
        }

        /**
         * Replaces the token kinds the method accepts (the method table's answer by default).
         *
         * @param first a kind
         * @param rest more kinds
         * @return this builder
         */
        public Builder tokenKinds(TokenKind first, TokenKind... rest) {
            this.tokenKinds = EnumSet.of(first, rest);
            return this;
        }

        /**
         * Declares whether repeating the call after an unknown outcome is safe (the method table decides by
         * default: reads are, writes are not, {@code messages.send} is with a {@code random_id}).
         *
         * @param idempotent whether it is safe
         * @return this builder
         */
        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        /**
         * Sets the per-call overrides of this request.
         *
         * @param options per-call overrides
         * @return this builder
         */
        public Builder options(RequestOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** {@return the request} */
        public ApiRequest build() {
            return new ApiRequest(this);
        }
    }
}
