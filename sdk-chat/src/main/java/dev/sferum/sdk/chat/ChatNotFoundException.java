package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

/**
 * The chat does not exist for the acting account (VK 927; MAX 404 to a call on a chat).
 *
 * <p>Category {@code NOT_FOUND}. Check the chat id: VK chat ids are local to each account, so an id seen by one account may not exist for another.
 *
 * @since 0.1.0
 */
public class ChatNotFoundException extends ChatApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Gives VK's error its chat type; the SDK does this.
     *
     * @param other the error as core decoded it
     * @param remedy what to do about it
     */
    public ChatNotFoundException(ApiException other, String remedy) {
        super(other, ErrorCategory.NOT_FOUND, remedy);
    }

    /**
     * Gives another backend's error of the same meaning this type (MAX: see sdk-max's README); category
     * {@code NOT_FOUND}, as on VK.
     *
     * @param cause the backend's own exception, kept as {@link #getCause()}
     * @param message what went wrong; must not contain secrets, ids or texts
     * @param remedy what to do about it
     */
    public ChatNotFoundException(SferumException cause, String message, String remedy) {
        super(cause, ErrorCategory.NOT_FOUND, message, remedy);
    }
}
