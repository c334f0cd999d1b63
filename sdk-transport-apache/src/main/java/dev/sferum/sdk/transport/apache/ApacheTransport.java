package dev.sferum.sdk.transport.apache;

import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.Transport;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.TunnelRefusedException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * The SDK's {@link Transport} on Apache HttpClient 5 classic: each sync call blocks in one exchange on the
 * caller's thread, over a pooled connection manager, with no hand-off to selector or worker threads. For VK, MAX and
 * VK ID alike, opt in with one line on the config builder:
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder()
 *         .transport(ApacheTransport.factory())        // sized, timed and trusted from this config
 *         .build();
 * try (ApiClient api = ApiClient.builder().config(config).token(token).buildClient()) {
 *     api.call("messages.send", Map.of("peer_id", 2000000001L, "random_id", 17, "message", "Урок перенесён"));
 * }
 * }</pre>
 *
 * <p>What it does:
 * <ul>
 *   <li><b>Connections</b>: one pool per client (per-route locks) of at most {@link ClientConfig#maxConnections()} connections (to
 *     every host together and to one host), HTTP/1.1 keep-alive, a connection idle for over a second checked before
 *     reuse. A call that finds every connection busy waits for one within its attempt timeout.</li>
 *   <li><b>TLS</b>: host names verified (by the JDK's endpoint identification and by Apache's verifier); the trust
 *     store is the config's {@link ClientConfig#trust()} — for MAX, the Минцифры root CA:
 *     {@code ClientConfig.builder().trust(ServerTrust.pem(path))} — or {@link Builder#sslContext(SSLContext)}, or
 *     the JDK's default.</li>
 *   <li><b>Proxies</b>: {@link Builder#proxy(URI)}, or the JDK's {@link ProxySelector} with
 *     {@link Builder#proxySelector(ProxySelector)}; {@code https} goes through a {@code CONNECT} tunnel.</li>
 *   <li><b>Time</b>: the connect timeout is the config's; waiting for a pooled
 *     connection and for the answer are bounded by the attempt's timeout, which the SDK derives from the call's
 *     deadline; the body is read only while the attempt's time lasts.</li>
 *   <li><b>Failures typed as the JDK client types them</b>, so the SDK's "may or may not have been carried out"
 *     stays exact: no connection, a refused proxy tunnel, an unknown host, a failed TLS handshake and no free
 *     pooled connection in time are {@link ConnectException} / {@link HttpConnectTimeoutException} (nothing was
 *     sent: retried for any call); no answer in time is {@link HttpTimeoutException}, and a connection that broke
 *     after the request went out is another {@link IOException} (the server may have acted: repeated only for
 *     idempotent calls).</li>
 *   <li><b>No retries of its own</b>: Apache's retry strategy, redirects, cookies, authentication caching and
 *     content decompression are off; the SDK decides every retry.</li>
 *   <li><b>No header in any log</b>: connections are made without Apache's header and wire loggers
 *     ({@code org.apache.hc.client5.http.headers}, {@code …wire}), whatever your logging configuration says, so
 *     tokens and bodies cannot reach a log line through them. Apache's exchange DEBUG lines
 *     ({@code org.apache.hc.client5.http.impl.classic}) name the method and the request target: the SDK sends
 *     credentials only in headers and bodies, but a long-poll URI carries the poll's session key in its query, so
 *     keep {@code org.apache.hc} at INFO in production.</li>
 * </ul>
 *
 * <p>Async calls ({@link #sendAsync}) run the same blocking exchange on the client's executor — the one given with
 * {@link ClientConfig.Builder#executor}, else the client's own (virtual threads on JDK 21+) — and finish there.
 * Apache's async client was not chosen: it completes on its I/O reactor threads, from which every call would have
 * to move again to a thread where user code may run, and it needs the HTTP/2 module besides; one blocking exchange
 * per in-flight call, at most {@code maxConnections} at once, is simpler and as fast at the SDK's call rates.
 *
 * <p>Thread-safe. {@link #close()} closes the pool; a transport built by {@link #factory()} is closed with its
 * client.
 *
 * @since 0.1.0
 */
public final class ApacheTransport implements Transport, AutoCloseable {
    private final CloseableHttpClient http;
    private final PoolingHttpClientConnectionManager pool;
    private final Executor executor;
    private final Timeout connectTimeout;
    private volatile TimedConfig lastConfig;

    /** The request config of the last attempt timeout, reused while calls keep the same one. */
    private record TimedConfig(Duration timeout, RequestConfig config) {
    }

    private ApacheTransport(Builder b, int maxConnections, Duration connectTimeout, SSLContext configured, Executor executor) {
        this.executor = executor;
        this.connectTimeout = Timeout.of(connectTimeout);
        SSLContext ssl = b.sslContext != null ? b.sslContext : configured != null ? configured : defaultSsl();
        TlsSocketStrategy tls = new NotSentOnHandshakeFailure(ClientTlsStrategyBuilder.create()
                .setSslContext(ssl)
                .setHostVerificationPolicy(HostnameVerificationPolicy.BOTH)
                .buildClassic());
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setConnectionFactory(QuietConnections.INSTANCE)
                .setTlsSocketStrategy(tls)
                .setDnsResolver(NotSentOnUnknownHost.INSTANCE)
                .setPoolConcurrencyPolicy(org.apache.hc.core5.pool.PoolConcurrencyPolicy.LAX)
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(this.connectTimeout)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        HttpClientBuilder client = HttpClients.custom()
                .setConnectionManager(pool)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .disableConnectionState();
        if (b.proxy != null) {
            client.setProxy(new HttpHost(b.proxy.getScheme(), b.proxy.getHost(), b.proxy.getPort()));
        } else if (b.proxySelector != null) {
            client.setRoutePlanner(new SystemDefaultRoutePlanner(b.proxySelector));
        }
        this.http = client.build();
    }

    /**
     * The one-line opt-in: a factory that builds each client's transport from its config (pool size
     * {@link ClientConfig#maxConnections()}, connect timeout, the client's executor) with the JDK's default trust
     * store and no proxy. For MAX's CA or a proxy use {@link #builder()}{@code .sslContext(…).factory()}.
     *
     * <pre>{@code
     * ClientConfig config = ClientConfig.builder().transport(ApacheTransport.factory()).build();
     * }</pre>
     *
     * @return the factory
     */
    public static Transport.Factory factory() {
        return builder().factory();
    }

    /** {@return a builder for a transport with a trust store, a proxy, or settings of its own} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Response send(Exchange exchange) throws IOException, InterruptedException {
        return execute(exchange, request(exchange));
    }

    /**
     * Runs {@link #send} on the client's executor and completes there; cancelling the future aborts the exchange.
     *
     * @param exchange what to send
     * @return the answer
     */
    @Override
    public CompletableFuture<Response> sendAsync(Exchange exchange) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        HttpUriRequestBase request;
        try {
            request = request(exchange);
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
            return answer;
        }
        FutureTask<Void> task = new FutureTask<>(() -> {
            try {
                answer.complete(execute(exchange, request));
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        }, null);
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(new ConnectException("the client's executor refused the exchange (is the client closed?)"));
            return answer;
        }
        Future<?> running = task;
        answer.whenComplete((r, e) -> {
            if (answer.isCancelled()) {
                request.cancel();
                running.cancel(true);
            }
        });
        return answer;
    }

    private HttpUriRequestBase request(Exchange e) {
        HttpUriRequestBase r = new HttpUriRequestBase(e.method(), e.uri());
        r.setConfig(requestConfig(e.timeout()));
        r.setHeader("User-Agent", e.userAgent());
        if (e.authorization() != null) {
            r.setHeader("Authorization", e.authorization().reveal());
        }
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            r.setHeader(h.getKey(), h.getValue());
        }
        if (e.body().length > 0) {
            r.setHeader("Content-Type", e.contentType());
            r.setEntity(new ByteArrayEntity(e.body(), null));
        } else if (e.contentType() != null) {
            r.setHeader("Content-Type", e.contentType());
        }
        return r;
    }

    private RequestConfig requestConfig(Duration timeout) {
        TimedConfig c = lastConfig;
        if (c == null || !c.timeout().equals(timeout)) {
            Timeout t = Timeout.of(timeout);
            c = new TimedConfig(timeout, RequestConfig.custom()
                    .setConnectionRequestTimeout(t)
                    .setResponseTimeout(t)
                    .setRedirectsEnabled(false)
                    .setContentCompressionEnabled(false)
                    .build());
            lastConfig = c;
        }
        return c.config();
    }

    private Response execute(Exchange exchange, HttpUriRequestBase request) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + exchange.timeout().toNanos();
        try {
            return http.execute(request, response -> read(response, exchange, deadline));
        } catch (IOException e) {
            if (request.isCancelled() || Thread.currentThread().isInterrupted()) {
                InterruptedException i = new InterruptedException("the exchange was cancelled");
                i.initCause(e);
                throw i;
            }
            throw typed(e, exchange.timeout());
        }
    }

    private static Response read(ClassicHttpResponse response, Exchange exchange, long deadline) throws IOException {
        int limit = exchange.maxResponseBytes();
        HttpEntity entity = response.getEntity();
        byte[] body;
        if (entity == null) {
            body = new byte[0];
        } else {
            long declared = entity.getContentLength();
            if (declared > limit) {
                throw new ResponseTooLargeException(limit);
            }
            body = readLimited(entity.getContent(), declared, limit, deadline, exchange.timeout());
        }
        Header[] all = response.getHeaders();
        Map<String, String> headers = new HashMap<>(all.length * 2);
        for (Header h : all) {
            headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
        }
        return new Response(response.getCode(), body, headers);
    }

    private static byte[] readLimited(InputStream in, long declared, int limit, long deadline, Duration timeout) throws IOException {
        byte[] buf = new byte[declared >= 0 ? (int) declared : 1024];
        int len = 0;
        try (InputStream body = in) {
            while (true) {
                if (len == buf.length) {
                    if (declared >= 0 && len == declared) {
                        break;
                    }
                    if (len >= limit) {
                        if (body.read() < 0) {
                            break;
                        }
                        throw new ResponseTooLargeException(limit);
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max(1024L, buf.length * 2L)));
                }
                int n = body.read(buf, len, buf.length - len);
                if (n < 0) {
                    break;
                }
                len += n;
                if (System.nanoTime() - deadline > 0) {
                    throw new HttpTimeoutException("the answer did not arrive within " + timeout.toMillis() + " ms");
                }
            }
        }
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }

    /**
     * Gives Apache's failures the JDK's types that {@link Transport} names. What happens before a request could go
     * out — no connection, no free pooled connection, an unknown host, a refused tunnel, a failed handshake — is a
     * connect failure; a read that timed out is a timeout; anything else may have reached the server.
     */
    static IOException typed(IOException e, Duration timeout) {
        if (e instanceof ResponseTooLargeException || e instanceof HttpTimeoutException) {
            return e;
        }
        if (e instanceof ConnectTimeoutException || e instanceof ConnectionRequestTimeoutException) {
            HttpConnectTimeoutException t = new HttpConnectTimeoutException("no connection within the connect timeout ("
                    + e.getClass().getSimpleName() + ")");
            t.initCause(e);
            return t;
        }
        if (e instanceof ConnectException || e instanceof HttpHostConnectException) {
            return e;
        }
        if (e instanceof UnknownHostException || e.getCause() instanceof TunnelRefusedException || e instanceof RequestNotExecutedException) {
            ConnectException c = new ConnectException("the request was not sent (" + e.getClass().getSimpleName() + ")");
            c.initCause(e);
            return c;
        }
        if (e instanceof SocketTimeoutException) {
            HttpTimeoutException t = new HttpTimeoutException("no answer within " + timeout.toMillis() + " ms");
            t.initCause(e);
            return t;
        }
        if (e instanceof InterruptedIOException) {
            IOException io = new IOException("the exchange was interrupted (" + e.getClass().getSimpleName() + ")");
            io.initCause(e);
            return io;
        }
        return e;
    }

    /** Closes the connection pool, aborting exchanges in flight. The executor is the client's. */
    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
        pool.close(CloseMode.IMMEDIATE);
    }

    @Override
    public String toString() {
        return "ApacheTransport[maxConnections=" + pool.getMaxTotal() + ", connectTimeout=" + connectTimeout + "]";
    }

    private static SSLContext defaultSsl() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /** A failed TLS handshake happens before the request is written: nothing was sent. */
    private record NotSentOnHandshakeFailure(TlsSocketStrategy delegate) implements TlsSocketStrategy {
        @Override
        public SSLSocket upgrade(java.net.Socket socket, String target, int port, Object attachment,
                                 org.apache.hc.core5.http.protocol.HttpContext context) throws IOException {
            try {
                return delegate.upgrade(socket, target, port, attachment, context);
            } catch (SSLException e) {
                ConnectException c = new ConnectException("the TLS handshake with " + target + " failed; the request was not sent");
                c.initCause(e);
                throw c;
            }
        }
    }

    /** The JDK's resolver, named so an unknown host is always a connect failure. */
    private static final class NotSentOnUnknownHost implements DnsResolver {
        static final NotSentOnUnknownHost INSTANCE = new NotSentOnUnknownHost();

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return SystemDefaultDnsResolver.INSTANCE.resolve(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
        }
    }

    /**
     * Builds an {@link ApacheTransport}, or a {@link Transport.Factory} of them. Options left unset come from the
     * client's {@link ClientConfig} when built as a factory. Not thread-safe.
     *
     * <pre>{@code
     * ClientConfig max = MaxChats.defaultConfig().toBuilder()
     *         .trust(ServerTrust.pem(Path.of("/etc/school-bot/russian_trusted_root_ca.pem")))
     *         .transport(ApacheTransport.builder()
     *                 .proxy(URI.create("http://proxy.school.local:3128"))
     *                 .factory())
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private SSLContext sslContext;
        private URI proxy;
        private ProxySelector proxySelector;
        private Integer maxConnections;
        private Duration connectTimeout;

        private Builder() {
        }

        /**
         * The TLS context whose trust store verifies servers, instead of the config's {@link ClientConfig#trust()}.
         * Default: the config's trust if it is not the JDK's default, else {@code SSLContext.getDefault()}. Host
         * names are verified whatever the context.
         *
         * @param context the context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Sends every request through one HTTP proxy. Default: none.
         *
         * @param proxy such as {@code http://proxy.school.local:3128}
         * @return this builder
         * @throws IllegalArgumentException if it is not {@code http://host:port}
         */
        public Builder proxy(URI proxy) {
            Objects.requireNonNull(proxy, "proxy");
            if (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getHost() == null || proxy.getPort() < 1
                    || proxy.getRawUserInfo() != null) {
                throw new IllegalArgumentException("proxy must look like http://host:port, without user info: " + proxy.getScheme()
                        + "://" + proxy.getHost() + ":" + proxy.getPort());
            }
            this.proxy = proxy;
            this.proxySelector = null;
            return this;
        }

        /**
         * Chooses the proxy per request with a {@link ProxySelector}, such as {@code ProxySelector.getDefault()}
         * (the {@code http.proxyHost}/{@code https.proxyHost} system properties). Default: none.
         *
         * @param selector the selector
         * @return this builder
         */
        public Builder proxySelector(ProxySelector selector) {
            this.proxySelector = Objects.requireNonNull(selector, "selector");
            this.proxy = null;
            return this;
        }

        /**
         * Sets the size of the connection pool.
         *
         * @param connections the pool's size; default {@link ClientConfig#maxConnections()}, or
         *     {@value ClientConfig#DEFAULT_MAX_CONNECTIONS} for {@link #build(Executor)}
         * @return this builder
         */
        public Builder maxConnections(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1: " + connections);
            }
            this.maxConnections = connections;
            return this;
        }

        /**
         * Sets how long to wait for a TCP (and TLS) connection.
         *
         * @param timeout how long to wait for a TCP (and TLS) connection; default {@link ClientConfig#connectTimeout()},
         *     or 5 s for {@link #build(Executor)}
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive: " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * A factory for {@link ClientConfig.Builder#transport(Transport.Factory)}: each client builds its own
         * transport from these settings and its config, and closes it with itself.
         *
         * @return the factory
         */
        public Transport.Factory factory() {
            Builder settings = copy();
            return (config, executor) -> new ApacheTransport(settings,
                    settings.maxConnections != null ? settings.maxConnections : config.maxConnections(),
                    settings.connectTimeout != null ? settings.connectTimeout : config.connectTimeout(),
                    config.trust().isJdkDefault() ? null : config.trust().sslContext(), executor);
        }

        /**
         * A transport of your own, for {@link ClientConfig.Builder#transport(Transport)}; you close it.
         *
         * @param executor runs async exchanges; use an executor you own and close
         * @return the transport
         */
        public ApacheTransport build(Executor executor) {
            Objects.requireNonNull(executor, "executor");
            return new ApacheTransport(copy(), maxConnections != null ? maxConnections : ClientConfig.DEFAULT_MAX_CONNECTIONS,
                    connectTimeout != null ? connectTimeout : Duration.ofSeconds(5), null, executor);
        }

        private Builder copy() {
            Builder b = new Builder();
            b.sslContext = sslContext;
            b.proxy = proxy;
            b.proxySelector = proxySelector;
            b.maxConnections = maxConnections;
            b.connectTimeout = connectTimeout;
            return b;
        }
    }
}
