package dev.ants4j.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scenario 2, tiny tasks: tasks of about 100 ns of CPU ({@link Blackhole#consumeCPU} with
 * {@link #TOKENS} tokens; {@link TaskCostBench} measures that) on an executor of 2 or 16
 * threads, submitted from 1 ({@link #submitters1}) or 4 ({@link #submitters4}) threads. Here the
 * executor's own cost per task dominates.
 *
 * <p>What is measured: throughput in tasks per second, summed over the submitting threads. Each
 * submitting thread submits a batch of {@link #BATCH} tasks, then waits (parked) until all of its
 * batch have run, so an executor with an unbounded queue cannot score by queueing alone. The
 * executor is made once per fork. Iterations are time-bound: the brief's "1,000,000 tasks" is
 * about one 1-second iteration at 1 M tasks/s.
 *
 * <p>Run alone: {@code java -jar ants-bench/target/benchmarks.jar TinyTaskBench -p capacity=2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TinyTaskBench {

    /** Tasks each submitting thread submits before it waits for them. */
    static final int BATCH = 10_000;

    /** {@code Blackhole.consumeCPU} tokens for about 100 ns (calibrated on the dev machine). */
    static final long TOKENS = 100;

    /** The executor kind, one of {@link ExecKind}. */
    @Param({"ANTS", "ANTS_FUNC", "ANTS_MULTI", "ANTS_QUEUE", "ANTS_VT", "TPE_LBQ", "TPE_SQ", "FJP",
            "THREAD_SEM", "VT_SEM", "VT_UNBOUNDED"})
    public String executor;

    /** Most threads at once. */
    @Param({"2", "16"})
    public int capacity;

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

    /**
     * One submitting thread's batch. Invariant: {@code remaining} counts this batch's tasks not
     * yet run; the task that brings it to zero unparks {@code owner}, the only thread that
     * submits this batch and the only one that waits on it.
     */
    @State(Scope.Thread)
    public static class Batch {
        final AtomicInteger remaining = new AtomicInteger();
        Thread owner;
        Runnable task;

        @Setup(Level.Trial)
        public void start() {
            owner = Thread.currentThread();
            task = () -> {
                Blackhole.consumeCPU(TOKENS);
                if (remaining.decrementAndGet() == 0) {
                    LockSupport.unpark(owner);
                }
            };
        }

        void run(Exec exec) {
            remaining.set(BATCH);
            for (int i = 0; i < BATCH; i++) {
                exec.submit(task);
            }
            while (remaining.get() != 0) {
                LockSupport.park(this);
            }
        }
    }

    /** One thread submits. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void submitters1(Batch batch) {
        batch.run(exec);
    }

    /** Four threads submit at once. */
    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(BATCH)
    public void submitters4(Batch batch) {
        batch.run(exec);
    }
}
