package dev.sferum.sdk.benchmarks;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark launcher: {@code java -jar benchmarks/target/benchmarks.jar <command> [options]}.
 */
public final class Main {
    private Main() {
    }

    /**
     * @param args the command and its options
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        Options o = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "load" -> {
                List<JsonNode> results = load(o);
                Files.writeString(o.path("json", "benchmarks/target/load.json"),
                        JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(results));
            }
            case "jmh" -> {
                for (JmhRunner.Row r : JmhRunner.run(o.values().getOrDefault("include", "dev.sferum.sdk.benchmarks.jmh.*"),
                        o.values().containsKey("quick"))) {
                    System.out.println(r);
                }
            }
            case "roster" -> {
                RosterBench.Options ro = RosterBench.Options.from(o);
                Report r = new Report();
                RosterBench.report(r, ro, ro.run());
                System.out.println(r);
            }
            case "all" -> All.run(o);
            default -> usage();
        }
    }

    static List<JsonNode> load(Options o) throws Exception {
        return load(o, Forks.java(), o.list("contenders", Contenders.all().stream().map(Contenders.Kind::id).toList()),
                o.list("threads", List.of("1", "4", "16")));
    }

    static List<JsonNode> load(Options o, String cellJava, List<String> contenders, List<String> threadList) throws Exception {
        List<Contenders.Kind> kinds = new ArrayList<>();
        for (String id : contenders) {
            kinds.add(Contenders.Kind.byId(id));
        }
        List<Integer> threads = threadList.stream().map(Integer::parseInt).toList();
        LoadRunner.Plan plan = new LoadRunner.Plan(kinds, threads, o.integer("rounds", 3), warmup(o), measure(o),
                List.of("-Xms512m", "-Xmx512m"));
        return new LoadRunner(plan, System.getProperty("java.class.path"), cellJava, Forks.java()).run();
    }

    /**
     * The load profile: {@code full} (default: 5 s warm-up, extended by up to half that while the JIT compiler is
     * still busy, 8 s measured per cell; 7 contenders × 3 thread counts × 3 rounds ≈ 16–19 minutes on 2 cores) or
     * {@code quick} (3 s, up to 1.5 s more, and 4 s: ≈ 9–10 minutes). {@code --warmup} and {@code --measure} override
     * either.
     */
    static boolean quickProfile(Options o) {
        return "quick".equals(o.values().getOrDefault("profile", "full"));
    }

    static double warmup(Options o) {
        return o.decimal("warmup", quickProfile(o) ? 3 : 5);
    }

    static double measure(Options o) {
        return o.decimal("measure", quickProfile(o) ? 4 : 8);
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar benchmarks/target/benchmarks.jar <command> [--option value ...]
                  all    --out docs/benchmarks.md --core-classpath <file> --core-jar <jar> --peer-classpath <file>
                         [--profile full|quick --rounds 3 --warmup 5 --measure 8 --threads 1,4,16 --jmh-include <regex>
                          --skip jmh,roster --apache-classpath <file> --apache-jar <jar> --quick true]
                  jmh    [--include <regex>] [--quick true]
                  roster [--roster-classes 1000 --roster-members 30 --roster-rounds 3 --roster-concurrency 50
                          --roster-rtt-ms 50 --roster-window-ms 20 --roster-scale 20 --roster-user-member-classes 100 --roster-only-faulty true --quick true]
                  load   --contenders raw-default,raw-direct,sdk-sync-default,sdk-async-default,sdk-sync-apache,sdk-async-apache,vk-sdk
                         --threads 1,4,16 --profile full|quick
                         --rounds 3 --warmup 5 --measure 8 --json benchmarks/target/load.json
                """);
    }

    /** {@code --name value} options. */
    record Options(java.util.Map<String, String> values) {
        static Options parse(String[] args) {
            java.util.Map<String, String> m = new java.util.HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option, got " + args[i]);
                }
                m.put(args[i].substring(2), args[i + 1]);
            }
            return new Options(m);
        }

        List<String> list(String name, List<String> def) {
            String v = values.get(name);
            return v == null ? def : List.of(v.split(","));
        }

        int integer(String name, int def) {
            String v = values.get(name);
            return v == null ? def : Integer.parseInt(v);
        }

        double decimal(String name, double def) {
            String v = values.get(name);
            return v == null ? def : Double.parseDouble(v);
        }

        Path path(String name, String def) {
            return Path.of(values.getOrDefault(name, def));
        }
    }
}
