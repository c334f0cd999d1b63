package dev.sferum.sdk.core.internal;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads on which async calls run as blocking exchanges, and the facts about this JDK that decide whether they
 * should.
 *
 * <p>On JDK 21+ these are virtual threads ({@link #virtual()}). On JDK 17 they are {@link #pool()}: one pool per
 * JVM of at most {@value #MAX_THREADS} daemon platform threads, started on demand and ended after
 * {@value #IDLE_SECONDS} s without work, so it never keeps the JVM alive and needs no shutdown. It never queues: an
 * exchange that finds every thread busy is refused at once ({@link java.util.concurrent.RejectedExecutionException})
 * and the caller sends it another way (the JDK client's own async path), so no call spends its deadline waiting
 * behind others — for example behind long calls that each hold a thread for their whole wait.
 */
final class ExchangeThreads {
    /** The most platform threads the pool runs at once, for all clients of the JVM together. */
    static final int MAX_THREADS = 64;
    /** How long an idle pool thread lives. */
    static final long IDLE_SECONDS = 60;

    private static final ExecutorService VIRTUAL = virtualThreads();
    private static final boolean THREAD_PER_ASYNC_TASK = !(new CompletableFuture<Void>().defaultExecutor() instanceof ForkJoinPool);

    private ExchangeThreads() {
    }

    /** The pool, made on first use. */
    private static final class Pool {
        static final ThreadPoolExecutor THREADS = create();

        private static ThreadPoolExecutor create() {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor p = new ThreadPoolExecutor(0, MAX_THREADS, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "sferum-exchange-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.AbortPolicy());
            return p;
        }
    }

    /** @return the JDK's virtual threads, one per task, or {@code null} before JDK 21 or when switched off */
    static ExecutorService virtual() {
        return VIRTUAL;
    }

    /** @return the SDK's bounded pool of reused daemon platform threads */
    static ExecutorService pool() {
        return Pool.THREADS;
    }

    /**
     * Whether {@code CompletableFuture}'s default executor — through which {@code HttpClient.sendAsync} completes
     * every exchange — starts a new thread per task. On JDK 17 it does whenever the common pool's parallelism is
     * below 2 (any machine with fewer than three cores); later JDKs always use a fork-join pool.
     *
     * @return whether every {@code sendAsync} costs a thread start
     */
    static boolean threadPerAsyncTask() {
        return THREAD_PER_ASYNC_TASK;
    }

    private static ExecutorService virtualThreads() {
        if (Boolean.getBoolean("sferum.async.virtualThreads.disabled")) {
            return null;
        }
        try {
            Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) m.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
