package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.Batching;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.Transport;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Coalesces calls of one token made within a short window into one {@code execute} of at most 25 calls. The
 * batch takes one permit of the token's rate budget; each call gets its own answer or its own error, matched
 * from the {@code false} slots to {@code execute_errors} in order.
 */
final class Batcher {
    private static final Logger log = LoggerFactory.getLogger("dev.sferum.sdk.core.batch");

    private final Batching batching;
    private final ClientConfig config;
    private final VkWire wire;
    private final HttpTransport transport;
    private final Map<String, Batch> open = new HashMap<>();

    Batcher(ClientConfig config, VkWire wire, HttpTransport transport) {
        this.batching = config.batching();
        this.config = config;
        this.wire = wire;
        this.transport = transport;
    }

    /**
     * @param request a call
     * @param kind the kind of token it is made with
     * @return whether it may go inside {@code execute}: never for a service token, which {@code execute} does not
     *     take (the schema's {@code access_token_type} for it is user and group only)
     */
    static boolean batchable(ApiRequest request, TokenKind kind) {
        String m = request.method();
        return MethodTable.tokenKinds("execute").contains(kind) && !m.equals("execute") && !m.startsWith("auth.") && !m.startsWith("secure.") && !m.startsWith("oauth.")
                && request.options().apiVersion().isEmpty();
    }

    /**
     * Adds a call to its token's open batch.
     *
     * @param token the token
     * @param request the call
     * @return the call's own answer
     */
    CompletableFuture<Answer> submit(AccessToken token, ApiRequest request) {
        Slot slot = new Slot(request);
        Batch full = null;
        Batch scheduled = null;
        synchronized (open) {
            Batch batch = open.computeIfAbsent(token.fingerprint(), k -> new Batch(token));
            batch.slots.add(slot);
            if (batch.slots.size() >= batching.maxCalls()) {
                open.remove(token.fingerprint());
                full = batch;
            } else if (batch.slots.size() == 1) {
                scheduled = batch;
            }
        }
        if (full != null) {
            flush(full);
        } else if (scheduled != null) {
            Batch b = scheduled;
            config.timeSource().delay(batching.window()).thenRun(() -> {
                boolean mine;
                synchronized (open) {
                    mine = open.get(b.token.fingerprint()) == b;
                    if (mine) {
                        open.remove(b.token.fingerprint());
                    }
                }
                if (mine) {
                    flush(b);
                }
            });
        }
        return slot.answer;
    }

    private void flush(Batch batch) {
        List<Slot> slots = new ArrayList<>(batch.slots);
        slots.removeIf(s -> s.answer.isDone());
        if (slots.isEmpty()) {
            return;
        }
        String code = script(slots);
        Map<String, String> params = Map.of("code", code);
        byte[] body = FormEncoder.encode(params, config.apiVersion());
        RateBudgetStore.Budget budget = config.rateLimits().enabled() ? config.rateLimits().budget(batch.token.kind()) : null;
        Duration timeout = config.attemptTimeout();
        if (log.isDebugEnabled()) {
            log.debug("execute batch of {} calls (token {})", slots.size(), batch.token.fingerprint());
        }
        AtomicReference<RateBudgetStore.Reservation> held = new AtomicReference<>();
        acquire(batch, budget).thenCompose(permit -> {
                    held.set(permit);
                    return send(body, batch.token, timeout).whenComplete((r, e) -> {
                        if (permit != null) {
                            permit.complete();
                        }
                    });
                })
                .whenComplete((response, error) -> {
                    Answer answer;
                    try {
                        if (error != null) {
                            throw HttpTransport.failure("execute", error, timeout);
                        }
                        answer = ResponseParser.parse("execute", response.status(), response.body());
                    } catch (SferumException e) {
                        RateBudgetStore.Reservation permit = held.get();
                        if (budget != null && permit != null && VkWire.isRefusal(e)) {
                            config.rateBudgetStore().throttled(batch.token.fingerprint(), budget, permit);
                        }
                        slots.forEach(s -> s.answer.completeExceptionally(e));
                        return;
                    } catch (RuntimeException e) {
                        SferumException wrapped = HttpTransport.failure("execute", e, timeout);
                        slots.forEach(s -> s.answer.completeExceptionally(wrapped));
                        return;
                    }
                    distribute(slots, answer);
                });
    }

    private CompletableFuture<Transport.Response> send(byte[] body, AccessToken token, Duration timeout) {
        try {
            return transport.sendAsync(wire.exchange("execute", body, token, timeout));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits, without holding a thread, until the batch's token has a free slot; one slot per batch. */
    private CompletableFuture<RateBudgetStore.Reservation> acquire(Batch batch, RateBudgetStore.Budget budget) {
        if (budget == null) {
            return CompletableFuture.completedFuture(null);
        }
        RateBudgetStore.Reservation r = config.rateBudgetStore().reserve(batch.token.fingerprint(), budget);
        if (r.granted()) {
            return CompletableFuture.completedFuture(r);
        }
        return config.timeSource().delay(r.delay()).thenCompose(x -> acquire(batch, budget));
    }

    static void distribute(List<Slot> slots, Answer answer) {
        JsonNode results = answer.response();
        if (!results.isArray() || results.size() != slots.size()) {
            TransportException e = new TransportException(ErrorCategory.TRANSIENT, "execute", TransportException.Failure.MALFORMED_BODY,
                    200, true, "execute answered with " + (results.isArray() ? results.size() + " results" : "no array")
                    + " for " + slots.size() + " calls", "report this: the batch script and VK's answer disagree", null);
            slots.forEach(s -> s.answer.completeExceptionally(e));
            return;
        }
        Iterator<JsonNode> errors = answer.executeErrors().isArray() ? answer.executeErrors().iterator() : List.<JsonNode>of().iterator();
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            JsonNode result = results.get(i);
            if (result.isBoolean() && !result.asBoolean()) {
                if (errors.hasNext()) {
                    slot.answer.completeExceptionally(VkErrors.toException(slot.request.method(), errors.next()));
                } else {
                    slot.answer.completeExceptionally(new TransportException(ErrorCategory.TRANSIENT, slot.request.method(),
                            TransportException.Failure.MALFORMED_BODY, 200, true,
                            slot.request.method() + " failed inside execute without an entry in execute_errors",
                            "retry the call on its own", null));
                }
            } else {
                slot.answer.complete(new Answer(result, JsonNodeFactory.instance.missingNode()));
            }
        }
    }

    /**
     * The VKScript for a batch: one array with one API call per slot, each with its parameters as a JSON object
     * literal, so slot {@code i} of the answer belongs to call {@code i}.
     */
    static String script(List<Slot> slots) {
        StringBuilder sb = new StringBuilder("return [");
        for (int i = 0; i < slots.size(); i++) {
            ApiRequest r = slots.get(i).request;
            ObjectNode args = JsonNodeFactory.instance.objectNode();
            r.params().forEach(args::put);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("API.").append(r.method()).append('(').append(Json.write(args)).append(')');
        }
        return sb.append("];").toString();
    }

    static final class Slot {
        final ApiRequest request;
        final CompletableFuture<Answer> answer = new CompletableFuture<>();

        Slot(ApiRequest request) {
            this.request = request;
        }
    }

    private static final class Batch {
        final AccessToken token;
        final List<Slot> slots = new ArrayList<>();

        Batch(AccessToken token) {
            this.token = token;
        }
    }
}
