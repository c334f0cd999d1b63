package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.exception.ErrorCategory;

import java.util.Optional;

/**
 * The user's VK ID grant cannot be used any more — the refresh token was revoked, expired, already used, or no grant
 * is stored — so the application must send the user through sign-in again ({@link VkIdClient#startSignIn()}).
 *
 * <pre>{@code
 * try {
 *     chats.send(...);
 * } catch (SignInRequiredException e) {
 *     return redirectTo(vkid.startSignIn().authorizeUri());
 * }
 * }</pre>
 *
 * <p>Its category is {@link ErrorCategory#TOKEN}. The SDK does not retry it, and it refuses further refreshes with
 * the dead refresh token without asking VK again, until a new grant is stored under the same key.
 *
 * @since 0.1.0
 */
public final class SignInRequiredException extends VkIdException {
    private static final long serialVersionUID = 1L;

    /** The grant's key in the store, or {@code null}. */
    private final String grantKey;

    SignInRequiredException(String endpoint, String grantKey, String message, String error, String errorDescription) {
        super(ErrorCategory.TOKEN, endpoint, message, "send the user through VK ID sign-in again (VkIdClient.startSignIn)", error,
                errorDescription, null);
        this.grantKey = grantKey;
    }

    /** {@return the key of the grant in the {@link TokenStore}, if the failure concerns a stored grant} */
    public Optional<String> grantKey() {
        return Optional.ofNullable(grantKey);
    }
}
