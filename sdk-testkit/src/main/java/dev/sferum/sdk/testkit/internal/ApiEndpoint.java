package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.Fault;
import dev.sferum.sdk.testkit.RecordedRequest.Outcome;
import dev.sferum.sdk.testkit.StrictViolation;
import dev.sferum.sdk.testkit.TokenKind;
import dev.sferum.sdk.testkit.internal.server.FaultPlan;
import dev.sferum.sdk.testkit.internal.server.StrictLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /method/<name>}: VK's request checks in VK's order, then the method, wrapped in VK's envelope.
 *
 * <p>Order of checks: HTTP method (9999), JSON body (8), unknown method (3), {@code v} missing or malformed
 * (100), token missing/invalid/expired (5), token kind from the schema's {@code access_token_type} (27/28/15, also on
 * {@code execute} and each call inside it), in strict mode the parameters against the schema (100 naming the
 * parameter), rate limit (6), then the method's own parameter and state checks.
 */
public final class ApiEndpoint implements Gateway.Endpoint {

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");
    private static final VkSchema.Method EXECUTE = VkSchema.get().require("execute");

    private final World world;
    private final ApiMethods methods;
    private final FaultPlan<Fault> faults;
    private final RequestLog log;
    private final RateLimiter rateLimiter;
    private final StrictLog strictLog;
    private final boolean strict;

    /** Creates the endpoint over the world's methods. */
    public ApiEndpoint(World world, ApiMethods methods, FaultPlan<Fault> faults, RequestLog log, StrictLog strictLog) {
        this.world = world;
        this.methods = methods;
        this.faults = faults;
        this.log = log;
        this.rateLimiter = new RateLimiter(world.settings);
        this.strictLog = strictLog;
        this.strict = world.settings.strict();
    }

    @Override
    public CompletableFuture<Reply> handle(HttpCall call, String name) {
        try {
            return CompletableFuture.completedFuture(invoke(call, name));
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(errorReply(e, name, call, e.getMessage()));
        }
    }

    private Reply invoke(HttpCall call, String name) {
        if (!call.httpMethod().equals("GET") && !call.httpMethod().equals("POST")) {
            throw new ApiException(9999, call.httpMethod() + " is not supported, use POST or GET");
        }
        if (call.jsonBody()) {
            throw new ApiException(8, "JSON bodies are not supported; send parameters as "
                    + "application/x-www-form-urlencoded or multipart/form-data");
        }
        boolean execute = name.equals("execute");
        ApiMethods.Method method = methods.find(name);
        if (method == null && !execute) {
            throw new ApiException(3);
        }
        Params params = new Params(call.params());
        String version = params.raw("v");
        if (version == null) {
            throw ApiException.missing("v");
        }
        if (!VERSION.matcher(version).matches()) {
            throw ApiException.invalid("v", "should look like 5.199, got " + version);
        }
        String tokenValue = call.bearerToken() != null ? call.bearerToken() : params.raw("access_token");
        log.countMethodCall(name);
        return world.locked(() -> {
            TokenRecord token = world.authenticate(tokenValue);
            checkKind(name, execute ? EXECUTE.kinds() : method.kinds(), token.kind);
            checkStrict(execute ? EXECUTE : method.schema(), call.params());
            if (!rateLimiter.tryAcquire(token.fingerprint, token.kind)) {
                throw new ApiException(6);
            }
            Caller caller = world.caller(token);
            if (execute) {
                return Reply.ok(execute(caller, params));
            }
            return Reply.ok(Json.response(method.handler().handle(caller, params)));
        });
    }

    /** Refuses a token kind the method's schema entry does not list (27, 28 or 15), and records the refusal. */
    private void checkKind(String method, Set<TokenKind> kinds, TokenKind kind) {
        try {
            ApiMethods.checkKind(kinds, kind);
        } catch (ApiException e) {
            strictLog.add(new StrictViolation(method, "access_token", StrictViolation.Rule.WRONG_TOKEN_KIND,
                    e.getMessage()));
            throw e;
        }
    }

    /**
     * In strict mode, refuses parameters that break the method's schema entry with error 100 naming the parameter,
     * as VK does, and records the refusal.
     */
    private void checkStrict(VkSchema.Method method, Map<String, String> params) {
        if (!strict) {
            return;
        }
        Optional<StrictViolation> violation = VkSchema.get().check(method, params);
        if (violation.isPresent()) {
            strictLog.add(violation.get());
            String message = violation.get().message();
            String prefix = VkErrors.table().description(100) + ": ";
            throw new ApiException(100, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        }
    }

    /**
     * Runs an {@code execute} script of the supported subset (see {@link ExecuteScript}); each inner call runs
     * as if called alone with the same token, but takes no rate budget. A failed call yields {@code false} in
     * its slot and an entry in the top-level {@code execute_errors}, in call order.
     */
    private ObjectNode execute(Caller caller, Params params) {
        ExecuteScript.Parsed script = ExecuteScript.parse(params.requireString("code"));
        ArrayNode results = Json.array();
        ArrayNode errors = Json.array();
        for (ExecuteScript.Call call : script.calls()) {
            log.countMethodCall(call.method());
            try {
                Fault injected = faults.takeIf(call.method(), f -> f.kind() == Fault.Kind.VK_ERROR);
                if (injected != null) {
                    throw new ApiException(injected.code());
                }
                ApiMethods.Method method = methods.find(call.method());
                if (method == null) {
                    throw new ApiException(3, call.method());
                }
                checkKind(method.name(), method.kinds(), caller.kind());
                Map<String, String> inner = new LinkedHashMap<>(call.params());
                checkStrict(method.schema(), inner);
                inner.putIfAbsent("v", params.requireString("v"));
                results.add(method.handler().handle(caller, new Params(inner)));
            } catch (ApiException e) {
                results.add(BooleanNode.FALSE);
                ObjectNode error = errors.addObject();
                error.put("method", call.method());
                error.put("error_code", e.code());
                error.put("error_msg", e.getMessage());
            }
        }
        ObjectNode envelope = Json.response(script.array() ? results : results.get(0));
        if (!errors.isEmpty()) {
            envelope.set("execute_errors", errors);
        }
        return envelope;
    }

    /**
     * VK's error envelope: code, message, optional subcode, and {@code request_params} echoing the method and
     * every parameter, including {@code access_token} when it came as a parameter, as VK does.
     */
    static Reply errorReply(ApiException e, String method, HttpCall call, String detail) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("error_code", e.code());
        if (e.subcode() != 0) {
            error.put("error_subcode", e.subcode());
        }
        error.put("error_msg", e.getMessage());
        addCodeSpecificFields(error, e.code());
        ArrayNode echo = error.putArray("request_params");
        addParam(echo, "method", method);
        boolean hasToken = call.bearerToken() != null || call.params().containsKey("access_token");
        if (hasToken) {
            addParam(echo, "oauth", "1");
        }
        call.params().forEach((key, value) -> addParam(echo, key, value));
        return Reply.json(200, root, Outcome.API_ERROR, e.code(), detail);
    }

    /**
     * The extra fields VK sends with errors that need a human: 14 captcha ({@code captcha_sid},
     * {@code captcha_img}), 17 validation ({@code redirect_uri}), 24 confirmation ({@code confirmation_text}).
     * The fake never raises these itself; they come from injected faults. Values are fixed placeholders.
     */
    private static void addCodeSpecificFields(ObjectNode error, int code) {
        switch (code) {
            case 14:
                error.put("captcha_sid", "238485315412");
                error.put("captcha_img", "https://api.vk.com/captcha.php?sid=238485315412&s=1");
                break;
            case 17:
                error.put("redirect_uri", "https://id.vk.com/validate?sid=238485315412");
                break;
            case 24:
                error.put("confirmation_text", "Подтвердите действие");
                break;
            default:
                break;
        }
    }

    private static void addParam(ArrayNode echo, String key, String value) {
        ObjectNode param = echo.addObject();
        param.put("key", key);
        param.put("value", value);
    }
}
