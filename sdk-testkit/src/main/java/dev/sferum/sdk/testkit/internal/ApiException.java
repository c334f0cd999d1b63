package dev.sferum.sdk.testkit.internal;

/**
 * A VK API error raised by a fake method; becomes {@code {"error": {...}}} on the wire.
 *
 * <p>The message follows VK's form: the schema's description, then {@code ": " + detail} when there is one.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final int subcode;

    /** Creates an error with VK's description for the code and no detail. */
    public ApiException(int code) {
        this(code, 0, null);
    }

    /** Creates an error with VK's description for the code followed by {@code ": " + detail}. */
    public ApiException(int code, String detail) {
        this(code, 0, detail);
    }

    /** Creates an error with a subcode (0 = none). */
    public ApiException(int code, int subcode, String detail) {
        super(message(code, detail), null, false, false);
        this.code = code;
        this.subcode = subcode;
    }

    /** VK's {@code error_code}. */
    public int code() {
        return code;
    }

    /** VK's {@code error_subcode}, 0 when absent. */
    public int subcode() {
        return subcode;
    }

    /** Missing required parameter: error 100 with VK's "&lt;name&gt; is undefined" detail. */
    public static ApiException missing(String param) {
        return new ApiException(100, param + " is undefined");
    }

    /** Invalid parameter value: error 100 with a detail naming the parameter and the rule. */
    public static ApiException invalid(String param, String rule) {
        return new ApiException(100, param + " " + rule);
    }

    private static String message(int code, String detail) {
        String description = VkErrors.table().description(code);
        return detail == null || detail.isEmpty() ? description : description + ": " + detail;
    }
}
