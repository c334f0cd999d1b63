package dev.sferum.sdk.testkit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request the fake received, as recorded for inspection, with secrets redacted.
 *
 * <p>Parameters that carry secrets ({@code access_token}, {@code refresh_token}, {@code client_secret},
 * {@code code_verifier}, {@code id_token}, a callback {@code secret_key}, {@code password}, and on the OAuth and
 * long poll paths {@code code} and {@code key}) are replaced by
 * {@code "<redacted:FINGERPRINT>"}; the token used for the call is identified by {@link #tokenFingerprint()}.
 *
 * <pre>{@code
 * RecordedRequest last = fake.requests("messages.send").get(0);
 * assertThat(last.params()).containsEntry("random_id", "42");
 * assertThat(last.outcome()).isEqualTo(RecordedRequest.Outcome.OK);
 * }</pre>
 *
 * @param sequence         order of arrival, from 1
 * @param time             when it arrived, by the fake clock
 * @param httpMethod       {@code GET}, {@code POST}, ...
 * @param operation        the VK method name for {@code /method/<name>} (e.g. {@code messages.send}),
 *                         otherwise the path (e.g. {@code /oauth2/auth}, {@code /access_token})
 * @param params           query and form parameters in arrival order, secrets redacted
 * @param tokenFingerprint fingerprint of the access or refresh token the request carried
 * @param outcome          what the fake did with it
 * @param errorCode        VK {@code error_code} for {@link Outcome#API_ERROR}, else 0
 * @param detail           a short description: the VK or OAuth error message, the fault applied, or empty
 * @since 0.1.0
 */
public record RecordedRequest(long sequence, Instant time, String httpMethod, String operation,
        Map<String, String> params, Optional<String> tokenFingerprint, Outcome outcome, int errorCode,
        String detail) {

    /**
     * Creates the value, checking its components.
     *
     * @param sequence order of arrival, from 1
     * @param time when it arrived, by the fake clock
     * @param httpMethod {@code GET}, {@code POST}, ...
     * @param operation the VK method name for {@code /method/<name>} (e.g. {@code messages.send}), otherwise the path
     *        (e.g. {@code /oauth2/auth}, {@code /access_token})
     * @param params query and form parameters in arrival order, secrets redacted
     * @param tokenFingerprint fingerprint of the access or refresh token the request carried
     * @param outcome what the fake did with it
     * @param errorCode VK {@code error_code} for {@link Outcome#API_ERROR}, else 0
     * @param detail a short description: the VK or OAuth error message, the fault applied, or empty
     */
    public RecordedRequest {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(httpMethod, "httpMethod");
        Objects.requireNonNull(operation, "operation");
        params = Map.copyOf(params);
        Objects.requireNonNull(tokenFingerprint, "tokenFingerprint");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * What the fake did with a request.
     *
     * @since 0.1.0
     */
    public enum Outcome {
        /** Processed and answered with a success body. */
        OK,
        /** Answered with a VK error envelope (HTTP 200), see {@link RecordedRequest#errorCode()}. */
        API_ERROR,
        /** Answered with an OAuth error body {@code {"error","error_description"}}. */
        OAUTH_ERROR,
        /** Answered with an HTTP error status: an injected 5xx page, or 404/405 for an unknown path. */
        HTTP_ERROR,
        /** Processed, then answered with a truncated body (injected fault). */
        MALFORMED_BODY,
        /** Connection closed before processing: nothing changed (injected fault). */
        DROPPED_BEFORE_PROCESSING,
        /** Processed (state changed), then connection closed without an answer (injected fault). */
        DROPPED_AFTER_PROCESSING,
        /** The fake itself failed; answered as VK error 10. Please report it. */
        INTERNAL_ERROR
    }
}
