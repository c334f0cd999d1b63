package dev.sferum.sdk.video;

import dev.sferum.sdk.core.RequestOptions;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What {@code calls.start} needs: optionally the community the call is started on behalf of (the user must manage
 * it), and per-call options.
 *
 * <pre>{@code
 * StartedCall call = calls.start(r -> r.groupId(123456));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StartCallRequest {
    private final long groupId;
    private final RequestOptions options;

    private StartCallRequest(Builder b) {
        this.groupId = b.groupId;
        this.options = b.options;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this request} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.groupId = groupId;
        b.options = options;
        return b;
    }

    /** {@return the community the call is started on behalf of, if any} */
    public OptionalLong groupId() {
        return groupId > 0 ? OptionalLong.of(groupId) : OptionalLong.empty();
    }

    /** {@return the per-call options} */
    public RequestOptions options() {
        return options;
    }

    /** Builds a {@link StartCallRequest}. Not thread-safe. */
    public static final class Builder {
        private long groupId;
        private RequestOptions options = RequestOptions.NONE;

        private Builder() {
        }

        /**
         * Sets the community (positive id) to start the call on behalf of.
         *
         * @param groupId the community (positive id) to start the call on behalf of; the user must manage it
         * @return this builder
         */
        public Builder groupId(long groupId) {
            if (groupId <= 0) {
                throw new IllegalArgumentException("groupId must be positive (the community id without the minus sign): " + groupId);
            }
            this.groupId = groupId;
            return this;
        }

        /**
         * Sets the per-call options (token, timeouts).
         *
         * @param options per-call options (token, timeouts)
         * @return this builder
         */
        public Builder options(RequestOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** {@return the request} */
        public StartCallRequest build() {
            return new StartCallRequest(this);
        }
    }
}
