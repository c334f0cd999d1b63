/**
 * The SDK's exceptions: one unchecked root, {@link dev.sferum.sdk.core.exception.SferumException}, whose
 * {@link dev.sferum.sdk.core.exception.ErrorCategory category} says what the caller should do.
 *
 * <pre>{@code
 * try {
 *     api.call("messages.send", params);
 * } catch (SferumException e) {
 *     switch (e.category()) {
 *         case TRANSIENT, THROTTLED -> retryLater(e);
 *         case TOKEN -> signInAgain();
 *         case NEEDS_HUMAN, PERMISSION, INVALID_INPUT, NOT_FOUND, CONFLICT, OUTCOME_UNKNOWN, NOT_SUPPORTED -> report(e);
 *     }
 * }
 * }</pre>
 *
 * <p>No exception of this package carries a token or secret in its message, {@code toString()} or cause.
 */
package dev.sferum.sdk.core.exception;
