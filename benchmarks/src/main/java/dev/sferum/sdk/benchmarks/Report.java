package dev.sferum.sdk.benchmarks;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Writes {@code docs/benchmarks.md} from one run's results. */
final class Report {
    private final StringBuilder md = new StringBuilder();

    Report line(String s) {
        md.append(s).append('\n');
        return this;
    }

    Report f(String format, Object... args) {
        return line(String.format(Locale.ROOT, format, args));
    }

    @Override
    public String toString() {
        return md.toString();
    }

    /** One (contender, threads) cell over all rounds. */
    record Cell(Contenders.Kind kind, int threads, List<JsonNode> runs) {
        double median(String field) {
            return Report.median(runs.stream().map(r -> r.path(field).asDouble()).toList());
        }

        Map<String, Long> sum(String field) {
            Map<String, Long> m = new TreeMap<>();
            for (JsonNode r : runs) {
                for (Map.Entry<String, JsonNode> e : r.path(field).properties()) {
                    m.merge(e.getKey(), e.getValue().asLong(), Long::sum);
                }
            }
            return m;
        }

        long total(String field) {
            return runs.stream().mapToLong(r -> r.path(field).asLong()).sum();
        }

        JsonNode round(int round) {
            return runs.stream().filter(r -> r.path("round").asInt() == round).findFirst().orElse(null);
        }
    }

    static Map<String, Cell> cells(List<JsonNode> results) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (Contenders.Kind k : Contenders.Kind.values()) {
            for (JsonNode r : results) {
                if (!r.path("contender").asText().equals(k.id())) {
                    continue;
                }
                int threads = r.path("threads").asInt();
                cells.computeIfAbsent(key(k, threads), x -> new Cell(k, threads, new ArrayList<>())).runs().add(r);
            }
        }
        return cells;
    }

    static String key(Contenders.Kind k, int threads) {
        return k.id() + "@" + threads;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** The load table: one row per contender and concurrency, ratios against the peer and the raw client. */
    void loadTable(List<JsonNode> results, List<Integer> threadCounts) {
        Map<String, Cell> cells = cells(results);
        line("| threads | client | calls/s | client CPU µs/call | × VK SDK calls/s | per-round × VK SDK | × raw default | × raw tuned | JIT ms in window | server CPU µs/req | failed calls | SDK retries | load (1 min) |");
        line("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int threads : threadCounts) {
            Cell peer = cells.get(key(Contenders.Kind.VK_SDK, threads));
            Cell raw = cells.get(key(Contenders.Kind.RAW_DEFAULT, threads));
            Cell tuned = cells.get(key(Contenders.Kind.RAW_DIRECT, threads));
            for (Contenders.Kind k : Contenders.Kind.values()) {
                Cell c = cells.get(key(k, threads));
                if (c == null) {
                    continue;
                }
                double cps = c.median("callsPerSecond");
                String vsPeer = peer == null ? "–" : String.format(Locale.ROOT, "%.2f×", cps / peer.median("callsPerSecond"));
                String vsRaw = raw == null ? "–" : String.format(Locale.ROOT, "%.2f×", cps / raw.median("callsPerSecond"));
                String vsTuned = tuned == null ? "–" : String.format(Locale.ROOT, "%.2f×", cps / tuned.median("callsPerSecond"));
                String jit = c.runs().stream().allMatch(r -> r.has("jitMillis")) ? String.format(Locale.ROOT, "%.0f", c.median("jitMillis")) : "–";
                String perRound = peer == null ? "–" : perRoundRange(c, peer);
                long failed = c.sum("failures").values().stream().mapToLong(Long::longValue).sum();
                long retried = c.sum("retries").values().stream().mapToLong(Long::longValue).sum();
                f("| %d | %s | %,.0f | %.0f | %s | %s | %s | %s | %s | %.0f | %d | %d | %s |", threads, k.label, cps, c.median("clientCpuMicrosPerCall"),
                        vsPeer, perRound, vsRaw, vsTuned, jit, c.median("serverCpuMicrosPerRequest"), failed, retried, loads(c));
            }
        }
    }

    /** The 1-minute load average before each round's cell, lowest to highest (as {@code uptime} shows it). */
    private static String loads(Cell c) {
        List<Double> l = new ArrayList<>(c.runs().stream().map(r -> r.path("load1").asDouble(-1)).filter(x -> x >= 0).toList());
        if (l.isEmpty()) {
            return "–";
        }
        l.sort(null);
        return String.format(Locale.ROOT, "%.1f–%.1f", l.get(0), l.get(l.size() - 1));
    }

    private static String perRoundRange(Cell c, Cell peer) {
        List<Double> ratios = new ArrayList<>();
        for (JsonNode r : c.runs()) {
            JsonNode p = peer.round(r.path("round").asInt());
            if (p != null) {
                ratios.add(r.path("callsPerSecond").asDouble() / p.path("callsPerSecond").asDouble());
            }
        }
        if (ratios.isEmpty()) {
            return "–";
        }
        ratios.sort(null);
        return String.format(Locale.ROOT, "%.2f–%.2f", ratios.get(0), ratios.get(ratios.size() - 1));
    }

    /** Every failure and retry reason seen, with counts and where. */
    void failures(List<JsonNode> results) {
        Map<String, Cell> cells = cells(results);
        boolean any = false;
        for (Cell c : cells.values()) {
            for (Map.Entry<String, Long> e : c.sum("failures").entrySet()) {
                if (!any) {
                    line("| client | threads | what | count | of calls |");
                    line("|---|---:|---|---:|---:|");
                    any = true;
                }
                f("| %s | %d | failed: `%s` | %d | %,d |", c.kind().label, c.threads(), e.getKey(), e.getValue(), c.total("totalCalls"));
            }
            for (Map.Entry<String, Long> e : c.sum("retries").entrySet()) {
                if (!any) {
                    line("| client | threads | what | count | of calls |");
                    line("|---|---:|---|---:|---:|");
                    any = true;
                }
                f("| %s | %d | retried (same `random_id`): `%s` | %d | %,d |", c.kind().label, c.threads(), e.getKey(), e.getValue(),
                        c.total("totalCalls"));
            }
        }
        if (!any) {
            line("No call failed and no attempt was retried in this run.");
        }
        long onSelector = cells.values().stream().mapToLong(c -> c.total("completionsOnSelectorThread")).sum();
        long asyncCalls = cells.values().stream().filter(c -> c.kind().async()).mapToLong(c -> c.total("totalCalls")).sum();
        line("");
        f("Async completions observed on the HttpClient selector thread: **%d** of %,d async calls.", onSelector, asyncCalls);
    }

    /**
     * The JMH table, each row beside the same benchmark's figures in the previous report (when it had them), so a
     * run shows whether it got slower or allocates more.
     *
     * @param rows this run's results
     * @param previous the previous report's text, or empty
     */
    void jmhTable(List<JmhRunner.Row> rows, String previous) {
        Map<String, String[]> before = previousJmh(previous);
        line("| benchmark | µs/op | ± (99.9%) | bytes allocated/op | previous report: µs/op | bytes/op | time ÷ previous |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        for (JmhRunner.Row r : rows) {
            String[] p = before.get(r.benchmark());
            String ratio = "–";
            if (p != null) {
                try {
                    ratio = String.format(Locale.ROOT, "%.2f", r.microsPerOp() / Double.parseDouble(p[0].replace(",", "")));
                } catch (NumberFormatException e) {
                    ratio = "–";
                }
            }
            f("| `%s` | %.2f | %.2f | %s | %s | %s | %s |", r.benchmark(), r.microsPerOp(), r.error(),
                    r.bytesPerOp() < 0 ? "–" : String.format(Locale.ROOT, "%,.0f", r.bytesPerOp()),
                    p == null ? "–" : p[0], p == null ? "–" : p[1], ratio);
        }
    }

    /** {@return µs/op and bytes/op of each benchmark in a previous report's JMH table, by benchmark name} */
    static Map<String, String[]> previousJmh(String previous) {
        Map<String, String[]> m = new LinkedHashMap<>();
        int start = previous.indexOf("## JMH");
        if (start < 0) {
            return m;
        }
        int end = previous.indexOf("\n## ", start + 1);
        for (String row : previous.substring(start, end < 0 ? previous.length() : end).split("\n")) {
            if (!row.startsWith("| `")) {
                continue;
            }
            String[] cells = row.split("\\|");
            if (cells.length >= 5) {
                m.put(cells[1].trim().replace("`", ""), new String[] {cells[2].trim(), cells[4].trim()});
            }
        }
        return m;
    }
}
