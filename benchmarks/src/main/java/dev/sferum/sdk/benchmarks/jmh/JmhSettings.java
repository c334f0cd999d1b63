package dev.sferum.sdk.benchmarks.jmh;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The measuring settings every benchmark here shares, so the recorded numbers stay comparable: average time in
 * microseconds, 3 warm-up and 5 measured iterations of 2 s, one fork with a fixed 512 MB heap. JMH reads these
 * class-level annotations from the superclass; a benchmark that needs another value (a longer warm-up) declares only
 * that annotation itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public abstract class JmhSettings {
    /** For the benchmarks. */
    protected JmhSettings() {
    }
}
