package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

/**
 * A Sferum organisation-bound chat refused a user who is not an employee (VK 967) or not a member (1019) of the school organisation.
 *
 * <p>Category {@code PERMISSION}. Never retried: fix the school roster in Sferum (add the user to the organisation with the right role), then repeat.
 *
 * @since 0.1.0
 */
public class SchoolRosterException extends ChatApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Gives VK's error its chat type; the SDK does this.
     *
     * @param other the error as core decoded it
     * @param remedy what to do about it
     */
    public SchoolRosterException(ApiException other, String remedy) {
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
    public SchoolRosterException(SferumException cause, String message, String remedy) {
        super(cause, ErrorCategory.PERMISSION, message, remedy);
    }
}
