package dev.sferum.sdk.max.internal;

import dev.sferum.sdk.chat.ChatAccessException;
import dev.sferum.sdk.chat.ChatNotFoundException;
import dev.sferum.sdk.chat.MessagesNotAllowedException;
import dev.sferum.sdk.chat.NotChatAdminException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.max.MaxApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * MAX's answers to the SDK's error categories, with remedies: MAX reports errors as HTTP statuses with a JSON body
 * ({@code code}, {@code message}). What they mean for retries is {@link MaxWire#hint}.
 */
public final class MaxErrors {
    /** MAX's code for an upload it has not finished processing; the message can be sent again shortly. */
    public static final String ATTACHMENT_NOT_READY = "attachment.not.ready";

    private MaxErrors() {
    }

    /**
     * Types a non-200 answer.
     *
     * @param operation the call
     * @param status the HTTP status
     * @param body the body
     * @param token the raw token, scrubbed from MAX's message should it echo it
     * @return the typed failure: a {@link MaxApiException} for a MAX error body, a {@link TransportException}
     *     for anything else (a proxy's HTML page)
     */
    public static SferumException failure(String operation, int status, byte[] body, String token) {
        JsonNode json = null;
        if (body != null && body.length > 0) {
            try {
                json = Json.read(body);
            } catch (JacksonException e) {
                json = null;
            }
        }
        if (json == null || !json.isObject() || !(json.has("code") || json.has("message") || json.has("error"))) {
            ErrorCategory c = category(status, "", operation);
            return new TransportException(c, operation, TransportException.Failure.HTTP_STATUS, status, status >= 500 || status == 408,
                    operation + " answered HTTP " + status + " without a MAX error body",
                    status >= 500 ? "MAX or a proxy failed; the SDK retries what is safe to repeat" : remedy(status, ""), null);
        }
        String code = text(json, "code");
        if (code.isEmpty()) {
            code = text(json, "error");
        }
        String message = scrub(text(json, "message"), token);
        return new MaxApiException(category(status, code, operation), operation, status, code, message, remedy(status, code));
    }

    /**
     * The failure for a 200 answer {@code {"success": false, "message": …}}.
     *
     * @param operation the call
     * @param message MAX's message
     * @param token the raw token, scrubbed from the message
     * @return the exception (category {@code CONFLICT})
     */
    public static MaxApiException unsuccessful(String operation, String message, String token) {
        return new MaxApiException(ErrorCategory.CONFLICT, operation, 200, "", scrub(message, token),
                "MAX refused the change; check the chat's state (members, pinned message, rights) and repeat if still wanted");
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.path(field);
        return n.isString() ? n.asString() : n.isMissingNode() || n.isNull() ? "" : n.toString();
    }

    static String scrub(String message, String token) {
        String m = message.length() > 500 ? message.substring(0, 500) + "…" : message;
        if (token != null && !token.isEmpty() && m.contains(token)) {
            m = m.replace(token, "[redacted]");
        }
        return m;
    }

    /**
     * @param status the HTTP status
     * @param code MAX's code
     * @param operation the call
     * @return the category
     */
    static ErrorCategory category(int status, String code, String operation) {
        if (ATTACHMENT_NOT_READY.equals(code)) {
            return ErrorCategory.TRANSIENT;
        }
        if (status >= 500 || status == 408) {
            return ErrorCategory.TRANSIENT;
        }
        return switch (status) {
            case 401 -> ErrorCategory.TOKEN;
            case 403 -> ErrorCategory.PERMISSION;
            case 404 -> ErrorCategory.NOT_FOUND;
            case 405 -> operation.endsWith(" /updates") ? ErrorCategory.CONFLICT : ErrorCategory.INVALID_INPUT;
            case 409 -> ErrorCategory.CONFLICT;
            case 429 -> ErrorCategory.THROTTLED;
            default -> ErrorCategory.INVALID_INPUT;
        };
    }

    private static String remedy(int status, String code) {
        if (ATTACHMENT_NOT_READY.equals(code)) {
            return "MAX is still processing the uploaded file; the SDK retries, or send again in a few seconds";
        }
        if ("verify.token".equals(code) || status == 401) {
            return "the bot token is invalid or revoked; get the current one from MasterBot (or /revoke for a new one)";
        }
        return switch (status) {
            case 403 -> "the bot lacks the right for this in the chat; make it a chat admin with the needed permissions (add/remove "
                    + "members, pin, change info), or add it back to the chat";
            case 404 -> "the chat, message or user does not exist for this bot; check the id, and that the bot is still in the chat";
            case 405 -> "long polling and webhooks cannot be combined: delete the webhook subscription (DELETE /subscriptions) to poll";
            case 429 -> "too many requests for this bot token; lower the bot's rate with ClientConfig.rateLimits(RateLimits.builder().perSecond(TokenKind.BOT, n)...)";
            default -> status >= 500 ? "MAX failed; the SDK retries what is safe to repeat" : "fix the request (MAX's message says what)";
        };
    }

    /**
     * Gives a MAX answer the chat exception type the VK backend throws for the same situation, so that
     * {@code catch (ChatNotFoundException e)} works on both; the {@link MaxApiException} stays as the cause. Applied
     * after the retry rules decided, to chat operations only. MAX's codes are not documented ({@code chat.denied},
     * {@code access.denied}, {@code not.found} are seen), so the type follows the status and the call:
     *
     * <table>
     *   <caption>MAX answers and chat types</caption>
     *   <tr><th>answer</th><th>call</th><th>type (VK code)</th></tr>
     *   <tr><td>404</td><td>any call on a chat ({@code /chats/{chatId}…} but pinning a message, {@code GET} or
     *     {@code POST /messages?chat_id})</td><td>{@link ChatNotFoundException} (927)</td></tr>
     *   <tr><td>403</td><td>{@code PATCH /chats/{chatId}}, {@code /chats/{chatId}/members} (list, add, remove),
     *     {@code /chats/{chatId}/pin}</td><td>{@link NotChatAdminException} (925)</td></tr>
     *   <tr><td>403</td><td>other calls on a chat: read it, read or send messages, leave</td>
     *     <td>{@link ChatAccessException} (917)</td></tr>
     *   <tr><td>403</td><td>{@code POST /messages?user_id}</td><td>{@link MessagesNotAllowedException} (901)</td></tr>
     * </table>
     *
     * <p>Anything else (a message that is not found or not the bot's to edit, a bad request, a token, a throttle)
     * stays a {@link MaxApiException}, as on VK it stays a plain {@code ApiException}.
     *
     * @param request the call
     * @param e how it failed
     * @return the chat-typed failure, or {@code e}
     */
    public static SferumException chatError(MaxRequest request, SferumException e) {
        if (!(e instanceof MaxApiException m) || (m.httpStatus() != 403 && m.httpStatus() != 404)) {
            return e;
        }
        String op = request.operation();
        boolean messages = op.equals("GET /messages") || op.equals("POST /messages");
        boolean onChat = op.contains(" /chats/{chatId}") || messages && request.query().containsKey("chat_id");
        String text = describe(m.method().orElse(op), m.httpStatus(), m.code(), m.serverMessage());
        if (m.httpStatus() == 404) {
            return onChat && !op.equals("PUT /chats/{chatId}/pin")
                    ? new ChatNotFoundException(m, text, "the chat does not exist for this bot, or the bot is no longer in it; check the "
                            + "chat id (MAX's chat_id, negative for group chats) and that the bot is a member")
                    : e;
        }
        if (op.equals("POST /messages") && request.query().containsKey("user_id")) {
            return new MessagesNotAllowedException(m, text, "the user has blocked the bot or never started it; ask them to open the "
                    + "bot in MAX and press Start, or reach them through another channel (the school journal)");
        }
        if (op.equals("PATCH /chats/{chatId}") || op.contains(" /chats/{chatId}/members") && !op.endsWith("/members/me")
                || op.contains(" /chats/{chatId}/pin")) {
            return new NotChatAdminException(m, text, "make the bot an admin of the chat with the needed rights (change info, "
                    + "add and remove members, pin), then repeat");
        }
        if (onChat) {
            return new ChatAccessException(m, text, "the bot has no access to this chat (it was removed, or the chat is closed); "
                    + "add the bot to the chat again");
        }
        return e;
    }

    /**
     * The words of a MAX error, without the remedy: what {@link MaxApiException} and the chat types built from it
     * say.
     *
     * @param operation the call, such as {@code PATCH /chats/{chatId}}, or {@code null}
     * @param status the HTTP status
     * @param code MAX's code, or empty
     * @param message MAX's message, or empty
     * @return the text
     */
    public static String describe(String operation, int status, String code, String message) {
        return "MAX Bot API error " + status + (code.isEmpty() ? "" : " " + code) + (operation != null ? " in " + operation : "")
                + (message.isEmpty() ? "" : ": " + message);
    }
}
