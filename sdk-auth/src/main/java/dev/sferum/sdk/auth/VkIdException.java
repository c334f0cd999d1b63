package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;

import java.util.Optional;

/**
 * VK ID or the legacy OAuth server refused a request, or answered in a way the SDK cannot use.
 *
 * <p>When the server sent an OAuth error ({@code {"error": "invalid_client", "error_description": "…"}}) it is kept in
 * {@link #error()} and {@link #errorDescription()}. The {@linkplain #category() category} says what to do:
 * {@code TOKEN} — the token or grant is no longer valid (see {@link SignInRequiredException}); {@code INVALID_INPUT}
 * — the app's configuration or the request is wrong; {@code TRANSIENT} — try again later.
 *
 * <pre>{@code
 * try {
 *     VkIdUser me = vkid.userInfo(r -> r.accessToken(token));
 * } catch (VkIdException e) {
 *     log.warn("VK ID said {}: {}", e.error().orElse("?"), e.getMessage());
 * }
 * }</pre>
 *
 * <p>No message, description or cause carries a code, token or secret.
 *
 * @since 0.1.0
 */
public class VkIdException extends SferumException {
    private static final long serialVersionUID = 1L;

    /** The OAuth {@code error} code, or {@code null}. */
    private final String error;
    /** The scrubbed {@code error_description}, or {@code null}. */
    private final String errorDescription;

    VkIdException(ErrorCategory category, String endpoint, String message, String remedy, String error, String errorDescription,
                  Throwable cause) {
        super(category, endpoint, message, remedy, cause);
        this.error = error;
        this.errorDescription = errorDescription;
    }

    /** {@return the OAuth {@code error} code the server sent, such as {@code invalid_grant}, if it sent one} */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** {@return the server's {@code error_description}, if it sent one (for developers; do not show it to users)} */
    public Optional<String> errorDescription() {
        return Optional.ofNullable(errorDescription);
    }
}
