package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

/**
 * An error specific to chats and messages, with a remedy that says what to do about it, the same type on every
 * backend: {@code catch (ChatNotFoundException e)} works whether the client runs on VK or on MAX. The SDK turns
 * VK's chat error codes into the subclasses below, keeping everything from {@link ApiException} (code, subcode,
 * VK's message, the redacted request parameters). Another backend's answer of the same meaning gets the same type
 * through the constructors that take a {@link SferumException}: then {@link #errorCode()} is {@code 0} and
 * {@link #getCause()} is that backend's own exception (sdk-max's {@code MaxApiException}, with MAX's HTTP status
 * and code); sdk-max's README lists which MAX answers become which type.
 *
 * <pre>{@code
 * try {
 *     chats.renameChat(chat, "7Б (2025/26)");
 * } catch (NotChatAdminException e) {
 *     alertSchoolAdmin(e.remedy().orElseThrow());   // make the community a chat admin
 * }
 * }</pre>
 *
 * <table>
 *   <caption>VK codes and their types</caption>
 *   <tr><th>codes</th><th>type</th><th>category</th></tr>
 *   <tr><td>901, 902, 932, 950, 987, 988</td><td>{@link MessagesNotAllowedException}</td><td>PERMISSION</td></tr>
 *   <tr><td>917, 922, 945, 1012</td><td>{@link ChatAccessException}</td><td>PERMISSION</td></tr>
 *   <tr><td>925</td><td>{@link NotChatAdminException}</td><td>PERMISSION</td></tr>
 *   <tr><td>927</td><td>{@link ChatNotFoundException}</td><td>NOT_FOUND</td></tr>
 *   <tr><td>935</td><td>{@link NotChatMemberException}</td><td>CONFLICT</td></tr>
 *   <tr><td>939</td><td>{@link AlreadyInvitedException}</td><td>CONFLICT</td></tr>
 *   <tr><td>946</td><td>{@link ChatUnsupportedException}</td><td>NOT_SUPPORTED</td></tr>
 *   <tr><td>967, 1019</td><td>{@link SchoolRosterException}</td><td>PERMISSION</td></tr>
 *   <tr><td>103 (in a chat call)</td><td>{@link ChatLimitException}</td><td>INVALID_INPUT</td></tr>
 * </table>
 *
 * <p>Other chat codes keep the type {@link ApiException} with the chat category and a remedy (919 and 931 on invite
 * links are {@code PERMISSION}; 982 is {@code THROTTLED}); sdk-chat's README lists them all.
 *
 * @since 0.1.0
 */
public class ChatApiException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Gives a VK error a chat-specific type; the SDK does this.
     *
     * @param other the error as core decoded it
     * @param category the category
     * @param remedy what to do about it
     */
    protected ChatApiException(ApiException other, ErrorCategory category, String remedy) {
        super(other, category, remedy);
    }

    /**
     * Gives another backend's error a chat-specific type; that backend does this.
     *
     * @param cause the backend's own exception, kept as {@link #getCause()}; its method and attempts are kept
     * @param category the category
     * @param message what went wrong; must not contain secrets, ids or texts
     * @param remedy what to do about it
     */
    protected ChatApiException(SferumException cause, ErrorCategory category, String message, String remedy) {
        super(category, cause, message, remedy);
    }
}
