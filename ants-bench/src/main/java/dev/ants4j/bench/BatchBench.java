package dev.ants4j.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 1, ants' headline benchmark ({@code ants_benchmark_test.go}, scaled down): submit
 * {@code tasks} tasks that each sleep {@code sleepMillis} to an executor of {@code capacity}
 * threads, and wait until all have run. With 100,000 tasks of 10 ms and capacity 1,000 the ideal
 * is 1 s (100 rounds of 10 ms); with capacity 10,000 it is 0.1 s.
 *
 * <p>What is measured: one operation is one whole batch (submit all, then wait on a
 * {@link CountDownLatch}), timed single-shot, so the score is milliseconds per batch. The
 * executor is made once per fork ({@link Level#Trial}), as ants' benchmark makes its pool once
 * per benchmark function; warm-up batches therefore leave its threads started, as in a long-lived
 * service. Between iterations an idle executor may let threads expire (ants4j and {@code TPE_SQ}
 * after 1 s idle), which the next batch pays for, as a real one would.
 *
 * <p>One warm-up and three measured batches per fork: on 2 cores a batch of {@code THREAD_SEM}
 * (100,000 thread starts) or {@code FJP} can take 5-20 s, which bounds what a full run can afford.
 *
 * <p>Run alone: {@code java -jar ants-bench/target/benchmarks.jar BatchBench -p capacity=1000}
 * (add {@code -prof gc} for allocation; {@code gc.alloc.rate.norm} is bytes per batch).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class BatchBench {

    /** The executor kind, one of {@link ExecKind}. */
    @Param({"ANTS", "ANTS_FUNC", "ANTS_MULTI", "ANTS_QUEUE", "ANTS_VT", "TPE_LBQ", "TPE_SQ", "FJP",
            "THREAD_SEM", "VT_SEM", "VT_UNBOUNDED"})
    public String executor;

    /** Most threads at once. */
    @Param({"1000", "10000"})
    public int capacity;

    /** Tasks per batch (one operation). */
    @Param({"100000"})
    public int tasks;

    /** How long each task sleeps. */
    @Param({"10"})
    public int sleepMillis;

    private Exec exec;

    @Setup(Level.Trial)
    public void start() {
        exec = ExecKind.valueOf(executor).createChecked(capacity);
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (exec != null) {
            exec.close();
        }
    }

    /** Submits the batch and waits for every task of it to finish. */
    @Benchmark
    public void batch() throws InterruptedException {
        runBatch(exec, tasks, sleepMillis);
    }

    /**
     * Scenario 1's batch, shared with {@link Footprint} and {@link SchedStat}: submits
     * {@code tasks} tasks that each sleep {@code sleepMillis}, then waits until all have run.
     */
    static void runBatch(Exec exec, int tasks, long sleepMillis) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(tasks);
        Runnable task = () -> {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        };
        for (int i = 0; i < tasks; i++) {
            exec.submit(task);
        }
        done.await();
    }
}
