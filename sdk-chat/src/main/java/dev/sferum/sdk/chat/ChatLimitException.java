package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;

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
}
