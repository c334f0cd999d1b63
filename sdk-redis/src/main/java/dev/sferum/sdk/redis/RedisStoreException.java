package dev.sferum.sdk.redis;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

/**
 * Redis could not be used: unreachable, refused the credentials, or answered something the store cannot work with.
 *
 * <p>The message names the host and port, never the password. {@link #category()} is
 * {@link ErrorCategory#TRANSIENT} when the server could not be reached (it may come back) and
 * {@link ErrorCategory#PERMISSION} when it refused the credentials (fix the configuration).
 *
 * <pre>{@code
 * try (RedisStores redis = RedisStores.connect(config)) {
 *     ...
 * } catch (RedisStoreException e) {
 *     log.error("shared stores unavailable: {}", e.getMessage()); // "cannot reach Redis at 10.0.0.5:6379 ..."
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public class RedisStoreException extends SferumException {
    private static final long serialVersionUID = 1L;

    /** Host:port of the Redis server concerned. */
    private final String address;

    /**
     * Makes an exception for a failed Redis operation.
     *
     * @param category what the caller should do
     * @param address host:port of the Redis server
     * @param message what went wrong, without secrets
     * @param remedy how to fix it
     * @param cause the driver's exception, if it holds no secret
     */
    public RedisStoreException(ErrorCategory category, String address, String message, String remedy, Throwable cause) {
        super(category, null, message, remedy, cause);
        this.address = address;
    }

    /** {@return host:port of the Redis server concerned} */
    public String address() {
        return address;
    }
}
