package dev.sferum.sdk.core.internal;

import java.lang.reflect.Method;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of one client's async work: the one the user gave ({@code ClientConfig.executor}), which the SDK
 * never shuts down, or threads this client owns and {@link #close()} ends — virtual threads on JDK 21+, else daemon
 * platform threads started on demand and ended after {@value #IDLE_SECONDS} s idle. No pool is shared between
 * clients or held by the JVM: every thread belongs to one client.
 *
 * <pre>{@code
 * ClientThreads threads = ClientThreads.of(config.executor().orElse(null), "sferum-async");
 * threads.execute(() -> future.complete(answer));
 * threads.close();      // ends the owned threads; a given executor stays as it is
 * }</pre>
 */
public final class ClientThreads implements Executor, AutoCloseable {
    /** How long an idle owned platform thread lives. */
    static final long IDLE_SECONDS = 60;
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final Executor executor;
    private final ExecutorService owned;
    private final String name;

    private ClientThreads(Executor executor, ExecutorService owned, String name) {
        this.executor = executor;
        this.owned = owned;
        this.name = name;
    }

    /**
     * @param given the user's executor, or {@code null} for threads of the client's own
     * @param prefix the owned threads' name prefix, such as {@code sferum-async}
     * @return the executor
     */
    public static ClientThreads of(Executor given, String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (given != null) {
            return new ClientThreads(given, null, "given " + given.getClass().getSimpleName());
        }
        String name = prefix + "-" + CLIENTS.incrementAndGet();
        ExecutorService owned = virtualThreads(name);
        if (owned == null) {
            AtomicInteger n = new AtomicInteger();
            owned = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return new ClientThreads(owned, owned, name);
    }

    /**
     * Runs a task on the client's executor.
     *
     * @param task the task
     * @throws RejectedExecutionException if the client is closed (or a given executor refuses)
     */
    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** {@return whether these threads are the client's own (so {@link #close()} ends them)} */
    public boolean owned() {
        return owned != null;
    }

    /** Ends the owned threads once their running tasks finish; refuses new tasks. A given executor is left open. */
    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown();
        }
    }

    /**
     * @param timeoutMillis how long to wait
     * @return whether every owned thread has ended (always {@code true} for a given executor)
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(long timeoutMillis) throws InterruptedException {
        return owned == null || owned.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private static ExecutorService virtualThreads(String name) {
        try {
            Method ofVirtual = Thread.class.getMethod("ofVirtual");
            Object builder = ofVirtual.invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, name + "-", 1L);
            Method factory = builderType.getMethod("factory");
            java.util.concurrent.ThreadFactory threads = (java.util.concurrent.ThreadFactory) factory.invoke(builder);
            Method perTask = java.util.concurrent.Executors.class.getMethod("newThreadPerTaskExecutor", java.util.concurrent.ThreadFactory.class);
            return (ExecutorService) perTask.invoke(null, threads);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "ClientThreads[" + name + "]";
    }
}
