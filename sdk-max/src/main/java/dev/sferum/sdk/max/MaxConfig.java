package dev.sferum.sdk.max;

import dev.sferum.sdk.core.RateBudgetStore;
import dev.sferum.sdk.core.RateLimits;
import dev.sferum.sdk.core.RequestListener;
import dev.sferum.sdk.core.RetryPolicy;
import dev.sferum.sdk.core.TimeSource;

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

/**
 * How the MAX backend reaches MAX's Bot API: host, TLS trust, timeouts, retries, the per-token rate budget, clock
 * and listeners. The retry policy, rate-budget store, time source and listeners are sdk-core's own types, so one
 * application configures both backends the same way.
 *
 * <pre>{@code
 * MaxConfig config = MaxConfig.builder()
 *         .trust(MaxTrust.pem(Path.of("/etc/school-bot/russian_trusted_root_ca.pem")))
 *         .requestsPerSecond(20)
 *         .build();
 * }</pre>
 *
 * <p>Defaults: base URL {@value #DEFAULT_BASE_URL}, the JDK's certificate authorities, 5 s to connect, 15 s per
 * attempt, 60 s per call, {@link RetryPolicy#defaults()}, {@value #DEFAULT_REQUESTS_PER_SECOND} requests per second
 * per bot token, 16 MiB per response. Immutable and thread-safe; share one between the sync and async clients.
 *
 * @since 0.1.0
 */
public final class MaxConfig {
    /** The default Bot API base: {@value}. The older {@code platform-api.max.ru} is deprecated by MAX. */
    public static final String DEFAULT_BASE_URL = "https://platform-api2.max.ru";
    /**
     * The default rate budget per bot token: {@value} requests per second. Reported by third parties, not published
     * by MAX [unverified]; lower it if MAX answers 429.
     */
    public static final int DEFAULT_REQUESTS_PER_SECOND = 30;
    /** The default largest response body the backend reads: 16 MiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private final URI baseUri;
    private final MaxTrust trust;
    private final HttpClient httpClient;
    private final Duration connectTimeout;
    private final Duration attemptTimeout;
    private final Duration callTimeout;
    private final Clock clock;
    private final TimeSource timeSource;
    private final List<RequestListener> listeners;
    private final RetryPolicy retryPolicy;
    private final int requestsPerSecond;
    private final RateLimits rateLimits;
    private final RateBudgetStore rateBudgetStore;
    private final int maxResponseBytes;
    private final String userAgent;
    private final String apiVersion;

    private MaxConfig(Builder b) {
        this.baseUri = b.baseUri;
        this.trust = b.trust;
        this.httpClient = b.httpClient;
        this.connectTimeout = b.connectTimeout;
        this.attemptTimeout = b.attemptTimeout;
        this.callTimeout = b.callTimeout;
        this.clock = b.clock;
        this.timeSource = b.timeSource;
        this.listeners = List.copyOf(b.listeners);
        this.retryPolicy = b.retryPolicy;
        this.requestsPerSecond = b.requestsPerSecond;
        this.rateLimits = b.rateLimits;
        this.rateBudgetStore = b.rateLimits.store().orElseGet(() -> RateBudgetStore.inMemory(b.timeSource));
        this.maxResponseBytes = b.maxResponseBytes;
        this.userAgent = b.userAgent;
        this.apiVersion = b.apiVersion;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a config with all defaults */
    public static MaxConfig defaults() {
        return builder().build();
    }

    /** @return a builder holding this config's values (and its rate-budget store, so budgets stay shared) */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return the Bot API base, such as {@code https://platform-api2.max.ru}; paths such as {@code /chats} go under it */
    public URI baseUri() {
        return baseUri;
    }

    /** @return the certificate authorities trusted for TLS */
    public MaxTrust trust() {
        return trust;
    }

    /** @return the HTTP client given to the builder, or empty if the backend builds its own */
    public Optional<HttpClient> httpClient() {
        return Optional.ofNullable(httpClient);
    }

    /** @return how long to wait for a connection */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return how long one attempt (one HTTP exchange) may take */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** @return how long a whole call may take over attempts, back-off and rate-budget waits */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** @return the wall clock, for outbox timestamps and the delivery check's time window */
    public Clock clock() {
        return clock;
    }

    /** @return monotonic time and waiting, for back-off, budgets and deadlines */
    public TimeSource timeSource() {
        return timeSource;
    }

    /** @return the listeners, told of every call */
    public List<RequestListener> listeners() {
        return listeners;
    }

    /** @return when failed attempts are retried */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** @return the calls per second each bot token may start */
    public int requestsPerSecond() {
        return requestsPerSecond;
    }

    /** @return whether budgets apply, their margin, slow-down and recovery (the rate itself is {@link #requestsPerSecond()}) */
    public RateLimits rateLimits() {
        return rateLimits;
    }

    /**
     * The store holding the rate budgets: the one given in {@link RateLimits}, or an in-memory store made once for
     * this config, so every client built with it shares the budget.
     *
     * @return the store
     */
    public RateBudgetStore rateBudgetStore() {
        return rateBudgetStore;
    }

    /**
     * The budget of one bot token.
     *
     * @return {@link #requestsPerSecond()} permits per second plus the configured margin
     */
    public RateBudgetStore.Budget budget() {
        return new RateBudgetStore.Budget(requestsPerSecond, Duration.ofSeconds(1).plus(rateLimits.margin()),
                rateLimits.decreaseFactor(), rateLimits.recoveryInterval());
    }

    /** @return the largest response body read before failing the call */
    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /** @return the {@code User-Agent} header */
    public String userAgent() {
        return userAgent;
    }

    /** @return the API version sent as {@code v} on every call, if set */
    public Optional<String> apiVersion() {
        return Optional.ofNullable(apiVersion);
    }

    @Override
    public String toString() {
        return "MaxConfig[baseUri=" + baseUri + ", trust=" + trust + ", connectTimeout=" + connectTimeout + ", attemptTimeout="
                + attemptTimeout + ", callTimeout=" + callTimeout + ", requestsPerSecond=" + requestsPerSecond + ", retryPolicy="
                + retryPolicy + ", listeners=" + listeners.size() + (apiVersion != null ? ", v=" + apiVersion : "") + "]";
    }

    /** Builds a {@link MaxConfig}. Not thread-safe. */
    public static final class Builder {
        private URI baseUri = URI.create(DEFAULT_BASE_URL);
        private boolean insecureHttp;
        private MaxTrust trust = MaxTrust.jdkDefaults();
        private HttpClient httpClient;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration attemptTimeout = Duration.ofSeconds(15);
        private Duration callTimeout = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private TimeSource timeSource = TimeSource.system();
        private final List<RequestListener> listeners = new ArrayList<>();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private int requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;
        private RateLimits rateLimits = RateLimits.defaults();
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private String userAgent = "sferum-java-sdk/0.1 (max)";
        private String apiVersion;

        private Builder() {
        }

        private Builder(MaxConfig c) {
            this.baseUri = c.baseUri;
            this.insecureHttp = "http".equals(c.baseUri.getScheme());
            this.trust = c.trust;
            this.httpClient = c.httpClient;
            this.connectTimeout = c.connectTimeout;
            this.attemptTimeout = c.attemptTimeout;
            this.callTimeout = c.callTimeout;
            this.clock = c.clock;
            this.timeSource = c.timeSource;
            this.listeners.addAll(c.listeners);
            this.retryPolicy = c.retryPolicy;
            this.requestsPerSecond = c.requestsPerSecond;
            this.rateLimits = c.rateLimits.store().isPresent() ? c.rateLimits : c.rateLimits.toBuilder().store(c.rateBudgetStore).build();
            this.maxResponseBytes = c.maxResponseBytes;
            this.userAgent = c.userAgent;
            this.apiVersion = c.apiVersion;
        }

        /**
         * The Bot API base URL. Default {@value MaxConfig#DEFAULT_BASE_URL}; change it for a proxy or the testkit's
         * {@code FakeMax}. The bot token is only ever sent to this host. A VK API host ({@code api.vk.com},
         * {@code api.vk.ru}, …) is refused: it belongs to the VK backend.
         *
         * @param url an absolute {@code https} URL (or {@code http} to a loopback address), without query or fragment
         * @return this builder
         * @throws IllegalArgumentException if the URL is malformed, relative, has a query, or names a VK host
         */
        public Builder baseUrl(String url) {
            Objects.requireNonNull(url, "url");
            try {
                return baseUri(new URI(url.trim()));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("baseUrl is not a valid URL: \"" + url + "\" (" + e.getReason()
                        + "); expected something like " + DEFAULT_BASE_URL, e);
            }
        }

        /**
         * The Bot API base URI; see {@link #baseUrl(String)}.
         *
         * @param uri the base
         * @return this builder
         * @throws IllegalArgumentException as for {@link #baseUrl(String)}
         */
        public Builder baseUri(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL with a host, like " + DEFAULT_BASE_URL + ": " + uri);
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("baseUrl must not have a query, fragment or user info: " + scheme + "://" + uri.getHost() + "/…");
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            if (isVkHost(host)) {
                throw new IllegalArgumentException(host + " is the VK API, not MAX: the MAX backend talks to MAX's Bot API ("
                        + DEFAULT_BASE_URL + "); for VK, use the VK backend (ClientConfig.builder().baseUrl(...) with VkChats)");
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            try {
                this.baseUri = new URI(scheme, null, uri.getHost(), uri.getPort(), path.isEmpty() ? null : uri.getPath().replaceAll("/+$", ""),
                        null, null);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("baseUrl is not a valid URL: " + uri, e);
            }
            return this;
        }

        /**
         * Whether a host is one of VK's API or ID hosts ({@code vk.com}, {@code vk.ru}, {@code vk.me},
         * {@code vkontakte.ru} and their subdomains), which the MAX backend refuses.
         *
         * @param host a host name, lower case
         * @return whether it is VK's
         */
        static boolean isVkHost(String host) {
            for (String vk : List.of("vk.com", "vk.ru", "vk.me", "vkontakte.ru", "userapi.com")) {
                if (host.equals(vk) || host.endsWith("." + vk)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Allows a plain-{@code http} base URL to a host that is not a loopback address. Off by default: the bot
         * token would cross the network unencrypted. Only for a trusted proxy inside your own network.
         *
         * @param allowed whether to allow it
         * @return this builder
         */
        public Builder insecureHttpAllowed(boolean allowed) {
            this.insecureHttp = allowed;
            return this;
        }

        /**
         * The certificate authorities to trust. Default {@link MaxTrust#jdkDefaults()}; give the Минцифры root CA with
         * {@link MaxTrust#pem(java.nio.file.Path)} or {@link MaxTrust#pkcs12}. Used when the backend builds its own
         * HTTP client; an injected client keeps its own TLS settings, so the two cannot be combined.
         *
         * @param trust the trust
         * @return this builder
         */
        public Builder trust(MaxTrust trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /**
         * The JDK HTTP client to use, for shared connections or a proxy. By default the backend builds one (HTTP/1.1,
         * no redirects, the connect timeout and trust above). It must not follow redirects: a redirect could carry the
         * token to another host.
         *
         * @param client the client
         * @return this builder
         * @throws IllegalArgumentException if it follows redirects
         */
        public Builder httpClient(HttpClient client) {
            Objects.requireNonNull(client, "client");
            if (client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("the injected HttpClient follows redirects (" + client.followRedirects()
                        + "), which could send the bot token to another host; build it with followRedirects(HttpClient.Redirect.NEVER)");
            }
            this.httpClient = client;
            return this;
        }

        /**
         * @param timeout how long to wait for a TCP/TLS connection; positive. Default 5 s
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * @param timeout how long one HTTP exchange may take; positive. Default 15 s. Long polls add their own
         *     {@code timeout} to it
         * @return this builder
         */
        public Builder attemptTimeout(Duration timeout) {
            this.attemptTimeout = positive(timeout, "attemptTimeout");
            return this;
        }

        /**
         * @param timeout how long a whole call may take over attempts, back-off and rate-budget waits; positive and
         *     not shorter than one attempt. Default 60 s
         * @return this builder
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = positive(timeout, "callTimeout");
            return this;
        }

        /**
         * @param clock the wall clock for outbox timestamps and the delivery check's window. Default
         *     {@link Clock#systemUTC()}; tests share the fake's clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param time monotonic time and waiting; default {@link TimeSource#system()}. Tests inject a virtual one
         * @return this builder
         */
        public Builder timeSource(TimeSource time) {
            this.timeSource = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * Adds a listener told of every call's start, attempts, throttling, retries and finish. The call's method is
         * its HTTP method and path template, such as {@code POST /messages}; its token kind is {@code null} (MAX
         * tokens have no VK kind) and its fingerprint the bot token's.
         *
         * @param listener the listener; see {@link RequestListener} for its contract
         * @return this builder
         */
        public Builder addListener(RequestListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param policy when and how to retry; default {@link RetryPolicy#defaults()}. HTTP 429 gets its
         *     {@code throttledBackoff}
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The calls per second each bot token may start. Default {@value MaxConfig#DEFAULT_REQUESTS_PER_SECOND}
         * [unverified: reported, not published by MAX]. The budget holds over every sliding second and is shared by
         * all clients built with this config.
         *
         * @param calls at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder requestsPerSecond(int calls) {
            if (calls < 1) {
                throw new IllegalArgumentException("requestsPerSecond must be at least 1: " + calls
                        + "; use rateLimits(RateLimits.unlimited()) to switch budgets off");
            }
            this.requestsPerSecond = calls;
            return this;
        }

        /**
         * Whether budgets apply and how they react to 429: sdk-core's {@link RateLimits}, of which the store, margin,
         * decrease factor, recovery interval and on/off switch apply here (its per-token-kind rates are VK's; the MAX
         * rate is {@link #requestsPerSecond(int)}). Default {@link RateLimits#defaults()}; give a shared
         * {@link RateBudgetStore} (Redis) when several nodes use one bot token.
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder rateLimits(RateLimits limits) {
            this.rateLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * @param bytes the largest response body to read, at least 1 KiB. Default 16 MiB
         * @return this builder
         */
        public Builder maxResponseBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1024: " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * @param userAgent the {@code User-Agent} header; not blank
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
         * The Bot API version sent as {@code v} on every call, which MAX says pins the shape of its models. Default:
         * none (MAX's current version) — the SDK reads the fields of schema 0.0.30 and ignores unknown ones.
         *
         * @param version such as {@code 0.0.30}, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException if not three dot-separated numbers
         */
        public Builder apiVersion(String version) {
            if (version != null && !version.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
                throw new IllegalArgumentException("apiVersion must look like 0.0.30: \"" + version + "\"");
            }
            this.apiVersion = version;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalStateException if plain http goes to a non-loopback host without
         *     {@link #insecureHttpAllowed(boolean)}, the call timeout is shorter than one attempt, or an injected HTTP
         *     client is combined with a custom trust
         */
        public MaxConfig build() {
            if ("http".equals(baseUri.getScheme()) && !insecureHttp && !isLoopback(baseUri.getHost())) {
                throw new IllegalStateException("baseUrl " + baseUri + " is plain http to a non-loopback host, so the bot token would "
                        + "cross the network unencrypted; use https, or insecureHttpAllowed(true) for a trusted proxy");
            }
            if (callTimeout.compareTo(attemptTimeout) < 0) {
                throw new IllegalStateException("callTimeout (" + callTimeout + ") is shorter than one attempt (attemptTimeout "
                        + attemptTimeout + "); raise callTimeout or lower attemptTimeout");
            }
            if (httpClient != null && !trust.isJdkDefault()) {
                throw new IllegalStateException("both an HttpClient and a trust (" + trust + ") are set, but an injected client keeps "
                        + "its own TLS settings; build the client with sslContext(trust.sslContext()), or drop httpClient(...)");
            }
            return new MaxConfig(this);
        }

        private static boolean isLoopback(String host) {
            return "localhost".equalsIgnoreCase(host) || host.startsWith("127.") || "[::1]".equals(host) || "::1".equals(host);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
