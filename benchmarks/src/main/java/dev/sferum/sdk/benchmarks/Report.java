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
        line("| threads | client | calls/s | client CPU µs/call | × VK SDK calls/s | per-round × VK SDK | × raw default | server CPU µs/req | failed calls | SDK retries | load (1 min) |");
        line("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int threads : threadCounts) {
            Cell peer = cells.get(key(Contenders.Kind.VK_SDK, threads));
            Cell raw = cells.get(key(Contenders.Kind.RAW_DEFAULT, threads));
            for (Contenders.Kind k : Contenders.Kind.values()) {
                Cell c = cells.get(key(k, threads));
                if (c == null) {
                    continue;
                }
                double cps = c.median("callsPerSecond");
                String vsPeer = peer == null ? "–" : String.format(Locale.ROOT, "%.2f×", cps / peer.median("callsPerSecond"));
                String vsRaw = raw == null ? "–" : String.format(Locale.ROOT, "%.2f×", cps / raw.median("callsPerSecond"));
                String perRound = peer == null ? "–" : perRoundRange(c, peer);
                long failed = c.sum("failures").values().stream().mapToLong(Long::longValue).sum();
                long retried = c.sum("retries").values().stream().mapToLong(Long::longValue).sum();
                f("| %d | %s | %,.0f | %.0f | %s | %s | %s | %.0f | %d | %d | %s |", threads, k.label, cps, c.median("clientCpuMicrosPerCall"),
                        vsPeer, perRound, vsRaw, c.median("serverCpuMicrosPerRequest"), failed, retried, loads(c));
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

    void jmhTable(List<JmhRunner.Row> rows) {
        line("| benchmark | µs/op | ± (99.9%) | bytes allocated/op |");
        line("|---|---:|---:|---:|");
        for (JmhRunner.Row r : rows) {
            f("| `%s` | %.2f | %.2f | %s |", r.benchmark(), r.microsPerOp(), r.error(),
                    r.bytesPerOp() < 0 ? "–" : String.format(Locale.ROOT, "%,.0f", r.bytesPerOp()));
        }
    }
}
