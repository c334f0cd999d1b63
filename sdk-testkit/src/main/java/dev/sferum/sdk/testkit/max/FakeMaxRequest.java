package dev.sferum.sdk.testkit.max;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request the fake received, as recorded for inspection. The token is never recorded, only its fingerprint.
 *
 * <pre>{@code
 * FakeMaxRequest send = fake.requests("POST /messages").get(0);
 * assertThat(send.query()).containsEntry("chat_id", "-70000000000001");
 * assertThat(send.outcome()).isEqualTo(FakeMaxRequest.Outcome.OK);
 * }</pre>
 *
 * @param sequence order of arrival, from 1
 * @param time when it arrived, by the fake clock
 * @param httpMethod GET, POST, PUT, PATCH or DELETE
 * @param operation the method and path template, such as {@code GET /chats/{chatId}}
 * @param path the path as sent
 * @param query the query parameters
 * @param body the JSON body as sent, or {@code ""}
 * @param tokenFingerprint the fingerprint of the {@code Authorization} header's value, if any
 * @param outcome what the fake did
 * @param status the HTTP status answered, or 0 if none
 * @param code MAX's error {@code code} answered, or {@code ""}
 * @param detail a short description: the error, the fault applied, or {@code ""}
 * @since 0.1.0
 */
public record FakeMaxRequest(long sequence, Instant time, String httpMethod, String operation, String path, Map<String, String> query,
                             String body, Optional<String> tokenFingerprint, Outcome outcome, int status, String code, String detail) {

    /**
     * Checks the components and copies the map.
     *
     * @param sequence order of arrival, from 1
     * @param time when it arrived, by the fake clock
     * @param httpMethod GET, POST, PUT, PATCH or DELETE
     * @param operation the method and path template, such as {@code GET /chats/{chatId}}
     * @param path the path as sent
     * @param query the query parameters
     * @param body the JSON body as sent, or {@code ""}
     * @param tokenFingerprint the fingerprint of the {@code Authorization} header's value, if any
     * @param outcome what the fake did
     * @param status the HTTP status answered, or 0 if none
     * @param code MAX's error {@code code} answered, or {@code ""}
     * @param detail a short description: the error, the fault applied, or {@code ""}
     */
    public FakeMaxRequest {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(operation, "operation");
        query = Map.copyOf(query);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(tokenFingerprint, "tokenFingerprint");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
    }

    /** What the fake did with a request. */
    public enum Outcome {
        /** Processed and answered 200. */
        OK,
        /** Answered with a MAX error body {@code {"code","message"}} and an error status. */
        API_ERROR,
        /** Answered with an HTTP error status and an HTML page (injected). */
        HTTP_ERROR,
        /** Processed, then answered 200 with a truncated body (injected). */
        MALFORMED_BODY,
        /** Connection closed before processing: nothing changed (injected). */
        DROPPED_BEFORE_PROCESSING,
        /** Processed (state changed), then connection closed without an answer (injected). */
        DROPPED_AFTER_PROCESSING,
        /** The fake itself failed; answered 500. Please report it. */
        INTERNAL_ERROR
    }
}
