package dev.sferum.sdk.auth;

/**
 * A held refresh lease on one grant, from {@link TokenStore#tryLease}: while it is held, no other holder — in this
 * process or on another node sharing the store — gets the lease of the same grant, so at most one of them sends the
 * grant's single-use refresh token to VK ID.
 *
 * <pre>{@code
 * Optional<RefreshLease> lease = store.tryLease("vkid:1001", Duration.ofSeconds(30));
 * if (lease.isPresent()) {
 *     try (RefreshLease held = lease.get()) {
 *         // re-read the grant, refresh it, replace(...) it
 *     }
 * }
 * }</pre>
 *
 * <p>A lease ends when it is closed or when its time to live has passed (on the store's clock), whichever comes
 * first; a holder that died therefore blocks the grant only until then. The SDK's refreshing providers take and close
 * leases themselves; applications need this type only to implement a {@link TokenStore}.
 *
 * <p>Implementations must be thread-safe: the SDK may close a lease on another thread than the one that took it.
 *
 * @since 0.1.0
 */
public interface RefreshLease extends AutoCloseable {

    /**
     * Releases the lease if this holder still holds it; does nothing if it has expired and someone else took it
     * (a release must never end another holder's lease), or if it was already released. Idempotent.
     *
     * @throws RuntimeException if the store fails; the lease then ends with its time to live. Messages must not
     *     contain token values.
     */
    @Override
    void close();
}
