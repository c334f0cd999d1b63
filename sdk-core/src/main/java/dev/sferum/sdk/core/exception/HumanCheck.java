package dev.sferum.sdk.core.exception;

import java.util.Optional;

/**
 * What VK wants a person to do before the call can succeed: solve a captcha (error 14), pass validation (17) or
 * confirm an action (24). Show it to a user; the SDK never retries these by itself.
 *
 * @param captchaSid the captcha id to send back with the answer ({@code captcha_sid}), or {@code null}
 * @param captchaImg the captcha image URL, or {@code null}
 * @param redirectUri the page where the user passes the check, or {@code null}
 * @param confirmationText the text to show for a confirmation (error 24), or {@code null}
 * @since 0.1.0
 */
public record HumanCheck(String captchaSid, String captchaImg, String redirectUri, String confirmationText) {

    /** {@return the captcha id, if this is a captcha} */
    public Optional<String> captchaSidValue() {
        return Optional.ofNullable(captchaSid);
    }
}
