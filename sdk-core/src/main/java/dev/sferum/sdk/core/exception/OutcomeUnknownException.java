package dev.sferum.sdk.core.exception;

/**
 * A write that is not idempotent may or may not have happened: its request was sent, then the connection broke,
 * the attempt timed out or the server failed before answering. The SDK does not repeat such a call blindly,
 * because that could do the action twice (create two chats, start two calls).
 *
 * <p>Check the state first (for example look for the chat by title, or list the community's calls), then repeat
 * only if the action did not happen. {@code messages.send} never ends here when it carries a {@code random_id}:
 * VK drops the duplicate, so the SDK retries it.
 *
 * <p>{@link #getCause()} is the transport failure.
 *
 * @since 0.1.0
 */
public class OutcomeUnknownException extends SferumException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception for a call whose outcome is unknown.
     *
     * @param method the API method
     * @param cause the failure after the request was sent
     */
    public OutcomeUnknownException(String method, SferumException cause) {
        super(ErrorCategory.OUTCOME_UNKNOWN, method, method + " may or may not have been carried out: " + cause.getMessage(),
                "check whether the action happened before repeating it; the SDK does not repeat writes that are not idempotent", cause);
    }
}
