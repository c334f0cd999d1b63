package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

/**
 * A chat call hit one of VK's limits (VK 103), such as the chat's member cap.
 *
 * <p>Category {@code INVALID_INPUT}. Remove members or split the class into two chats.
 *
 * @since 0.1.0
 */
public class ChatLimitException extends ChatApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Gives VK's error its chat type; the SDK does this.
     *
     * @param other the error as core decoded it
     * @param remedy what to do about it
     */
    public ChatLimitException(ApiException other, String remedy) {
        super(other, ErrorCategory.INVALID_INPUT, remedy);
    }

    /**
     * Gives another backend's error of the same meaning this type (MAX: see sdk-max's README); category
     * {@code INVALID_INPUT}, as on VK.
     *
     * @param cause the backend's own exception, kept as {@link #getCause()}
     * @param message what went wrong; must not contain secrets, ids or texts
     * @param remedy what to do about it
     */
    public ChatLimitException(SferumException cause, String message, String remedy) {
        super(cause, ErrorCategory.INVALID_INPUT, message, remedy);
    }
}
