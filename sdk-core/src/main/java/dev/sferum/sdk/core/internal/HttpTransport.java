package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.ClientConfig;
import dev.sferum.sdk.core.Transport;
import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The exchanges of every backend on one client configuration, and the one place the SDK builds a JDK
 * {@link HttpClient}. Which {@link Transport} carries them: the one in the config if given (the user's to close);
 * else the one its {@link Transport.Factory} builds (closed with this); else the injected {@code HttpClient}; else,
 * by default, a JDK client the SDK builds ({@link JdkTransport}: HTTP/1.1, no redirects, tasks inline, trusting
 * {@code ClientConfig.trust()} when set). Sync calls use {@code Transport.send} on the caller's thread, async calls
 * {@code Transport.sendAsync}, finished on the client's executor ({@link #threads()}). {@link #close()} ends every
 * thread this client owns.
 */
public final class HttpTransport implements Transport, AutoCloseable {
    private final Transport transport;
    private final AutoCloseable owned;
    private final ClientThreads threads;

    /**
     * @param config the client configuration
     */
    public HttpTransport(ClientConfig config) {
        this.threads = ClientThreads.of(config.executor().orElse(null), "sferum-async");
        if (config.transport().isPresent()) {
            this.transport = config.transport().get();
            this.owned = null;
        } else if (config.transportFactory().isPresent()) {
            this.transport = Objects.requireNonNull(config.transportFactory().get().create(config, threads),
                    "the transport factory returned null");
            this.owned = transport instanceof AutoCloseable c ? c : null;
        } else if (config.httpClient().isPresent()) {
            this.transport = new JdkTransport(config.httpClient().get(), threads);
            this.owned = null;
        } else {
            JdkTransport jdk = new JdkTransport(() -> {
                HttpClient.Builder b = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(config.connectTimeout())
                        .executor(Runnable::run);
                if (!config.trust().isJdkDefault()) {
                    b.sslContext(config.trust().sslContext());
                }
                return b.build();
            }, threads);
            this.transport = jdk;
            this.owned = jdk;
        }
    }

    /** {@return the client's executor for async work: the one in the config, or threads this client owns} */
    public ClientThreads threads() {
        return threads;
    }

    /**
     * Closes the transport this client built (the JDK client, or the factory's) and ends the threads it owns. A
     * transport, {@code HttpClient} or executor given in the config is left open.
     */
    @Override
    public void close() {
        try {
            if (owned != null) {
                owned.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("closing the transport failed: " + e.getClass().getSimpleName(), e);
        } finally {
            threads.close();
        }
    }

    /**
     * Makes one exchange on the calling thread; the caller's {@link Wire} types failures and decodes the answer.
     *
     * @param exchange the exchange
     * @return the answer, whatever its status
     * @throws IOException if the exchange failed
     * @throws InterruptedException if the thread was interrupted
     */
    public Transport.Response send(Transport.Exchange exchange) throws IOException, InterruptedException {
        return transport.send(exchange);
    }

    /**
     * Starts one exchange without blocking.
     *
     * @param exchange the exchange
     * @return the answer; cancelling it aborts the exchange
     */
    public CompletableFuture<Transport.Response> sendAsync(Transport.Exchange exchange) {
        try {
            return transport.sendAsync(exchange);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * What to tell a user for each kind of exchange failure: the words differ by the server and the setting that
     * governs it (the VK API, VK ID, MAX), the typing does not.
     *
     * @param connect the remedy when nothing was sent (no connection)
     * @param timeout the remedy when no answer came in time
     * @param tooLarge the remedy when the answer passed the body limit
     */
    public record Remedies(String connect, String timeout, String tooLarge) {
        /** The VK API's, for {@link ClientConfig}. */
        public static final Remedies VK_API = new Remedies("check the API base URL and the network; the request was not sent",
                "the server may have processed it; raise the attempt timeout if the method is slow",
                "ask for fewer items per call, or raise ClientConfig.maxResponseBytes");

        /**
         * Checks the parts.
         *
         * @param connect the remedy when nothing was sent (no connection); not null
         * @param timeout the remedy when no answer came in time; not null
         * @param tooLarge the remedy when the answer passed the body limit; not null
         */
        public Remedies {
            Objects.requireNonNull(connect, "connect");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(tooLarge, "tooLarge");
        }
    }

    /**
     * Types a failure of a VK API exchange.
     *
     * @param method the method
     * @param error what the HTTP client threw
     * @param timeout the attempt timeout
     * @return the typed exception
     */
    public static SferumException failure(String method, Throwable error, Duration timeout) {
        return failure(method, error, timeout, Remedies.VK_API);
    }

    /**
     * Types a failure of an exchange with any server the SDK talks to; sdk-auth and sdk-max use it with their own
     * remedies. A {@link SferumException} (also inside a {@code CompletionException}) is returned as it is; a body
     * past {@link LimitedBody}'s limit is {@code BODY_TOO_LARGE} ({@code INVALID_INPUT}, not retried); no
     * connection is {@code CONNECT} (nothing sent); no answer in time is {@code TIMEOUT}; anything else is
     * {@code IO} (the server may have processed the request).
     *
     * @param operation the call, as logs show it (a VK method, an OAuth endpoint, {@code GET /chats})
     * @param error what the HTTP client threw
     * @param timeout the attempt timeout, for the message
     * @param remedies the words for this server
     * @return the typed exception
     */
    public static SferumException failure(String operation, Throwable error, Duration timeout, Remedies remedies) {
        String method = operation;
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof SferumException s) {
            return s;
        }
        Transport.ResponseTooLargeException tooLarge = find(e, Transport.ResponseTooLargeException.class);
        if (tooLarge != null) {
            return new TransportException(ErrorCategory.INVALID_INPUT, method, TransportException.Failure.BODY_TOO_LARGE, 0, true,
                    method + " got a response body larger than " + tooLarge.limit() + " bytes", remedies.tooLarge(), null);
        }
        if (e instanceof HttpConnectTimeoutException || find(e, ConnectException.class) != null
                || find(e, UnresolvedAddressException.class) != null) {
            return new TransportException(ErrorCategory.TRANSIENT, method, TransportException.Failure.CONNECT, 0, false,
                    method + " could not connect to the server (" + e.getClass().getSimpleName() + ")", remedies.connect(), e);
        }
        if (e instanceof HttpTimeoutException) {
            return new TransportException(ErrorCategory.TRANSIENT, method, TransportException.Failure.TIMEOUT, 0, true,
                    method + " got no answer within " + timeout.toMillis() + " ms", remedies.timeout(), e);
        }
        if (e instanceof java.util.concurrent.CancellationException) {
            return new TransportException(ErrorCategory.TRANSIENT, method, TransportException.Failure.INTERRUPTED, 0, true,
                    method + " was cancelled", null, null);
        }
        return new TransportException(ErrorCategory.TRANSIENT, method, TransportException.Failure.IO, 0, true,
                method + " failed during the exchange (" + e.getClass().getSimpleName() + ")",
                "the connection broke; the server may have processed the request", e);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
