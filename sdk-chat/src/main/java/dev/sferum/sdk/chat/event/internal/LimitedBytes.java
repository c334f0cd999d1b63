package dev.sferum.sdk.chat.event.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Reads a response body into bytes, giving up (and cancelling the stream) once it passes a size limit. */
final class LimitedBytes implements HttpResponse.BodyHandler<byte[]> {
    private final int limit;

    LimitedBytes(int limit) {
        this.limit = limit;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        return new Subscriber(limit, info.headers().firstValueAsLong("content-length").orElse(-1L));
    }

    /** The body passed the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(int limit) {
            super("the long-poll answer is larger than " + limit + " bytes");
        }
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final int limit;
        private final long declared;
        private Flow.Subscription subscription;
        private byte[] buf;
        private int len;

        Subscriber(int limit, long declared) {
            this.limit = limit;
            this.declared = declared;
            this.buf = new byte[declared > 0 && declared <= limit ? (int) declared : 4096];
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared > limit) {
                s.cancel();
                result.completeExceptionally(new TooLarge(limit));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                int n = b.remaining();
                if ((long) len + n > limit) {
                    buf = null;
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge(limit));
                    return;
                }
                if (len + n > buf.length) {
                    buf = Arrays.copyOf(buf, Math.min(limit, Math.max(len + n, buf.length * 2)));
                }
                b.get(buf, len, n);
                len += n;
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            if (!result.isDone()) {
                result.complete(len == buf.length ? buf : Arrays.copyOf(buf, len));
            }
        }
    }
}
