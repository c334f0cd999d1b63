package dev.sferum.sdk.testkit.internal.server;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;

/**
 * The options both standalone fakes take: {@code --port N}, {@code --host ADDRESS}, {@code --seed N},
 * {@code --seed-demo}, {@code --no-rate-limits}, {@code --strict}, {@code --help}.
 *
 * @param port       the port (default 8080; 0 = a free one)
 * @param host       the address to listen on (default 127.0.0.1)
 * @param seed       the seed (default 0)
 * @param demo       whether to create demo data and print its tokens
 * @param rateLimits whether rate limits apply (default true)
 * @param strict     whether requests are checked against the API's schema (default false, {@code --strict})
 * @param help       whether only the usage was asked for
 */
public record MainOptions(int port, InetAddress host, long seed, boolean demo, boolean rateLimits, boolean strict,
        boolean help) {

    /** The options line of the usage text. */
    public static final String USAGE = "[--port N] [--host ADDRESS] [--seed N] [--seed-demo] [--no-rate-limits] "
            + "[--strict] [--help]";

    /**
     * Parses the options.
     *
     * @throws IllegalArgumentException for a bad option, naming it
     */
    public static MainOptions parse(String[] args) {
        int port = 8080;
        InetAddress host = InetAddress.getLoopbackAddress();
        long seed = 0;
        boolean demo = false;
        boolean rateLimits = true;
        boolean strict = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> {
                    long p = number(args, ++i, "--port");
                    if (p < 0 || p > 65535) {
                        throw new IllegalArgumentException("--port must be 0-65535, got " + p);
                    }
                    port = (int) p;
                }
                case "--host" -> host = address(value(args, ++i, "--host"));
                case "--seed" -> seed = number(args, ++i, "--seed");
                case "--seed-demo" -> demo = true;
                case "--no-rate-limits" -> rateLimits = false;
                case "--strict" -> strict = true;
                case "--help" -> {
                    return new MainOptions(port, host, seed, demo, rateLimits, strict, true);
                }
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        return new MainOptions(port, host, seed, demo, rateLimits, strict, false);
    }

    /**
     * Runs a main: starts the fake with {@code starter}, exiting with status 2 and the usage for a bad option, and
     * serves until the JVM is stopped.
     *
     * @param usage   the full usage line
     * @param starter parses the options and starts the fake; null when only help was asked for
     */
    public static void serve(String[] args, String usage, Starter starter) throws InterruptedException {
        AutoCloseable fake;
        try {
            fake = starter.start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return;
        }
        if (fake == null) {
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                fake.close();
            } catch (Exception e) {
                // stopping anyway
            }
            stopped.countDown();
        }, "fake-shutdown"));
        stopped.await();
    }

    /** Starts a fake from the command line. */
    @FunctionalInterface
    public interface Starter {
        /** Returns the running fake, or null when only help was asked for. */
        AutoCloseable start(String[] args, PrintStream out);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long number(String[] args, int i, String option) {
        String v = value(args, i, option);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, got " + v, e);
        }
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host is not an address: " + host, e);
        }
    }
}
