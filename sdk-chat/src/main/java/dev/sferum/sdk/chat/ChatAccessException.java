package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

/**
 * The acting account cannot use this chat: it has no access (VK 917), has left it (922), the chat is disabled (945), or writing in it is disabled (1012); on MAX, 403 to reading or sending in a chat.
 *
 * <p>Category {@code PERMISSION}. Add the community to the chat (or invite the user back); a disabled chat, such as a Sferum chat made read-only, cannot be used again.
 *
 * @since 0.1.0
 */
public class ChatAccessException extends ChatApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Gives VK's error its chat type; the SDK does this.
     *
     * @param other the error as core decoded it
     * @param remedy what to do about it
     */
    public ChatAccessException(ApiException other, String remedy) {
        super(other, ErrorCategory.PERMISSION, remedy);
    }

    /**
     * Gives another backend's error of the same meaning this type (MAX: see sdk-max's README); category
     * {@code PERMISSION}, as on VK.
     *
     * @param cause the backend's own exception, kept as {@link #getCause()}
     * @param message what went wrong; must not contain secrets, ids or texts
     * @param remedy what to do about it
     */
    public ChatAccessException(SferumException cause, String message, String remedy) {
        super(cause, ErrorCategory.PERMISSION, message, remedy);
    }
}
