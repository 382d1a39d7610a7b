package dev.ants4j;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Shared discipline of the reliability suites ({@code Lincheck*}, {@code Fault*},
 * {@code Lifecycle*}, {@code Load*}), in the manner of the JSR-166 TCK:
 * <ul>
 *   <li>one timeout constant, {@link #LONG}, for every wait that should end "soon";</li>
 *   <li>{@link Reliability}: a preemptive JUnit timeout on a separate thread plus
 *       {@link LeakCheck}, which fails a test that leaves a pool thread alive or the interrupt
 *       flag of its own thread set, and prints a thread dump when a test times out;</li>
 *   <li>failures in other threads are recorded ({@link Failures}) and rethrown on the test
 *       thread; every started thread is joined ({@link #joinAll});</li>
 *   <li>a {@link Gauge} of concurrently running tasks and an {@link ExactlyOnce} ledger, which
 *       turn "never more than capacity" and "every accepted task ran once" into assertions.</li>
 * </ul>
 * Tests synchronise on latches and on states polled with a deadline ({@link #await}), never on
 * sleeps.
 */
final class ReliabilitySupport {

    /** How long anything that should happen promptly may take, even on a loaded 2-core box. */
    static final Duration LONG = Duration.ofSeconds(20);

    /** Prefix of every thread a pool of this library makes (and of the test factories' threads). */
    static final String POOL_THREAD_PREFIX = "ants-";

    private ReliabilitySupport() {
    }

    /**
     * Marks a reliability test class: preemptive 90 s timeout per test (separate thread, so a
     * hung test fails instead of hanging the build), a thread dump on timeout, and the leak check.
     */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @ExtendWith(LeakCheck.class)
    @interface Reliability {
    }

    /**
     * After each test: no thread whose name starts with {@link #POOL_THREAD_PREFIX} and that was
     * not alive before the test may still be alive (awaited up to {@link #LONG}: exiting workers
     * take a moment), and the thread that ran the test body must not have its interrupt flag set.
     * On a preemptive timeout it prints a dump of every thread to stderr before the failure.
     */
    static final class LeakCheck implements BeforeEachCallback, AfterEachCallback,
            InvocationInterceptor, TestExecutionExceptionHandler {

        private static final ExtensionContext.Namespace NS =
                ExtensionContext.Namespace.create(LeakCheck.class);

        @Override
        public void beforeEach(ExtensionContext context) {
            context.getStore(NS).put("before", poolThreadIds());
        }

        @Override
        public void interceptTestMethod(Invocation<Void> invocation,
                ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
                throws Throwable {
            invocation.proceed();
            // runs on the thread that ran the body (the timeout's separate thread, if any)
            if (Thread.interrupted()) {
                fail("the test left the interrupt flag of its thread set");
            }
        }

        @Override
        public void interceptTestTemplateMethod(Invocation<Void> invocation,
                ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
                throws Throwable {
            interceptTestMethod(invocation, invocationContext, context);
        }

        @Override
        public void afterEach(ExtensionContext context) {
            @SuppressWarnings("unchecked")
            Set<Long> before = (Set<Long>) context.getStore(NS).get("before", Set.class);
            Set<Long> baseline = before == null ? Set.of() : before;
            try {
                Awaitility.await("pool threads of this test to end").pollInSameThread()
                        .atMost(LONG).pollInterval(Duration.ofMillis(5))
                        .until(() -> leakedThreads(baseline).isEmpty());
            } catch (ConditionTimeoutException e) {
                StringBuilder sb = new StringBuilder("pool threads still alive after the test:\n");
                for (Thread t : leakedThreads(baseline)) {
                    sb.append(describe(t));
                }
                fail(sb.toString());
            }
        }

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
                throws Throwable {
            if (throwable instanceof TimeoutException
                    || String.valueOf(throwable.getMessage()).contains("timed out")) {
                System.err.println("=== thread dump: " + context.getDisplayName() + " timed out ===");
                System.err.println(threadDump());
            }
            throw throwable;
        }
    }

    static Set<Long> poolThreadIds() {
        Set<Long> ids = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(POOL_THREAD_PREFIX)) {
                ids.add(t.getId());
            }
        }
        return ids;
    }

    static List<Thread> leakedThreads(Set<Long> baseline) {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(POOL_THREAD_PREFIX)
                    && !baseline.contains(t.getId())) {
                out.add(t);
            }
        }
        return out;
    }

    private static String describe(Thread t) {
        StringBuilder sb = new StringBuilder("  \"").append(t.getName()).append("\" ")
                .append(t.getState()).append('\n');
        for (StackTraceElement e : t.getStackTrace()) {
            sb.append("      at ").append(e).append('\n');
        }
        return sb.toString();
    }

    /** A dump of every live thread with its locks, for timeout diagnostics. */
    static String threadDump() {
        StringBuilder sb = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            sb.append(info.toString());
        }
        return sb.toString();
    }

    /** The JVM's live thread count, as the platform MXBean reports it. */
    static int jvmThreadCount() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Polls {@code condition} until it holds, failing with {@code what} after {@link #LONG}. */
    static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).pollInSameThread().atMost(LONG)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(condition::getAsBoolean);
    }

    /** Waits until {@code t} is parked or blocked (WAITING, TIMED_WAITING or BLOCKED). */
    static void awaitBlocked(Thread t) {
        await(t.getName() + " to block", () -> {
            Thread.State s = t.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING
                    || s == Thread.State.BLOCKED;
        });
    }

    /** Joins every thread within {@link #LONG}, failing (with a thread dump) if one is stuck. */
    static void joinAll(Iterable<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        for (Thread t : threads) {
            long rem = deadline - System.nanoTime();
            if (rem > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, rem);
            }
            if (t.isAlive()) {
                fail("thread " + t.getName() + " did not finish in " + LONG + " (deadlock?)\n"
                        + threadDump());
            }
        }
    }

    /** Throws any checked exception without declaring it (the "sneaky throw" idiom). */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    /** Whether {@code e} is one of the two documented rejections of an open/closed pool. */
    static boolean isDocumentedRejection(RejectedExecutionException e) {
        return e instanceof PoolClosedException || e instanceof PoolOverloadException;
    }

    /** Records failures raised in helper threads; {@link #rethrow} fails the test with them. */
    static final class Failures {
        private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();

        void record(Throwable t) {
            errors.add(t);
        }

        /** Wraps a body so that anything it throws is recorded. */
        Runnable guard(ThrowingRunnable body) {
            return () -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    record(t);
                }
            };
        }

        /** Starts a thread (named {@code test-<name>}) running {@code body} under {@link #guard}. */
        Thread start(String name, ThrowingRunnable body) {
            Thread t = new Thread(guard(body), "test-" + name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        void rethrow() {
            Throwable first = errors.peek();
            if (first != null) {
                AssertionError e = new AssertionError(errors.size()
                        + " failure(s) in helper threads; first: " + first, first);
                for (Throwable t : errors) {
                    if (t != first) {
                        e.addSuppressed(t);
                    }
                }
                throw e;
            }
        }
    }

    /** A body that may throw anything. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Throwable;
    }

    /** Tracks how many tasks run at once and the most ever seen. Lock-free; exact. */
    static final class Gauge {
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicInteger max = new AtomicInteger();

        void enter() {
            int n = now.incrementAndGet();
            max.accumulateAndGet(n, Math::max);
        }

        void exit() {
            now.decrementAndGet();
        }

        int max() {
            return max.get();
        }

        int current() {
            return now.get();
        }
    }

    /** Counts runs per task id; {@link #assertExactlyOnce} checks the ledger. */
    static final class ExactlyOnce {
        private final AtomicIntegerArray runs;

        ExactlyOnce(int tasks) {
            runs = new AtomicIntegerArray(tasks);
        }

        void ran(int id) {
            runs.incrementAndGet(id);
        }

        int runsOf(int id) {
            return runs.get(id);
        }

        /** Every id in {@code accepted} ran once; every other id never ran. */
        void assertExactlyOnce(java.util.BitSet accepted) {
            int dup = 0;
            int lost = 0;
            int ghost = 0;
            for (int i = 0; i < runs.length(); i++) {
                int r = runs.get(i);
                if (r > 1) {
                    dup++;
                } else if (accepted.get(i) && r == 0) {
                    lost++;
                } else if (!accepted.get(i) && r != 0) {
                    ghost++;
                }
            }
            assertTrue(dup == 0 && lost == 0 && ghost == 0, "tasks run twice: " + dup
                    + ", accepted but never run (lost): " + lost
                    + ", rejected but run anyway: " + ghost);
        }
    }

    /** A thread factory for fault injection: names its threads like the pool would. */
    static Thread poolLikeThread(Runnable r, String name) {
        return new Thread(r, POOL_THREAD_PREFIX + "test-" + name);
    }

    /**
     * Prints a figure for the README's reliability section, only when the build is run with
     * {@code -Dants4j.reliability.report=true} (the tests stay silent otherwise).
     */
    static void report(String figure) {
        if (Boolean.getBoolean("ants4j.reliability.report")) {
            System.err.println("[reliability] " + figure);
        }
    }
}
