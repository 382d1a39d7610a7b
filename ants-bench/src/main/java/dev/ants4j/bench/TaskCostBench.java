package dev.ants4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of one tiny task of {@link TinyTaskBench} run inline on the calling thread, to check
 * that {@link TinyTaskBench#TOKENS} is about 100 ns on this machine.
 *
 * <p>Run: {@code java -jar ants-bench/target/benchmarks.jar TaskCostBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TaskCostBench {

    /** One tiny task's CPU work. */
    @Benchmark
    public void tinyTask() {
        Blackhole.consumeCPU(TinyTaskBench.TOKENS);
    }
}
