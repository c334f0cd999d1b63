package dev.sferum.sdk.benchmarks;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Runs footprint, JMH and load, and writes the report. */
final class All {
    private All() {
    }

    static void run(Main.Options o) throws Exception {
        Path out = o.path("out", "docs/benchmarks.md");
        boolean quick = o.values().containsKey("quick");
        String java = Forks.java();
        Path self = Path.of(All.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path classes = self.getParent().resolve("classes");
        String command = o.values().getOrDefault("command", "benchmarks/run.sh");
        double loadBefore = Machine.loadAverage();
        Machine.CpuTicks ticksBefore = Machine.CpuTicks.now();
        ZonedDateTime started = ZonedDateTime.now();

        Progress.say("footprint");
        Footprint.Closure core = Footprint.closure(Path.of(o.values().get("core-classpath")), Path.of(o.values().get("core-jar")));
        Footprint.Closure peer = Footprint.closure(Path.of(o.values().get("peer-classpath")));
        Footprint.Closure chat = Footprint.closure(Path.of(o.values().get("chat-classpath")), Path.of(o.values().get("chat-jar")));
        Footprint.Closure video = Footprint.closure(Path.of(o.values().get("video-classpath")), Path.of(o.values().get("video-jar")));
        Footprint.Closure apache = o.values().containsKey("apache-classpath")
                ? Footprint.closure(Path.of(o.values().get("apache-classpath")), Path.of(o.values().get("apache-jar"))) : null;
        List<String> skip = o.list("skip", List.of());
        String previous = Files.exists(out) ? Files.readString(out) : "";
        Footprint.Startup coreStart;
        Footprint.Startup peerStart;
        Footprint.Startup chatStart;
        int startupRuns = quick ? 1 : 5;
        try (LoadRunner.ServerProcess server = LoadRunner.ServerProcess.start(java, System.getProperty("java.class.path"))) {
            String base = "http://127.0.0.1:" + server.port;
            String coreCp = classes + File.pathSeparator + join(core.jars());
            String peerCp = classes + File.pathSeparator + join(peer.jars());
            coreStart = Footprint.startup(java, coreCp, FirstCall.class.getName(), base, startupRuns);
            peerStart = Footprint.startup(java, peerCp, FirstCallPeer.class.getName(), base, startupRuns);
            chatStart = Footprint.startup(java, classes + File.pathSeparator + join(chat.jars()), FirstChatSend.class.getName(), base,
                    startupRuns);
        }

        List<JmhRunner.Row> jmh = List.of();
        if (!skip.contains("jmh")) {
            Progress.say("JMH");
            jmh = JmhRunner.run(o.values().getOrDefault("jmh-include", "dev.sferum.sdk.benchmarks.jmh.*"), quick);
        }
        double loadMid = Machine.loadAverage();

        Progress.say("load");
        List<JsonNode> load = Main.load(o);
        Files.writeString(Path.of("benchmarks", "target", "load.json"),
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(load));
        String extraJava = o.values().get("extra-java");
        List<JsonNode> extra = List.of();
        String extraVersion = null;
        if (extraJava != null && !extraJava.isBlank() && Files.isExecutable(Path.of(extraJava))) {
            Progress.say("load on " + extraJava);
            extra = Main.load(o, extraJava, List.of("raw-default", "raw-direct", "sdk-sync-default", "sdk-async-default", "sdk-sync-apache", "sdk-async-apache", "vk-sdk"), List.of("1", "16"));
            extraVersion = extra.isEmpty() ? extraJava : extra.get(0).path("jdk").asText();
        }
        RosterBench.Options rosterOptions = RosterBench.Options.from(o);
        List<RosterBench.Run> roster = List.of();
        if (!skip.contains("roster")) {
            Progress.say("roster sync");
            roster = rosterOptions.run();
        }
        double loadAfter = Machine.loadAverage();
        String busy = Machine.CpuTicks.now().since(ticksBefore);
        List<Integer> threads = o.list("threads", List.of("1", "4", "16")).stream().map(Integer::parseInt).toList();

        Report r = new Report();
        r.line("# Benchmarks");
        r.line("");
        r.line("Written by `" + command + "` — do not edit by hand; the notes at the end come from `benchmarks/NOTES.md`.");
        r.line("");
        r.line("## Machine and run");
        r.line("");
        r.f("- When: %s to %s", started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        r.f("- CPU: %s, %d cores visible to the JVM; memory %s; %s %s", Machine.cpuModel(), Runtime.getRuntime().availableProcessors(),
                Machine.memory(), System.getProperty("os.name"), System.getProperty("os.version"));
        r.f("- JDK: %s %s (%s)", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), java);
        r.f("- Load average (1 min) at start / after JMH / at end: %.2f / %.2f / %.2f. Machine CPU over the run: %s. "
                + "Other engineers were building on this machine, so absolute numbers move between runs; compare rows of one run.",
                loadBefore, loadMid, loadAfter, busy);
        r.f("- Command: `%s`%s", command, quick ? " (quick mode: numbers only check the harness)" : "");
        r.line("");

        r.line("## Load: `messages.send` over loopback, calls/s and client CPU per call");
        r.line("");
        r.f("Each cell is a fresh JVM (`-Xms512m -Xmx512m`, default GC) that warms up for %.0f s — and up to %.1f s more while "
                + "the JIT compiler is still busy (over 50 ms of compiling in the last second), so that a contender with more code "
                + "to compile is not measured half-compiled — and then counts successful calls "
                + "for %.0f s against one server process; %d rounds, the contender order rotating every round; the table shows the "
                + "median over rounds. Client CPU is the client process's CPU time (all its threads: callers, HTTP client threads, "
                + "JIT, GC) divided by successful calls; \"JIT ms in window\" is the compiler's time within the measured window "
                + "(a large figure means that row's CPU per call includes compiling). The server is `VkLikeServer` in its own JVM; its CPU per request is shown "
                + "so you can see it is not the bottleneck. Every call sends the same `messages.send` (same peer, same Cyrillic "
                + "text, a unique `random_id`); the SDK clients run the full call path: token provider, token-kind check, a rate "
                + "budget of 1,000,000/s (on, but never binding), a listener, and typed decode of the message id.",
                Main.warmup(o), Main.warmup(o) / 2, Main.measure(o), o.integer("rounds", 3));
        r.line("");
        r.loadTable(load, threads);
        r.line("");
        r.line("\"× VK SDK\" divides medians; \"per-round\" is the range of the ratio within each round (the two ran minutes "
                + "apart, so this is the fairer view on a busy machine); \"× raw tuned\" divides by the raw client with "
                + "`executor(Runnable::run)`, the default transport's goal. \"in flight = threads\" for the async client: one "
                + "driver thread keeps that many calls outstanding. \"default transport\" rows use the JDK `HttpClient` the SDK "
                + "builds by default; \"Apache transport\" rows opt into sdk-transport-apache with "
                + "`ClientConfig.builder().transport(ApacheTransport.factory())` (Apache HttpClient 5 classic on the caller's "
                + "thread; async calls run that exchange on the client's executor). \"load (1 min)\" is the machine's load "
                + "average just before each round's cell (lowest–highest): the 2 cores were shared with other engineers' "
                + "builds, so absolute figures are depressed and noisy; ratios within one round are what counts.");
        r.line("");
        r.line("### Failures and retries (counted, not hidden)");
        r.line("");
        r.failures(load);
        r.line("");
        if (!extra.isEmpty()) {
            r.line("### The same on JDK " + extraVersion + " (virtual threads)");
            r.line("");
            r.line("Same server process (on the baseline JDK), same method, client cells on JDK " + extraVersion + ", with the raw "
                    + "JDK client measured on the same JDK, so \"× raw default\" compares within one JDK (compare a row with the "
                    + "baseline table's rows of another JDK only as a direction). On the Apache transport the async client runs each "
                    + "blocking exchange on a virtual thread of the client; on the default transport both clients use the JDK `HttpClient` "
                    + "(`send` for sync, `sendAsync` for async: there `CompletableFuture`'s default executor is a fork-join pool, "
                    + "not a thread per task).");
            r.line("");
            r.loadTable(extra, List.of(1, 16));
            r.line("");
            r.failures(extra);
            r.line("");
        }

        if (skip.contains("jmh")) {
            r.line(carried(previous, "## JMH"));
        } else {
        r.line("## JMH (`-prof gc`)");
        r.line("");
        r.line("One fork, 3–4 warm-up and 5 measured iterations of 2 s. `CallBenchmark` runs against an in-process "
                + "`VkLikeServer` on one caller thread (the server's own allocation is in every row alike); `DecodeBenchmark` "
                + "decodes fixed VK answers the way a call does; `SdkWorkBenchmark` runs the SDK's whole call path over an "
                + "in-memory `Transport`, so it is the SDK's own work and nothing else.");
        r.line("");
        r.jmhTable(jmh, previous);
        r.line("");
        }

        if (skip.contains("roster")) {
            r.line(carried(previous, "## Roster sync at realistic limits\n"));
        } else {
            RosterBench.report(r, rosterOptions, roster);
        }

        r.line("## Footprint");
        r.line("");
        r.line("| | runtime jars | MB | JVM start → first successful call (median of " + startupRuns + ", ms) | process start → exit (ms) |");
        r.line("|---|---:|---:|---:|---:|");
        r.f("| sferum-sdk-core | %d | %.2f | %d | %d |", core.jars().size(), core.megabytes(), coreStart.medianMs(), coreStart.medianWallMs());
        r.f("| sferum-sdk-vk (VK chats over sdk-chat; first chat `send`) | %d | %.2f | %d | %d |", chat.jars().size(), chat.megabytes(), chatStart.medianMs(),
                chatStart.medianWallMs());
        r.f("| sferum-sdk-video | %d | %.2f | — | — |", video.jars().size(), video.megabytes());
        if (apache != null) {
            r.f("| sferum-sdk-transport-apache (adds to core: %s) | %d | %.2f | — | — |", names(added(apache, core)), apache.jars().size(),
                    apache.megabytes());
        }
        r.f("| com.vk.api:sdk 1.0.16 | %d | %.2f | %d | %d |", peer.jars().size(), peer.megabytes(), peerStart.medianMs(), peerStart.medianWallMs());
        r.line("");
        r.line("Runtime closures as Maven resolves them for an application (`dependency:build-classpath -DincludeScope=runtime`: "
                + "compile and runtime scope, no test or optional jars), each module's own jar included; the first-call times "
                + "fork a fresh JVM whose class path holds only that closure and the one benchmark class. The chat row's first call "
                + "is a `ChatClient.send` to a chat on `VkChats` (one `messages.send` with its `random_id`, through the in-memory outbox).");
        r.line("");
        r.line("sferum-sdk-core's jars: " + names(core.jars()) + ".");
        r.line("");
        r.line("sferum-sdk-vk's jars (sdk-chat with its VK backend): " + names(chat.jars()) + ".");
        r.line("");
        r.line("sferum-sdk-video's jars: " + names(video.jars()) + ".");
        r.line("");
        if (apache != null) {
            r.line("sferum-sdk-transport-apache's jars: " + names(apache.jars()) + ".");
            r.line("");
        }
        r.line("VK SDK's jars (its declared runtime closure, as its pom brings them): " + names(peer.jars()) + ".");
        r.line("");

        Path notes = Path.of("benchmarks", "NOTES.md");
        if (Files.exists(notes)) {
            r.line(Files.readString(notes));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, r.toString());
        Progress.say("wrote " + out + " (" + ManagementFactory.getRuntimeMXBean().getUptime() / 1000 + " s)");
    }

    /** The jars of {@code closure} that {@code base} does not have. */
    private static List<Path> added(Footprint.Closure closure, Footprint.Closure base) {
        return closure.jars().stream().filter(j -> base.jars().stream().noneMatch(b -> artifact(b).equals(artifact(j)))).toList();
    }

    /**
     * A section of the previous report, kept when this run skipped its part: from {@code heading} to the next
     * second-level heading, marked as carried over.
     */
    static String carried(String previous, String heading) {
        int start = previous.indexOf(heading);
        if (start < 0) {
            return heading.trim() + "\n\nNot run in this run (`--skip`), and no earlier report had it.\n";
        }
        int end = previous.indexOf("\n## ", start + heading.length());
        String marker = "*Carried over from the previous report: this run skipped it (`--skip`).*";
        String section = previous.substring(start, end < 0 ? previous.length() : end + 1);
        int firstLine = section.indexOf('\n');
        String body = section.substring(firstLine);
        if (body.stripLeading().startsWith(marker + "\n")) {
            body = body.stripLeading().substring(marker.length() + 1);
        }
        return section.substring(0, firstLine) + "\n\n" + marker + "\n" + body;
    }

    /** A jar's name without its version: the core jar is copied as {@code sferum-sdk-core.jar} for the run. */
    private static String artifact(Path jar) {
        return jar.getFileName().toString().replaceAll("(-\\d[\\w.]*)?(-SNAPSHOT)?\\.jar$", "");
    }

    private static String join(List<Path> jars) {
        return String.join(File.pathSeparator, jars.stream().map(Path::toString).toList());
    }

    private static String names(List<Path> jars) {
        return String.join(", ", jars.stream().map(p -> "`" + p.getFileName() + "`").sorted().toList());
    }

    static String percent(double x) {
        return String.format(Locale.ROOT, "%.0f%%", x * 100);
    }
}
