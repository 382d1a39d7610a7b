package dev.ants4j;

import static dev.ants4j.TestSupport.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ants4j.TestSupport.Gate;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

/**
 * Workers made by a virtual-thread factory ({@code Thread.ofVirtual().factory()}, which API.md
 * allows): the pool keeps its promises when its workers are virtual threads, whose park, yield
 * and spin behave differently from a platform thread's (a yield or park gives the carrier to
 * another virtual thread). Skipped before JDK 21; CI runs the suite again on JDK 25. The factory
 * is reached by reflection, as the module compiles with {@code --release 17}.
 */
@Timeout(60)
class VirtualWorkersTest extends HarnessTest {

    /** {@code Thread.ofVirtual().name("vw-", 0).factory()}, or null before JDK 21. */
    private static final ThreadFactory VIRTUAL = virtualFactory();
    /** {@code Thread.isVirtual()}, or null before JDK 21. */
    private static final Method IS_VIRTUAL = isVirtualMethod();

    private static ThreadFactory virtualFactory() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> b = Class.forName("java.lang.Thread$Builder");
            builder = b.getMethod("name", String.class, long.class).invoke(builder, "vw-", 0L);
            return (ThreadFactory) b.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // before JDK 21 (or 19/20 without --enable-preview)
        }
    }

    private static Method isVirtualMethod() {
        try {
            return Thread.class.getMethod("isVirtual");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static boolean isVirtual(Thread t) {
        try {
            return (Boolean) IS_VIRTUAL.invoke(t);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void assumeVirtualThreads() {
        assumeTrue(VIRTUAL != null, "virtual threads need JDK 21+, this is " + Runtime.version());
    }

    private PoolHandle pool(PoolVariant v, int capacity, PoolOptions.Builder options) {
        assumeVirtualThreads();
        return h.track(v.create(capacity, options.threadFactory(VIRTUAL).panicHandler(h::record)));
    }

    /**
     * Three platform submitters race 3,000 tasks into a pool of 4 virtual workers: every task
     * runs exactly once, on a virtual thread, and never more than 4 at once; at the end the
     * pool has at most 4 workers, and {@code releaseTimeout} leaves none of them alive (the
     * harness checks every worker thread seen).
     */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_BLOCKING")
    void boundedAndEveryTaskRunsOnceOnAVirtualWorker(PoolVariant v) {
        int cap = 4;
        int submitters = 3;
        int perSubmitter = 1_000;
        // no expiry during the test: every worker seen is one of at most cap
        PoolHandle p = pool(v, cap, PoolOptions.builder().expiryDuration(Duration.ofMinutes(5)));
        int platformRuns = race(p, submitters, perSubmitter, false);
        assertEquals(0, platformRuns, "tasks run on platform threads");
        assertTrue(p.running() <= cap, "running " + p.running() + " > capacity " + cap);
        assertTrue(p.workers.size() >= 1 && p.workers.size() <= cap,
                "worker threads: " + p.workers.size());
    }

    /**
     * {@code submitters} threads (virtual or platform) race {@code perSubmitter} tasks each into
     * {@code p} and are joined; checks that every task ran exactly once, never more than
     * {@code p.cap()} at once, and that no submitter is left waiting.
     *
     * @return how many of the tasks ran on a platform thread
     */
    private int race(PoolHandle p, int submitters, int perSubmitter, boolean virtualSubmitters) {
        int cap = p.cap();
        AtomicIntegerArray runs = new AtomicIntegerArray(submitters * perSubmitter);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger platformRuns = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(submitters * perSubmitter);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < submitters; s++) {
            int base = s * perSubmitter;
            TestSupport.Body body = () -> {
                for (int i = 0; i < perSubmitter; i++) {
                    int id = base + i;
                    p.submit(() -> {
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        if (!isVirtual(Thread.currentThread())) {
                            platformRuns.incrementAndGet();
                        }
                        runs.incrementAndGet(id);
                        Thread.yield(); // let the other workers in while this one runs
                        inFlight.decrementAndGet();
                        done.countDown();
                    });
                }
            };
            if (virtualSubmitters) {
                Thread t = VIRTUAL.newThread(h.task(body));
                t.start();
                threads.add(t);
            } else {
                threads.add(h.start("submitter-" + s, body));
            }
        }
        for (Thread t : threads) {
            h.join(t);
        }
        h.await(done, "every task to run");
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "task " + i + " ran this many times");
        }
        assertTrue(maxInFlight.get() <= cap, "tasks at once: " + maxInFlight.get());
        assertEquals(0, p.waiting());
        return platformRuns.get();
    }

    /**
     * A platform submitter blocked on a pool whose virtual workers are all busy is served once
     * one finishes; {@code close()} then waits until every virtual worker has terminated.
     */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_BLOCKING")
    void blockedSubmitterIsServedAndCloseJoinsVirtualWorkers(PoolVariant v) {
        int cap = 2;
        PoolHandle p = pool(v, cap, PoolOptions.builder());
        Gate gate = h.occupy(p, cap);
        CountDownLatch ran = new CountDownLatch(1);
        Thread submitter = h.start("submitter", () -> p.submit(ran::countDown));
        awaitUntil("the submitter blocks", () -> p.waiting() == 1);
        assertEquals(cap, p.running());
        gate.open();
        h.await(ran, "the blocked submitter's task");
        h.join(submitter);
        List<Thread> workers = new ArrayList<>(p.workers);
        assertFalse(workers.isEmpty());
        for (Thread w : workers) {
            assertTrue(isVirtual(w), "a platform worker: " + w);
        }
        p.close();
        for (Thread w : workers) {
            assertFalse(w.isAlive(), "alive after close(): " + w);
        }
    }

    /**
     * Virtual-thread submitters (a server with a virtual thread per request) block on a full
     * pool and are served, with platform workers (the default) and with virtual ones: 16
     * virtual submitters race 100 tasks each into a pool of 2; every task runs once and never
     * more than 2 at once.
     */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = "POOL_.*_BLOCKING")
    void virtualSubmittersBlockAndAreServed(PoolVariant v) {
        assumeVirtualThreads();
        for (boolean virtualWorkers : new boolean[] {false, true}) {
            PoolOptions.Builder o = PoolOptions.builder().panicHandler(h::record);
            PoolHandle p = h.track(v.create(2, virtualWorkers ? o.threadFactory(VIRTUAL) : o));
            race(p, 16, 100, true);
            p.close();
        }
    }

    /** Idle virtual workers expire like platform ones: the sweeper stops them and they end. */
    @Test
    void idleVirtualWorkersExpire() {
        PoolHandle p = pool(PoolVariant.POOL_STACK_BLOCKING, 3,
                PoolOptions.builder().expiryDuration(Duration.ofMillis(20)));
        Gate gate = h.occupy(p, 3);
        List<Thread> workers = new ArrayList<>(p.workers);
        assertEquals(3, workers.size());
        gate.open();
        awaitUntil("the idle workers expire", () -> p.running() == 0);
        awaitUntil("the expired virtual workers end",
                () -> workers.stream().noneMatch(Thread::isAlive));
        assertFalse(p.isClosed(), "expiry must not close the pool");
        CountDownLatch again = new CountDownLatch(1);
        p.submit(again::countDown);
        h.await(again, "a task after every worker expired");
    }
}
