package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

/**
 * The recipient has not allowed the acting community to message them (VK 901, 932, 987, 988; 950 when the time to reply ran out) or their privacy settings forbid it (902); on MAX, 403 to a message to a user (they blocked or never started the bot).
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

    /**
     * Gives another backend's error of the same meaning this type (MAX: see sdk-max's README); category
     * {@code PERMISSION}, as on VK.
     *
     * @param cause the backend's own exception, kept as {@link #getCause()}
     * @param message what went wrong; must not contain secrets, ids or texts
     * @param remedy what to do about it
     */
    public MessagesNotAllowedException(SferumException cause, String message, String remedy) {
        super(cause, ErrorCategory.PERMISSION, message, remedy);
    }
}
