package dev.sferum.sdk.testkit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request a fake received ({@link FakeVk} or {@code FakeMax}), as recorded for inspection, with secrets
 * redacted: both fakes keep one log of this type.
 *
 * <p>On {@code FakeVk}, parameters that carry secrets ({@code access_token}, {@code refresh_token},
 * {@code client_secret}, {@code code_verifier}, {@code id_token}, a callback {@code secret_key}, {@code password}, and
 * on the OAuth and long poll paths {@code code} and {@code key}) are replaced by {@code "<redacted:FINGERPRINT>"}; on
 * {@code FakeMax} the token travels only in the {@code Authorization} header, which is never recorded. Either way the
 * token used for the call is identified by {@link #tokenFingerprint()}.
 *
 * <pre>{@code
 * RecordedRequest last = vk.requests("messages.send").get(0);
 * assertThat(last.params()).containsEntry("random_id", "42");
 * assertThat(last.outcome()).isEqualTo(RecordedRequest.Outcome.OK);
 *
 * RecordedRequest send = max.requests("POST /messages").get(0);
 * assertThat(send.params()).containsEntry("chat_id", "-70000000000001");
 * }</pre>
 *
 * @param sequence         order of arrival, from 1
 * @param time             when it arrived, by the fake clock
 * @param httpMethod       {@code GET}, {@code POST}, ...
 * @param operation        VK: the method name for {@code /method/<name>} (e.g. {@code messages.send}), otherwise the
 *                         path (e.g. {@code /oauth2/auth}, {@code /access_token}); MAX: the method and path template,
 *                         such as {@code GET /chats/{chatId}}
 * @param path             the path as sent
 * @param params           VK: query and form parameters in arrival order, secrets redacted; MAX: the query parameters
 * @param body             MAX: the JSON body as sent, or {@code ""}; VK: always {@code ""} (a form body is in
 *                         {@code params}, redacted)
 * @param tokenFingerprint fingerprint of the token the request carried (VK: access or refresh token; MAX: the
 *                         {@code Authorization} header's value)
 * @param outcome          what the fake did with it
 * @param status           the HTTP status answered, or 0 if none (a dropped connection)
 * @param errorCode        VK's {@code error_code} for {@link Outcome#API_ERROR}, else 0 (always 0 on MAX)
 * @param errorKey         MAX's error {@code code} answered, such as {@code chat.denied}, else {@code ""} (always
 *                         {@code ""} on VK)
 * @param detail           a short description: the error message, the fault applied, or {@code ""}
 * @since 0.1.0
 */
public record RecordedRequest(long sequence, Instant time, String httpMethod, String operation, String path,
        Map<String, String> params, String body, Optional<String> tokenFingerprint, Outcome outcome, int status,
        int errorCode, String errorKey, String detail) {

    /**
     * Creates the value, checking its components.
     *
     * @param sequence order of arrival, from 1
     * @param time when it arrived, by the fake clock
     * @param httpMethod {@code GET}, {@code POST}, ...
     * @param operation the VK method name or path, or the MAX method and path template
     * @param path the path as sent
     * @param params the parameters (VK: query and form, redacted; MAX: query)
     * @param body the MAX JSON body as sent, or {@code ""}
     * @param tokenFingerprint fingerprint of the token the request carried
     * @param outcome what the fake did with it
     * @param status the HTTP status answered, or 0 if none
     * @param errorCode VK {@code error_code} for {@link Outcome#API_ERROR}, else 0
     * @param errorKey MAX's error {@code code}, else {@code ""}
     * @param detail a short description: the error message, the fault applied, or empty
     */
    public RecordedRequest {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(httpMethod, "httpMethod");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(path, "path");
        params = Map.copyOf(params);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(tokenFingerprint, "tokenFingerprint");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(errorKey, "errorKey");
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
        /**
         * Answered with the API's error: VK's envelope (HTTP 200), see {@link RecordedRequest#errorCode()}; MAX's body
         * {@code {"code","message"}} with an error status, see {@link RecordedRequest#errorKey()}.
         */
        API_ERROR,
        /** VK ID only: answered with an OAuth error body {@code {"error","error_description"}}. */
        OAUTH_ERROR,
        /** Answered with an HTTP error status: an injected 5xx page, or 404/405 for an unknown path. */
        HTTP_ERROR,
        /** Processed, then answered with a truncated body (injected fault). */
        MALFORMED_BODY,
        /** Connection closed before processing: nothing changed (injected fault). */
        DROPPED_BEFORE_PROCESSING,
        /** Processed (state changed), then connection closed without an answer (injected fault). */
        DROPPED_AFTER_PROCESSING,
        /** The fake itself failed; answered as VK error 10 (MAX: 500). Please report it. */
        INTERNAL_ERROR
    }
}
