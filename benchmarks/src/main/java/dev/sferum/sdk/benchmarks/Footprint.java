package dev.sferum.sdk.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an application pays to carry a client: the runtime dependency closure (jars and megabytes) and the time
 * from JVM start to the first successful call.
 */
final class Footprint {
    /** Jars that only tests use: a closure holding one was resolved in the wrong scope. */
    private static final java.util.regex.Pattern TEST_ONLY =
            java.util.regex.Pattern.compile("^(junit-|assertj-|wiremock|opentest4j|apiguardian|mockito|jqwik|sferum-sdk-testkit)");

    private Footprint() {
    }

    /**
     * A closure.
     *
     * @param jars the jar files
     * @param bytes their total size
     */
    record Closure(List<Path> jars, long bytes) {
        static Closure of(List<Path> jars) throws IOException {
            long total = 0;
            for (Path p : jars) {
                total += Files.size(p);
            }
            return new Closure(jars, total);
        }

        double megabytes() {
            return bytes / (1024.0 * 1024.0);
        }
    }

    /**
     * Time to first call, by forking {@code runs} fresh JVMs.
     *
     * @param ms the child's own "JVM start to first result" readings, sorted
     * @param wallMs the parent's "process start to exit" readings, sorted
     */
    record Startup(List<Long> ms, List<Long> wallMs) {
        long medianMs() {
            return ms.get(ms.size() / 2);
        }

        long medianWallMs() {
            return wallMs.get(wallMs.size() / 2);
        }
    }

    /**
     * @param classPathFile a file with a class path (as {@code mvn dependency:build-classpath} writes it)
     * @param extra jars to add (the module's own jar)
     * @return the closure
     * @throws IOException if a jar is missing
     */
    static Closure closure(Path classPathFile, Path... extra) throws IOException {
        List<Path> jars = new ArrayList<>(Arrays.asList(extra));
        String cp = Files.readString(classPathFile).trim();
        if (!cp.isEmpty()) {
            for (String s : cp.split(File.pathSeparator)) {
                Path jar = Path.of(s);
                if (jars.stream().noneMatch(j -> j.getFileName().equals(jar.getFileName()))) {
                    jars.add(jar);
                }
            }
        }
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            if (!name.endsWith(".jar") || TEST_ONLY.matcher(name).find()) {
                throw new IllegalStateException(classPathFile + " lists " + name + ", which is not a runtime jar: resolve it with "
                        + "dependency:build-classpath -DincludeScope=runtime after packaging the modules");
            }
        }
        return Closure.of(jars);
    }

    static Startup startup(String java, String classPath, String main, String baseUrl, int runs) throws Exception {
        List<Long> inside = new ArrayList<>();
        List<Long> wall = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            String line = Forks.runForLine(Forks.command(java, classPath, List.of("-Xshare:auto"), main, List.of(baseUrl)), "FIRST ", 120);
            wall.add((System.nanoTime() - t0) / 1_000_000);
            inside.add(Long.parseLong(line.trim()));
        }
        inside.sort(null);
        wall.sort(null);
        return new Startup(inside, wall);
    }
}
