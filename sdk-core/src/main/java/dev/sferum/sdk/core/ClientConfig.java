package dev.sferum.sdk.core;

import dev.sferum.sdk.core.internal.Require;
import dev.sferum.sdk.core.internal.VkWire;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How an {@link ApiClient} reaches the VK API: host, API version, timeouts, the HTTP client, clock and listeners.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder()
 *         .baseUrl("https://api.vk.ru")          // default https://api.vk.com
 *         .attemptTimeout(Duration.ofSeconds(5))
 *         .addListener(metrics)
 *         .build();
 * ClientConfig slower = config.toBuilder().callTimeout(Duration.ofMinutes(2)).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; share one config between the sync and async clients of an application.
 *
 * @since 0.1.0
 */
public final class ClientConfig {
    /** The default API base, {@code https://api.vk.com}. */
    public static final URI DEFAULT_BASE_URI = URI.create("https://api.vk.com");
    /** The default API version sent as {@code v}: {@value}. */
    public static final String DEFAULT_API_VERSION = "5.199";
    /** The default most connections a pooling transport keeps open: {@value}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    /** The default largest response body the SDK reads: 16 MiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private final URI baseUri;
    private final String apiVersion;
    private final Duration connectTimeout;
    private final Duration attemptTimeout;
    private final Duration callTimeout;
    private final HttpClient httpClient;
    private final Transport transport;
    private final ServerTrust trust;
    private final Clock clock;
    private final List<RequestListener> listeners;
    private final int maxResponseBytes;
    private final String userAgent;
    private final RetryPolicy retryPolicy;
    private final RateLimits rateLimits;
    private final RateBudgetStore rateBudgetStore;
    private final TimeSource timeSource;
    private final Batching batching;
    private final Transport.Factory transportFactory;
    private final Executor executor;
    private final int maxConnections;

    private ClientConfig(Builder b) {
        this.retryPolicy = b.retryPolicy;
        this.rateLimits = b.rateLimits;
        this.timeSource = b.timeSource;
        // A derived config (toBuilder) shares its origin's in-memory budgets, unless it runs on another time source.
        this.rateBudgetStore = b.rateLimits.store().orElseGet(() -> b.inheritedStore != null && b.inheritedTime == b.timeSource
                ? b.inheritedStore : RateBudgetStore.inMemory(b.timeSource));
        this.batching = b.batching;
        this.transportFactory = b.transportFactory;
        this.executor = b.executor;
        this.maxConnections = b.maxConnections;
        this.baseUri = b.baseUri;
        this.apiVersion = b.apiVersion;
        this.connectTimeout = b.connectTimeout;
        this.attemptTimeout = b.attemptTimeout;
        this.callTimeout = b.callTimeout;
        this.httpClient = b.httpClient;
        this.transport = b.transport;
        this.trust = b.trust;
        this.clock = b.clock;
        this.listeners = List.copyOf(b.listeners);
        this.maxResponseBytes = b.maxResponseBytes;
        this.userAgent = b.userAgent;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a config with all defaults} */
    public static ClientConfig defaults() {
        return builder().build();
    }

    /** {@return a builder holding this config's values} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** {@return the API base, such as {@code https://api.vk.com}; methods are posted to {@code <base>/method/<name>}} */
    public URI baseUri() {
        return baseUri;
    }

    /** {@return the API version sent as {@code v} on every call} */
    public String apiVersion() {
        return apiVersion;
    }

    /** {@return how long to wait for a connection} */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** {@return how long one attempt (one HTTP exchange) may take} */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** {@return how long a whole call may take, over all attempts, back-off and rate-budget waits} */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** {@return the HTTP client given to the builder, or empty if the SDK builds its own} */
    public Optional<HttpClient> httpClient() {
        return Optional.ofNullable(httpClient);
    }

    /** {@return the certificate authorities the SDK's own HTTP client trusts for TLS} */
    public ServerTrust trust() {
        return trust;
    }

    /** {@return the transport given to the builder, or empty if the SDK uses its own (see {@link Transport})} */
    public Optional<Transport> transport() {
        return Optional.ofNullable(transport);
    }

    /** {@return the clock for expiry and deadlines} */
    public Clock clock() {
        return clock;
    }

    /** {@return the listeners, in the order they are told of events} */
    public List<RequestListener> listeners() {
        return listeners;
    }

    /** {@return the largest response body the SDK reads before failing the call} */
    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /** {@return the {@code User-Agent} header value} */
    public String userAgent() {
        return userAgent;
    }

    /** {@return when and how failed attempts are retried} */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** {@return the per-token rate budgets} */
    public RateLimits rateLimits() {
        return rateLimits;
    }

    /**
     * The store holding this config's rate budgets: the one given in {@link RateLimits}, or an in-memory store made
     * once for this config, so every client built with the config shares it.
     *
     * @return the store
     */
    public RateBudgetStore rateBudgetStore() {
        return rateBudgetStore;
    }

    /** {@return monotonic time and waiting, for back-off, budgets and deadlines} */
    public TimeSource timeSource() {
        return timeSource;
    }

    /**
     * {@return the factory of the transport given to the builder, or empty; see
     *     {@link Builder#transport(Transport.Factory)}}
     */
    public Optional<Transport.Factory> transportFactory() {
        return Optional.ofNullable(transportFactory);
    }

    /**
     * {@return the executor given to the builder for async work, or empty if each client uses threads of its own;
     *     see {@link Builder#executor(Executor)}}
     */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /** {@return the most connections a pooling transport keeps open to the server; see {@link Builder#maxConnections(int)}} */
    public int maxConnections() {
        return maxConnections;
    }

    /** {@return whether and how calls are coalesced into {@code execute}} */
    public Batching batching() {
        return batching;
    }

    @Override
    public String toString() {
        return "ClientConfig[retryPolicy=" + retryPolicy + ", rateLimits=" + rateLimits + ", batching=" + batching + ", baseUri=" + baseUri + ", apiVersion=" + apiVersion + ", connectTimeout=" + connectTimeout
                + ", attemptTimeout=" + attemptTimeout + ", callTimeout=" + callTimeout + ", listeners=" + listeners.size()
                + ", maxResponseBytes=" + maxResponseBytes + "]";
    }

    /**
     * Builds a {@link ClientConfig}. Not thread-safe.
     */
    public static final class Builder {
        private URI baseUri = DEFAULT_BASE_URI;
        private String apiVersion = DEFAULT_API_VERSION;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration attemptTimeout = Duration.ofSeconds(15);
        private Duration callTimeout = Duration.ofSeconds(60);
        private HttpClient httpClient;
        private RateBudgetStore inheritedStore;
        private TimeSource inheritedTime;
        private ServerTrust trust = ServerTrust.jdkDefaults();
        private Transport transport;
        private Clock clock = Clock.systemUTC();
        private final List<RequestListener> listeners = new ArrayList<>();
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private String userAgent = "sferum-java-sdk/0.1";
        private boolean insecureHttp;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private RateLimits rateLimits = RateLimits.defaults();
        private TimeSource timeSource = TimeSource.system();
        private Batching batching = Batching.OFF;
        private Transport.Factory transportFactory;
        private Executor executor;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;

        private Builder() {
        }

        private Builder(ClientConfig c) {
            this.baseUri = c.baseUri;
            this.apiVersion = c.apiVersion;
            this.connectTimeout = c.connectTimeout;
            this.attemptTimeout = c.attemptTimeout;
            this.callTimeout = c.callTimeout;
            this.httpClient = c.httpClient;
            this.transport = c.transport;
            this.trust = c.trust;
            this.clock = c.clock;
            this.listeners.addAll(c.listeners);
            this.maxResponseBytes = c.maxResponseBytes;
            this.userAgent = c.userAgent;
            this.insecureHttp = "http".equals(c.baseUri.getScheme());
            this.retryPolicy = c.retryPolicy;
            this.rateLimits = c.rateLimits;
            this.timeSource = c.timeSource;
            this.inheritedStore = c.rateBudgetStore;
            this.inheritedTime = c.timeSource;
            this.batching = c.batching;
            this.transportFactory = c.transportFactory;
            this.executor = c.executor;
            this.maxConnections = c.maxConnections;
        }

        /**
         * Sets when and how to retry failed attempts.
         *
         * @param policy when and how to retry failed attempts; default {@link RetryPolicy#defaults()}
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the per-token rate budgets.
         *
         * @param limits the per-token rate budgets; default {@link RateLimits#defaults()} (3/20/3 per second)
         * @return this builder
         */
        public Builder rateLimits(RateLimits limits) {
            this.rateLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Sets the time source for monotonic time and waiting.
         *
         * @param time monotonic time and waiting; default {@link TimeSource#system()}. Tests inject a virtual one.
         * @return this builder
         */
        public Builder timeSource(TimeSource time) {
            this.timeSource = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * The executor that does the SDK's side of async calls: it finishes each exchange (decoding, listeners,
         * the caller's future and so your callbacks) and, on a transport whose exchange blocks (such as
         * sdk-transport-apache's), runs the exchange itself. Default: none, and each client built from this config
         * uses threads of its own — virtual threads on JDK 21+, else daemon platform threads started on demand
         * and ended after a minute idle — which {@code close()} on the client ends. Give one to bound or share the
         * threads ({@code Executors.newVirtualThreadPerTaskExecutor()} on 21+, an application pool); the SDK never
         * shuts down an executor it was given. The SDK never finishes a call on an HTTP client's selector thread,
         * nor on {@code CompletableFuture}'s default executor.
         *
         * <pre>{@code
         * ExecutorService async = Executors.newVirtualThreadPerTaskExecutor();   // JDK 21+
         * ClientConfig config = ClientConfig.builder().executor(async).build();
         * }</pre>
         *
         * @param executor runs async completions and blocking exchanges; it must not run tasks inline
         *     ({@code Runnable::run}), which would put them on the selector thread
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * The most connections a pooling transport keeps to the server. Default {@value ClientConfig#DEFAULT_MAX_CONNECTIONS};
         * the pool of sdk-transport-apache's transport is sized from it (calls beyond it wait for a free connection
         * within their attempt timeout). The JDK {@code HttpClient} has no such bound and ignores it.
         *
         * @param connections at least 1
         * @return this builder
         */
        public Builder maxConnections(int connections) {
            this.maxConnections = Require.atLeast(connections, 1, "maxConnections");
            return this;
        }

        /**
         * Sets whether to coalesce calls into {@code execute}.
         *
         * @param batching whether to coalesce calls into {@code execute}; default {@link Batching#OFF}
         * @return this builder
         */
        public Builder batching(Batching batching) {
            this.batching = Objects.requireNonNull(batching, "batching");
            return this;
        }

        /**
         * The API base URL. Default {@code https://api.vk.com}; change it for {@code https://api.vk.ru}, a proxy, or
         * the testkit's fake server. Tokens are only ever sent to this host.
         *
         * @param url an absolute {@code https} URL (or {@code http} to a loopback address, as the fake uses),
         *     without query or fragment
         * @return this builder
         * @throws IllegalArgumentException if the URL is malformed, relative, or plain {@code http} to a
         *     non-loopback host without {@link #insecureHttpAllowed(boolean)}
         */
        public Builder baseUrl(String url) {
            Objects.requireNonNull(url, "url");
            try {
                return baseUri(new URI(url.trim()));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("baseUrl is not a valid URL: \"" + url + "\" (" + e.getReason()
                        + "); expected something like https://api.vk.com", e);
            }
        }

        /**
         * The API base URI; see {@link #baseUrl(String)}.
         *
         * @param uri the base
         * @return this builder
         */
        public Builder baseUri(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL with a host, like https://api.vk.com: " + uri);
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("baseUrl must not have a query, fragment or user info: " + uri.getScheme() + "://" + uri.getHost() + "/…");
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            try {
                this.baseUri = new URI(scheme, null, uri.getHost(), uri.getPort(), path.isEmpty() ? null : uri.getPath().replaceAll("/+$", ""), null, null);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("baseUrl is not a valid URL: " + uri, e);
            }
            return this;
        }

        /**
         * Allows a plain-{@code http} base URL to a host that is not a loopback address. Off by default: tokens
         * would cross the network unencrypted. Turn it on only for a trusted proxy inside your own network.
         *
         * @param allowed whether to allow it
         * @return this builder
         */
        public Builder insecureHttpAllowed(boolean allowed) {
            this.insecureHttp = allowed;
            return this;
        }

        /**
         * The API version sent as {@code v}. Default {@value ClientConfig#DEFAULT_API_VERSION}, the version the SDK's
         * models follow. Pin Callback and Long Poll settings to the same version.
         *
         * @param version such as {@code 5.199}
         * @return this builder
         */
        public Builder apiVersion(String version) {
            this.apiVersion = VkWire.apiVersion(version);
            return this;
        }

        /**
         * How long to wait for a TCP/TLS connection. Default 5 s. Used only when the SDK builds its own HTTP
         * client; an injected client keeps its own.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Require.positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How long one HTTP exchange may take. Default 15 s; raise it for long polls.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder attemptTimeout(Duration timeout) {
            this.attemptTimeout = Require.positive(timeout, "attemptTimeout");
            return this;
        }

        /**
         * How long a whole call may take over all attempts, back-off and rate-budget waits. Default 60 s.
         *
         * @param timeout positive, and not shorter than the attempt timeout
         * @return this builder
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = Require.positive(timeout, "callTimeout");
            return this;
        }

        /**
         * The JDK HTTP client to use for every call, sync and async, as it is (its own executor, {@code sendAsync}
         * for async calls). By default the SDK builds one (HTTP/1.1, no redirects, the connect timeout above, tasks
         * run inline). Inject one to share connections or set a
         * proxy or SSL context. It must not follow redirects: a redirect could carry the token to another host.
         *
         * @param client the client
         * @return this builder
         * @throws IllegalArgumentException if the client follows redirects
         */
        public Builder httpClient(HttpClient client) {
            Objects.requireNonNull(client, "client");
            if (client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("the injected HttpClient follows redirects (" + client.followRedirects()
                        + "), which could send the token to another host; build it with followRedirects(HttpClient.Redirect.NEVER)");
            }
            this.httpClient = client;
            return this;
        }

        /**
         * The certificate authorities the SDK's own HTTP client trusts, for every host it talks to. Default
         * {@link ServerTrust#jdkDefaults()}; MAX needs the Минцифры root CA where the JDK lacks it: give it with
         * {@link ServerTrust#pem(java.nio.file.Path)} or {@link ServerTrust#pkcs12}. An injected
         * {@link #httpClient(HttpClient)} or {@link #transport(Transport)} keeps its own TLS settings, so neither can
         * be combined with this; a {@link #transport(Transport.Factory)} builds its transport with this trust.
         *
         * @param trust the trust
         * @return this builder
         */
        public Builder trust(ServerTrust trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /**
         * Your own {@link Transport} for every exchange, sync and async, called as it is ({@code send} for sync
         * calls, {@code sendAsync} for async ones). Default: none — the JDK {@code HttpClient} the SDK builds (or the
         * injected {@link #httpClient(HttpClient)}). Plug one in only for needs the JDK client cannot meet; it must
         * honour the contract in {@link Transport}. You own it: closing a client leaves it open. To have the client
         * build and close its transport from this config, give a {@link #transport(Transport.Factory)} instead.
         *
         * @param transport the transport
         * @return this builder
         */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.transportFactory = null;
            return this;
        }

        /**
         * A transport that each client builds from this config when it is built, and closes when it is closed —
         * the one-line way to swap the HTTP stack, such as Apache HttpClient 5 from sdk-transport-apache:
         *
         * <pre>{@code
         * ClientConfig config = ClientConfig.builder().transport(ApacheTransport.factory()).build();
         * }</pre>
         *
         * Replaces a {@link #transport(Transport)} given before.
         *
         * @param factory makes the transport from the config and the client's executor
         * @return this builder
         */
        public Builder transport(Transport.Factory factory) {
            this.transportFactory = Objects.requireNonNull(factory, "factory");
            this.transport = null;
            return this;
        }

        /**
         * The clock for token expiry and call deadlines. Default {@link Clock#systemUTC()}; tests inject a fixed
         * or movable clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Adds a listener told of every call's start, attempts, retries, throttling and finish.
         *
         * @param listener the listener; see {@link RequestListener} for its contract
         * @return this builder
         */
        public Builder addListener(RequestListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Replaces the listeners.
         *
         * @param listeners the listeners
         * @return this builder
         */
        public Builder listeners(List<RequestListener> listeners) {
            this.listeners.clear();
            listeners.forEach(this::addListener);
            return this;
        }

        /**
         * The largest response body to read. Default 16 MiB; a larger body fails the call with
         * {@code TransportException.Failure.BODY_TOO_LARGE} instead of exhausting memory.
         *
         * @param bytes at least 1 KiB
         * @return this builder
         */
        public Builder maxResponseBytes(int bytes) {
            this.maxResponseBytes = Require.atLeast(bytes, 1024, "maxResponseBytes");
            return this;
        }

        /**
         * The {@code User-Agent} header. Default {@code sferum-java-sdk/<version>}.
         *
         * @param userAgent not blank
         * @return this builder
         */
        public Builder userAgent(String userAgent) {
            Objects.requireNonNull(userAgent, "userAgent");
            if (userAgent.isBlank()) {
                throw new IllegalArgumentException("userAgent must not be blank");
            }
            this.userAgent = userAgent;
            return this;
        }

        /**
         * Builds the config.
         *
         * @return the config
         * @throws IllegalStateException if the settings contradict each other
         */
        public ClientConfig build() {
            if ("http".equals(baseUri.getScheme()) && !insecureHttp && !isLoopback(baseUri.getHost())) {
                throw new IllegalStateException("baseUrl " + baseUri + " is plain http to a non-loopback host, so tokens would "
                        + "cross the network unencrypted; use https, or insecureHttpAllowed(true) for a trusted proxy");
            }
            if (httpClient != null && (transport != null || transportFactory != null)) {
                throw new IllegalStateException("both httpClient(...) and transport(...) are set; set one: an injected HttpClient "
                        + "is itself the transport for every call");
            }
            if ((httpClient != null || transport != null) && !trust.isJdkDefault()) {
                throw new IllegalStateException("both " + (httpClient != null ? "an HttpClient" : "a Transport") + " and a trust ("
                        + trust + ") are set, but an injected client keeps its own TLS settings; build it with "
                        + "sslContext(trust.sslContext()), or drop trust(...)");
            }
            if (callTimeout.compareTo(attemptTimeout) < 0) {
                throw new IllegalStateException("callTimeout (" + callTimeout + ") is shorter than one attempt (attemptTimeout "
                        + attemptTimeout + "); raise callTimeout or lower attemptTimeout");
            }
            return new ClientConfig(this);
        }

        private static boolean isLoopback(String host) {
            return "localhost".equalsIgnoreCase(host) || host.startsWith("127.") || "[::1]".equals(host) || "::1".equals(host);
        }
    }
}
