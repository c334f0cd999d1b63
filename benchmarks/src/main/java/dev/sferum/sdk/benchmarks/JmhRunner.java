package dev.sferum.sdk.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Runs the JMH benchmarks with the GC profiler and returns one row per benchmark. */
final class JmhRunner {
    private JmhRunner() {
    }

    /**
     * One benchmark's result.
     *
     * @param benchmark the class and method, without the package
     * @param microsPerOp the mean time per operation
     * @param error the 99.9% confidence half-width
     * @param bytesPerOp bytes allocated per operation ({@code gc.alloc.rate.norm}), or -1 if unknown
     */
    record Row(String benchmark, double microsPerOp, double error, double bytesPerOp) {
    }

    /**
     * @param include a regular expression over benchmark names
     * @param quick fewer and shorter iterations (for checking the harness, not for numbers)
     * @return the rows, in run order
     * @throws Exception if JMH fails
     */
    static List<Row> run(String include, boolean quick) throws Exception {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(include)
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.NORMAL);
        if (quick) {
            o.warmupIterations(1).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                    .measurementIterations(1).measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(o.build()).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            Result<?> primary = r.getPrimaryResult();
            Result<?> alloc = r.getSecondaryResults().get("·gc.alloc.rate.norm");
            if (alloc == null) {
                alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            }
            String name = p.getBenchmark().replace("dev.sferum.sdk.benchmarks.jmh.", "");
            rows.add(new Row(name, primary.getScore(), primary.getScoreError(), alloc == null ? -1 : alloc.getScore()));
        }
        return rows;
    }
}
