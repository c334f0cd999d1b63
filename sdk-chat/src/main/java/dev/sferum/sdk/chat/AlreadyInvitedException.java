package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

/**
 * A message request was already sent to the user (VK 939, "message request already sent"): they are not in the chat
 * yet and join once they accept it. {@code addMember} answers {@link MemberChangeResult#REQUEST_PENDING} instead of
 * throwing it.
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

    /**
     * Gives another backend's error of the same meaning this type (MAX: see sdk-max's README); category
     * {@code CONFLICT}, as on VK.
     *
     * @param cause the backend's own exception, kept as {@link #getCause()}
     * @param message what went wrong; must not contain secrets, ids or texts
     * @param remedy what to do about it
     */
    public AlreadyInvitedException(SferumException cause, String message, String remedy) {
        super(cause, ErrorCategory.CONFLICT, message, remedy);
    }
}
