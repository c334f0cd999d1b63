package dev.sferum.sdk.auth;

import dev.sferum.sdk.core.exception.ErrorCategory;

/**
 * Completing a sign-in failed: the callback was forged, stale, refused by the user, or VK ID would not exchange the
 * code. Nothing is stored; the user has to start signing in again.
 *
 * <pre>{@code
 * try {
 *     SignInResult done = vkid.completeSignIn(SignInCallback.fromUri(requestUri));
 * } catch (SignInFailedException e) {
 *     switch (e.reason()) {
 *         case DENIED -> showPage("You declined to sign in with VK ID.");
 *         default -> showPage("Sign-in failed, please try again.");
 *     }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SignInFailedException extends VkIdException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The callback had no {@code state}: it was not sent by VK ID for a sign-in this application started. */
        STATE_MISSING(ErrorCategory.INVALID_INPUT),
        /**
         * No sign-in is waiting for the callback's {@code state}: it is forged (a CSRF attempt), was already used, or
         * was started on another server or before a restart (with the in-memory {@link PendingSignInStore}).
         */
        STATE_UNKNOWN(ErrorCategory.INVALID_INPUT),
        /** The sign-in was started longer ago than {@link VkIdConfig#signInTimeout()}. */
        EXPIRED(ErrorCategory.TOKEN),
        /** The user declined ({@code error=access_denied}). */
        DENIED(ErrorCategory.PERMISSION),
        /** The callback is malformed: a parameter given twice, or no {@code code} or {@code device_id}. */
        CALLBACK_MALFORMED(ErrorCategory.INVALID_INPUT),
        /** The callback came to another address than the sign-in's redirect URI, or VK ID said the redirect URI does not match. */
        REDIRECT_URI_MISMATCH(ErrorCategory.INVALID_INPUT),
        /** VK ID refused the code: it was already used, has expired, or does not match the code verifier. */
        CODE_REJECTED(ErrorCategory.TOKEN),
        /** VK ID answered the exchange without a required field, with another {@code state}, or with a token type other than Bearer. */
        RESPONSE_INVALID(ErrorCategory.TOKEN),
        /** VK ID reported another error (see {@link VkIdException#error()}). */
        PROVIDER_ERROR(ErrorCategory.INVALID_INPUT);

        private final ErrorCategory category;

        Reason(ErrorCategory category) {
            this.category = category;
        }

        /** {@return the category a failure for this reason has, unless VK ID's error says otherwise} */
        public ErrorCategory category() {
            return category;
        }
    }

    /** What went wrong. */
    private final Reason reason;

    SignInFailedException(Reason reason, ErrorCategory category, String endpoint, String message, String remedy, String error,
                          String errorDescription) {
        super(category, endpoint, message, remedy, error, errorDescription, null);
        this.reason = reason;
    }

    SignInFailedException(Reason reason, String message, String remedy) {
        this(reason, reason.category(), "VK ID sign-in", message, remedy, null, null);
    }

    /** {@return what went wrong} */
    public Reason reason() {
        return reason;
    }
}
