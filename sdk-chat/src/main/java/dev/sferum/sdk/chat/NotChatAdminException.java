package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;

/**
 * The acting account is not an admin of the chat (VK 925).
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
}
