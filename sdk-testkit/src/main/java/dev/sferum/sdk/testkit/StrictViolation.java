package dev.sferum.sdk.testkit;

import java.util.Objects;

/**
 * One request a fake in strict mode refused because it breaks the API's own schema (VK's 5.199 JSON schema, MAX's
 * OpenAPI): a parameter the schema does not list, a missing required one, a value of the wrong type, range or enum,
 * a required body key missing, or a token kind the method does not accept. The request itself was answered the way
 * the real server answers it (VK: error 100 naming the parameter, or 27/28/15 for the token kind; MAX: 400
 * {@code proto.payload}); this record lets a test assert that none happened:
 *
 * <pre>{@code
 * assertThat(fake.strictViolations()).isEmpty();
 * }</pre>
 *
 * @param operation the operation: a VK method name such as {@code messages.send} (inner calls of {@code execute}
 *                  by their own name), or a MAX method and path template such as {@code POST /messages}
 * @param parameter what broke the rule: a parameter name, a body path such as {@code body.text}, or
 *                  {@code access_token} for a token kind
 * @param rule      which rule
 * @param message   the message the fake answered with
 * @since 0.1.0
 */
public record StrictViolation(String operation, String parameter, Rule rule, String message) {

    /**
     * Checks the components.
     *
     * @param operation the operation: a VK method name such as {@code messages.send} (inner calls of {@code execute}
     *     by their own name), or a MAX method and path template such as {@code POST /messages}
     * @param parameter what broke the rule: a parameter name, a body path such as {@code body.text}, or
     *     {@code access_token} for a token kind
     * @param rule which rule
     * @param message the message the fake answered with
     */
    public StrictViolation {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    /**
     * The schema rule a request broke.
     *
     * @since 0.1.0
     */
    public enum Rule {
        /** A parameter (or query parameter) the schema does not list for the method. */
        UNKNOWN_PARAMETER,
        /** A parameter or body key the schema marks required is missing. */
        MISSING_REQUIRED,
        /** A value of the wrong type, outside its limits or not one of its enum values. */
        INVALID_VALUE,
        /** A token kind the method's {@code access_token_type} does not accept. */
        WRONG_TOKEN_KIND
    }
}
