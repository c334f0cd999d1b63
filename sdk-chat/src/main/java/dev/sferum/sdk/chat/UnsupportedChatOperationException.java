package dev.sferum.sdk.chat;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

/**
 * The chat backend, or the account it acts as, cannot do this at all: for example adding a member with a VK
 * community token (VK's {@code addChatUser} takes user tokens only), or creating a chat on MAX. Thrown (or the
 * future fails with it) before any I/O; {@link ChatClient#capabilities()} tells in advance.
 *
 * <p>Category {@code NOT_SUPPORTED}; the remedy names the alternative.
 *
 * @since 0.1.0
 */
public class UnsupportedChatOperationException extends SferumException {
    private static final long serialVersionUID = 1L;

    /** The client operation the backend cannot do, such as {@code addMember}. */
    private final String operation;

    /**
     * Creates the exception.
     *
     * @param operation the client operation, such as {@code addMember}
     * @param message why it is not possible
     * @param remedy what to do instead
     */
    public UnsupportedChatOperationException(String operation, String message, String remedy) {
        super(ErrorCategory.NOT_SUPPORTED, null, message, remedy, null);
        this.operation = operation;
    }

    /** {@return the client operation that is not supported, such as {@code addMember}} */
    public String operation() {
        return operation;
    }
}
