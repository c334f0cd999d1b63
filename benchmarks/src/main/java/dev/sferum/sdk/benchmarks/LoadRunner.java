package dev.sferum.sdk.benchmarks;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The load table: every contender at every concurrency, each cell in a fresh JVM, against one server process, in
 * rounds whose contender order rotates so that no contender always runs first (cold machine) or last.
 */
final class LoadRunner {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What to run. */
    record Plan(List<Contenders.Kind> contenders, List<Integer> threads, int rounds, double warmupSeconds, double measureSeconds,
            List<String> cellJvmArgs) {
    }

    private final Plan plan;
    private final String classPath;
    private final String javaCmd;
    private final String serverJava;

    LoadRunner(Plan plan, String classPath, String java) {
        this(plan, classPath, java, java);
    }

    /**
     * @param plan what to run
     * @param classPath the benchmark class path
     * @param java the launcher for the client cells
     * @param serverJava the launcher for the server
     */
    LoadRunner(Plan plan, String classPath, String java, String serverJava) {
        this.plan = plan;
        this.classPath = classPath;
        this.javaCmd = java;
        this.serverJava = serverJava;
    }

    /**
     * Runs the plan.
     *
     * @return one result per cell and round, in the order run
     * @throws Exception if a cell fails to run
     */
    List<JsonNode> run() throws Exception {
        List<JsonNode> results = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(serverJava, classPath)) {
            Progress.say("server on port " + server.port + "; warming it up");
            cell(Contenders.Kind.RAW_DIRECT, 4, server.port, 3, 3);
            for (int round = 0; round < plan.rounds(); round++) {
                for (int threads : plan.threads()) {
                    List<Contenders.Kind> order = rotate(plan.contenders(), round + plan.threads().indexOf(threads));
                    for (Contenders.Kind kind : order) {
                        double load = Machine.loadAverage();
                        JsonNode r = cell(kind, threads, server.port, plan.warmupSeconds(), plan.measureSeconds());
                        ((tools.jackson.databind.node.ObjectNode) r).put("round", round + 1);
                        ((tools.jackson.databind.node.ObjectNode) r).put("load1", load);
                        results.add(r);
                        Progress.say(String.format(Locale.ROOT, "round %d  %-18s %2d threads  %8.0f calls/s  %6.1f µs CPU/call  (server %5.1f µs/req, load %.2f)%s",
                                round + 1, kind.id(), threads, r.path("callsPerSecond").asDouble(),
                                r.path("clientCpuMicrosPerCall").asDouble(), r.path("serverCpuMicrosPerRequest").asDouble(), load,
                                r.path("failures").isEmpty() && r.path("retries").isEmpty() ? "" : "  failures " + r.path("failures") + " retries " + r.path("retries")));
                    }
                }
            }
        }
        return results;
    }

    private JsonNode cell(Contenders.Kind kind, int threads, int port, double warmup, double measure) throws Exception {
        List<String> args = List.of(kind.id(), Integer.toString(threads), Integer.toString(port), Double.toString(warmup), Double.toString(measure));
        String line = Forks.runForLine(Forks.command(javaCmd, classPath, plan.cellJvmArgs(), LoadCell.class.getName(), args), "RESULT ",
                (long) (warmup + measure) + 120);
        return JSON.readTree(line);
    }

    static <T> List<T> rotate(List<T> list, int by) {
        List<T> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(list.get((i + by) % list.size()));
        }
        return out;
    }

    /** The server in its own JVM: its CPU never counts as the client's, and it stays warm across cells. */
    static final class ServerProcess implements Closeable {
        final Process process;
        final int port;

        private ServerProcess(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static ServerProcess start(String java, String classPath) throws IOException {
            List<String> cmd = Forks.command(java, classPath, List.of("-Xms256m", "-Xmx256m"), VkLikeServer.class.getName(), List.of());
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (line == null || !line.startsWith("port=")) {
                p.destroyForcibly();
                throw new IOException("the server did not start: " + line);
            }
            return new ServerProcess(p, Integer.parseInt(line.substring(5).trim()));
        }

        @Override
        public void close() throws IOException {
            process.getOutputStream().close();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
