package dev.ants4j.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * Scenario 3, hand-off latency: an idle executor, one submitter; the time from {@code submit}
 * to the task's first line.
 *
 * <p>What is measured: each sampled operation submits a task whose first (and only) line sets
 * a volatile flag, and spins until it sees the flag; so a sample is the submit call, the wake-up
 * and start of a thread, and one cache-line transfer back (tens of nanoseconds). Before every
 * operation (untimed, {@link Level#Invocation}) the submitter sleeps {@code idleMicros}, long
 * enough for the worker of the previous task to go back to idle and park (ants4j workers spin
 * briefly first, see {@code dev.ants4j.workerSpins}). JMH's {@link Mode#SampleTime} gives the
 * percentiles.
 *
 * <p>Run alone: {@code java -jar ants-bench/target/benchmarks.jar HandoffBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HandoffBench {

    /** The executor kind, one of {@link ExecKind}. */
    @Param({"ANTS", "ANTS_FUNC", "ANTS_MULTI", "ANTS_QUEUE", "ANTS_VT", "TPE_LBQ", "TPE_SQ", "FJP",
            "THREAD_SEM", "VT_SEM", "VT_UNBOUNDED"})
    public String executor;

    /** Most threads at once. */
    @Param({"4"})
    public int capacity;

    /** Untimed pause before each operation, so the executor is idle when it is sampled. */
    @Param({"200"})
    public int idleMicros;

    private Exec exec;
    /** Set by the task's first line, cleared before each operation. */
    private volatile boolean started;
    private Runnable task;

    @Setup(Level.Trial)
    public void start() {
        exec = ExecKind.valueOf(executor).createChecked(capacity);
        task = () -> started = true;
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (exec != null) {
            exec.close();
        }
    }

    /** Lets the executor go idle; the previous task has already set the flag. */
    @Setup(Level.Invocation)
    public void idle() {
        started = false;
        long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(idleMicros);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
    }

    /** Submits and spins until the task has started. */
    @Benchmark
    public void handoff() {
        exec.submit(task);
        while (!started) {
            Thread.onSpinWait();
        }
    }
}
