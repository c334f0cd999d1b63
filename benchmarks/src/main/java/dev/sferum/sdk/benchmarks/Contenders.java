package dev.sferum.sdk.benchmarks;

import com.vk.api.sdk.client.VkApiClient;
import com.vk.api.sdk.client.actors.GroupActor;
import com.vk.api.sdk.httpclient.HttpTransportClient;
import dev.sferum.sdk.core.AccessToken;
import dev.sferum.sdk.core.ApiAsyncClient;
import dev.sferum.sdk.core.ApiClient;
import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.CallInfo;
import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.RequestListener;
import dev.sferum.sdk.core.ResultType;
import dev.sferum.sdk.core.TokenKind;
import dev.sferum.sdk.core.TokenProvider;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.transport.apache.ApacheTransport;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The clients the load benchmark compares, each making the same {@code messages.send} (same peer, same text, a
 * unique {@code random_id} per call) against the same server.
 */
public final class Contenders {
    /** The community the benchmark posts as. */
    public static final long GROUP_ID = 229_000_001L;
    /** The chat every message goes to. */
    public static final long PEER_ID = 2_000_000_001L;
    /** A realistic message: Cyrillic, so every client percent-encodes UTF-8. */
    public static final String TEXT = "Урок математики перенесён на 10:00, кабинет 204. Не забудьте тетради!";
    /** A community token shaped like VK's. Not a real one. */
    public static final String TOKEN = "vk1.a.Bench0000000000000000000000000000000000000000000000000000000000000000000000000000"
            + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000";

    private Contenders() {
    }

    /** What every contender reports besides successful calls. */
    public static final class Counters {
        /** Failed calls, by exception class and message. */
        public final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        /** Attempts the SDK repeated, by the cause's class and message (the SDK retries idempotent sends). */
        public final Map<String, LongAdder> retries = new ConcurrentHashMap<>();
        /** Completions (of futures the caller sees) that ran on the JDK HttpClient's selector thread. */
        public final LongAdder onSelectorThread = new LongAdder();

        void failure(Throwable e) {
            failures.computeIfAbsent(describe(e), k -> new LongAdder()).increment();
        }

        void retry(Throwable e) {
            retries.computeIfAbsent(describe(e), k -> new LongAdder()).increment();
        }

        static String describe(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root
                    && (root instanceof java.util.concurrent.CompletionException || root instanceof SferumException)) {
                root = root.getCause();
            }
            String m = String.valueOf(root.getMessage());
            if (m.length() > 120) {
                m = m.substring(0, 120) + "…";
            }
            return root == e ? e.getClass().getSimpleName() + ": " + m
                    : e.getClass().getSimpleName() + " <- " + root.getClass().getSimpleName() + ": " + m;
        }
    }

    /** A client whose calls block. */
    public interface Blocking extends AutoCloseable {
        /**
         * @param randomId the call's {@code random_id}
         * @throws Exception if the call fails
         */
        void send(int randomId) throws Exception;

        @Override
        default void close() {
        }
    }

    /** A client whose calls return futures. */
    public interface Async extends AutoCloseable {
        /**
         * @param randomId the call's {@code random_id}
         * @return the call's future
         */
        CompletableFuture<?> send(int randomId);

        @Override
        default void close() {
        }
    }

    /** The contenders, by the name used on the command line and in the report. */
    public enum Kind {
        /** {@code java.net.http.HttpClient} with default settings, doing only the exchange. */
        RAW_DEFAULT("raw HttpClient (default)"),
        /** The same with {@code executor(Runnable::run)}: completions run on the selector thread. */
        RAW_DIRECT("raw HttpClient (executor Runnable::run)"),
        /** Our {@code ApiClient} on its default transport (the JDK {@code HttpClient}), full call path. */
        SDK_SYNC_DEFAULT("sferum ApiClient (sync, default transport)"),
        /** Our {@code ApiAsyncClient} on its default transport, full call path, calls in flight = the row's thread count. */
        SDK_ASYNC_DEFAULT("sferum ApiAsyncClient (default transport, in flight = threads)"),
        /** Our {@code ApiClient} on sdk-transport-apache (Apache HttpClient 5 classic), full call path. */
        SDK_SYNC_APACHE("sferum ApiClient (sync, Apache transport)"),
        /** Our {@code ApiAsyncClient} on sdk-transport-apache, full call path, calls in flight = threads. */
        SDK_ASYNC_APACHE("sferum ApiAsyncClient (Apache transport, in flight = threads)"),
        /** VK's {@code com.vk.api:sdk} 1.0.16, Apache HttpClient 4.5 on the caller's thread, Gson. */
        VK_SDK("com.vk.api:sdk 1.0.16");

        /** The row label. */
        public final String label;

        Kind(String label) {
            this.label = label;
        }

        /** {@return whether the contender is driven through futures} */
        public boolean async() {
            return this == SDK_ASYNC_APACHE || this == SDK_ASYNC_DEFAULT;
        }

        /** {@return the command-line name} */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /**
         * @param id a command-line name
         * @return the kind
         */
        public static Kind byId(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    /**
     * @param kind a blocking contender
     * @param baseUrl the server
     * @param counters where to count failures and retries
     * @return the client
     */
    public static Blocking blocking(Kind kind, String baseUrl, Counters counters) {
        return switch (kind) {
            case RAW_DEFAULT -> new Raw(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), baseUrl);
            case RAW_DIRECT -> new Raw(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build(), baseUrl);
            case SDK_SYNC_APACHE -> new Sync(sdk(baseUrl, counters, true).buildClient());
            case SDK_SYNC_DEFAULT -> new Sync(sdk(baseUrl, counters, false).buildClient());
            case VK_SDK -> new Peer(baseUrl);
            case SDK_ASYNC_APACHE, SDK_ASYNC_DEFAULT -> throw new IllegalArgumentException(kind + " is async");
        };
    }

    /**
     * @param kind an async contender
     * @param baseUrl the server
     * @param counters where to count failures, retries and selector-thread completions
     * @return the client
     */
    public static Async async(Kind kind, String baseUrl, Counters counters) {
        if (!kind.async()) {
            throw new IllegalArgumentException(kind + " is blocking");
        }
        return new AsyncSdk(sdk(baseUrl, counters, kind == Kind.SDK_ASYNC_APACHE).buildAsyncClient());
    }

    /**
     * The SDK as an application would configure it, with a budget high enough never to bind and a listener on.
     *
     * @param apache sdk-transport-apache's {@code ApacheTransport.factory()}, or the default JDK {@code HttpClient}
     */
    static ApiClientBuilder sdk(String baseUrl, Counters counters, boolean apache) {
        RequestListener listener = new RequestListener() {
            @Override
            public void retryScheduled(CallInfo call, int nextAttempt, Duration delay, SferumException cause) {
                counters.retry(cause);
            }
        };
        ClientConfig.Builder config = ClientConfig.builder()
                .baseUrl(baseUrl)
                .rateLimits(RateLimits.builder().perSecond(TokenKind.COMMUNITY, 1_000_000).build())
                .addListener(listener);
        if (apache) {
            config.transport(ApacheTransport.factory());
        }
        return ApiClient.builder().config(config.build()).tokenProvider(TokenProvider.of(AccessToken.community(TOKEN, GROUP_ID)));
    }

    /** The form every raw exchange posts, the same bytes the SDK sends. */
    static byte[] rawForm(int randomId) {
        return ("peer_id=" + PEER_ID + "&random_id=" + randomId + "&message=" + ENCODED_TEXT + "&v=5.199").getBytes(StandardCharsets.US_ASCII);
    }

    private static final String ENCODED_TEXT = URLEncoder.encode(TEXT, StandardCharsets.UTF_8);

    /** The JDK client doing only the exchange: what any SDK on it costs at least. */
    static final class Raw implements Blocking {
        private final HttpClient http;
        private final URI uri;
        private final String authorization = "Bearer " + TOKEN;

        Raw(HttpClient http, String baseUrl) {
            this.http = http;
            this.uri = URI.create(baseUrl + "/method/messages.send");
        }

        @Override
        public void send(int randomId) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(rawForm(randomId)))
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            if (response.statusCode() != 200 || body.length < 12 || body[2] != 'r') {
                throw new IOException("unexpected answer: HTTP " + response.statusCode() + " " + new String(body, StandardCharsets.UTF_8));
            }
        }
    }

    private static final ResultType<Long> MESSAGE_ID = ResultType.of(Long.class);

    private static ApiRequest sendRequest(int randomId) {
        return ApiRequest.builder("messages.send")
                .param("peer_id", PEER_ID)
                .param("random_id", randomId)
                .param("message", TEXT)
                .build();
    }

    static final class Sync implements Blocking {
        private final ApiClient api;

        Sync(ApiClient api) {
            this.api = api;
        }

        @Override
        public void send(int randomId) {
            Long id = api.call(sendRequest(randomId), MESSAGE_ID);
            if (id == null || id <= 0) {
                throw new IllegalStateException("no message id: " + id);
            }
        }

        @Override
        public void close() {
            api.close();
        }
    }

    static final class AsyncSdk implements Async {
        private final ApiAsyncClient api;

        AsyncSdk(ApiAsyncClient api) {
            this.api = api;
        }

        @Override
        public CompletableFuture<?> send(int randomId) {
            return api.call(sendRequest(randomId), MESSAGE_ID).thenApply(id -> {
                if (id == null || id <= 0) {
                    throw new IllegalStateException("no message id: " + id);
                }
                return id;
            });
        }

        @Override
        public void close() {
            api.close();
        }
    }

    /** VK's SDK, pointed at the loopback server instead of {@code https://api.vk.com/method/}. */
    static final class Peer implements Blocking {
        private final VkApiClient vk;
        private final GroupActor actor = new GroupActor(GROUP_ID, TOKEN);

        Peer(String baseUrl) {
            String endpoint = baseUrl + "/method/";
            this.vk = new VkApiClient(HttpTransportClient.getInstance()) {
                @Override
                public String getApiEndpoint() {
                    return endpoint;
                }
            };
        }

        @Override
        public void send(int randomId) throws Exception {
            Integer id = vk.messages().sendDeprecated(actor).peerId(PEER_ID).randomId(randomId).message(TEXT).execute();
            if (id == null || id <= 0) {
                throw new IllegalStateException("no message id: " + id);
            }
        }
    }

    /** {@return every contender, in the report's order} */
    public static List<Kind> all() {
        return List.of(Kind.values());
    }
}
