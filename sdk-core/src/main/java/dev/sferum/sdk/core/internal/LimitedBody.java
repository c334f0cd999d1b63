package dev.sferum.sdk.core.internal;

import dev.sferum.sdk.core.Transport;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body into bytes, failing fast once it passes a size limit instead of exhausting memory: with
 * {@link Transport.ResponseTooLargeException} when the declared length or the bytes read pass it, cancelling the
 * stream. Every module that reads HTTP answers on the JDK client uses this one handler (sdk-auth's OAuth exchanges,
 * sdk-chat's long poll, sdk-max's pipeline); {@link HttpTransport#failure} types its failure.
 *
 * <pre>{@code
 * HttpResponse<byte[]> r = http.send(request, new LimitedBody(1 << 20));
 * }</pre>
 *
 * <p>For async exchanges it also completes the SDK's own future with the status and body as soon as the body is
 * in — on the thread that delivered the body (the client's executor) — instead of waiting for the future
 * {@code HttpClient.sendAsync} returns, which the JDK completes through an extra hop to its async pool (a new
 * thread per exchange on machines with fewer than three cores).
 */
public final class LimitedBody implements HttpResponse.BodyHandler<byte[]> {
    private final int limit;
    private final CompletableFuture<Transport.Response> answer;
    private final JdkTransport transport;

    /**
     * A handler that only reads the body. Thread-safe: one can serve every exchange of a client.
     *
     * @param limit the largest body to read, in bytes; at least 1
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public LimitedBody(int limit) {
        this(checked(limit), null, null);
    }

    private static int checked(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return limit;
    }

    /**
     * @param limit the largest body to read
     * @param answer completed with the status and body once the body is in, or {@code null}
     * @param transport completes {@code answer} off the selector thread
     */
    LimitedBody(int limit, CompletableFuture<Transport.Response> answer, JdkTransport transport) {
        this.limit = limit;
        this.answer = answer;
        this.transport = transport;
    }

    /**
     * @param info the status and headers
     * @return a subscriber that collects the body up to the limit
     */
    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        long declared = info.headers().firstValueAsLong("content-length").orElse(-1L);
        return new Subscriber(limit, declared, info, answer, transport);
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final int limit;
        private final long declared;
        private final HttpResponse.ResponseInfo info;
        private final CompletableFuture<Transport.Response> answer;
        private final JdkTransport transport;
        private Flow.Subscription subscription;
        private byte[] buf;
        private int len;
        private boolean done;

        Subscriber(int limit, long declared, HttpResponse.ResponseInfo info, CompletableFuture<Transport.Response> answer, JdkTransport transport) {
            this.transport = transport;
            this.limit = limit;
            this.declared = declared;
            this.info = info;
            this.answer = answer;
            this.buf = new byte[declared > 0 && declared <= limit ? (int) declared : 1024];
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            if (declared > limit) {
                done = true;
                s.cancel();
                fail(new Transport.ResponseTooLargeException(limit));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (done) {
                return;
            }
            for (ByteBuffer b : items) {
                int n = b.remaining();
                if ((long) len + n > limit) {
                    done = true;
                    buf = null;
                    subscription.cancel();
                    fail(new Transport.ResponseTooLargeException(limit));
                    return;
                }
                if (len + n > buf.length) {
                    buf = Arrays.copyOf(buf, Math.min(limit, Math.max(buf.length * 2, len + n)));
                }
                b.get(buf, len, n);
                len += n;
            }
        }

        @Override
        public void onError(Throwable t) {
            if (!done) {
                done = true;
                fail(t);
            }
        }

        @Override
        public void onComplete() {
            if (!done) {
                done = true;
                byte[] body = len == buf.length ? buf : Arrays.copyOf(buf, len);
                // The JDK's own future first, so the connection is back in its pool before the next call starts.
                result.complete(body);
                if (answer != null) {
                    transport.completeOffSelector(answer, new Transport.Response(info.statusCode(), body, JdkTransport.headers(info.headers())));
                }
            }
        }

        private void fail(Throwable t) {
            result.completeExceptionally(t);
            if (answer != null) {
                transport.failOffSelector(answer, t);
            }
        }
    }
}
