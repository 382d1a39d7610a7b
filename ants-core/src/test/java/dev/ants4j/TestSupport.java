package dev.ants4j;

import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.slf4j.LoggerFactory;

/**
 * Shared discipline of the black-box pool tests, after the JSR-166 TCK: one named timeout, failures
 * raised on other threads are recorded and rethrown by the test thread, every started thread is
 * joined, every pool is released and checked for leaked threads, and states are reached by
 * polling against a deadline instead of sleeping for a guessed time.
 *
 * <p>Use one {@link Harness} per test (a field of the test instance, closed in {@code @AfterEach}).
 */
final class TestSupport {

    /** A logger that logback-test.xml keeps quiet (ERROR and above, no appender). */
    static org.slf4j.Logger quietLogger(String name) {
        return LoggerFactory.getLogger("dev.ants4j.test.quiet." + name);
    }

    /** Captures what the quiet logger {@code name} receives. */
    static ListAppender<ILoggingEvent> quietLog(String name) {
        Logger logger = (Logger) quietLogger(name);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        return appender;
    }

    /**
     * The longest any single wait in a test may take before the test fails. Generous, because a
     * loaded CI machine can stall a thread for seconds; a passing test never waits this long.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * How long clean-up waits for threads once the test body has already failed: the failure is
     * reported anyway, so a broken pool should not make every failing case take {@link #TIMEOUT}.
     */
    static final Duration CLEANUP_AFTER_FAILURE = Duration.ofSeconds(2);

    /** Default worker names: {@code ants-<pool#>-worker-<n>}. */
    static final Pattern DEFAULT_WORKER_NAME = Pattern.compile("(ants-\\d+-)worker-\\d+");

    private TestSupport() {}

    /**
     * Polls {@code condition} until it holds, failing once {@link #TIMEOUT} has passed.
     *
     * @param what what is awaited, for the failure message
     */
    static void awaitUntil(String what, BooleanSupplier condition) {
        awaitUntil(what, condition, TIMEOUT);
    }

    /** As {@link #awaitUntil(String, BooleanSupplier)}, with a shorter timeout for clean-up. */
    static void awaitUntil(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout + " waiting until " + what);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting until " + what);
            }
        }
    }

    /**
     * The thread-name prefix {@code ants-<pool#>-} of a pool, taken from the name of one of its
     * default-named worker threads, or null if the name is not a default one.
     */
    static String poolPrefixOf(String workerName) {
        Matcher m = DEFAULT_WORKER_NAME.matcher(workerName);
        return m.matches() ? m.group(1) : null;
    }

    /** Live threads whose name starts with {@code prefix}. */
    static List<Thread> liveThreadsWithPrefix(String prefix) {
        List<Thread> live = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                live.add(t);
            }
        }
        return live;
    }

    /** Fails if any live thread's name starts with {@code prefix} (e.g. {@code ants-7-}). */
    static void assertNoLiveThreads(String prefix) {
        List<Thread> live = liveThreadsWithPrefix(prefix);
        if (!live.isEmpty()) {
            fail("threads of the pool are still alive: " + live);
        }
    }

    /** Runnable that may throw anything; failures are recorded by the {@link Harness}. */
    @FunctionalInterface
    interface Body {
        void run() throws Throwable;
    }

    /** A one-shot gate that tasks wait on; every gate is opened when the harness closes. */
    static final class Gate {
        private final CountDownLatch latch = new CountDownLatch(1);
        private final Harness harness;

        private Gate(Harness harness) {
            this.harness = harness;
        }

        void open() {
            latch.countDown();
        }

        boolean isOpen() {
            return latch.getCount() == 0;
        }

        /** Waits until opened; a wait longer than {@link #TIMEOUT} is recorded as a failure. */
        void await() {
            harness.await(latch, "a gate to open");
        }
    }

    /**
     * Per-test bookkeeping: records failures from any thread, starts and joins helper threads,
     * tracks pools and gates, and on {@link #close()} opens every gate, releases every pool,
     * checks that none left a thread behind, joins every helper thread and rethrows the first
     * recorded failure (the others are added as suppressed).
     *
     * <p>Invariant: after {@code close()} returns normally, no thread started by the test and no
     * worker or sweeper of a tracked pool is alive.
     */
    static final class Harness implements AutoCloseable {
        private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<Gate> gates = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<PoolHandle> pools = new ConcurrentLinkedQueue<>();
        private volatile boolean bodyFailed;

        /**
         * Tells this harness whether the test body failed, so that clean-up after a failure is
         * short; registered by {@link HarnessTest}.
         */
        AfterTestExecutionCallback failFast() {
            return context -> {
                if (context.getExecutionException().isPresent()) {
                    bodyFailed = true;
                }
            };
        }

        /** Records a failure seen on any thread; it is rethrown by {@link #close()}. */
        void record(Throwable t) {
            failures.add(t);
        }

        /** Rethrows the first failure recorded so far, if any (call from the test thread). */
        void checkFailures() {
            Throwable first = failures.peek();
            if (first == null) {
                return;
            }
            AssertionError e = new AssertionError("failure on another thread: " + first, first);
            for (Throwable t : failures) {
                if (t != first) {
                    e.addSuppressed(t);
                }
            }
            throw e;
        }

        Gate gate() {
            Gate g = new Gate(this);
            gates.add(g);
            return g;
        }

        /** Wraps {@code body} so that whatever it throws is recorded. */
        Runnable task(Body body) {
            return () -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    record(t);
                }
            };
        }

        /** Starts a helper thread running {@code body}; it is joined by {@link #close()}. */
        Thread start(String name, Body body) {
            Thread t = new Thread(task(body), "test-" + name);
            t.setDaemon(true); // a hung helper must not keep the test JVM alive
            threads.add(t);
            t.start();
            return t;
        }

        /** Joins {@code t}, failing if it does not end within {@link #TIMEOUT}. */
        void join(Thread t) {
            join(t, TIMEOUT);
        }

        private void join(Thread t, Duration timeout) {
            try {
                t.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while joining " + t, e);
            }
            if (t.isAlive()) {
                throw new AssertionError("thread did not end within " + timeout + ": " + t);
            }
        }

        /** Waits on {@code latch}; a wait longer than {@link #TIMEOUT} fails and is recorded. */
        void await(CountDownLatch latch, String what) {
            try {
                if (!latch.await(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                    AssertionError e = new AssertionError("timed out waiting for " + what);
                    record(e);
                    throw e;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                AssertionError ae = new AssertionError("interrupted waiting for " + what, e);
                record(ae);
                throw ae;
            }
        }

        /**
         * Submits {@code n} tasks that each wait on a new gate and waits until all have
         * started; returns that gate (open it to let them finish).
         */
        Gate occupy(PoolHandle p, int n) {
            Gate gate = gate();
            CountDownLatch started = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                p.submit(task(() -> {
                    started.countDown();
                    gate.await();
                }));
            }
            await(started, n + " tasks to start, each on a worker of its own");
            return gate;
        }

        /** Tracks {@code pool}: released and leak-checked by {@link #close()}. */
        <P extends PoolHandle> P track(P pool) {
            pools.add(pool);
            return pool;
        }

        @Override
        public void close() {
            for (Gate g : gates) {
                g.open();
            }
            for (PoolHandle p : pools) {
                try {
                    p.shutdownAndCheck(bodyFailed ? CLEANUP_AFTER_FAILURE : TIMEOUT);
                } catch (Throwable t) {
                    record(t);
                }
            }
            for (Thread t : threads) {
                try {
                    join(t, bodyFailed ? CLEANUP_AFTER_FAILURE : TIMEOUT);
                } catch (Throwable e) {
                    record(e);
                }
            }
            checkFailures();
        }
    }
}
