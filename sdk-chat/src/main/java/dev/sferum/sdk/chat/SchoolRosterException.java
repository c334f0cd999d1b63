package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;

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
}
