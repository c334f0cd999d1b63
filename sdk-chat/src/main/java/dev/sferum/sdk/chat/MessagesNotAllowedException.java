package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;

/**
 * The recipient has not allowed the acting community to message them (VK 901, 932, 987, 988) or their privacy settings forbid it (902).
 *
 * <p>Category {@code PERMISSION}. Never retried. Send the user the chat's invite link through another channel, or have them write to the community first.
 *
 * @since 0.1.0
 */
public class MessagesNotAllowedException extends ChatApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Gives VK's error its chat type; the SDK does this.
     *
     * @param other the error as core decoded it
     * @param remedy what to do about it
     */
    public MessagesNotAllowedException(ApiException other, String remedy) {
        super(other, ErrorCategory.PERMISSION, remedy);
    }
}
