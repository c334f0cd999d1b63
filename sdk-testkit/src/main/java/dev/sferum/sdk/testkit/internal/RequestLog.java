package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.FakeToken;
import dev.sferum.sdk.testkit.RecordedRequest;
import java.util.ArrayList;
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

    private final List<RecordedRequest> records = new ArrayList<>();
    private final Map<String, Integer> methodCalls = new HashMap<>();
    private long nextSequence = 1;

    synchronized long nextSequence() {
        return nextSequence++;
    }

    synchronized void add(RecordedRequest request) {
        int i = records.size();
        while (i > 0 && records.get(i - 1).sequence() > request.sequence()) {
            i--;
        }
        records.add(i, request);
    }

    synchronized void countMethodCall(String method) {
        methodCalls.merge(method, 1, Integer::sum);
    }

    /** All recorded requests, oldest first. */
    public synchronized List<RecordedRequest> all() {
        return List.copyOf(records);
    }

    /** Recorded requests of one operation, oldest first. */
    public synchronized List<RecordedRequest> of(String operation) {
        return records.stream().filter(r -> r.operation().equals(operation)).toList();
    }

    /** How many HTTP requests of one operation arrived. */
    public synchronized int count(String operation) {
        return (int) records.stream().filter(r -> r.operation().equals(operation)).count();
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
