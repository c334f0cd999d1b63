package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.FakeToken;
import dev.sferum.sdk.testkit.RecordedRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every request the fake received, in arrival order, with secrets redacted; and how often each VK method was
 * invoked, counting calls inside {@code execute}. Thread-safe.
 */
public final class RequestLog {

    /** Parameters whose values are secrets on every endpoint. */
    private static final Set<String> SECRETS = Set.of("access_token", "refresh_token", "client_secret",
            "code_verifier", "id_token", "secret_key", "password");

    private final dev.sferum.sdk.testkit.internal.server.RequestLog<RecordedRequest> records =
            new dev.sferum.sdk.testkit.internal.server.RequestLog<>(RecordedRequest::sequence,
                    RecordedRequest::operation);
    private final Map<String, Integer> methodCalls = new HashMap<>();

    void add(RecordedRequest request) {
        records.add(request);
    }

    synchronized void countMethodCall(String method) {
        methodCalls.merge(method, 1, Integer::sum);
    }

    /** All recorded requests, oldest first. */
    public List<RecordedRequest> all() {
        return records.all();
    }

    /** Recorded requests of one operation, oldest first. */
    public List<RecordedRequest> of(String operation) {
        return records.of(operation);
    }

    /** How many HTTP requests of one operation arrived. */
    public int count(String operation) {
        return records.count(operation);
    }

    /** How many times a VK method was invoked, directly or inside execute. */
    public synchronized int methodCalls(String method) {
        return methodCalls.getOrDefault(method, 0);
    }

    /** Forgets every record and counter. */
    public synchronized void clear() {
        records.clear();
        methodCalls.clear();
    }

    /**
     * Copies parameters with secrets replaced by {@code <redacted:FINGERPRINT>}. On non-method endpoints
     * (OAuth, long poll) {@code code} and {@code key} are secrets too; on {@code /method/execute} {@code code}
     * is the script and stays.
     */
    static Map<String, String> redact(Map<String, String> params, boolean vkMethod) {
        Map<String, String> result = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            boolean secret = SECRETS.contains(name) || (!vkMethod && (name.equals("code") || name.equals("key")));
            boolean redact = secret && !value.isEmpty();
            result.put(name, redact ? "<redacted:" + FakeToken.fingerprintOf(value) + ">" : value);
        });
        return result;
    }
}
