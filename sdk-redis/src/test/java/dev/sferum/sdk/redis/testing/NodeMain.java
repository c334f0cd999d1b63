package dev.sferum.sdk.redis.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * An application node in its own JVM, for the cross-process test:
 * {@code NodeMain <name> <SYNC|ASYNC> <redisUrl> <keyPrefix> <nodes> <vkUrl> <threads> <callsPerThread>}.
 * Prints {@code ready}, waits for a line on stdin (so every JVM starts calling at once), makes its calls, and exits
 * 0 when all succeeded.
 */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Mode mode = Mode.valueOf(args[1]);
        int threads = Integer.parseInt(args[6]);
        int calls = Integer.parseInt(args[7]);
        try (Node node = new Node(name, mode, args[2], args[3], Integer.parseInt(args[4]), args[5])) {
            node.warmUp();
            System.out.println("ready");
            System.out.flush();
            if (System.in.read() < 0) {
                System.exit(3);
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < calls; i++) {
                        node.call();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        System.out.println("done");
        System.exit(0);
    }
}
