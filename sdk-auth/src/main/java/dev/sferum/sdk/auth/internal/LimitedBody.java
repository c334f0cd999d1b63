package dev.sferum.sdk.auth.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Reads a response body into bytes, failing once it passes a size limit instead of filling memory. */
final class LimitedBody implements HttpResponse.BodyHandler<byte[]> {

    /** The body passed the limit. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(int limit) {
            super("response body is larger than " + limit + " bytes");
        }
    }

    private final int limit;

    LimitedBody(int limit) {
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
        private byte[] buf = new byte[512];
        private int len;
        private boolean done;

        Subscriber(int limit, long declared) {
            this.limit = limit;
            this.declared = declared;
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
                    subscription.cancel();
                    result.completeExceptionally(new TooLargeException(limit));
                    return;
                }
                if (len + n > buf.length) {
                    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
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
                result.complete(Arrays.copyOf(buf, len));
            }
        }
    }
}
