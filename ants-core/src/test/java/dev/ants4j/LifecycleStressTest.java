package dev.ants4j;

import static dev.ants4j.ReliabilitySupport.LONG;
import static dev.ants4j.ReliabilitySupport.await;
import static dev.ants4j.ReliabilitySupport.joinAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lifecycle under stress: create/release cycles, release with work in flight, random concurrent
 * tune/release/reboot/submit, and the sweeper racing with hand-offs at a 1 ms expiry. Each test
 * states its pass criterion; exact counters are checked once the pool is quiescent, and every
 * accepted task is checked to have run exactly once.
 */
@ReliabilitySupport.Reliability
class LifecycleStressTest {

    /**
     * 200 create / use / releaseTimeout cycles over the pool variants. Pass: each
     * releaseTimeout returns (all workers and the sweeper joined), and afterwards the JVM's
     * thread count is back to its baseline from before the first cycle.
     */
    @Test
    void twoHundredCreateReleaseCyclesReturnTheThreadCountToBaseline() throws Exception {
        int baseline = ReliabilitySupport.jvmThreadCount();
        AtomicInteger ran = new AtomicInteger();
        int submitted = 0;
        for (int cycle = 0; cycle < 200; cycle++) {
            PoolOptions options = cycle % 2 == 0
                    ? PoolOptions.builder().expiryDuration(Duration.ofMillis(1)).build()
                    : PoolOptions.builder().preAlloc(true).build();
            if (cycle % 3 == 0) {
                PoolWithFunc<Integer> p = new PoolWithFunc<>(4, i -> ran.incrementAndGet(),
                        options);
                for (int i = 0; i < 8; i++) {
                    p.invoke(i);
                }
                p.releaseTimeout(LONG);
                assertEquals(0, p.running());
            } else {
                Pool p = new Pool(4, options);
                for (int i = 0; i < 8; i++) {
                    p.submit(ran::incrementAndGet);
                }
                p.releaseTimeout(LONG);
                assertEquals(0, p.running());
            }
            submitted += 8;
        }
        assertEquals(submitted, ran.get(), "every task of every cycle ran");
        try {
            await("JVM thread count back to " + baseline,
                    () -> ReliabilitySupport.jvmThreadCount() <= baseline);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            fail("thread count " + ReliabilitySupport.jvmThreadCount() + " > baseline "
                    + baseline + "\n" + ReliabilitySupport.threadDump());
        }
    }

    /**
     * release() with tasks running and submitters blocked. Pass: every blocked submitter gets
     * PoolClosedException while the running tasks are still running; the running tasks are not
     * interrupted and finish; their tasks ran, the rejected ones did not; releaseTimeout on the
     * closed pool throws PoolClosedException; close() then leaves running() == 0.
     */
    @Test
    void releaseWithRunningTasksAndBlockedSubmitters() throws Exception {
        int cap = 2;
        int blocked = 3;
        CountDownLatch finish = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(cap);
        AtomicInteger interruptedTasks = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger rejectedRan = new AtomicInteger();
        Pool pool = new Pool(cap);
        for (int i = 0; i < cap; i++) {
            pool.submit(() -> {
                started.countDown();
                FaultInjectionTest.awaitQuietly(finish);
                if (Thread.currentThread().isInterrupted()) {
                    interruptedTasks.incrementAndGet();
                }
                finished.incrementAndGet();
            });
        }
        assertTrue(started.await(LONG.toSeconds(), TimeUnit.SECONDS));
        ReliabilitySupport.Failures failures = new ReliabilitySupport.Failures();
        List<Thread> submitters = new ArrayList<>();
        for (int i = 0; i < blocked; i++) {
            submitters.add(failures.start("blocked-" + i, () -> assertThrows(
                    PoolClosedException.class, () -> pool.submit(rejectedRan::incrementAndGet))));
        }
        await("all submitters blocked", () -> pool.waiting() == blocked);
        pool.release();
        joinAll(submitters); // woken by release, while the tasks still run
        failures.rethrow();
        assertEquals(0, finished.get(), "running tasks were not cut short");
        assertEquals(0, pool.waiting());
        assertEquals(cap, pool.running(), "busy workers still counted until they finish");
        assertThrows(PoolClosedException.class, () -> pool.releaseTimeout(LONG));

        finish.countDown();
        pool.close();
        assertEquals(cap, finished.get());
        assertEquals(0, interruptedTasks.get(), "release does not interrupt running tasks");
        assertEquals(0, rejectedRan.get());
        assertEquals(0, pool.running());
    }

    /**
     * 8 threads for about a second and a half each do random submits, tunes, releases, reboots,
     * releaseTimeouts and reads on one pool (capacity 4, at most 3 blocked submitters, 1 ms
     * expiry so the sweeper joins in). Pass: the only exceptions from submit are
     * PoolClosedException and PoolOverloadException; releaseTimeout throws at most those two
     * kinds it documents (PoolClosedException, TimeoutException); no thread hangs; after a final
     * release and close, running() == 0, waiting() == 0, and every accepted task ran exactly
     * once while no rejected task ran.
     */
    @ParameterizedTest(name = "preAlloc={0}")
    @ValueSource(booleans = {false, true})
    void randomConcurrentTuneReleaseRebootSubmit(boolean preAlloc) throws Exception {
        int threads = 8;
        long runNanos = TimeUnit.MILLISECONDS.toNanos(1500);
        int maxTasks = 4_000_000;
        Pool pool = new Pool(4, PoolOptions.builder().preAlloc(preAlloc).maxBlockingTasks(3)
                .expiryDuration(Duration.ofMillis(1)).build());
        ReliabilitySupport.ExactlyOnce ledger = new ReliabilitySupport.ExactlyOnce(maxTasks);
        BitSet accepted = new BitSet(maxTasks);
        AtomicInteger ids = new AtomicInteger();
        AtomicLong closedRejections = new AtomicLong();
        AtomicLong overloadRejections = new AtomicLong();
        AtomicLong admin = new AtomicLong();
        ReliabilitySupport.Failures failures = new ReliabilitySupport.Failures();
        List<Thread> workers = new ArrayList<>();
        long deadline = System.nanoTime() + runNanos;
        for (int t = 0; t < threads; t++) {
            workers.add(failures.start("chaos-" + t, () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (System.nanoTime() - deadline < 0) {
                    int op = rnd.nextInt(100);
                    if (op < 80) {
                        int id = ids.getAndIncrement();
                        if (id >= maxTasks) {
                            return;
                        }
                        int spins = rnd.nextInt(32);
                        try {
                            pool.submit(() -> {
                                ledger.ran(id);
                                for (int i = spins; i > 0; i--) {
                                    Thread.onSpinWait();
                                }
                            });
                            synchronized (accepted) {
                                accepted.set(id);
                            }
                        } catch (PoolClosedException e) {
                            closedRejections.incrementAndGet();
                        } catch (PoolOverloadException e) {
                            overloadRejections.incrementAndGet();
                        }
                    } else if (op < 88) {
                        pool.tune(1 + rnd.nextInt(8));
                    } else if (op < 90) {
                        pool.release();
                    } else if (op < 97) {
                        pool.reboot();
                    } else if (op < 98) {
                        try {
                            pool.releaseTimeout(Duration.ofMillis(2));
                        } catch (PoolClosedException | TimeoutException e) {
                            // both documented: already closed, or a rebooted pool kept working
                        }
                    } else {
                        assertTrue(pool.running() >= 0 && pool.waiting() >= 0
                                && pool.waiting() <= 3, "counters in range: " + pool);
                    }
                    if (op >= 80) {
                        admin.incrementAndGet();
                    }
                }
            }));
        }
        joinAll(workers); // a deadlock fails here, with a thread dump
        failures.rethrow();
        pool.release();
        pool.close();
        assertEquals(0, pool.running(), "running() after the final release");
        assertEquals(0, pool.waiting(), "waiting() after the final release");
        ledger.assertExactlyOnce(accepted);
        assertTrue(accepted.cardinality() > 0, "some tasks were accepted");
        ReliabilitySupport.report("chaos preAlloc=" + preAlloc + ": accepted "
                + accepted.cardinality() + ", PoolClosedException " + closedRejections
                + ", PoolOverloadException " + overloadRejections + ", admin ops " + admin);
        assertTrue(admin.get() > 0);
    }

    /**
     * The sweeper, at a 1 ms expiry, racing with bursts of hand-offs from 4 submitters into a
     * capacity of 8. Pass: every task ran exactly once (none lost); no task ever ran on a worker
     * the pool had already retired; never more than 8 tasks at once; once the bursts stop the
     * sweeper retires every idle worker (running() reaches 0 with the pool still open).
     */
    @ParameterizedTest(name = "preAlloc={0}")
    @ValueSource(booleans = {false, true})
    void sweeperRacingWithHandOffsLosesNothing(boolean preAlloc) throws Exception {
        int cap = 8;
        int submitters = 4;
        int bursts = 150;
        int burst = 12;
        Map<Thread, Worker> workerOf = new ConcurrentHashMap<>();
        AtomicInteger made = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = ReliabilitySupport.poolLikeThread(r, "sweep-" + made.incrementAndGet());
            workerOf.put(t, (Worker) r);
            return t;
        };
        Pool pool = new Pool(cap, PoolOptions.builder().preAlloc(preAlloc)
                .expiryDuration(Duration.ofMillis(1)).threadFactory(factory).build());
        int total = submitters * bursts * burst;
        ReliabilitySupport.ExactlyOnce ledger = new ReliabilitySupport.ExactlyOnce(total);
        ReliabilitySupport.Gauge gauge = new ReliabilitySupport.Gauge();
        AtomicInteger onRetired = new AtomicInteger();
        ReliabilitySupport.Failures failures = new ReliabilitySupport.Failures();
        List<Thread> threads = new ArrayList<>();
        // Half-way, every submitter pauses until the sweeper has retired every worker, so the
        // second half must run on new workers: retirement mid-run is guaranteed, not hoped for.
        CyclicBarrier halfway = new CyclicBarrier(submitters,
                () -> await("the sweeper retires the idle workers mid-run",
                        () -> pool.running() == 0));
        for (int s = 0; s < submitters; s++) {
            int base = s * bursts * burst;
            threads.add(failures.start("burst-" + s, () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int b = 0; b < bursts; b++) {
                    if (b == bursts / 2) {
                        halfway.await();
                    }
                    for (int i = 0; i < burst; i++) {
                        int id = base + b * burst + i;
                        pool.submit(() -> {
                            gauge.enter();
                            Worker w = workerOf.get(Thread.currentThread());
                            if (w == null || w.retired) {
                                onRetired.incrementAndGet();
                            }
                            ledger.ran(id);
                            gauge.exit();
                        });
                    }
                    // vary the gaps around the expiry so workers expire mid-burst; not a sync
                    LockSupport.parkNanos(rnd.nextInt(2_000_000));
                }
            }));
        }
        joinAll(threads);
        failures.rethrow();
        await("the sweeper retires every idle worker", () -> pool.running() == 0);
        assertFalse(pool.isClosed());
        pool.releaseTimeout(LONG);

        BitSet all = new BitSet(total);
        all.set(0, total);
        ledger.assertExactlyOnce(all);
        assertEquals(0, onRetired.get(), "tasks run on a retired worker");
        assertTrue(gauge.max() <= cap, "at most " + cap + " at once, saw " + gauge.max());
        assertTrue(made.get() > cap, "the sweeper retired workers mid-run (workers made: "
                + made.get() + ")");
        assertEquals(0, pool.waiting());
        ReliabilitySupport.report("sweeper preAlloc=" + preAlloc + ": tasks " + total
                + ", workers made " + made.get() + ", max concurrent " + gauge.max());
    }
}
