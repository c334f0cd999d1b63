package dev.sferum.sdk.max.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body into bytes without blocking, failing as soon as it passes a size limit instead of
 * exhausting memory. (sdk-core has the same handler, package-private; this one goes once core exports it.)
 */
final class BoundedBody implements HttpResponse.BodyHandler<byte[]> {

    /** The body passed the limit. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        final long limit;

        TooLargeException(long limit) {
            super("response body is larger than " + limit + " bytes");
            this.limit = limit;
        }
    }

    private final int limit;

    BoundedBody(int limit) {
        this.limit = limit;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        return new Subscriber(limit, info.headers().firstValueAsLong("content-length").orElse(-1L));
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final int limit;
        private final long declared;
        private Flow.Subscription subscription;
        private byte[] buf;
        private int len;
        private boolean done;

        Subscriber(int limit, long declared) {
            this.limit = limit;
            this.declared = declared;
            this.buf = new byte[declared > 0 && declared <= limit ? (int) declared : 1024];
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared > limit) {
                done = true;
                s.cancel();
                result.completeExceptionally(new TooLargeException(limit));
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
                    result.completeExceptionally(new TooLargeException(limit));
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
                result.completeExceptionally(t);
            }
        }

        @Override
        public void onComplete() {
            if (!done) {
                done = true;
                result.complete(len == buf.length ? buf : Arrays.copyOf(buf, len));
            }
        }
    }
}
