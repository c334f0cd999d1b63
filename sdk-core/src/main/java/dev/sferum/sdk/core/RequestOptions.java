package dev.sferum.sdk.core;

import dev.sferum.sdk.core.internal.Require;
import dev.sferum.sdk.core.internal.VkWire;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-call settings that beat the client's: API version, timeouts, the token, and whether the SDK may retry.
 *
 * <pre>{@code
 * RequestOptions slow = RequestOptions.builder().callTimeout(Duration.ofMinutes(2)).build();
 * api.call(ApiRequest.builder("messages.getHistory").param("peer_id", peer).options(slow).build());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RequestOptions {
    /** No overrides: the client's settings apply. */
    public static final RequestOptions NONE = new Builder().build();

    private final String apiVersion;
    private final Duration attemptTimeout;
    private final Duration callTimeout;
    private final AccessToken token;
    private final boolean retriesDisabled;

    private RequestOptions(Builder b) {
        this.apiVersion = b.apiVersion;
        this.attemptTimeout = b.attemptTimeout;
        this.callTimeout = b.callTimeout;
        this.token = b.token;
        this.retriesDisabled = b.retriesDisabled;
    }

    /** {@return a builder without overrides} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these overrides} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.apiVersion = apiVersion;
        b.attemptTimeout = attemptTimeout;
        b.callTimeout = callTimeout;
        b.token = token;
        b.retriesDisabled = retriesDisabled;
        return b;
    }

    /** {@return the API version for this call, if overridden} */
    public Optional<String> apiVersion() {
        return Optional.ofNullable(apiVersion);
    }

    /** {@return the attempt timeout for this call, if overridden} */
    public Optional<Duration> attemptTimeout() {
        return Optional.ofNullable(attemptTimeout);
    }

    /** {@return the whole-call timeout for this call, if overridden} */
    public Optional<Duration> callTimeout() {
        return Optional.ofNullable(callTimeout);
    }

    /** {@return the token for this call instead of the client's provider, if given} */
    public Optional<AccessToken> token() {
        return Optional.ofNullable(token);
    }

    /** {@return whether the SDK must make exactly one attempt} */
    public boolean retriesDisabled() {
        return retriesDisabled;
    }

    @Override
    public String toString() {
        return "RequestOptions[apiVersion=" + apiVersion + ", attemptTimeout=" + attemptTimeout + ", callTimeout=" + callTimeout
                + ", token=" + token + ", retriesDisabled=" + retriesDisabled + "]";
    }

    /** Builds {@link RequestOptions}. Not thread-safe. */
    public static final class Builder {
        private String apiVersion;
        private Duration attemptTimeout;
        private Duration callTimeout;
        private AccessToken token;
        private boolean retriesDisabled;

        private Builder() {
        }

        /**
         * Sets the API version for this call, such as {@code 5.199}.
         *
         * @param version the API version for this call, such as {@code 5.199}
         * @return this builder
         */
        public Builder apiVersion(String version) {
            this.apiVersion = VkWire.apiVersion(version);
            return this;
        }

        /**
         * Sets how long one attempt of this call may take.
         *
         * @param timeout how long one attempt of this call may take; positive
         * @return this builder
         */
        public Builder attemptTimeout(Duration timeout) {
            this.attemptTimeout = Require.positive(timeout, "attemptTimeout");
            return this;
        }

        /**
         * Sets how long this call may take in all.
         *
         * @param timeout how long this call may take in all; positive
         * @return this builder
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = Require.positive(timeout, "callTimeout");
            return this;
        }

        /**
         * Sets the token for this call, instead of the client's provider.
         *
         * @param token the token for this call, instead of the client's provider (for example one community's
         *     token in a multi-school service)
         * @return this builder
         */
        public Builder token(AccessToken token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * Sets whether this call makes exactly one attempt whatever happens.
         *
         * @param disabled true to make exactly one attempt whatever happens
         * @return this builder
         */
        public Builder retriesDisabled(boolean disabled) {
            this.retriesDisabled = disabled;
            return this;
        }

        /** {@return the options} */
        public RequestOptions build() {
            return new RequestOptions(this);
        }
    }
}
