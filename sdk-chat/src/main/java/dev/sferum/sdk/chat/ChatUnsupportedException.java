package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

/**
 * The chat does not support the action (VK 946), for example a channel or an organisation chat.
 *
 * <p>Category {@code NOT_SUPPORTED}. Use another kind of chat, or do it in the VK or Sferum interface.
 *
 * @since 0.1.0
 */
public class ChatUnsupportedException extends ChatApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Gives VK's error its chat type; the SDK does this.
     *
     * @param other the error as core decoded it
     * @param remedy what to do about it
     */
    public ChatUnsupportedException(ApiException other, String remedy) {
        super(other, ErrorCategory.NOT_SUPPORTED, remedy);
    }

    /**
     * Gives another backend's error of the same meaning this type (MAX: see sdk-max's README); category
     * {@code NOT_SUPPORTED}, as on VK.
     *
     * @param cause the backend's own exception, kept as {@link #getCause()}
     * @param message what went wrong; must not contain secrets, ids or texts
     * @param remedy what to do about it
     */
    public ChatUnsupportedException(SferumException cause, String message, String remedy) {
        super(cause, ErrorCategory.NOT_SUPPORTED, message, remedy);
    }
}
