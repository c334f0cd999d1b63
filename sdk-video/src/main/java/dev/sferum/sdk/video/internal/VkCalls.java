package dev.sferum.sdk.video.internal;

import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.Secret;
import dev.sferum.sdk.core.exception.ApiException;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import dev.sferum.sdk.video.CallAsyncClient;
import dev.sferum.sdk.video.CallClient;
import dev.sferum.sdk.video.CallId;
import dev.sferum.sdk.video.ShortCredentials;
import dev.sferum.sdk.video.StartCallRequest;
import dev.sferum.sdk.video.StartedCall;
import tools.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@code calls.start} and {@code calls.forceFinish} over the core clients. */
public final class VkCalls {
    static final ResultType<StartedCall> STARTED = ResultType.from(VkCalls::decode);
    static final ResultType<JsonNode> OK = ResultType.json();

    private VkCalls() {
    }

    static ApiRequest startRequest(StartCallRequest r) {
        ApiRequest.Builder b = ApiRequest.builder("calls.start").options(r.options());
        r.groupId().ifPresent(id -> b.param("group_id", id));
        return b.build();
    }

    static ApiRequest finishRequest(CallId id) {
        Objects.requireNonNull(id, "callId");
        if (!id.finishable()) {
            throw new IllegalArgumentException("calls.forceFinish takes a call id of exactly " + CallId.FINISHABLE_LENGTH
                    + " characters, this one has " + id.value().length() + "; end this call in VK (its organizer can)");
        }
        return ApiRequest.builder("calls.forceFinish").param("call_id", id.value()).idempotent(true).build();
    }

    /**
     * Reads {@code calls.start}'s answer. The schema requires only {@code join_link} and {@code ok_join_link}: an
     * answer with a link (with or without {@code call_id}, whatever its length) says the call started. Only an answer
     * that names neither a link nor an id is malformed, and only then may the call not have started.
     */
    static StartedCall decode(JsonNode n) {
        String id = text(n, "call_id");
        String link = text(n, "join_link");
        String okLink = text(n, "ok_join_link");
        if (link == null && okLink == null) {
            if (id == null) {
                throw new TransportException(ErrorCategory.TRANSIENT, "calls.start", TransportException.Failure.MALFORMED_BODY, 200, true,
                        "calls.start answered without call_id or a join link", "the API version may differ; pin 5.199", null);
            }
            // Started (VK gave its id), but there is nothing to post: starting again would make a second call.
            throw new SferumException(ErrorCategory.NEEDS_HUMAN, "calls.start", "calls.start started call " + id
                    + " but answered no join link", "share the call from the VK interface, or finish it there and start again", null);
        }
        ShortCredentials sc = null;
        JsonNode s = n.path("short_credentials");
        if (s.isObject()) {
            String password = text(s, "password");
            String withPassword = text(s, "link_with_password");
            sc = new ShortCredentials(text(s, "id"), password == null ? null : Secret.of(password),
                    text(s, "link_without_password"), withPassword == null ? null : Secret.of(withPassword));
        }
        return new StartedCall(id == null ? null : new CallId(id), link != null ? link : okLink, okLink, sc);
    }

    /** Whether a forceFinish failure means the call is already over. */
    static boolean alreadyFinished(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return e instanceof ApiException a && (a.errorCode() == 104 || (a.errorCode() == 100 && a.errorMsg().toLowerCase().contains("finish")));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asString().isEmpty() ? null : v.asString();
    }

    /** The sync client. */
    public static final class Sync implements CallClient {
        private final ApiClient api;

        /** @param api the core client */
        public Sync(ApiClient api) {
            this.api = Objects.requireNonNull(api, "api");
        }

        @Override
        public StartedCall start(StartCallRequest request) {
            return api.call(startRequest(request), STARTED);
        }

        @Override
        public void finish(CallId callId) {
            try {
                api.call(finishRequest(callId), OK);
            } catch (ApiException e) {
                if (!alreadyFinished(e)) {
                    throw e;
                }
            }
        }
    }

    /** The async client. */
    public static final class Async implements CallAsyncClient {
        private final ApiAsyncClient api;

        /** @param api the core client */
        public Async(ApiAsyncClient api) {
            this.api = Objects.requireNonNull(api, "api");
        }

        @Override
        public CompletableFuture<StartedCall> start(StartCallRequest request) {
            return api.call(startRequest(request), STARTED);
        }

        @Override
        public CompletableFuture<Void> finish(CallId callId) {
            return api.call(finishRequest(callId), OK).handle((r, e) -> {
                if (e != null && !alreadyFinished(e)) {
                    throw e instanceof CompletionException c ? c : new CompletionException(e);
                }
                return null;
            });
        }
    }
}
