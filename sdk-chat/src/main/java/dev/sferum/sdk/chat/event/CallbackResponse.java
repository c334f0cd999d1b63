package dev.sferum.sdk.chat.event;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What to answer VK's Callback API request with: an HTTP status and a plain-text body. Write it with the content
 * type {@link #CONTENT_TYPE}.
 *
 * <pre>{@code
 * CallbackResponse r = receiver.handle(body, headers);
 * response.setStatus(r.status());
 * response.setContentType(CallbackResponse.CONTENT_TYPE);
 * response.getOutputStream().write(r.bodyBytes());
 * }</pre>
 *
 * <p>For an event, {@code 200 ok} (VK will not send it again); for the confirmation request, {@code 200} with the
 * confirmation string (so do not log the body); otherwise an error status, after which VK retries. {@link #toString()}
 * never shows a confirmation string.
 *
 * @param status the HTTP status: 200, 400 (not a VK event), 403 (wrong secret or community), 413 (body too large)
 *     or 503 (stream full or closed; VK retries later)
 * @param body the plain-text body
 * @since 0.1.0
 */
public record CallbackResponse(int status, String body) {

    /** The content type to answer with: {@value}. */
    public static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    /**
     * Checks the values.
     *
     * @param status see the record component
     * @param body see the record component
     * @throws IllegalArgumentException if the status is not between 100 and 599
     */
    public CallbackResponse {
        Objects.requireNonNull(body, "body");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be between 100 and 599: " + status);
        }
    }

    /** {@return the body in UTF-8} */
    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** {@return whether VK will take this as delivered (status 200)} */
    public boolean isOk() {
        return status == 200;
    }

    /** {@return the status and, for errors, the body; a 200 body (possibly a confirmation string) is hidden} */
    @Override
    public String toString() {
        return "CallbackResponse[" + status + (status == 200 ? "" : " " + body) + "]";
    }
}
