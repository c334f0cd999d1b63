package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

/**
 * The acting account is not an admin of the chat (VK 925; MAX 403 to a call that needs a chat admin: rename, members, pin).
 *
 * <p>Category {@code PERMISSION}. Make the community an admin of the chat in the chat's settings, then repeat the call.
 *
 * @since 0.1.0
 */
public class NotChatAdminException extends ChatApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Gives VK's error its chat type; the SDK does this.
     *
     * @param other the error as core decoded it
     * @param remedy what to do about it
     */
    public NotChatAdminException(ApiException other, String remedy) {
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
    public NotChatAdminException(SferumException cause, String message, String remedy) {
        super(cause, ErrorCategory.PERMISSION, message, remedy);
    }
}
