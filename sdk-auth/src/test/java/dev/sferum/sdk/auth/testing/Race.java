package dev.sferum.sdk.auth.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Starts many calls at once, behind one gate, and collects their results. */
public final class Race {
    private Race() {
    }

    /**
     * @param n how many calls
     * @param mode SYNC: n threads each block in {@code sync}; ASYNC: a few threads start n futures with {@code async}
     * @return every call's result, in start order
     */
    public static <T> List<T> run(int n, Mode mode, Supplier<T> sync, Supplier<CompletableFuture<T>> async) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(mode == Mode.SYNC ? n : 8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<CompletableFuture<T>>> started = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                started.add(pool.submit(() -> {
                    go.await();
                    return mode == Mode.SYNC ? CompletableFuture.completedFuture(sync.get()) : async.get();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<CompletableFuture<T>> f : started) {
                results.add(f.get(60, TimeUnit.SECONDS).get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
