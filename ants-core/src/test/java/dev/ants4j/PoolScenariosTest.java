package dev.ants4j;

import static dev.ants4j.TestSupport.TIMEOUT;
import static dev.ants4j.TestSupport.awaitUntil;
import static dev.ants4j.TestSupport.quietLog;
import static dev.ants4j.TestSupport.quietLogger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ants4j.TestSupport.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

/**
 * The scenarios of ants' {@code ants_test.go}, ported to Java and run against every
 * {@link PoolVariant} (stack or ring, {@code Pool} or {@code PoolWithFunc}, blocking or
 * nonblocking). Where ants sleeps for a guessed time, these tests gate tasks on latches and poll
 * against a deadline. Where ants' semantics differ on purpose (a Go worker that panics exits, a
 * Java worker goes on), the Java contract of {@code API.md} is asserted.
 */
@Timeout(60)
class PoolScenariosTest extends HarnessTest {

    private static final Duration SHORT_EXPIRY = Duration.ofMillis(100);

    /** Options every pool starts from: an unexpected task failure fails the test. */
    private PoolOptions.Builder options() {
        return PoolOptions.builder().panicHandler(h::record);
    }

    private PoolHandle pool(PoolVariant v, int capacity, PoolOptions.Builder options) {
        return h.track(v.create(capacity, options));
    }

    /** Submits {@code n} tasks that each wait on {@code gate}; returns a latch of their starts. */
    private CountDownLatch fill(PoolHandle p, int n, Gate gate, AtomicInteger done) {
        CountDownLatch started = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            p.submit(h.task(() -> {
                started.countDown();
                gate.await();
                if (done != null) {
                    done.incrementAndGet();
                }
            }));
        }
        return started;
    }

    // ---------------------------------------------------------------- waiting for workers

    /** ants TestAntsPoolWaitToGetWorker (and the PreMalloc/WithFunc forms). */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void waitToGetWorkerUnderLoad(PoolVariant v) {
        int cap = 10;
        int tasks = 5_000;
        PoolHandle p = pool(v, cap, options());
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        for (int i = 0; i < tasks; i++) {
            p.submitEventually(() -> {
                maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                Thread.yield();
                active.decrementAndGet();
                done.countDown();
            });
            assertTrue(p.running() <= cap, "running() above cap: " + p.running());
        }
        h.await(done, "all tasks to run");
        assertTrue(maxActive.get() <= cap, "tasks ran concurrently: " + maxActive.get());
        assertTrue(p.workers.size() >= 1);
        assertTrue(p.running() >= 1 && p.running() <= cap, "running: " + p.running());
        assertEquals(0, p.waiting());
    }

    // ---------------------------------------------------------------- purge

    /** ants TestPurgePool / TestPurgePreMallocPool, with a short expiry and a deadline. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void purgeStopsIdleWorkers(PoolVariant v) {
        int size = 20;
        PoolHandle p = pool(v, size, options().expiryDuration(SHORT_EXPIRY));
        Gate gate = h.gate();
        AtomicInteger done = new AtomicInteger();
        h.await(fill(p, size, gate, done), "all tasks to start");
        assertEquals(size, p.running(), "pool should be full");
        assertEquals(0, p.free());

        gate.open();
        awaitUntil("the idle workers are purged", () -> p.running() == 0);
        assertEquals(size, done.get());
        assertEquals(size, p.free());
        awaitUntil("purged worker threads end", () -> p.liveWorkers().isEmpty());

        // the pool is still usable after a purge, with a fresh worker
        Set<Thread> old = new HashSet<>(p.workers);
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<Thread> runner = new AtomicReference<>();
        p.submit(() -> {
            runner.set(Thread.currentThread());
            ran.countDown();
        });
        h.await(ran, "a task after the purge");
        assertFalse(old.contains(runner.get()), "a purged worker ran a task");
    }

    /** ants TestWithDisablePurge*: idle workers outlive several expiry periods. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void disablePurgeKeepsIdleWorkers(PoolVariant v) throws TimeoutException {
        int n = 10;
        PoolHandle p = pool(v, n, options().disablePurge(true).expiryDuration(SHORT_EXPIRY));
        // a control pool with purge on, to observe that expiry periods did pass
        PoolHandle control = pool(v, n, options().expiryDuration(SHORT_EXPIRY));
        Gate gate = h.gate();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch a = fill(p, n, gate, done);
        CountDownLatch b = fill(control, n, gate, done);
        h.await(a, "tasks to start");
        h.await(b, "control tasks to start");
        assertEquals(n, p.running());
        assertEquals(0, p.free());

        gate.open();
        awaitUntil("all tasks finish", () -> done.get() == 2 * n);
        awaitUntil("the control pool purges", () -> control.running() == 0);
        // one more full expiry on the control pool, begun after p's workers went idle
        control.submit(() -> { });
        awaitUntil("the control pool purges again", () -> control.running() == 0);

        assertEquals(n, p.running(), "a pool with purge disabled lost idle workers");
        assertEquals(0, p.free());
        assertEquals(n, p.workers.size());
        assertEquals(n, p.liveWorkers().size(), "idle worker threads ended");

        p.releaseTimeout(TIMEOUT);
        assertEquals(0, p.running());
        assertEquals(n, p.free(), "free() = cap() - running() also when closed");
        assertTrue(p.liveWorkers().isEmpty());
    }

    // ---------------------------------------------------------------- overload

    /** ants TestNonblockingSubmit / TestNonblockingSubmitWithFunc. */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_NONBLOCKING")
    void nonblockingSubmitOverloadsWhenFull(PoolVariant v) {
        int size = 10;
        PoolHandle p = pool(v, size, options());
        Gate longRunning = h.gate();
        h.await(fill(p, size - 1, longRunning, null), "long tasks to start");
        Gate g = h.gate();
        CountDownLatch fDone = new CountDownLatch(1);
        p.submit(h.task(() -> {
            g.await();
            fDone.countDown();
        }));
        assertEquals(size, p.running(), "p is full now");
        AtomicInteger ran = new AtomicInteger();
        assertThrows(PoolOverloadException.class, () -> p.submit(ran::incrementAndGet));
        assertEquals(0, p.waiting(), "a nonblocking submit never waits");

        g.open();
        h.await(fDone, "f to finish");
        // the freed worker goes idle asynchronously: retry until it takes the task
        CountDownLatch after = new CountDownLatch(1);
        p.submitEventually(after::countDown);
        h.await(after, "the task after the overload");
        assertEquals(size, p.running(), "the freed worker was reused, not a new one made");
        assertEquals(0, ran.get(), "an overloaded task ran");
    }

    /** ants TestMaxBlockingSubmit / TestMaxBlockingSubmitWithFunc. */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_BLOCKING")
    void maxBlockingTasksOverloadsPastTheLimit(PoolVariant v) {
        int size = 10;
        PoolHandle p = pool(v, size, options().maxBlockingTasks(1));
        Gate gate = h.gate();
        h.await(fill(p, size, gate, null), "tasks to start");
        CountDownLatch blockedRan = new CountDownLatch(1);
        Thread blocked = h.start("blocked-submitter", () -> p.submit(blockedRan::countDown));
        awaitUntil("one submitter blocks", () -> p.waiting() == 1);

        AtomicInteger overloadedRan = new AtomicInteger();
        assertThrows(PoolOverloadException.class, () -> p.submit(overloadedRan::incrementAndGet),
                "past maxBlockingTasks a submit must overload");
        assertEquals(1, p.waiting());

        gate.open();
        h.join(blocked);
        h.checkFailures(); // the blocked submit returned normally
        h.await(blockedRan, "the blocked submitter's task");
        assertEquals(0, p.waiting());
        assertEquals(0, overloadedRan.get());
    }

    // ---------------------------------------------------------------- panics

    /** ants TestPanicHandler(PreMalloc); a Java worker survives its task's throwable. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void panicHandlerGetsTheThrowableAndTheWorkerGoesOn(PoolVariant v) {
        ConcurrentLinkedQueue<Throwable> caught = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Thread> handlerThreads = new ConcurrentLinkedQueue<>();
        CountDownLatch handled = new CountDownLatch(2);
        PoolHandle p = pool(v, 1, PoolOptions.builder().panicHandler(t -> {
            caught.add(t);
            handlerThreads.add(Thread.currentThread());
            handled.countDown();
        }));
        RuntimeException oops = new RuntimeException("Oops!");
        Error error = new Error("an Error is routed to the handler too");
        p.submit(() -> {
            throw oops;
        });
        p.submitEventually(() -> {
            throw error;
        });
        h.await(handled, "the panic handler");
        assertEquals(List.of(oops, error), new ArrayList<>(caught));
        assertTrue(p.workers.containsAll(handlerThreads), "handler ran off the worker thread");

        CountDownLatch next = new CountDownLatch(1);
        p.submitEventually(next::countDown);
        h.await(next, "a task after the panics");
        assertEquals(1, p.workers.size(), "the worker died with its task's throwable");
        assertEquals(1, p.running());
    }

    /** A panic handler that throws is logged; the worker still goes on. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void throwingPanicHandlerDoesNotKillTheWorker(PoolVariant v) {
        ListAppender<ILoggingEvent> log = quietLog("throwing-handler-" + v);
        CountDownLatch handled = new CountDownLatch(1);
        PoolHandle p = pool(v, 1, PoolOptions.builder().logger(quietLogger("throwing-handler-" + v))
                .panicHandler(t -> {
                    handled.countDown();
                    throw new IllegalStateException("handler fails");
                }));
        p.submit(() -> {
            throw new RuntimeException("Oops!");
        });
        h.await(handled, "the panic handler");
        CountDownLatch next = new CountDownLatch(1);
        p.submitEventually(next::countDown);
        h.await(next, "a task after the failing handler");
        assertEquals(1, p.workers.size(), "the worker died with its handler's throwable");
        awaitUntil("the handler's failure is logged", () -> log.list.stream()
                .anyMatch(e -> e.getLevel() == Level.ERROR && e.getThrowableProxy() != null));
    }

    /** ants TestPoolPanicWithoutHandler: the default handler logs at ERROR with the trace. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void panicWithoutHandlerIsLoggedAtError(PoolVariant v) {
        String name = "no-handler-" + v;
        ListAppender<ILoggingEvent> log = quietLog(name);
        PoolHandle p = pool(v, 1, PoolOptions.builder().logger(quietLogger(name)));
        p.submit(() -> {
            throw new IllegalStateException("Oops!");
        });
        awaitUntil("the panic is logged", () -> !log.list.isEmpty());
        ILoggingEvent e = log.list.get(0);
        assertEquals(Level.ERROR, e.getLevel());
        assertNotNull(e.getThrowableProxy(), "logged without the stack trace");
        assertEquals("Oops!", e.getThrowableProxy().getMessage());

        CountDownLatch next = new CountDownLatch(1);
        p.submitEventually(next::countDown);
        h.await(next, "a task after the panic");
        assertEquals(1, p.workers.size());
    }

    // ---------------------------------------------------------------- reboot

    /** ants TestRebootNewPoolCalc / TestRebootNewPoolWithPreAllocCalc, and TestRebootNewPool. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void rebootRunsAgainWithExactSums(PoolVariant v) throws TimeoutException {
        PoolHandle p = pool(v, 10, options());
        assertEquals(499_500, sumOf1000(p));
        Set<Thread> before = new HashSet<>(p.workers);

        p.releaseTimeout(TIMEOUT);
        assertTrue(p.isClosed());
        assertEquals(0, p.running());
        assertThrows(PoolClosedException.class, () -> p.submit(() -> { }));
        p.reboot();
        assertFalse(p.isClosed());

        p.workers.clear();
        assertEquals(499_500, sumOf1000(p), "the rebooted pool lost or repeated tasks");
        for (Thread t : p.workers) {
            assertFalse(before.contains(t), "a worker from before the release was reused");
        }
        assertTrue(p.running() <= 10);
        p.reboot(); // no-op when open
        assertFalse(p.isClosed());
    }

    private long sumOf1000(PoolHandle p) {
        AtomicLong sum = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1000);
        for (int i = 0; i < 1000; i++) {
            int j = i;
            p.submitEventually(() -> {
                sum.addAndGet(j);
                done.countDown();
            });
        }
        h.await(done, "1000 tasks");
        return sum.get();
    }

    /** Reboot right after a plain release: busy old workers finish and exit, never reused. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void rebootAfterPlainReleaseNeverReusesOldWorkers(PoolVariant v) throws TimeoutException {
        PoolHandle p = pool(v, 2, options().disablePurge(true));
        Gate gate = h.gate();
        h.await(fill(p, 2, gate, null), "two busy workers");
        Set<Thread> old = new HashSet<>(p.workers);
        assertEquals(2, old.size());

        p.release();
        p.reboot();
        assertFalse(p.isClosed());
        assertEquals(2, p.running(), "busy workers of the old generation are still live");

        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        Runnable t = () -> {
            ranOn.set(Thread.currentThread());
            ran.countDown();
        };
        Thread submitter = null;
        if (v.nonblocking) {
            assertThrows(PoolOverloadException.class, () -> p.submit(() -> { }));
        } else {
            submitter = h.start("submitter", () -> p.submit(t));
            awaitUntil("the submitter blocks", () -> p.waiting() == 1);
        }
        gate.open();
        if (submitter != null) {
            h.join(submitter);
        } else {
            p.submitEventually(t);
        }
        h.await(ran, "the task after reboot");
        assertFalse(old.contains(ranOn.get()), "an old worker ran a task after reboot");
        awaitUntil("old workers exit", () -> old.stream().noneMatch(Thread::isAlive));
        awaitUntil("counters settle", () -> p.running() == 1);
        assertEquals(1, p.running(), "only the new worker is counted");

        CountDownLatch more = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            p.submitEventually(() -> {
                assertFalse(old.contains(Thread.currentThread()));
                more.countDown();
            });
        }
        h.await(more, "more tasks");
        assertTrue(p.running() <= 2);
        p.releaseTimeout(TIMEOUT);
        assertEquals(0, p.running());
    }

    /**
     * The same with a task queue. A task queued before the release still runs; a task queued
     * after the reboot (the old worker still fills the capacity, so it is queued too) must not
     * run on the old worker, and still runs once that worker has exited.
     */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void rebootWithAQueueNeverReusesOldWorkers(PoolVariant v) throws TimeoutException {
        PoolHandle p = pool(v, 1, options().disablePurge(true).queueCapacity(4));
        Gate gate = h.gate();
        h.await(fill(p, 1, gate, null), "a busy worker");
        Set<Thread> old = new HashSet<>(p.workers);
        CountDownLatch before = new CountDownLatch(1);
        p.submit(h.task(before::countDown));
        assertEquals(1, p.queued(), "queued behind the busy worker");

        p.release();
        p.reboot();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch after = new CountDownLatch(1);
        p.submit(() -> {
            ranOn.set(Thread.currentThread());
            after.countDown();
        });
        assertEquals(2, p.queued(), "the old worker still fills the capacity");
        gate.open();
        h.await(before, "the task queued before the release");
        h.await(after, "the task queued after the reboot");
        assertFalse(old.contains(ranOn.get()), "an old worker ran a task queued after reboot");
        awaitUntil("old workers exit", () -> old.stream().noneMatch(Thread::isAlive));
        awaitUntil("counters settle", () -> p.running() == 1);
        assertEquals(0, p.queued());
        p.releaseTimeout(TIMEOUT);
        assertEquals(0, p.running());
    }

    /**
     * A pool of capacity 1 (no purge, a queue of {@code queueCapacity}) whose worker waits on
     * {@code gate}, with {@code queued} submitted twice behind it, both queued.
     */
    private PoolHandle busyWithTwoQueued(PoolVariant v, int queueCapacity, Gate gate,
            TestSupport.Body queued) {
        PoolHandle p = pool(v, 1, options().disablePurge(true).queueCapacity(queueCapacity));
        h.await(fill(p, 1, gate, null), "a busy worker");
        p.submit(h.task(queued));
        p.submit(h.task(queued));
        assertEquals(2, p.queued());
        return p;
    }

    /**
     * tune growing a pool whose queue is full and whose submitter is blocked wakes that submitter
     * at once (API.md), before it starts workers for the queued tasks. Pass: the blocked
     * submitter's task runs on the new room while the busy worker and the queued tasks all
     * still wait on their gates.
     */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_STACK_BLOCKING")
    void tuneUpWakesABlockedSubmitterBeforeQueuedTasks(PoolVariant v) throws TimeoutException {
        Gate gate = h.gate();
        // the queue is full: two tasks that wait on the same gate
        PoolHandle p = busyWithTwoQueued(v, 2, gate, gate::await);
        CountDownLatch ran = new CountDownLatch(1);
        Thread submitter = h.start("blocked-submitter", () -> p.submit(ran::countDown));
        awaitUntil("the submitter blocks", () -> p.waiting() == 1);

        p.tune(2);
        h.await(ran, "the woken submitter's task, on the new room");
        h.join(submitter);
        gate.open();
        p.releaseTimeout(TIMEOUT);
        assertEquals(0, p.running());
    }

    /**
     * A worker made while the pool is closed (a drainer, for a task queued after a reboot whose
     * old worker then retired) that goes idle once the pool is rebooted again must still expire:
     * the reboot starts a sweeper for it. Pass: it is purged, running() reaches 0.
     */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void workerMadeWhileClosedExpiresAfterReboot(PoolVariant v) throws TimeoutException {
        PoolHandle p = pool(v, 1, options().queueCapacity(1).expiryDuration(SHORT_EXPIRY));
        Gate oldGate = h.gate();
        h.await(fill(p, 1, oldGate, null), "a busy worker");
        p.release();
        p.reboot();
        Gate drainerGate = h.gate();
        CountDownLatch drainerStarted = new CountDownLatch(1);
        p.submit(h.task(() -> { // queued: the old worker still fills the capacity
            drainerStarted.countDown();
            drainerGate.await();
        }));
        p.release();
        oldGate.open(); // the old worker retires; a drainer is made, the pool being closed
        h.await(drainerStarted, "the drainer runs the task queued after the reboot");
        p.reboot();
        drainerGate.open(); // the drainer goes idle in the reopened pool
        awaitUntil("the idle drainer expires", () -> p.running() == 0);
        p.releaseTimeout(TIMEOUT);
    }

    /**
     * tune growing a full pool with queued tasks starts workers for them at once: the queue holds
     * tasks only while the capacity is reached. Pass: both queued tasks run while the first
     * worker is still busy.
     */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_STACK_.*")
    void tuneUpStartsWorkersForQueuedTasks(PoolVariant v) throws TimeoutException {
        Gate gate = h.gate();
        CountDownLatch queuedRan = new CountDownLatch(2);
        PoolHandle p = busyWithTwoQueued(v, 4, gate, queuedRan::countDown);

        p.tune(3);
        assertEquals(3, p.running(), "two workers started for the two queued tasks");
        h.await(queuedRan, "the queued tasks, on the new room");
        assertEquals(0, p.queued());
        gate.open();
        p.releaseTimeout(TIMEOUT);
        assertEquals(0, p.running());
    }

    // ---------------------------------------------------------------- unlimited

    /** ants TestInfinitePool / TestInfinitePoolWithFunc, with a nested submit. */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_STACK_.*")
    void unlimitedPoolAndNestedSubmit(PoolVariant v) {
        PoolHandle p = pool(v, -1, options());
        Gate gate = h.gate();
        CountDownLatch innerStarted = new CountDownLatch(1);
        CountDownLatch outerDone = new CountDownLatch(1);
        p.submit(h.task(() -> {
            p.submit(h.task(() -> {
                innerStarted.countDown();
                gate.await();
            }));
            outerDone.countDown();
        }));
        h.await(innerStarted, "the nested task");
        h.await(outerDone, "the outer task");
        assertEquals(2, p.running(), "expect 2 workers running");
        assertEquals(Pool.UNLIMITED, p.free());
        assertEquals(Pool.UNLIMITED, p.cap());
        p.tune(10);
        assertEquals(Pool.UNLIMITED, p.cap(), "tune must be ignored by an unlimited pool");
        gate.open();
    }

    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_RING_.*")
    void preAllocWithUnlimitedCapacityIsRejected(PoolVariant v) {
        for (int cap : new int[] {-1, 0, Integer.MIN_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> v.create(cap, options()),
                    "capacity " + cap);
        }
    }

    // ---------------------------------------------------------------- tune

    /** ants TestPoolTuneScaleUp: growing wakes blocked submitters at once. */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_STACK_.*")
    void tuneUpWakesBlockedSubmitters(PoolVariant v) {
        PoolHandle p = pool(v, 2, options());
        Gate gate = h.gate();
        h.await(fill(p, 2, gate, null), "two tasks");
        assertEquals(2, p.running());

        p.tune(3);
        assertEquals(3, p.cap());
        p.submit(h.task(gate::await));
        assertEquals(3, p.running());

        if (v.nonblocking) {
            assertThrows(PoolOverloadException.class, () -> p.submit(() -> { }));
            p.tune(8);
            for (int i = 0; i < 5; i++) {
                p.submit(h.task(gate::await));
            }
        } else {
            List<Thread> submitters = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                submitters.add(h.start("submitter-" + i, () -> p.submit(h.task(gate::await))));
            }
            awaitUntil("five submitters block", () -> p.waiting() == 5);
            p.tune(8);
            for (Thread t : submitters) {
                h.join(t); // they return while every task is still blocked on the gate
            }
            h.checkFailures();
        }
        assertEquals(8, p.cap());
        assertEquals(8, p.running(), "expect 8 workers running");
        assertEquals(0, p.waiting());
        assertFalse(gate.isOpen());
    }

    /** Shrinking lets surplus busy workers finish their task, then exit; idle surplus at once. */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_STACK_.*")
    void tuneDownRetiresSurplusWorkers(PoolVariant v) {
        PoolHandle p = pool(v, 8, options().disablePurge(true));
        Gate gate = h.gate();
        AtomicInteger done = new AtomicInteger();
        h.await(fill(p, 8, gate, done), "eight tasks");
        p.tune(2);
        assertEquals(2, p.cap());
        assertEquals(8, p.running(), "busy workers are not stopped by tune");
        assertEquals(-6, p.free());

        gate.open();
        awaitUntil("every busy task ends", () -> done.get() == 8);
        awaitUntil("surplus workers exit", () -> p.running() == 2);
        awaitUntil("six worker threads end", () -> p.liveWorkers().size() == 2);

        Gate gate2 = h.gate();
        h.await(fill(p, 2, gate2, null), "two tasks at the new capacity");
        assertEquals(2, p.running());
        if (v.nonblocking) {
            assertThrows(PoolOverloadException.class, () -> p.submit(() -> { }));
        } else {
            Thread s = h.start("submitter", () -> p.submit(() -> { }));
            awaitUntil("a third submitter blocks", () -> p.waiting() == 1);
            gate2.open();
            h.join(s);
        }
        gate2.open();

        // idle surplus is retired at once
        p.tune(8);
        CountDownLatch eight = new CountDownLatch(8);
        Gate gate3 = h.gate();
        for (int i = 0; i < 8; i++) {
            p.submitEventually(h.task(() -> {
                eight.countDown();
                gate3.await();
            }));
        }
        h.await(eight, "eight busy workers");
        gate3.open();
        awaitUntil("all idle", () -> p.running() == 8 && p.liveWorkers().size() == 8);
        p.tune(3);
        awaitUntil("idle surplus retired", () -> p.running() == 3);
        awaitUntil("idle surplus threads end", () -> p.liveWorkers().size() == 3);
    }

    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_RING_.*")
    void tuneIsIgnoredWhenPreAllocated(PoolVariant v) {
        PoolHandle p = pool(v, 4, options());
        p.tune(8);
        assertEquals(4, p.cap());
        p.tune(2);
        assertEquals(4, p.cap());
    }

    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_STACK_.*")
    void tuneIgnoresNonPositiveSizes(PoolVariant v) {
        PoolHandle p = pool(v, 4, options());
        p.tune(0);
        p.tune(-3);
        p.tune(4);
        assertEquals(4, p.cap());
    }

    // ---------------------------------------------------------------- release

    /** Submitters blocked at release get PoolClosedException; busy tasks finish uninterrupted. */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_BLOCKING")
    void releaseWakesBlockedSubmitters(PoolVariant v) {
        PoolHandle p = pool(v, 1, options());
        Gate gate = h.gate();
        AtomicInteger interruptedBusy = new AtomicInteger();
        CountDownLatch busyDone = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        p.submit(h.task(() -> {
            started.countDown();
            gate.await();
            if (Thread.currentThread().isInterrupted()) {
                interruptedBusy.incrementAndGet();
            }
            busyDone.countDown();
        }));
        h.await(started, "the busy task");
        AtomicInteger blockedRan = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> outcomes = new ConcurrentLinkedQueue<>();
        List<Thread> submitters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submitters.add(h.start("blocked-" + i, () -> {
                try {
                    p.submit(blockedRan::incrementAndGet);
                    outcomes.add(new AssertionError("submit returned normally"));
                } catch (PoolClosedException expected) {
                    outcomes.add(expected);
                }
            }));
        }
        awaitUntil("three submitters block", () -> p.waiting() == 3);
        p.release();
        for (Thread t : submitters) {
            h.join(t);
        }
        assertEquals(3, outcomes.size());
        for (Throwable t : outcomes) {
            assertInstanceOf(PoolClosedException.class, t);
        }
        assertEquals(0, p.waiting());
        assertEquals(1, p.running(), "the busy worker is still live");
        gate.open();
        h.await(busyDone, "the busy task");
        awaitUntil("the busy worker exits", () -> p.running() == 0);
        assertEquals(0, interruptedBusy.get(), "release interrupted a busy task");
        assertEquals(0, blockedRan.get(), "a rejected task ran");
    }

    /**
     * ants TestReleaseWhenRunningPool: two submitters loop while the pool is released. Every
     * submit that returned normally had its task run, exactly once.
     */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void releaseWhileSubmittersRun(PoolVariant v) {
        PoolHandle p = pool(v, 1, options());
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger executed = new AtomicInteger();
        List<Thread> submitters = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            submitters.add(h.start("loop-" + s, () -> {
                for (int i = 0; i < 100_000; i++) {
                    try {
                        p.submit(executed::incrementAndGet);
                        accepted.incrementAndGet();
                    } catch (PoolOverloadException e) {
                        Thread.yield();
                    } catch (PoolClosedException e) {
                        return;
                    }
                }
            }));
        }
        awaitUntil("some tasks run", () -> executed.get() >= 30);
        p.release();
        for (Thread t : submitters) {
            h.join(t);
        }
        awaitUntil("the workers exit", () -> p.running() == 0);
        assertEquals(accepted.get(), executed.get(), "accepted tasks lost or repeated");
    }

    /** ants TestReleaseTimeout: waits for busy workers, then no thread is left. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void releaseTimeoutWaitsForBusyWorkers(PoolVariant v) throws TimeoutException {
        PoolHandle p = pool(v, 10, options());
        Gate gate = h.gate();
        AtomicInteger done = new AtomicInteger();
        h.await(fill(p, 5, gate, done), "five tasks");
        assertEquals(5, p.running());
        h.start("opener", () -> {
            awaitUntil("the pool closes", p::isClosed);
            gate.open();
        });
        p.releaseTimeout(TIMEOUT);
        assertEquals(5, done.get(), "releaseTimeout returned before the tasks ended");
        assertEquals(0, p.running());
        assertTrue(p.liveWorkers().isEmpty(), "worker threads alive: " + p.liveWorkers());
        TestSupport.assertNoLiveThreads(p.prefix());
        assertThrows(PoolClosedException.class, () -> p.releaseTimeout(TIMEOUT));
    }

    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void releaseTimeoutTimesOut(PoolVariant v) {
        PoolHandle p = pool(v, 2, options());
        Gate gate = h.gate();
        AtomicInteger done = new AtomicInteger();
        h.await(fill(p, 1, gate, done), "a stuck task");
        assertThrows(TimeoutException.class, () -> p.releaseTimeout(Duration.ofMillis(50)));
        assertTrue(p.isClosed());
        assertEquals(0, done.get());
        assertEquals(1, p.liveWorkers().size(), "the busy worker was stopped");
        gate.open();
        awaitUntil("the task ends", () -> done.get() == 1);
        awaitUntil("the worker exits", () -> p.running() == 0 && p.liveWorkers().isEmpty());
    }
}
