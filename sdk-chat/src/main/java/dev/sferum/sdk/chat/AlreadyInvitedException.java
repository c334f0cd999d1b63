package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;

/**
 * The user is already in the chat or already invited (VK 939). {@code addMember} counts this as done and does not throw it.
 *
 * <p>Category {@code CONFLICT}. Nothing to do.
 *
 * @since 0.1.0
 */
public class AlreadyInvitedException extends ChatApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Gives VK's error its chat type; the SDK does this.
     *
     * @param other the error as core decoded it
     * @param remedy what to do about it
     */
    public AlreadyInvitedException(ApiException other, String remedy) {
        super(other, ErrorCategory.CONFLICT, remedy);
    }
}
