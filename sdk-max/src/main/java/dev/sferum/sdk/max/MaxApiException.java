package dev.sferum.sdk.max;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.max.internal.MaxErrors;

import java.util.Objects;

/**
 * MAX's Bot API answered a call with an error: an HTTP status and a body {@code {"code": "…", "message": "…"}}.
 *
 * <p>The {@linkplain #category() category} is what both backends share, so code written against the VK backend's
 * categories works unchanged:
 *
 * <table>
 *   <caption>MAX answers and their categories</caption>
 *   <tr><th>answer</th><th>category</th></tr>
 *   <tr><td>400 {@code attachment.not.ready}</td><td>TRANSIENT (MAX is still processing an upload; retried)</td></tr>
 *   <tr><td>400, other 4xx</td><td>INVALID_INPUT</td></tr>
 *   <tr><td>401 ({@code verify.token})</td><td>TOKEN</td></tr>
 *   <tr><td>403</td><td>PERMISSION</td></tr>
 *   <tr><td>404</td><td>NOT_FOUND</td></tr>
 *   <tr><td>405 on {@code /updates}</td><td>CONFLICT (a webhook subscription exists)</td></tr>
 *   <tr><td>409</td><td>CONFLICT</td></tr>
 *   <tr><td>429</td><td>THROTTLED</td></tr>
 *   <tr><td>5xx</td><td>TRANSIENT</td></tr>
 *   <tr><td>200 with {@code "success": false}</td><td>CONFLICT</td></tr>
 * </table>
 *
 * <p>Where VK has a chat exception type for the same situation, the chat clients throw that type instead, with
 * this exception as its {@linkplain Throwable#getCause() cause}: a 404 on a chat is a
 * {@link dev.sferum.sdk.chat.ChatNotFoundException}, a 403 where the bot must be a chat admin a
 * {@link dev.sferum.sdk.chat.NotChatAdminException}, other 403s on a chat a {@link dev.sferum.sdk.chat.ChatAccessException},
 * a 403 to a message to a user a {@link dev.sferum.sdk.chat.MessagesNotAllowedException} (see the module's README).
 *
 * <pre>{@code
 * catch (ChatNotFoundException e) { ... }                         // the same on VK and MAX
 * catch (SferumException e) {
 *     if (e.category() == ErrorCategory.PERMISSION) { ... }      // the same on VK and MAX
 *     if (e.getCause() instanceof MaxApiException m && m.code().equals("chat.denied")) { ... }
 * }
 * }</pre>
 *
 * <p>The message names the operation (HTTP method and path template, never ids or the token), the status, MAX's
 * code and message.
 *
 * @since 0.1.0
 */
public class MaxApiException extends SferumException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status MAX answered with (200 for a {@code "success": false} answer). */
    private final int httpStatus;
    /** MAX's error key, such as {@code verify.token}; empty if it sent none. */
    private final String code;
    /** MAX's human-readable {@code message}; empty if it sent none. */
    private final String serverMessage;

    /**
     * Creates the exception; the SDK does this when decoding MAX's answer.
     *
     * @param category the category of the status and code
     * @param operation the call, such as {@code PATCH /chats/{chatId}}
     * @param httpStatus the HTTP status (200 for a {@code "success": false} answer)
     * @param code MAX's {@code code}, or empty
     * @param serverMessage MAX's {@code message}, or empty
     * @param remedy how to fix it, or {@code null}
     */
    public MaxApiException(ErrorCategory category, String operation, int httpStatus, String code, String serverMessage, String remedy) {
        super(category, operation, MaxErrors.describe(operation, httpStatus, Objects.requireNonNull(code, "code"),
                Objects.requireNonNull(serverMessage, "serverMessage")), remedy, null);
        this.httpStatus = httpStatus;
        this.code = Objects.requireNonNull(code, "code");
        this.serverMessage = Objects.requireNonNull(serverMessage, "serverMessage");
    }

    /** {@return the HTTP status MAX answered with} */
    public int httpStatus() {
        return httpStatus;
    }

    /** {@return MAX's error key, such as {@code verify.token} or {@code attachment.not.ready}; empty if it sent none} */
    public String code() {
        return code;
    }

    /** {@return MAX's human-readable {@code message}; empty if it sent none} */
    public String serverMessage() {
        return serverMessage;
    }
}
