package dev.ants4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.helpers.NOPLogger;

/**
 * Lincheck model checking of the real pool's hand-offs: submit, a worker returning, purge,
 * {@code tune}, {@code release}, {@code reboot} and an interrupt, racing.
 *
 * <p>The pool starts real worker threads, so these use Lincheck's general-purpose model checker
 * ({@link Lincheck#runConcurrentTest}), which controls every thread the test starts, the pool's
 * workers included, and explores their interleavings at each lock, park/unpark and shared-field
 * access. Each scenario ends by closing the pool (which joins its workers) and asserts the
 * pool's bookkeeping is exact and that every accepted task ran exactly once and no rejected one
 * ran. A hang in any interleaving (a lost wake-up: a thread parked forever) is reported by
 * Lincheck as a deadlock, with the interleaving that caused it.
 *
 * <p>The core is built directly with a hand-driven {@link Ticker} and purge disabled, so the
 * sweeper is replaced by explicit {@link PoolCore#purgeStaleWorkers()} calls placed in the
 * scenario; all configuration objects are built outside the checked code.
 */
@ReliabilitySupport.Reliability
class LincheckPoolTest {

    private static final PoolOptions OPTIONS = PoolOptions.builder()
            .disablePurge(true).logger(NOPLogger.NOP_LOGGER).build();
    private static final PoolOptions RING = PoolOptions.builder()
            .disablePurge(true).preAlloc(true).logger(NOPLogger.NOP_LOGGER).build();
    private static final PoolOptions QUEUED = PoolOptions.builder()
            .disablePurge(true).queueCapacity(1).logger(NOPLogger.NOP_LOGGER).build();
    /** Far past any idle stamp taken before it: a purge after this retires every idle worker. */
    private static final long LATER = 1_000_000_000_000L;

    @BeforeAll
    static void lincheckRunsHere() {
        assumeTrue(LincheckSupport.lincheckSupported(), LincheckSupport.SKIP_REASON);
    }

    private static PoolCore core(PoolOptions options, AtomicLong clock) {
        return new PoolCore(1, options, PoolCore.RUNNABLE_RUNNER, clock::get);
    }

    private static void join(Thread... threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static void assertQuiescent(PoolCore core) {
        assertEquals(0, core.running(), "running() after close");
        assertEquals(0, core.waiting(), "waiting() after close");
        assertEquals(0, core.queued(), "queued() after close");
    }

    /**
     * The lost wake-up that ants guards against (a submitter waiting for a worker while the
     * sweeper purges the last one, so nobody is left to wake it): capacity 1, one worker; a
     * submitter that may block races with a purge of that worker and with a second submitter,
     * for both idle stores (stack, and the preAlloc ring). Pass: no interleaving hangs, all
     * three tasks run, counters exact.
     */
    @ParameterizedTest(name = "preAlloc={0}")
    @ValueSource(booleans = {false, true})
    void submitterBlockedWhileLastWorkerIsPurgedIsStillServed(boolean preAlloc) {
        Lincheck.runConcurrentTest(LincheckSupport.POOL_INVOCATIONS, () -> {
            AtomicLong clock = new AtomicLong();
            AtomicInteger ran = new AtomicInteger();
            PoolCore core = core(preAlloc ? RING : OPTIONS, clock);
            core.dispatch((Runnable) ran::incrementAndGet);
            Thread submitter = new Thread(() -> core.dispatch((Runnable) ran::incrementAndGet));
            Thread sweeper = new Thread(() -> {
                clock.set(LATER);
                core.purgeStaleWorkers();
            });
            submitter.start();
            sweeper.start();
            core.dispatch((Runnable) ran::incrementAndGet);
            join(submitter, sweeper);
            core.close();
            assertEquals(3, ran.get(), "every submitted task ran once");
            assertQuiescent(core);
        });
    }

    /**
     * A blocked submitter racing with {@code tune} (growth wakes it) and {@code release} (closes
     * it out). Pass: each submit either returned (its task then ran exactly once) or threw
     * {@link PoolClosedException} (its task never ran); no hang; counters exact.
     */
    @Test
    void handOffRacingWithTuneAndRelease() {
        Lincheck.runConcurrentTest(LincheckSupport.POOL_INVOCATIONS, () -> {
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger accepted = new AtomicInteger(1);
            PoolCore core = core(OPTIONS, new AtomicLong());
            core.dispatch((Runnable) ran::incrementAndGet);
            Runnable submit = () -> {
                try {
                    core.dispatch((Runnable) ran::incrementAndGet);
                    accepted.incrementAndGet();
                } catch (PoolClosedException expected) {
                    // documented: released while waiting, or before
                }
            };
            Thread submitter = new Thread(submit);
            Thread admin = new Thread(() -> {
                core.tune(2);
                core.release();
            });
            submitter.start();
            admin.start();
            submit.run();
            join(submitter, admin);
            core.close();
            assertEquals(accepted.get(), ran.get(), "accepted tasks ran exactly once");
            assertQuiescent(core);
        });
    }

    /**
     * {@code release} then {@code reboot} while a worker returns and a submitter arrives. Pass:
     * accepted tasks ran exactly once, rejections are {@link PoolClosedException}, no worker of
     * the old generation is idle in the rebooted pool (idle workers never exceed live ones), and
     * after a final close all counts are zero.
     */
    @Test
    void releaseAndRebootRacingWithAWorkerReturning() {
        Lincheck.runConcurrentTest(LincheckSupport.POOL_INVOCATIONS, () -> {
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger accepted = new AtomicInteger(1);
            PoolCore core = core(OPTIONS, new AtomicLong());
            core.dispatch((Runnable) ran::incrementAndGet);
            Thread admin = new Thread(() -> {
                core.release();
                core.reboot();
            });
            admin.start();
            try {
                core.dispatch((Runnable) ran::incrementAndGet);
                accepted.incrementAndGet();
            } catch (PoolClosedException expected) {
                // the submit fell between release and reboot
            }
            join(admin);
            assertFalse(core.isClosed(), "rebooted");
            assertTrue(core.idleCount() <= core.running(), "idle workers are counted");
            core.close();
            assertEquals(accepted.get(), ran.get(), "accepted tasks ran exactly once");
            assertQuiescent(core);
        });
    }

    /**
     * An interrupt racing with the worker that serves a blocked submitter. Pass: either the
     * submit returned and its task ran once, or it threw a plain
     * {@link RejectedExecutionException} with the interrupt status kept set and its task never
     * ran; no hang; counters exact.
     */
    @Test
    void interruptRacingWithTheServingWorker() {
        Lincheck.runConcurrentTest(LincheckSupport.POOL_INVOCATIONS, () -> {
            AtomicInteger ranB = new AtomicInteger();
            AtomicReference<Object> outcome = new AtomicReference<>();
            PoolCore core = core(OPTIONS, new AtomicLong());
            core.dispatch((Runnable) () -> { });
            Thread submitter = new Thread(() -> {
                try {
                    core.dispatch((Runnable) ranB::incrementAndGet);
                    outcome.set("served");
                } catch (RejectedExecutionException e) {
                    outcome.set(Thread.currentThread().isInterrupted() ? e : "flag lost");
                }
            });
            submitter.start();
            submitter.interrupt();
            join(submitter);
            core.close();
            Object o = outcome.get();
            if ("served".equals(o)) {
                assertEquals(1, ranB.get(), "a served submit's task ran once");
            } else {
                assertTrue(o instanceof RejectedExecutionException, "outcome " + o);
                assertSame(RejectedExecutionException.class, o.getClass(),
                        "an interrupted submit is neither closed nor overloaded");
                assertEquals(0, ranB.get(), "a cancelled submit's task never ran");
            }
            assertQuiescent(core);
        });
    }

    /**
     * With a task queue: a task accepted into the queue while the pool is released still runs
     * ("an accepted task is never dropped"). Pass: accepted == ran, counters exact.
     */
    @Test
    void queuedTaskSurvivesARacingRelease() {
        Lincheck.runConcurrentTest(LincheckSupport.POOL_INVOCATIONS, () -> {
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger accepted = new AtomicInteger(1);
            PoolCore core = core(QUEUED, new AtomicLong());
            core.dispatch((Runnable) ran::incrementAndGet);
            Thread admin = new Thread(core::release);
            admin.start();
            for (int i = 0; i < 2; i++) {
                try {
                    core.dispatch((Runnable) ran::incrementAndGet);
                    accepted.incrementAndGet();
                } catch (PoolClosedException expected) {
                    // released first
                }
            }
            join(admin);
            core.close();
            assertEquals(accepted.get(), ran.get(), "accepted tasks ran exactly once");
            assertQuiescent(core);
        });
    }
}
