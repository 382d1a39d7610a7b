package dev.ants4j;

import static dev.ants4j.ReliabilitySupport.LONG;
import static dev.ants4j.ReliabilitySupport.await;
import static dev.ants4j.ReliabilitySupport.awaitBlocked;
import static dev.ants4j.ReliabilitySupport.joinAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.helpers.NOPLogger;

/**
 * Fault injection: user code that throws, a panic handler that throws, thread factories that
 * fail in every way a factory can, interrupts from every side, and the nested-submit hazard.
 * Each test states its pass criterion; all of them end with the pool released and (by the
 * {@link ReliabilitySupport.LeakCheck}) no pool thread left alive.
 */
@ReliabilitySupport.Reliability
class FaultInjectionTest {

    private static final long WAIT_SECONDS = LONG.toSeconds();
    /** Tests that compare worker threads keep their workers: no purge between two tasks. */
    private static final PoolOptions KEEP = PoolOptions.builder().disablePurge(true).build();

    // ------------------------------------------------------------------ task faults

    /** What a task throws. */
    enum TaskFault {
        RUNTIME(() -> new IllegalStateException("task fault")),
        ERROR(() -> new AssertionError("task error")),
        CHECKED(() -> new IOException("sneaky checked")),
        STACK_OVERFLOW(() -> new StackOverflowError("deep"));

        final Supplier<Throwable> make;

        TaskFault(Supplier<Throwable> make) {
            this.make = make;
        }
    }

    /**
     * Pass: the panic handler receives the very throwable, on the worker thread; the same worker
     * then runs the next task (the fault did not kill it); running() stays 1.
     */
    @ParameterizedTest
    @EnumSource(TaskFault.class)
    void taskFaultGoesToThePanicHandlerAndTheWorkerGoesOn(TaskFault fault) throws Exception {
        BlockingQueue<Object[]> panics = new ArrayBlockingQueue<>(4);
        Throwable thrown = fault.make.get();
        try (Pool pool = new Pool(1, PoolOptions.builder().disablePurge(true)
                .panicHandler(t -> panics.add(new Object[] {t, Thread.currentThread()}))
                .build())) {
            AtomicReference<Thread> faultyThread = new AtomicReference<>();
            pool.submit(() -> {
                faultyThread.set(Thread.currentThread());
                throw ReliabilitySupport.<RuntimeException>sneakyThrow(thrown);
            });
            Object[] panic = panics.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(panic, "the panic handler was called");
            assertSame(thrown, panic[0]);
            assertSame(faultyThread.get(), panic[1], "handler runs on the worker thread");

            CompletionProbe next = new CompletionProbe();
            pool.submit(next);
            next.awaitRun();
            assertSame(faultyThread.get(), next.thread, "the same worker served the next task");
            assertEquals(1, pool.running());
        }
    }

    /**
     * The panic handler itself throws (an exception, then an error). Pass: the worker survives
     * both (the pool logs them), serves the next task on the same thread, and the pool releases.
     */
    @Test
    void panicHandlerThatThrowsDoesNotKillTheWorker() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        try (Pool pool = new Pool(1, PoolOptions.builder().disablePurge(true).logger(NOPLogger.NOP_LOGGER)
                .panicHandler(t -> {
                    if (handled.incrementAndGet() == 1) {
                        throw new IllegalStateException("handler broke");
                    }
                    throw new OutOfMemoryError("handler broke harder");
                }).build())) {
            CompletionProbe first = new CompletionProbe();
            pool.submit(first);
            first.awaitRun();
            for (int i = 0; i < 2; i++) {
                pool.submit(() -> {
                    throw new IllegalArgumentException("task fault");
                });
            }
            await("both faults handled", () -> handled.get() == 2);
            CompletionProbe last = new CompletionProbe();
            pool.submit(last);
            last.awaitRun();
            assertSame(first.thread, last.thread, "the worker survived both handler faults");
            assertEquals(1, pool.running());
        }
    }

    /**
     * Beyond the panic handler: the pool's own logger throws too (it is user code as well).
     * Pass: the one worker of a capacity-1 pool survives (the factory made exactly one thread
     * and no thread died), the tasks submitted after the fault (some blocked behind it) all run,
     * and the pool releases with exact counts.
     */
    @Test
    void throwingLoggerNeverKillsTheWorker() throws Exception {
        org.slf4j.Logger broken = (org.slf4j.Logger) java.lang.reflect.Proxy.newProxyInstance(
                org.slf4j.Logger.class.getClassLoader(), new Class<?>[] {org.slf4j.Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("error")) {
                        throw new IllegalStateException("logger broke");
                    }
                    Class<?> rt = method.getReturnType();
                    return rt == boolean.class ? Boolean.TRUE : rt == String.class ? "broken" : null;
                });
        BlockingQueue<Throwable> deaths = new ArrayBlockingQueue<>(4);
        AtomicInteger made = new AtomicInteger();
        ThreadFactory recording = r -> {
            made.incrementAndGet();
            Thread t = ReliabilitySupport.poolLikeThread(r, "logger-fault");
            t.setUncaughtExceptionHandler((th, e) -> deaths.add(e));
            return t;
        };
        AtomicInteger ran = new AtomicInteger();
        Pool pool = new Pool(1, PoolOptions.builder().logger(broken).threadFactory(recording)
                .panicHandler(t -> {
                    throw new IllegalStateException("handler broke");
                }).build());
        pool.submit(() -> {
            throw new IllegalArgumentException("task fault");
        });
        for (int i = 0; i < 5; i++) {
            pool.submit(ran::incrementAndGet);
        }
        await("tasks after the fault ran", () -> ran.get() == 5);
        // capacity 1: had the worker died, a second one would have been made for the rest
        assertEquals(1, made.get(), "the one worker survived the logger's exception");
        pool.releaseTimeout(LONG);
        assertTrue(deaths.isEmpty(), "no worker died: " + deaths);
        assertEquals(0, pool.running());
        assertEquals(0, pool.waiting());
    }

    /**
     * Lifecycle calls from user code on the worker thread. Pass: close() and releaseTimeout()
     * called inside a task return (they do not wait for their own thread), release() called
     * inside the panic handler closes the pool, and each pool ends with running() == 0.
     */
    @Test
    void lifecycleCallsFromInsideTasksAndTheHandlerDoNotSelfDeadlock() throws Exception {
        for (int variant = 0; variant < 2; variant++) {
            Pool pool = new Pool(2);
            AtomicReference<Throwable> err = new AtomicReference<>();
            CompletionProbe probe = new CompletionProbe(variant == 0 ? pool::close : () -> {
                try {
                    pool.releaseTimeout(LONG);
                } catch (Throwable t) {
                    err.set(t);
                }
            });
            pool.submit(probe);
            probe.awaitRun();
            await("the closing worker retires", () -> pool.running() == 0);
            assertTrue(pool.isClosed());
            assertEquals(null, err.get());
        }
        AtomicReference<Pool> ref = new AtomicReference<>();
        Pool pool = new Pool(1, PoolOptions.builder()
                .panicHandler(t -> ref.get().release()).build());
        ref.set(pool);
        pool.submit(() -> {
            throw new IllegalStateException("task fault");
        });
        await("closed by the handler", pool::isClosed);
        pool.close();
        assertEquals(0, pool.running());
    }

    // ------------------------------------------------------------------ thread-factory faults

    /** How a thread factory fails. */
    enum FactoryFault {
        RETURNS_NULL, THROWS, NATIVE_THREAD_OOM, RETURNS_STARTED_THREAD, START_THROWS_OOM
    }

    /** A factory that behaves well until told to fail, then fails in one chosen way. */
    static final class FaultyFactory implements ThreadFactory {
        private final AtomicInteger made = new AtomicInteger();
        volatile FactoryFault fault;
        /** When set, a faulty call waits on it first (to hold a spawner inside the factory). */
        volatile CountDownLatch gate;
        final CountDownLatch entered = new CountDownLatch(1);
        final List<Thread> started = new CopyOnWriteArrayList<>();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = ReliabilitySupport.poolLikeThread(r, "factory-" + made.incrementAndGet());
            FactoryFault f = fault;
            if (f == null) {
                return t;
            }
            entered.countDown();
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    assertTrue(g.await(WAIT_SECONDS, TimeUnit.SECONDS), "gate opened");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            switch (f) {
                case RETURNS_NULL:
                    return null;
                case THROWS:
                    throw new IllegalStateException("factory fault");
                case NATIVE_THREAD_OOM:
                    throw new OutOfMemoryError("unable to create native thread");
                case RETURNS_STARTED_THREAD:
                    t.start();
                    started.add(t);
                    return t;
                default: // START_THROWS_OOM
                    return new Thread(r, t.getName()) {
                        @Override
                        public synchronized void start() {
                            throw new OutOfMemoryError("unable to create native thread");
                        }
                    };
            }
        }
    }

    /**
     * Pass: the submit throws a {@link RejectedExecutionException} that is neither "closed" nor
     * "overloaded" and carries the factory's throwable as its cause (if any); the task never
     * runs; running() rolls back to 0; once the factory heals the same pool works; it releases
     * within the timeout.
     */
    @ParameterizedTest
    @EnumSource(FactoryFault.class)
    void threadFactoryFaultFailsTheSubmitCleanly(FactoryFault fault) throws Exception {
        FaultyFactory factory = new FaultyFactory();
        factory.fault = fault;
        Pool pool = new Pool(2, PoolOptions.builder().threadFactory(factory).build());
        AtomicBoolean ran = new AtomicBoolean();
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> pool.submit(() -> ran.set(true)));
        assertFalse(ReliabilitySupport.isDocumentedRejection(e), "not closed/overload: " + e);
        if (fault == FactoryFault.THROWS || fault == FactoryFault.NATIVE_THREAD_OOM
                || fault == FactoryFault.START_THROWS_OOM) {
            assertNotNull(e.getCause(), "the factory's failure is the cause");
        }
        assertEquals(0, pool.running(), "the reserved slot was rolled back");
        assertEquals(0, pool.waiting());
        joinAll(factory.started); // a thread the factory started itself must end at once
        assertFalse(ran.get(), "a task whose worker could not start never runs");

        factory.fault = null;
        CompletionProbe healed = new CompletionProbe();
        pool.submit(healed);
        healed.awaitRun();
        assertEquals(1, pool.running());
        pool.releaseTimeout(LONG);
        assertEquals(0, pool.running());
    }

    /**
     * A submitter blocked on a full pool while another submitter's worker fails to start must
     * not be stranded: the failed spawn frees its reserved slot and wakes the waiter, which then
     * starts a worker of its own. Pass: the waiter's task runs while the pool's only other
     * worker is still busy (so nothing but the rollback could have served it).
     */
    @Test
    void blockedSubmitterIsNotStrandedWhenASpawnFails() throws Exception {
        FaultyFactory factory = new FaultyFactory();
        Pool pool = new Pool(2, PoolOptions.builder().threadFactory(factory).build());
        ReliabilitySupport.Failures failures = new ReliabilitySupport.Failures();
        CountDownLatch busyRelease = new CountDownLatch(1);
        pool.submit(() -> awaitQuietly(busyRelease)); // worker 1: busy all along

        factory.gate = new CountDownLatch(1);
        factory.fault = FactoryFault.NATIVE_THREAD_OOM;
        AtomicBoolean failedRan = new AtomicBoolean();
        Thread failing = failures.start("failing-spawn", () -> {
            RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                    () -> pool.submit(() -> failedRan.set(true)));
            assertInstanceOf(OutOfMemoryError.class, e.getCause());
        });
        assertTrue(factory.entered.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(2, pool.running(), "the failing spawner holds the second slot");

        CompletionProbe waiterTask = new CompletionProbe();
        Thread waiter = failures.start("waiter", () -> pool.submit(waiterTask));
        await("the second submitter blocks", () -> pool.waiting() == 1);
        factory.fault = null; // the next spawn succeeds
        factory.gate.countDown();
        waiterTask.awaitRun();
        assertEquals(1, busyRelease.getCount(), "served while worker 1 was still busy");
        joinAll(List.of(failing, waiter));
        failures.rethrow();
        assertFalse(failedRan.get());
        assertEquals(0, pool.waiting());

        busyRelease.countDown();
        pool.releaseTimeout(LONG);
        assertEquals(0, pool.running());
    }

    /**
     * A submit queues its task while the pool's only counted worker is a spawn still inside the
     * thread factory; that spawn then fails. The queued task counted on it, so the failed
     * spawn must start a worker for the queue. Pass: the queued task runs, running() is exact.
     */
    @Test
    void queuedTaskRunsWhenTheSpawnItCountedOnFails() throws Exception {
        FaultyFactory factory = new FaultyFactory();
        QueuedBehindAFailingSpawn s = new QueuedBehindAFailingSpawn(
                factory, FactoryFault.THROWS, PoolOptions.builder());
        factory.fault = null; // the drainer's spawn succeeds
        factory.gate.countDown();
        s.queued.awaitRun();
        joinAll(List.of(s.failing));
        s.failures.rethrow();
        assertEquals(0, s.pool.queued());
        s.pool.releaseTimeout(LONG);
        assertEquals(0, s.pool.running());
    }

    /**
     * A pool of capacity 1 with a queue of 1, whose only slot is held by a submit stuck in
     * {@code factory} (which then fails with {@code fault} once its gate opens), and a task
     * queued behind it: accepted, since no worker is idle, the capacity is reached and the
     * queue has room.
     */
    private static final class QueuedBehindAFailingSpawn {
        final ReliabilitySupport.Failures failures = new ReliabilitySupport.Failures();
        final CompletionProbe queued = new CompletionProbe();
        final Pool pool;
        final Thread failing;

        QueuedBehindAFailingSpawn(FaultyFactory factory, FactoryFault fault,
                PoolOptions.Builder options) throws InterruptedException {
            factory.gate = new CountDownLatch(1);
            factory.fault = fault;
            pool = new Pool(1, options.queueCapacity(1).threadFactory(factory).build());
            failing = failures.start("failing-spawn", () ->
                    assertThrows(RejectedExecutionException.class, () -> pool.submit(() -> { })));
            assertTrue(factory.entered.await(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(1, pool.running(), "the failing spawner holds the only slot");
            pool.submit(queued);
            assertEquals(1, pool.queued());
        }
    }

    /**
     * As above, but the factory keeps failing, so the drainer cannot start either, nor the one
     * a release then tries. Pass: the queued task is neither lost nor silently stranded: the
     * pool logs an error, keeps it queued with running() == 0, and close() (on the already
     * released pool, once threads can be made again) runs it before it returns.
     */
    @Test
    void queuedTaskOutlastsAFailingFactoryAndRunsOnClose() throws Exception {
        FaultyFactory factory = new FaultyFactory();
        ListAppender<ILoggingEvent> log = TestSupport.quietLog("stranded-queue");
        QueuedBehindAFailingSpawn s = new QueuedBehindAFailingSpawn(factory,
                FactoryFault.NATIVE_THREAD_OOM, PoolOptions.builder()
                        .logger(TestSupport.quietLogger("stranded-queue")));
        Pool pool = s.pool;
        CompletionProbe queued = s.queued;
        factory.gate.countDown(); // the spawn fails, and so does the drainer it starts
        joinAll(List.of(s.failing));
        s.failures.rethrow();
        assertEquals(0, pool.running());
        assertEquals(1, pool.queued(), "the accepted task is still queued");
        assertEquals(1, queued.done.getCount(), "and has not run");
        assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.ERROR
                        && e.getFormattedMessage().contains("queued tasks")),
                "the stranded queue was logged: " + log.list);

        pool.release(); // its drainer fails too
        assertEquals(1, pool.queued());
        assertEquals(1, queued.done.getCount());
        factory.fault = null;
        pool.close(); // starts a drainer for the queue and waits for it
        assertEquals(0, queued.done.getCount(), "close ran the queued task");
        assertEquals(0, pool.running());
        assertEquals(0, pool.queued());
    }

    /**
     * tune grows a full pool with two queued tasks, so it starts two drainers; the first one's
     * thread throws an Error (not a RejectedExecutionException) out of the pool's own checks.
     * Pass: tune rethrows the Error, the second drainer still starts and runs both tasks, and
     * no reservation is left behind: the pool terminates with running() == 0.
     */
    @Test
    void anErrorStartingOneDrainerLeaksNoOtherReservation() throws Exception {
        AtomicInteger made = new AtomicInteger();
        ThreadFactory factory = r -> {
            if (made.incrementAndGet() == 2) { // the first drainer
                return new Thread(r, "broken") {
                    @Override
                    public State getState() {
                        throw new OutOfMemoryError("injected");
                    }
                };
            }
            return ReliabilitySupport.poolLikeThread(r, "factory-" + made.get());
        };
        Pool pool = new Pool(1, PoolOptions.builder().queueCapacity(4).threadFactory(factory)
                .logger(NOPLogger.NOP_LOGGER).build());
        CountDownLatch busy = new CountDownLatch(1);
        pool.submit(() -> awaitQuietly(busy));
        CompletionProbe first = new CompletionProbe();
        CompletionProbe second = new CompletionProbe();
        pool.submit(first);
        pool.submit(second);
        assertEquals(2, pool.queued());
        assertThrows(OutOfMemoryError.class, () -> pool.tune(3));
        first.awaitRun();
        second.awaitRun();
        assertEquals(3, made.get(), "the second drainer was still started");
        assertEquals(2, pool.running(), "the busy worker and the drainer; no leaked slot");
        busy.countDown();
        pool.releaseTimeout(LONG);
        assertEquals(0, pool.running());
    }

    /**
     * releaseTimeout while a submit's worker thread is still being made. Pass: it throws
     * TimeoutException (the worker is counted and will run an accepted task), not a silent
     * success; the task then runs and close() waits for it.
     */
    @Test
    void releaseTimeoutCountsAWorkerStillBeingMade() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        ThreadFactory slow = r -> {
            entered.countDown();
            awaitQuietly(gate);
            return ReliabilitySupport.poolLikeThread(r, "slow-factory");
        };
        Pool pool = new Pool(1, PoolOptions.builder().threadFactory(slow).build());
        ReliabilitySupport.Failures failures = new ReliabilitySupport.Failures();
        CompletionProbe task = new CompletionProbe();
        Thread submitter = failures.start("submitter", () -> pool.submit(task));
        assertTrue(entered.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, pool.running());
        try {
            assertThrows(TimeoutException.class,
                    () -> pool.releaseTimeout(java.time.Duration.ofMillis(50)));
        } finally {
            gate.countDown();
        }
        joinAll(List.of(submitter));
        failures.rethrow();
        task.awaitRun(); // accepted before the release: it runs
        pool.close();
        assertEquals(0, pool.running());
    }

    /**
     * release() while a spawner is stuck inside the thread factory. Pass: release returns without
     * waiting for the factory; the spawn then fails cleanly; releaseTimeout-style termination
     * (close) completes with running() == 0.
     */
    @Test
    void releaseDoesNotWaitForAStuckFactory() throws Exception {
        FaultyFactory factory = new FaultyFactory();
        factory.gate = new CountDownLatch(1);
        factory.fault = FactoryFault.THROWS;
        Pool pool = new Pool(2, PoolOptions.builder().threadFactory(factory).build());
        ReliabilitySupport.Failures failures = new ReliabilitySupport.Failures();
        Thread spawner = failures.start("spawner", () ->
                assertThrows(RejectedExecutionException.class, () -> pool.submit(() -> { })));
        assertTrue(factory.entered.await(WAIT_SECONDS, TimeUnit.SECONDS));
        pool.release();
        assertTrue(pool.isClosed());
        factory.gate.countDown();
        joinAll(List.of(spawner));
        failures.rethrow();
        pool.close();
        assertEquals(0, pool.running());
        assertThrows(PoolClosedException.class, () -> pool.submit(() -> { }));
    }

    // ------------------------------------------------------------------ interrupts

    /**
     * Pass: an interrupted blocked submitter gets a plain RejectedExecutionException, keeps its
     * interrupt status, its task never runs, and waiting() drops back to 0.
     */
    @Test
    void interruptedBlockedSubmitterGivesUp() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        AtomicBoolean ran = new AtomicBoolean();
        ReliabilitySupport.Failures failures = new ReliabilitySupport.Failures();
        try (Pool pool = new Pool(1)) {
            pool.submit(() -> awaitQuietly(busy));
            Thread submitter = failures.start("blocked", () -> {
                RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                        () -> pool.submit(() -> ran.set(true)));
                assertSame(RejectedExecutionException.class, e.getClass());
                assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept");
            });
            await("submitter blocks", () -> pool.waiting() == 1);
            submitter.interrupt();
            joinAll(List.of(submitter));
            failures.rethrow();
            assertEquals(0, pool.waiting());
            busy.countDown();
        }
        assertFalse(ran.get(), "the abandoned task never ran");
    }

    /**
     * tune(2) tells the first of two blocked submitters to retry for the one free place just as
     * that submitter is interrupted; it gives up. Pass: the place is passed on, so the second
     * submitter gets through while the first task is still busy (before the fix it stayed
     * blocked; had the free place come from the last worker retiring, for good). The order is
     * forced by holding the pool's lock while both the tuner and the interrupted submitter
     * queue on it, tuner first.
     */
    @Test
    void interruptedSubmitterWokenToRetryPassesThePlaceOn() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        AtomicBoolean busyEnded = new AtomicBoolean();
        ReliabilitySupport.Failures failures = new ReliabilitySupport.Failures();
        Pool pool = new Pool(1, KEEP);
        pool.submit(() -> {
            try {
                busy.await(10 * WAIT_SECONDS, TimeUnit.SECONDS); // outlasts awaitRun below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                busyEnded.set(true);
            }
        });
        Thread first = failures.start("first", () -> assertThrows(
                RejectedExecutionException.class, () -> pool.submit(() -> { })));
        await("the first submitter blocks", () -> pool.waiting() == 1);
        CompletionProbe secondTask = new CompletionProbe();
        Thread second = failures.start("second", () -> pool.submit(secondTask));
        await("the second submitter blocks", () -> pool.waiting() == 2);

        java.util.concurrent.locks.ReentrantLock lock = lockOf(pool.core());
        Thread tuner;
        lock.lock();
        try {
            tuner = failures.start("tuner", () -> pool.tune(2));
            await("the tuner waits for the lock", () -> lock.hasQueuedThread(tuner));
            first.interrupt();
            await("the interrupted submitter waits for the lock",
                    () -> lock.hasQueuedThread(first));
        } finally {
            lock.unlock();
        }
        secondTask.awaitRun();
        assertFalse(busyEnded.get(), "served while the first task was still busy");
        joinAll(List.of(first, second, tuner));
        failures.rethrow();
        assertEquals(0, pool.waiting());
        busy.countDown();
        pool.releaseTimeout(LONG);
        assertEquals(0, pool.running());
    }

    /**
     * A blocked submitter that tune lets retry, and that then gets through. Pass: the wait node
     * its thread keeps for the next blocking submit no longer holds the task, so a finished
     * task (and whatever it captured) is not kept reachable by the submitting thread.
     */
    @Test
    void retriedSubmitterLeavesNoTaskInItsWaitNode() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        ReliabilitySupport.Failures failures = new ReliabilitySupport.Failures();
        Pool pool = new Pool(1, KEEP);
        pool.submit(() -> awaitQuietly(busy));
        CompletionProbe task = new CompletionProbe();
        AtomicReference<Object> leftInNode = new AtomicReference<>("unset");
        Thread submitter = failures.start("retried", () -> {
            pool.submit(task);
            leftInNode.set(cachedWaitNode().item);
        });
        await("the submitter blocks", () -> pool.waiting() == 1);
        pool.tune(2);
        joinAll(List.of(submitter));
        failures.rethrow();
        task.awaitRun();
        assertEquals(null, leftInNode.get(), "the wait node still holds the task");
        busy.countDown();
        pool.releaseTimeout(LONG);
    }

    private static java.util.concurrent.locks.ReentrantLock lockOf(PoolCore core)
            throws ReflectiveOperationException {
        java.lang.reflect.Field f = PoolCore.class.getDeclaredField("lock");
        f.setAccessible(true);
        return (java.util.concurrent.locks.ReentrantLock) f.get(core);
    }

    @SuppressWarnings("unchecked")
    private static Waiter cachedWaitNode() {
        try {
            java.lang.reflect.Field f = Waiter.class.getDeclaredField("CACHE");
            f.setAccessible(true);
            return ((ThreadLocal<Waiter>) f.get(null)).get();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * An idle worker interrupted from outside. Pass: it stays alive and idle, and its next task
     * starts with a clear interrupt status on the same thread.
     */
    @Test
    void idleWorkerInterruptedFromOutsideServesTheNextTaskCleanly() throws Exception {
        try (Pool pool = new Pool(1, KEEP)) {
            CompletionProbe first = new CompletionProbe();
            pool.submit(first);
            first.awaitRun();
            await("worker idle", () -> pool.core().idleCount() == 1);
            awaitBlocked(first.thread);
            first.thread.interrupt();
            awaitBlocked(first.thread); // parked again, not spinning on the interrupt
            CompletionProbe next = new CompletionProbe();
            pool.submit(next);
            next.awaitRun();
            assertSame(first.thread, next.thread);
            assertFalse(next.interrupted, "interrupt status cleared before the next task");
            assertEquals(1, pool.running());
        }
    }

    /** Pass: a task that leaves its interrupt flag set does not leak it into the next task. */
    @Test
    void taskLeavingItsInterruptFlagSetDoesNotLeakIt() throws Exception {
        try (Pool pool = new Pool(1, KEEP)) {
            CompletionProbe first = new CompletionProbe(() -> Thread.currentThread().interrupt());
            pool.submit(first);
            first.awaitRun();
            CompletionProbe next = new CompletionProbe();
            pool.submit(next);
            next.awaitRun();
            assertSame(first.thread, next.thread);
            assertFalse(next.interrupted, "the next task starts uninterrupted");
        }
    }

    /**
     * A task leaves its interrupt flag set and the worker then exits (the pool was released
     * meanwhile). Pass: the worker's thread leaves the pool's loop uninterrupted, so code that a
     * thread factory runs after the worker (a wrapper's finally) does not see the task's status.
     */
    @Test
    void workerLeavesItsLoopUninterruptedAfterATaskLeftTheFlagSet() throws Exception {
        AtomicReference<Boolean> afterLoop = new AtomicReference<>();
        CountDownLatch exited = new CountDownLatch(1);
        ThreadFactory wrapping = r -> ReliabilitySupport.poolLikeThread(() -> {
            try {
                r.run();
            } finally {
                afterLoop.set(Thread.currentThread().isInterrupted());
                exited.countDown();
            }
        }, "wrapped");
        Pool pool = new Pool(1, PoolOptions.builder().threadFactory(wrapping).build());
        CountDownLatch inTask = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        pool.submit(() -> {
            inTask.countDown();
            awaitQuietly(finish);
            Thread.currentThread().interrupt(); // and ends with the flag set
        });
        assertTrue(inTask.await(WAIT_SECONDS, TimeUnit.SECONDS));
        pool.release(); // the busy worker stops after its task
        finish.countDown();
        assertTrue(exited.await(WAIT_SECONDS, TimeUnit.SECONDS), "the worker exited");
        assertFalse(afterLoop.get(), "the task's interrupt flag outlived the worker's loop");
        pool.close();
    }

    // ------------------------------------------------------------------ nested submit

    /*
     * Nested submit, the deadlock hazard: a task that submits to its own pool and waits for that
     * submit occupies a worker while it blocks. With every worker doing this (here: capacity 1)
     * no worker is ever free to serve the inner submit, so the pool deadlocks: the outer task
     * waits for the inner submit, which waits for a worker, which is the outer task. Nothing
     * inside the pool can break this cycle; release() does (the inner submit then throws
     * PoolClosedException). The escape hatches are a nonblocking pool (the inner submit fails
     * fast with PoolOverloadException and the task can run the work inline) or an unlimited
     * pool (the inner submit always gets a new worker), or submitting nested work to a
     * different pool.
     */

    /** Pass: the inner submit really blocks (waiting() == 1) and release() unblocks it. */
    @Test
    void nestedSubmitOnAFullPoolBlocksUntilRelease() throws Exception {
        AtomicReference<Throwable> inner = new AtomicReference<>();
        AtomicBoolean innerRan = new AtomicBoolean();
        CountDownLatch outerDone = new CountDownLatch(1);
        Pool pool = new Pool(1);
        pool.submit(() -> {
            try {
                pool.submit(() -> innerRan.set(true));
            } catch (Throwable t) {
                inner.set(t);
            }
            outerDone.countDown();
        });
        await("the nested submit blocks on its own pool", () -> pool.waiting() == 1);
        assertEquals(1, outerDone.getCount(), "the outer task is stuck: the hazard is real");
        pool.release();
        assertTrue(outerDone.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(PoolClosedException.class, inner.get());
        pool.close();
        assertFalse(innerRan.get());
    }

    /** Pass: in a nonblocking pool the inner submit fails fast and the task runs it inline. */
    @Test
    void nestedSubmitEscapeHatchNonblocking() throws Exception {
        AtomicReference<Thread> innerThread = new AtomicReference<>();
        AtomicReference<Throwable> overload = new AtomicReference<>();
        CompletionProbe outer = new CompletionProbe();
        try (Pool pool = new Pool(1, PoolOptions.builder().nonblocking(true).build())) {
            Runnable innerTask = () -> innerThread.set(Thread.currentThread());
            pool.submit(() -> {
                try {
                    pool.submit(innerTask);
                } catch (PoolOverloadException e) {
                    overload.set(e);
                    innerTask.run(); // run the nested work inline instead
                }
                outer.run();
            });
            outer.awaitRun();
        }
        assertInstanceOf(PoolOverloadException.class, overload.get());
        assertSame(outer.thread, innerThread.get(), "the nested work ran inline");
    }

    /** Pass: in an unlimited pool nested submits 8 deep each get a worker and all complete. */
    @Test
    void nestedSubmitEscapeHatchUnlimited() throws Exception {
        int depth = 8;
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (Pool pool = new Pool(0)) {
            pool.submit(new Runnable() {
                private int level;

                @Override
                public void run() {
                    ran.incrementAndGet();
                    if (++level == depth) {
                        done.countDown();
                        return;
                    }
                    CountDownLatch child = new CountDownLatch(1);
                    Runnable self = this;
                    pool.submit(() -> {
                        self.run();
                        child.countDown();
                    });
                    awaitQuietly(child); // the parent blocks on its child, holding a worker
                }
            });
            assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS), "nested chain completed");
        }
        assertEquals(depth, ran.get());
    }

    // ------------------------------------------------------------------ helpers

    static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A task that records the thread that ran it and its interrupt status at start. */
    static final class CompletionProbe implements Runnable {
        private final Runnable body;
        private final CountDownLatch done = new CountDownLatch(1);
        volatile Thread thread;
        volatile boolean interrupted;

        CompletionProbe() {
            this(() -> { });
        }

        CompletionProbe(Runnable body) {
            this.body = body;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            interrupted = thread.isInterrupted();
            try {
                body.run();
            } finally {
                done.countDown();
            }
        }

        void awaitRun() throws InterruptedException {
            assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS), "task ran in time");
        }
    }
}
