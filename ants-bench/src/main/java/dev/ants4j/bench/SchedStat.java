package dev.ants4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Locale;

/**
 * Where the time goes in scenario 1, thread by thread, outside JMH: runs batches of
 * {@link BatchBench} (100,000 tasks of 10 ms) on one executor and, for each batch, prints the
 * wall time and, per task, the CPU time and the run-queue time (runnable but not running) of
 * the submitting thread and of all other threads of the JVM, with their voluntary (park,
 * sleep) and involuntary (preempted, or {@code Thread.yield} that switched) context switches.
 *
 * <p>The figures come from Linux: {@code /proc/self/task/<tid>/schedstat} (CPU and run-queue
 * nanoseconds) and {@code status} ({@code voluntary_ctxt_switches},
 * {@code nonvoluntary_ctxt_switches}), per thread alive at the end of a batch (its change over the
 * batch; a thread born during it counts from zero); threads that exit during a batch are
 * missed. "Other threads" includes the
 * JVM's own (compiler, GC), for every executor alike.
 *
 * <p>What it showed (README, "Where ants4j loses"): how much CPU and how many context switches
 * each executor spends per task beyond the task's own sleep, and on which side (submitter or
 * workers). The run-queue figure is summed over threads, so it counts both workers whose task
 * waits for a CPU and idle workers that are runnable while they yield.
 *
 * <p>Run (Linux only): {@code java -cp ants-bench/target/benchmarks.jar
 * dev.ants4j.bench.SchedStat [KIND] [capacity] [batches]}, defaults {@code ANTS 1000 5}; KIND
 * is an {@link ExecKind} name. The first batch warms up (and, for a pool, starts its threads).
 */
public final class SchedStat {

    private static final int TASKS = 100_000;
    private static final int SLEEP_MILLIS = 10;

    private SchedStat() {}

    /** CPU ns, run-queue ns, voluntary and involuntary switches, summed over some threads. */
    record Sample(long cpuNanos, long waitNanos, long voluntary, long involuntary) {
        static final Sample ZERO = new Sample(0, 0, 0, 0);

        Sample plus(Sample o) {
            return new Sample(cpuNanos + o.cpuNanos, waitNanos + o.waitNanos,
                    voluntary + o.voluntary, involuntary + o.involuntary);
        }

        Sample minus(Sample o) {
            return new Sample(cpuNanos - o.cpuNanos, waitNanos - o.waitNanos,
                    voluntary - o.voluntary, involuntary - o.involuntary);
        }

        String perTask(int tasks) {
            return String.format(Locale.ROOT, "cpu %6.1f us  run-queue %8.1f us  vol %5.2f  invol %5.2f",
                    cpuNanos / 1e3 / tasks, waitNanos / 1e3 / tasks, (double) voluntary / tasks,
                    (double) involuntary / tasks);
        }
    }

    /**
     * Runs the measurement.
     *
     * @param args {@code [KIND] [capacity] [batches]}
     * @throws Exception if the batch is interrupted, or {@code /proc} cannot be listed
     */
    public static void main(String[] args) throws Exception {
        ExecKind kind = ExecKind.valueOf(args.length > 0 ? args[0] : "ANTS");
        int capacity = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path self;
        try {
            self = Paths.get("/proc/thread-self").toRealPath();
        } catch (IOException e) {
            System.err.println("SchedStat needs Linux's /proc/thread-self: " + e);
            System.exit(2);
            return;
        }
        System.out.printf(Locale.ROOT, "%s, capacity %d, %d tasks of %d ms per batch, %s %s%n",
                kind, capacity, TASKS, SLEEP_MILLIS, System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        String selfTid = self.getFileName().toString();
        try (Exec exec = kind.createChecked(capacity)) {
            for (int b = 0; b < batches; b++) {
                // the submitter's own sample is read right at the batch's edges, so that its
                // figures leave out the reading of every other thread's files
                Map<String, Sample> before = readAll();
                Sample sub0 = readSelf(self);
                long t0 = System.nanoTime();
                BatchBench.runBatch(exec, TASKS, SLEEP_MILLIS);
                double ms = (System.nanoTime() - t0) / 1e6;
                Sample sub = readSelf(self).minus(sub0);
                Map<String, Sample> after = readAll();
                Sample others = Sample.ZERO;
                for (Map.Entry<String, Sample> e : after.entrySet()) {
                    if (!e.getKey().equals(selfTid)) {
                        others = others.plus(e.getValue().minus(
                                before.getOrDefault(e.getKey(), Sample.ZERO)));
                    }
                }
                System.out.printf(Locale.ROOT, "batch %d%s: %6.0f ms | per task, others: %s"
                        + " | submitter: %s%n", b, b == 0 ? " (warm-up)" : "", ms,
                        others.perTask(TASKS), sub.perTask(TASKS));
            }
        }
    }

    /** The calling thread's own sample; it cannot have exited, so failing to read it is fatal. */
    private static Sample readSelf(Path self) {
        Sample s = read(self);
        if (s == null) {
            throw new IllegalStateException("cannot read " + self + "/schedstat or status");
        }
        return s;
    }

    /** A sample per live thread id; threads that exit while being read are left out. */
    private static Map<String, Sample> readAll() throws IOException {
        Map<String, Sample> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path t : tasks) {
                Sample s = read(t);
                if (s != null) {
                    out.put(t.getFileName().toString(), s);
                }
            }
        }
        return out;
    }

    private static Sample read(Path thread) {
        try {
            String[] ss = Files.readString(thread.resolve("schedstat")).trim().split(" ");
            long vol = 0;
            long invol = 0;
            for (String line : Files.readAllLines(thread.resolve("status"))) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    vol = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                    invol = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return new Sample(Long.parseLong(ss[0]), Long.parseLong(ss[1]), vol, invol);
        } catch (IOException | UncheckedIOException e) {
            return null; // the thread exited while being read
        }
    }
}
