package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

/**
 * The {@link EventDedupeStore} could not say whether an event was seen before (its database or server is down or
 * refused the statement), so the {@link EventStream} refused the event: nothing was queued. The sender should hand the
 * same event again later; the SDK's receivers answer 503 and its long polls back off and fetch the batch again.
 *
 * <p>{@link #category()} is the cause's when the store threw a {@link SferumException} (such as sdk-jdbc's
 * {@code JdbcStoreException}: {@code TRANSIENT} when the database cannot be reached), otherwise {@code TRANSIENT}. The
 * message names the store's failure, never the event's key or content.
 *
 * @since 0.1.0
 */
public class EventDedupeException extends SferumException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes an exception for a failed event de-duplication.
     *
     * @param category what the caller should do
     * @param message what failed, without event content
     * @param remedy how to fix it
     * @param cause the store's failure, or {@code null}
     */
    public EventDedupeException(ErrorCategory category, String message, String remedy, Throwable cause) {
        super(category, null, message, remedy, cause);
    }
}
