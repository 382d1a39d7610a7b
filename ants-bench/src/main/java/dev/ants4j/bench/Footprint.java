package dev.ants4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 4, memory and threads, outside JMH: runs one batch of scenario 1 once per executor,
 * each in a fresh JVM, and reports the peak number of live platform threads
 * ({@link ThreadMXBean#getPeakThreadCount()}; virtual threads are not counted, their carriers
 * are), the peak resident set ({@code VmHWM} of {@code /proc/self/status}) and the wall time of
 * that cold batch, which includes starting the executor's threads. Allocation per task comes
 * from JMH's {@code -prof gc} on {@link BatchBench} instead (see {@link Report}).
 *
 * <p>Run: {@code java -cp ants-bench/target/benchmarks.jar dev.ants4j.bench.Footprint
 * [--capacity 1000] [--tasks 100000] [--sleep 10] [KIND...]} (Linux only for the RSS columns).
 */
public final class Footprint {

    /** One child JVM's figures. */
    record Row(String executor, int capacity, int baseThreads, int peakThreads, long baseRssKb,
               long peakRssKb, double batchMillis) {}

    private static final String CHILD = "--child";
    private static final String RESULT = "FOOTPRINT ";

    private Footprint() {}

    /**
     * Runs the footprint measurement.
     *
     * @param args see the class comment
     * @throws Exception when a child JVM fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(CHILD)) {
            child(ExecKind.valueOf(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            return;
        }
        int capacity = 1000;
        int tasks = 100_000;
        int sleep = 10;
        List<ExecKind> kinds = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--capacity" -> capacity = Integer.parseInt(args[++i]);
                case "--tasks" -> tasks = Integer.parseInt(args[++i]);
                case "--sleep" -> sleep = Integer.parseInt(args[++i]);
                default -> kinds.add(ExecKind.valueOf(args[i]));
            }
        }
        if (kinds.isEmpty()) {
            kinds = Report.availableKinds();
        }
        PrintStream out = System.out;
        out.println("| executor | capacity | threads before | peak threads | RSS before (MiB) | peak RSS (MiB) | cold batch (ms) |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (ExecKind kind : kinds) {
            Row r = measure(kind, capacity, tasks, sleep, List.of());
            out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.1f | %.0f |%n", r.executor(),
                    r.capacity(), r.baseThreads(), r.peakThreads(), r.baseRssKb() / 1024.0,
                    r.peakRssKb() / 1024.0, r.batchMillis());
        }
    }

    /** Runs one batch of {@code kind} in a fresh JVM with the same java, jar and {@code jvmArgs}. */
    static Row measure(ExecKind kind, int capacity, int tasks, int sleepMillis, List<String> jvmArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(ownJar());
        command.add(Footprint.class.getName());
        command.add(CHILD);
        command.add(kind.name());
        command.add(Integer.toString(capacity));
        command.add(Integer.toString(tasks));
        command.add(Integer.toString(sleepMillis));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith(RESULT)) {
                    result = line.substring(RESULT.length());
                }
            }
        }
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || result == null) {
            p.destroyForcibly();
            throw new IOException("footprint child for " + kind + " failed:\n" + all);
        }
        String[] f = result.trim().split(" ");
        return new Row(kind.name(), capacity, Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                Long.parseLong(f[2]), Long.parseLong(f[3]), Double.parseDouble(f[4]));
    }

    private static String ownJar() {
        try {
            return Paths.get(Footprint.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void child(ExecKind kind, int capacity, int tasks, int sleepMillis)
            throws InterruptedException, IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int baseThreads = threads.getThreadCount();
        long baseRss = procStatusKb("VmRSS");
        threads.resetPeakThreadCount();
        long start = System.nanoTime();
        try (Exec exec = kind.createChecked(capacity)) {
            BatchBench.runBatch(exec, tasks, sleepMillis);
        }
        double millis = (System.nanoTime() - start) / 1e6;
        System.out.printf(Locale.ROOT, "%s%d %d %d %d %.1f%n", RESULT, baseThreads,
                threads.getPeakThreadCount(), baseRss, procStatusKb("VmHWM"), millis);
    }

    /** A {@code kB} field of {@code /proc/self/status}, or -1 where there is none. */
    private static long procStatusKb(String field) throws IOException {
        Path status = Paths.get("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }
}
