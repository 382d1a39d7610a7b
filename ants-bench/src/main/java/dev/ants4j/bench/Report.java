package dev.ants4j.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a short configuration of all four scenarios (about 5 minutes on 2 cores) through JMH's
 * {@link Runner} API and writes {@code BENCHMARKS.md} (Markdown tables: executor, score, error,
 * speed-up against {@code TPE_LBQ} and {@code TPE_SQ}) and {@code benchmarks.png} (a JFreeChart
 * bar chart of the speed-ups), recording the date, JDK, command and machine.
 *
 * <p>Run from the repository root:
 * <pre>
 * java -Djava.awt.headless=true -cp ants-bench/target/benchmarks.jar dev.ants4j.bench.Report
 *      [--out docs] [--forks 1] [--kinds ANTS,TPE_LBQ,...] [--jvmArgs "-Dx=y ..."] [--smoke]
 * </pre>
 * {@code --smoke} runs every benchmark for a moment (seconds, figures meaningless), fails on any
 * benchmark error, and writes to {@code target/bench-smoke} unless {@code --out} is given: the CI
 * check that the benchmarks and this report still work. Executors that cannot run on this JVM
 * (virtual threads before JDK 21, {@code MultiPool} until wired) are left out; so are, unless
 * {@code --kinds} lists executors or in smoke mode, {@code FJP} and {@code THREAD_SEM} in
 * scenario 1 and {@code THREAD_SEM} in scenario 2, whose runs there alone would take longer than
 * the rest of the report.
 *
 * <p>Scores: each table gives the median over all measurement iterations of all forks (the
 * figure the speed-ups use) and JMH's mean ± 99.9% error. Speed-up = how many times faster than
 * the reference executor measured in the same run (reference time / time, or throughput /
 * reference throughput), so above 1 means faster.
 */
public final class Report {

    private static final String REF = "TPE_LBQ";
    private static final String REF2 = "TPE_SQ";

    /** The run lengths of one configuration. */
    private record Config(String name, int[] batchCaps, int batchTasks, int batchSleep, int batchWarmups,
                          int batchIterations, String[] tinyCaps, int tinyWarmups, int tinyIterations,
                          TimeValue tinyTime, int handoffIterations, TimeValue handoffTime,
                          int footprintCap, int footprintTasks, int footprintSleep) {}

    private static final Config FULL_SHORT = new Config("short", new int[] {1000, 10000}, 100_000, 10, 1, 2,
            new String[] {"2", "16"}, 1, 3, TimeValue.milliseconds(500), 3, TimeValue.seconds(1),
            1000, 100_000, 10);
    private static final Config SMOKE = new Config("smoke", new int[] {50}, 500, 1, 0, 1,
            new String[] {"2"}, 0, 1, TimeValue.milliseconds(100), 1, TimeValue.milliseconds(100),
            50, 500, 1);

    /** One row of a table: the executor, its median, JMH's mean and error, and extras. */
    private record Row(String executor, double median, double mean, double error, double extra) {}

    private final Config config;
    private final int forks;
    private final List<String> kinds;
    private final List<String> jvmArgs;
    private final boolean smoke;
    /** True when every listed kind runs in every scenario (smoke, or --kinds given). */
    private final boolean everyKind;
    private final StringBuilder md = new StringBuilder();
    /** Chart data: category (scenario) to executor to speed-up against {@link #REF}. */
    private final Map<String, Map<String, Double>> speedUps = new LinkedHashMap<>();

    private Report(Config config, int forks, List<String> kinds, List<String> jvmArgs, boolean smoke,
                   boolean everyKind) {
        this.config = config;
        this.everyKind = everyKind;
        this.forks = forks;
        this.kinds = kinds;
        this.jvmArgs = jvmArgs;
        this.smoke = smoke;
    }

    /**
     * Runs the report; see the class comment for the arguments.
     *
     * @param args the command-line arguments
     * @throws Exception when a benchmark fails or the report cannot be written
     */
    public static void main(String[] args) throws Exception {
        boolean smoke = false;
        Path out = null;
        int forks = 1;
        List<String> kinds = new ArrayList<>();
        for (ExecKind k : availableKinds()) {
            kinds.add(k.name());
        }
        List<String> jvmArgs = new ArrayList<>();
        boolean kindsGiven = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--out" -> out = Paths.get(args[++i]);
                case "--forks" -> forks = Integer.parseInt(args[++i]);
                case "--kinds" -> {
                    kinds = new ArrayList<>(Arrays.asList(args[++i].split(",")));
                    kindsGiven = true;
                }
                case "--jvmArgs" -> jvmArgs.addAll(Arrays.asList(args[++i].trim().split("\\s+")));
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        for (String k : kinds) {
            String reason = ExecKind.valueOf(k).unavailableReason();
            if (reason != null) {
                throw new IllegalArgumentException("executor " + k + " cannot run here: " + reason);
            }
        }
        if (out == null) {
            out = Paths.get(smoke ? "target/bench-smoke" : "docs");
        }
        System.setProperty("java.awt.headless", "true");
        Report report = new Report(smoke ? SMOKE : FULL_SHORT, forks, kinds, jvmArgs, smoke,
                smoke || kindsGiven);
        report.run(String.join(" ", args), out);
    }

    /** The executor kinds that can run on this JVM. */
    static List<ExecKind> availableKinds() {
        List<ExecKind> list = new ArrayList<>();
        for (ExecKind k : ExecKind.values()) {
            if (k.unavailableReason() == null) {
                list.add(k);
            }
        }
        return list;
    }

    private void run(String argLine, Path out) throws RunnerException, IOException, InterruptedException {
        long started = System.nanoTime();
        header(argLine);
        taskCost();
        batch();
        tiny();
        handoff();
        footprint();
        long minutes = Math.round((System.nanoTime() - started) / 60e9);
        md.append("\nThe whole report took about ").append(minutes).append(" min.\n");
        Files.createDirectories(out);
        Files.writeString(out.resolve("BENCHMARKS.md"), md.toString(), StandardCharsets.UTF_8);
        chart(out.resolve("benchmarks.png"));
        System.out.println("Wrote " + out.resolve("BENCHMARKS.md") + " and " + out.resolve("benchmarks.png"));
    }

    // ---------------------------------------------------------------- scenarios

    private ChainedOptionsBuilder options(String benchmarkRegex) {
        return options(benchmarkRegex, kinds.toArray(new String[0]));
    }

    /** JMH options for one scenario; {@code param} adds to a parameter's values, so set each once. */
    private ChainedOptionsBuilder options(String benchmarkRegex, String[] executors) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(benchmarkRegex)
                .forks(forks)
                .shouldFailOnError(true)
                .param("executor", executors);
        if (!jvmArgs.isEmpty()) {
            b.jvmArgsAppend(jvmArgs.toArray(new String[0]));
        }
        return b;
    }

    private void taskCost() throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(TaskCostBench.class.getName() + ".tinyTask")
                .forks(forks).shouldFailOnError(true)
                .warmupIterations(smoke ? 0 : 1).warmupTime(config.tinyTime())
                .measurementIterations(config.tinyIterations()).measurementTime(config.tinyTime())
                .build()).run();
        for (RunResult r : results) {
            md.append(String.format(Locale.ROOT,
                    "One tiny task of scenario 2 (`Blackhole.consumeCPU(%d)`) costs %.0f ns run inline "
                    + "(`TaskCostBench`, median).%n%n", TinyTaskBench.TOKENS, median(r)));
        }
    }

    /**
     * The kinds to run in a scenario: all of them, less {@code slow} unless {@link #everyKind}.
     * Null when none is left.
     */
    private String[] kindsWithout(ExecKind... slow) {
        List<String> list = new ArrayList<>(kinds);
        if (!everyKind) {
            for (ExecKind k : slow) {
                list.remove(k.name());
            }
        }
        return list.isEmpty() ? null : list.toArray(new String[0]);
    }

    private void batch() throws RunnerException {
        // FJP adds no workers for blocking tasks and THREAD_SEM starts 100,000 threads: a batch of
        // either takes 5-90 s on 2 cores, more than the rest of the report; scenario 4 still runs
        // one cold batch of each.
        String[] batchKinds = kindsWithout(ExecKind.FJP, ExecKind.THREAD_SEM);
        if (batchKinds == null) {
            return;
        }
        String[] caps = Arrays.stream(config.batchCaps()).mapToObj(Integer::toString).toArray(String[]::new);
        ChainedOptionsBuilder b = options(BatchBench.class.getName() + ".batch", batchKinds)
                .param("capacity", caps)
                .param("tasks", Integer.toString(config.batchTasks()))
                .param("sleepMillis", Integer.toString(config.batchSleep()))
                .warmupIterations(config.batchWarmups())
                .measurementIterations(config.batchIterations());
        if (!smoke) {
            b.addProfiler(GCProfiler.class);
        }
        Collection<RunResult> results = new Runner(b.build()).run();
        md.append(String.format(Locale.ROOT, "## 1. Batch of sleeping tasks (ants' headline benchmark, scaled)%n%n"
                + "%,d tasks that each sleep %d ms, submitted by one thread to an executor of `capacity` threads; "
                + "one operation = the whole batch (submit all, wait for all), single-shot, executor made once "
                + "per fork; %d warm-up + %d measured batches per fork, %d fork(s). Lower time is better. "
                + "Allocation per task = JMH `-prof gc` `gc.alloc.rate.norm` / tasks (it misses what threads "
                + "that exit during the batch allocated, so it reads low for THREAD_SEM, VT_* and TPE_SQ).%s%n%n",
                config.batchTasks(), config.batchSleep(), config.batchWarmups(), config.batchIterations(), forks,
                everyKind ? "" : " FJP and THREAD_SEM are left out here: a batch of either takes 5-90 s on 2 cores "
                + "(FJP adds no workers for blocking tasks; THREAD_SEM starts 100,000 threads); scenario 4 has one "
                + "cold batch of each, and `BatchBench` runs them."));
        for (int cap : config.batchCaps()) {
            String key = Integer.toString(cap);
            List<RunResult> group = filter(results, r -> r.getParams().getParam("capacity").equals(key));
            double ideal = (double) config.batchTasks() / cap * config.batchSleep();
            md.append(String.format(Locale.ROOT, "### capacity %,d (ideal %.0f ms)%n%n", cap, ideal));
            table(group, "ms/batch", false, "alloc B/task", r -> allocPerOp(r) / config.batchTasks(),
                    "1: cap " + cap);
        }
    }

    private void tiny() throws RunnerException {
        // A thread start per 100 ns task: THREAD_SEM scores ~0.002x here and its 10,000-task
        // batches would take a third of the report's time, so the short report leaves it out.
        String[] tinyKinds = kindsWithout(ExecKind.THREAD_SEM);
        if (tinyKinds == null) {
            return;
        }
        Collection<RunResult> results = new Runner(options(TinyTaskBench.class.getName() + ".submitters[14]", tinyKinds)
                .param("capacity", config.tinyCaps())
                .warmupIterations(config.tinyWarmups()).warmupTime(config.tinyTime())
                .measurementIterations(config.tinyIterations()).measurementTime(config.tinyTime())
                .build()).run();
        md.append(String.format(Locale.ROOT, "## 2. Tiny tasks%n%n"
                + "Tasks of %d `consumeCPU` tokens; each submitting thread submits %,d and waits for them, again "
                + "and again; throughput in tasks/s summed over the submitters (higher is better); %d warm-up + "
                + "%d measured iterations of %s per fork, %d fork(s). %s%n%n",
                TinyTaskBench.TOKENS, TinyTaskBench.BATCH, config.tinyWarmups(), config.tinyIterations(),
                config.tinyTime(), forks, everyKind ? "" : "THREAD_SEM is left out here (a thread start per task: "
                + "about 0.002x TPE_LBQ; run `TinyTaskBench` to see it)."));
        for (String cap : config.tinyCaps()) {
            for (String method : new String[] {"submitters1", "submitters4"}) {
                List<RunResult> group = filter(results, r -> r.getParams().getParam("capacity").equals(cap)
                        && r.getParams().getBenchmark().endsWith("." + method));
                String subs = method.substring("submitters".length());
                md.append(String.format(Locale.ROOT, "### capacity %s, %s submitting thread(s)%n%n", cap, subs));
                table(group, "tasks/s", true, null, null, "2: cap " + cap + ", " + subs + " sub");
            }
        }
    }

    private void handoff() throws RunnerException {
        Collection<RunResult> results = new Runner(options(HandoffBench.class.getName() + ".handoff")
                .warmupIterations(smoke ? 0 : 1).warmupTime(config.handoffTime())
                .measurementIterations(config.handoffIterations()).measurementTime(config.handoffTime())
                .build()).run();
        md.append(String.format(Locale.ROOT, "## 3. Hand-off latency%n%n"
                + "An idle executor of 4 threads, one submitter that sleeps 200 µs (untimed) before each "
                + "operation; time from `submit` until the task's first line has run (seen by the submitter "
                + "spinning on a flag), JMH `SampleTime`, %d x %s per fork, %d fork(s). Lower is better; "
                + "speed-ups use p50.%n%n", config.handoffIterations(), config.handoffTime(), forks));
        md.append("| executor | p50 (µs) | p99 (µs) | p99.9 (µs) | samples | speed-up vs " + REF
                + " (p50) | vs " + REF2 + " (p50) |\n|---|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Double> p50s = new LinkedHashMap<>();
        for (RunResult r : results) {
            p50s.put(r.getParams().getParam("executor"), r.getPrimaryResult().getStatistics().getPercentile(50));
        }
        Map<String, Double> chart = new LinkedHashMap<>();
        for (RunResult r : results) {
            String exec = r.getParams().getParam("executor");
            var stats = r.getPrimaryResult().getStatistics();
            double p50 = stats.getPercentile(50);
            double vsRef = ratio(p50s.get(REF), p50, false);
            chart.put(exec, vsRef);
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %d | %s | %s |%n", exec, p50,
                    stats.getPercentile(99), stats.getPercentile(99.9), stats.getN(), fmtRatio(vsRef),
                    fmtRatio(ratio(p50s.get(REF2), p50, false))));
        }
        md.append('\n');
        speedUps.put("3: hand-off p50", chart);
    }

    private void footprint() throws IOException, InterruptedException {
        md.append(String.format(Locale.ROOT, "## 4. Memory and threads%n%n"
                + "One cold batch of scenario 1 (%,d tasks of %d ms, capacity %,d) per executor, each in a fresh "
                + "JVM (`Footprint`): live platform threads (ThreadMXBean; virtual threads are not counted, their "
                + "carriers are), RSS from `/proc/self/status` (VmRSS before, VmHWM peak), and that cold batch's "
                + "time, which includes starting the threads. Allocation per task is in scenario 1's tables.%n%n",
                config.footprintTasks(), config.footprintSleep(), config.footprintCap()));
        md.append("| executor | threads before | peak threads | RSS before (MiB) | peak RSS (MiB) | cold batch (ms) |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (String k : kinds) {
            Footprint.Row r = Footprint.measure(ExecKind.valueOf(k), config.footprintCap(),
                    config.footprintTasks(), config.footprintSleep(), jvmArgs);
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.0f |%n", r.executor(),
                    r.baseThreads(), r.peakThreads(), r.baseRssKb() / 1024.0, r.peakRssKb() / 1024.0,
                    r.batchMillis()));
        }
        md.append('\n');
    }

    // ---------------------------------------------------------------- tables and chart

    private void table(List<RunResult> group, String unit, boolean higherIsBetter, String extraName,
                       Function<RunResult, Double> extra, String chartCategory) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (RunResult r : group) {
            String exec = r.getParams().getParam("executor");
            Result<?> primary = r.getPrimaryResult();
            rows.put(exec, new Row(exec, median(r), primary.getScore(), primary.getScoreError(),
                    extra == null ? Double.NaN : extra.apply(r)));
        }
        Row ref = rows.get(REF);
        Row ref2 = rows.get(REF2);
        md.append("| executor | median (").append(unit).append(") | mean ± error | speed-up vs ").append(REF)
                .append(" | vs ").append(REF2).append(" |");
        md.append(extraName == null ? "\n|---|---:|---:|---:|---:|\n" : " " + extraName + " |\n|---|---:|---:|---:|---:|---:|\n");
        Map<String, Double> chart = new LinkedHashMap<>();
        for (Row row : rows.values()) {
            double vsRef = ref == null ? Double.NaN : ratio(ref.median(), row.median(), higherIsBetter);
            double vsRef2 = ref2 == null ? Double.NaN : ratio(ref2.median(), row.median(), higherIsBetter);
            chart.put(row.executor(), vsRef);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s ± %s | %s | %s |", row.executor(), num(row.median()),
                    num(row.mean()), num(row.error()), fmtRatio(vsRef), fmtRatio(vsRef2)));
            md.append(extraName == null ? "\n" : " " + (Double.isNaN(row.extra()) ? "—" : num(row.extra())) + " |\n");
        }
        md.append('\n');
        speedUps.put(chartCategory, chart);
    }

    private void chart(Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String kind : kinds) {
            for (Map.Entry<String, Map<String, Double>> e : speedUps.entrySet()) {
                Double v = e.getValue().get(kind);
                if (v != null && v > 0 && Double.isFinite(v)) {
                    data.addValue(v, kind, e.getKey());
                }
            }
        }
        LogAxis axis = new LogAxis("speed-up vs " + REF + " (log scale; > 1 = faster)");
        axis.setBase(2);
        axis.setSmallestValue(0.001);
        axis.setTickUnit(new NumberTickUnit(1)); // one tick per doubling
        axis.setNumberFormatOverride(new DecimalFormat("0.###"));
        CategoryAxis categories = new CategoryAxis("scenario");
        BarRenderer renderer = new BarRenderer();
        renderer.setBase(1.0); // bars grow up from 1 when faster, down when slower
        renderer.setIncludeBaseInRange(true);
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.02);
        CategoryPlot plot = new CategoryPlot(data, categories, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ValueMarker one = new ValueMarker(1.0, Color.BLACK, new BasicStroke(1.5f));
        plot.addRangeMarker(one);
        JFreeChart chart = new JFreeChart("ants4j vs JDK executors, " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle(REF + " is the line at 1; scenario 1 and 3: time, scenario 2: throughput;"
                + " medians of the same run (see BENCHMARKS.md)"));
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1400, 700);
    }

    private void header(String argLine) throws IOException {
        md.append("# ants4j benchmarks\n\n");
        md.append("Generated by `dev.ants4j.bench.Report` (").append(config.name()).append(" configuration). ");
        md.append("Every figure is measured beside the JDK executors in the same run; see "
                + "`ants-bench/README.md` for what each executor and scenario is, and for the full JMH runs.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| date | ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(" |\n");
        md.append("| JDK | ").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(System.getProperty("java.vm.name")).append(' ').append(Runtime.version()).append(" |\n");
        md.append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(cpuModel()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append(" |\n");
        md.append("| load average at start | ").append(loadAverage()).append(" |\n");
        md.append("| command | `java ").append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .append(" -cp ants-bench/target/benchmarks.jar ").append(Report.class.getName())
                .append(argLine.isEmpty() ? "" : " " + argLine).append("` |\n");
        md.append("| executors | ").append(String.join(", ", kinds)).append(" |\n\n");
        md.append("![speed-ups](benchmarks.png)\n\n");
    }

    // ---------------------------------------------------------------- helpers

    private static List<RunResult> filter(Collection<RunResult> results, java.util.function.Predicate<RunResult> p) {
        List<RunResult> list = new ArrayList<>();
        for (RunResult r : results) {
            if (p.test(r)) {
                list.add(r);
            }
        }
        return list;
    }

    /** The median of every measurement iteration's score, over all forks. */
    private static double median(RunResult r) {
        List<Double> scores = new ArrayList<>();
        for (BenchmarkResult fork : r.getBenchmarkResults()) {
            for (IterationResult it : fork.getIterationResults()) {
                scores.add(it.getPrimaryResult().getScore());
            }
        }
        if (scores.isEmpty()) {
            return r.getPrimaryResult().getScore();
        }
        scores.sort(null);
        int n = scores.size();
        return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
    }

    private static double allocPerOp(RunResult r) {
        for (String key : r.getSecondaryResults().keySet()) {
            if (key.endsWith("gc.alloc.rate.norm")) {
                Result<?> alloc = r.getSecondaryResults().get(key);
                return alloc.getScore();
            }
        }
        return Double.NaN;
    }

    private static double ratio(Double ref, double score, boolean higherIsBetter) {
        if (ref == null || ref <= 0 || score <= 0) {
            return Double.NaN;
        }
        return higherIsBetter ? score / ref : ref / score;
    }

    private static String fmtRatio(double r) {
        return Double.isNaN(r) ? "—" : String.format(Locale.ROOT, "%.2f×", r);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return "unknown CPU";
    }

    private static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg"), StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

}
