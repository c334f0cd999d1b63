package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

/**
 * Another holder — usually another node sharing the {@link TokenStore} — kept a grant's refresh lease for the whole
 * wait ({@link VkIdConfig#refreshLease()} twice over) and no refreshed grant appeared in the store, so this caller
 * neither got a fresh token nor was allowed to refresh itself.
 *
 * <p>Its category is {@link ErrorCategory#TRANSIENT}: a later call usually finds the refreshed grant, or takes the
 * lease after the holder's has expired. If it repeats, the nodes cannot reach VK ID within the lease, or a store's
 * lease does not expire. The message names the grant key, never a token.
 *
 * @since 0.1.0
 */
public final class RefreshLeaseTimeoutException extends SferumException {
    private static final long serialVersionUID = 1L;

    /** The grant's key in the store. */
    private final String grantKey;

    RefreshLeaseTimeoutException(String grantKey, java.time.Duration waited) {
        super(ErrorCategory.TRANSIENT, VkIdCore.TOKEN_ENDPOINT, "the refresh lease of VK ID grant " + grantKey + " stayed with another "
                + "holder for " + waited + " and no refreshed grant appeared in the token store",
                "try again; if it repeats, check that every node reaches VK ID within VkIdConfig.refreshLease and that the "
                        + "TokenStore's leases expire", null);
        this.grantKey = grantKey;
    }

    /** {@return the key of the grant whose refresh this caller waited for} */
    public String grantKey() {
        return grantKey;
    }
}
