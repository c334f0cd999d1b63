package dev.sferum.sdk.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting child JVMs with this process's JDK and class path. */
final class Forks {
    private Forks() {
    }

    /** {@return the {@code java} launcher of the running JDK (or {@code JAVA} if set)} */
    static String java() {
        String override = System.getenv("BENCH_JAVA");
        if (override != null && !override.isBlank()) {
            return override;
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * @param java the launcher
     * @param classPath the class path
     * @param jvmArgs JVM options
     * @param main the main class
     * @param args its arguments
     * @return the command line
     */
    static List<String> command(String java, String classPath, List<String> jvmArgs, String main, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(main);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Runs a child to completion and returns the first stdout line starting with {@code prefix} (without it).
     *
     * @param cmd the command
     * @param prefix the line marker
     * @param timeoutSeconds how long to wait
     * @return the line's rest
     * @throws IOException if the child fails or prints no such line
     * @throws InterruptedException if interrupted
     */
    static String runForLine(List<String> cmd, String prefix, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String found = null;
        StringBuilder other = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (found == null && line.startsWith(prefix)) {
                    found = line.substring(prefix.length());
                } else if (other.length() < 4000) {
                    other.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("child timed out: " + cmd);
        }
        if (p.exitValue() != 0 || found == null) {
            throw new IOException("child failed (exit " + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + other);
        }
        return found;
    }
}
