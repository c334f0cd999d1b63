package dev.sferum.sdk.testkit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The subset of VKScript the fake runs for {@code execute}: exactly what a batcher emits.
 *
 * <pre>
 * script := "return" ( call | "[" call ("," call)* "]" ) ";"?
 * call   := "API." section "." method "(" object? ")"
 * object := a JSON object literal; names may be unquoted and strings single-quoted
 * </pre>
 *
 * <p>Whitespace and {@code //} or {@code /* *&#47;} comments may appear between tokens. Object values become form
 * parameters the way a client would send them: strings as is, numbers in decimal, booleans as 1/0, arrays of
 * scalars comma-joined, nested objects and arrays as JSON text; {@code null} leaves the parameter out. Anything
 * else (variables, {@code Args}, operators, loops, {@code @.} projections) is rejected with error 12.
 */
final class ExecuteScript {

    /** VK's limit of API calls per execute. */
    static final int MAX_CALLS = 25;

    /** One {@code API.section.method({...})} call. */
    record Call(String method, Map<String, String> params) {
    }

    private final String code;
    private int pos;

    private ExecuteScript(String code) {
        this.code = code;
    }

    /** The calls of a script, and whether it returns an array (true) or a single call's result (false). */
    record Parsed(List<Call> calls, boolean array) {
    }

    /**
     * Parses a script.
     *
     * @throws ApiException 12 when the script is outside the subset, 13 beyond 25 calls
     */
    static Parsed parse(String code) {
        return new ExecuteScript(code).script();
    }

    private Parsed script() {
        skipSpace();
        if (!code.startsWith("return", pos) || pos + 6 < code.length()
                && Character.isJavaIdentifierPart(code.charAt(pos + 6))) {
            throw compile("the fake runs only scripts of the form `return [API.a.b({...}), ...];`, "
                    + "expected `return`");
        }
        pos += 6;
        skipSpace();
        List<Call> calls = new ArrayList<>();
        boolean array = peek() == '[';
        if (array) {
            pos++;
            skipSpace();
            if (peek() != ']') {
                calls.add(call());
                skipSpace();
                while (peek() == ',') {
                    pos++;
                    skipSpace();
                    calls.add(call());
                    skipSpace();
                }
            }
            expect(']');
        } else {
            calls.add(call());
        }
        skipSpace();
        if (peek() == ';') {
            pos++;
        }
        skipSpace();
        if (pos != code.length()) {
            throw compile("unexpected text after the return statement");
        }
        if (calls.size() > MAX_CALLS) {
            throw new ApiException(13, "too many API calls in one execute: " + calls.size() + ", at most "
                    + MAX_CALLS);
        }
        return new Parsed(calls, array);
    }

    private Call call() {
        if (!code.startsWith("API.", pos)) {
            throw compile("expected an API call `API.section.method({...})`");
        }
        pos += 4;
        String section = identifier();
        expect('.');
        String method = identifier();
        skipSpace();
        expect('(');
        skipSpace();
        Map<String, String> params = new LinkedHashMap<>();
        if (peek() == '{') {
            int start = pos;
            int end = objectEnd();
            JsonNode args;
            try {
                args = Json.parseLenient(code.substring(start, end));
            } catch (JacksonException e) {
                throw compile("the argument of API." + section + "." + method + " is not an object literal");
            }
            args.properties().forEach(entry -> {
                String value = formValue(entry.getValue());
                if (value != null) {
                    params.put(entry.getKey(), value);
                }
            });
            pos = end;
            skipSpace();
        }
        expect(')');
        return new Call(section + "." + method, params);
    }

    private static String formValue(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "1" : "0";
        }
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isNumber()) {
            return value.isIntegralNumber() ? value.bigIntegerValue().toString() : value.numberValue().toString();
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode item : value) {
                parts.add(item.isContainer() ? Json.text(item) : formValue(item));
            }
            return String.join(",", parts);
        }
        return Json.text(value);
    }

    private String identifier() {
        int start = pos;
        while (pos < code.length() && (Character.isLetterOrDigit(code.charAt(pos)) || code.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos || Character.isDigit(code.charAt(start))) {
            throw compile("expected a name");
        }
        return code.substring(start, pos);
    }

    /** Index just past the object literal starting at pos, respecting strings. */
    private int objectEnd() {
        int depth = 0;
        int i = pos;
        while (i < code.length()) {
            char ch = code.charAt(i);
            if (ch == '"' || ch == '\'') {
                i++;
                while (i < code.length() && code.charAt(i) != ch) {
                    i += code.charAt(i) == '\\' ? 2 : 1;
                }
            } else if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        throw compile("an object literal is not closed");
    }

    private void skipSpace() {
        while (pos < code.length()) {
            char ch = code.charAt(pos);
            if (Character.isWhitespace(ch)) {
                pos++;
            } else if (code.startsWith("//", pos)) {
                int end = code.indexOf('\n', pos);
                pos = end < 0 ? code.length() : end + 1;
            } else if (code.startsWith("/*", pos)) {
                int end = code.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw compile("a comment is not closed");
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private char peek() {
        return pos < code.length() ? code.charAt(pos) : '\0';
    }

    private void expect(char ch) {
        if (peek() != ch) {
            throw compile("expected `" + ch + "`");
        }
        pos++;
    }

    private ApiException compile(String problem) {
        return new ApiException(12, problem + " at position " + pos);
    }
}
