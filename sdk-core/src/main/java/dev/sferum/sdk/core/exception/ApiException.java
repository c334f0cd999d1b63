package dev.sferum.sdk.core.exception;

import java.util.Map;
import java.util.Optional;

/**
 * VK answered the call with an error object ({@code {"error": {"error_code": …}}}) — or, for the backend-neutral
 * subclasses other modules define (sdk-chat's chat errors), another backend answered with an error of the same
 * meaning: then {@link #errorCode()} is {@code 0}, the VK fields are empty, and {@link #getCause()} is that backend's
 * own exception (such as sdk-max's {@code MaxApiException}).
 *
 * <p>Keeps VK's {@link #errorCode()}, {@link #errorSubcode()}, {@link #errorMsg()} and the
 * {@link #requestParams()} VK echoed back — with {@code access_token} and other secrets replaced by
 * {@code [redacted]}. The {@linkplain #category() category} is derived from the code:
 *
 * <pre>{@code
 * catch (ApiException e) {
 *     if (e.errorCode() == 935) { ... }          // user not in chat
 *     if (e.category() == ErrorCategory.THROTTLED) { ... }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public class ApiException extends SferumException {
    private static final long serialVersionUID = 1L;

    /** VK's {@code error_code}; 0 when the error came from another backend. */
    private final int errorCode;
    /** VK's {@code error_subcode}; null if VK sent none. */
    private final Integer errorSubcode;
    /** VK's {@code error_msg}, English text for developers. */
    private final String errorMsg;
    /** VK's localized {@code error_text}, safe to show a user; null if VK sent none. */
    private final String errorText;
    private final transient Map<String, String> requestParams;
    private final transient HumanCheck humanCheck;

    /**
     * Creates the exception; the SDK does this when decoding VK's answer.
     *
     * @param category the category of {@code errorCode}
     * @param method the API method called
     * @param errorCode VK's {@code error_code}
     * @param errorSubcode VK's {@code error_subcode}, or {@code null}
     * @param errorMsg VK's {@code error_msg}
     * @param errorText VK's localized {@code error_text} (safe to show a user), or {@code null}
     * @param requestParams the echoed request parameters, already redacted
     * @param humanCheck what a person must do, or {@code null}
     * @param remedy how to fix it, or {@code null}
     */
    public ApiException(ErrorCategory category, String method, int errorCode, Integer errorSubcode, String errorMsg,
                        String errorText, Map<String, String> requestParams, HumanCheck humanCheck, String remedy) {
        super(category, method, describe(method, errorCode, errorSubcode, errorMsg), remedy, null);
        this.errorCode = errorCode;
        this.errorSubcode = errorSubcode;
        this.errorMsg = errorMsg == null ? "" : errorMsg;
        this.errorText = errorText;
        this.requestParams = requestParams == null ? Map.of() : Map.copyOf(requestParams);
        this.humanCheck = humanCheck;
    }

    /**
     * Copies another API exception, for subclasses that give a VK error a more specific type.
     *
     * @param other the exception to copy
     * @param category the category to use
     * @param remedy the remedy to use
     */
    protected ApiException(ApiException other, ErrorCategory category, String remedy) {
        this(category, other.method().orElse(null), other.errorCode, other.errorSubcode, other.errorMsg, other.errorText,
                other.requestParams, other.humanCheck, remedy);
        withAttempts(other.attempts());
    }

    /**
     * Gives another backend's error a type of this hierarchy, for subclasses whose meaning is backend-neutral (a chat
     * that does not exist, a bot that is not a chat admin). {@link #errorCode()} is {@code 0} and the VK fields are
     * empty; the method and the attempts are the cause's.
     *
     * @param category the category
     * @param cause the backend's own exception; kept as {@link #getCause()}
     * @param message what went wrong; must not contain secrets
     * @param remedy how to fix it, or {@code null}
     */
    protected ApiException(ErrorCategory category, SferumException cause, String message, String remedy) {
        super(category, java.util.Objects.requireNonNull(cause, "cause").method().orElse(null), message, remedy, cause);
        this.errorCode = 0;
        this.errorSubcode = null;
        this.errorMsg = "";
        this.errorText = null;
        this.requestParams = Map.of();
        this.humanCheck = null;
        withAttempts(cause.attempts());
    }

    private static String describe(String method, int code, Integer subcode, String msg) {
        return "VK API error " + code + (subcode != null ? "/" + subcode : "")
                + (method != null ? " in " + method : "") + ": " + (msg == null ? "" : msg);
    }

    /** {@return VK's {@code error_code}; {@code 0} when the error came from another backend (see {@link #getCause()})} */
    public int errorCode() {
        return errorCode;
    }

    /** {@return VK's {@code error_subcode}, if it sent one} */
    public Optional<Integer> errorSubcode() {
        return Optional.ofNullable(errorSubcode);
    }

    /** {@return VK's {@code error_msg} (English, for developers)} */
    public String errorMsg() {
        return errorMsg;
    }

    /** {@return VK's localized {@code error_text}, safe to show to a user, if it sent one} */
    public Optional<String> errorText() {
        return Optional.ofNullable(errorText);
    }

    /**
     * The parameters VK echoed back, by name, with {@code access_token}, secrets and codes replaced by
     * {@code [redacted]}. Values other than those are as sent and may hold personal data: do not log them.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> requestParams() {
        return requestParams;
    }

    /** {@return what a person must do (captcha, validation, confirmation), for errors 14, 17 and 24} */
    public Optional<HumanCheck> humanCheck() {
        return Optional.ofNullable(humanCheck);
    }
}
