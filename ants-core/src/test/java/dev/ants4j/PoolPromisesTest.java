package dev.ants4j;

import static dev.ants4j.TestSupport.TIMEOUT;
import static dev.ants4j.TestSupport.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ants4j.TestSupport.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The promises the Java port makes beyond ants' own tests (see {@code API.md}): no task lost or
 * repeated under racing submitters, the capacity bound, interrupt handling, thread hygiene,
 * failing thread factories, {@code Executor} use, the opt-in task queue and {@code close()}.
 * Every test runs against every applicable {@link PoolVariant}.
 */
@Timeout(60)
class PoolPromisesTest extends HarnessTest {

    private PoolOptions.Builder options() {
        return PoolOptions.builder().panicHandler(h::record);
    }

    private PoolHandle pool(PoolVariant v, int capacity, PoolOptions.Builder options) {
        return h.track(v.create(capacity, options));
    }

    // ---------------------------------------------------------------- racing submitters

    /**
     * Eight submitters race on a small pool: every task runs exactly once, no more than
     * {@code cap()} tasks run at once, and {@code running()} is never seen above {@code cap()}.
     */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void noTaskLostWithEightRacingSubmitters(PoolVariant v) {
        int cap = 4;
        int submitters = 8;
        int perSubmitter = 2_000;
        PoolHandle p = pool(v, cap, options());
        AtomicIntegerArray runs = new AtomicIntegerArray(submitters * perSubmitter);
        CountDownLatch done = new CountDownLatch(submitters * perSubmitter);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger maxRunningSeen = new AtomicInteger();
        Thread monitor = h.start("monitor", () -> {
            while (!stop.get()) {
                maxRunningSeen.accumulateAndGet(p.running(), Math::max);
                Thread.onSpinWait();
            }
        });
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < submitters; s++) {
            int base = s * perSubmitter;
            threads.add(h.start("submitter-" + s, () -> {
                h.await(go, "the start signal");
                for (int i = 0; i < perSubmitter; i++) {
                    int idx = base + i;
                    p.submitEventually(() -> {
                        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                        runs.incrementAndGet(idx);
                        active.decrementAndGet();
                        done.countDown();
                    });
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            h.join(t);
        }
        h.await(done, "every task");
        stop.set(true);
        h.join(monitor);
        h.checkFailures();
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "task " + i + " ran " + runs.get(i) + " times");
        }
        assertTrue(maxActive.get() <= cap, "tasks at once: " + maxActive.get());
        assertTrue(maxRunningSeen.get() <= cap, "running() seen at " + maxRunningSeen.get());
        assertEquals(0, p.waiting());
    }

    // ---------------------------------------------------------------- interrupts

    /** A blocked submitter that is interrupted gets a plain REE, keeps its interrupt status. */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_BLOCKING")
    void interruptedBlockedSubmitterGivesUp(PoolVariant v) throws TimeoutException {
        PoolHandle p = pool(v, 1, options());
        Gate gate = h.gate();
        CountDownLatch started = new CountDownLatch(1);
        p.submit(h.task(() -> {
            started.countDown();
            gate.await();
        }));
        h.await(started, "the busy task");
        AtomicBoolean cancelledRan = new AtomicBoolean();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread submitter = h.start("submitter", () -> {
            try {
                p.submit(() -> cancelledRan.set(true));
            } catch (RejectedExecutionException e) {
                thrown.set(e);
                interruptKept.set(Thread.currentThread().isInterrupted());
            }
        });
        awaitUntil("the submitter blocks", () -> p.waiting() == 1);
        submitter.interrupt();
        h.join(submitter);

        Throwable e = thrown.get();
        assertNotNull(e, "the interrupted submit did not throw");
        assertFalse(e instanceof PoolClosedException || e instanceof PoolOverloadException,
                "wrong rejection: " + e);
        assertTrue(interruptKept.get(), "the interrupt status was cleared");
        assertEquals(0, p.waiting());

        gate.open();
        CountDownLatch barrier = new CountDownLatch(1);
        p.submit(barrier::countDown);
        h.await(barrier, "a task after the interrupt");
        p.releaseTimeout(TIMEOUT);
        assertFalse(cancelledRan.get(), "the task of an interrupted submitter ran");
    }

    /**
     * In a pool of more than {@link PoolCore#SPIN_MAX_WORKERS} workers, blocked submitters take
     * the path that parks without spinning: they end parked, and each is still served when a
     * worker frees up.
     */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_BLOCKING")
    void blockedSubmittersOfALargePoolParkAndAreServed(PoolVariant v) {
        int cap = PoolCore.SPIN_MAX_WORKERS + 1;
        PoolHandle p = pool(v, cap, options());
        Gate gate = h.occupy(p, cap);
        int submitters = 3;
        CountDownLatch ran = new CountDownLatch(submitters);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < submitters; i++) {
            threads.add(h.start("submitter-" + i, () -> p.submit(ran::countDown)));
        }
        awaitUntil("the submitters block", () -> p.waiting() == submitters);
        awaitUntil("the blocked submitters park", () -> threads.stream()
                .allMatch(t -> t.getState() == Thread.State.WAITING));
        assertEquals(cap, p.running());
        gate.open();
        h.await(ran, "the blocked submitters' tasks");
        for (Thread t : threads) {
            h.join(t);
        }
        assertEquals(0, p.waiting());
        assertTrue(p.running() <= cap, "running " + p.running() + " > capacity " + cap);
    }

    /** A submitter already interrupted when it would block gives up the same way. */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_BLOCKING")
    void preInterruptedSubmitterDoesNotBlock(PoolVariant v) {
        PoolHandle p = pool(v, 1, options());
        Gate gate = h.gate();
        CountDownLatch started = new CountDownLatch(1);
        p.submit(h.task(() -> {
            started.countDown();
            gate.await();
        }));
        h.await(started, "the busy task");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread submitter = h.start("submitter", () -> {
            Thread.currentThread().interrupt();
            try {
                p.submit(() -> { });
            } catch (RejectedExecutionException e) {
                thrown.set(e);
                interruptKept.set(Thread.currentThread().isInterrupted());
            }
        });
        h.join(submitter);
        assertNotNull(thrown.get());
        assertTrue(interruptKept.get());
        assertEquals(0, p.waiting());
    }

    /** With a worker free, an interrupted submitter's task is accepted; the status stays set. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void interruptedSubmitterWithRoomSubmits(PoolVariant v) {
        PoolHandle p = pool(v, 2, options());
        CountDownLatch ran = new CountDownLatch(1);
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        h.join(h.start("submitter", () -> {
            Thread.currentThread().interrupt();
            p.submit(ran::countDown);
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        }));
        h.checkFailures();
        h.await(ran, "the task");
        assertTrue(stillInterrupted.get(), "submit swallowed the caller's interrupt status");
    }

    /** A task's interrupt status never leaks into the next task on the same worker. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void interruptStatusIsClearedBetweenTasks(PoolVariant v) {
        PoolHandle p = pool(v, 1, PoolOptions.builder().panicHandler(t -> { }));
        List<Boolean> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(3);
        p.submit(() -> {
            Thread.currentThread().interrupt();
            done.countDown();
        });
        p.submitEventually(() -> {
            seen.add(Thread.currentThread().isInterrupted());
            Thread.currentThread().interrupt();
            done.countDown();
            throw new IllegalStateException("interrupted and failing");
        });
        p.submitEventually(() -> {
            seen.add(Thread.currentThread().isInterrupted());
            done.countDown();
        });
        h.await(done, "three tasks");
        assertEquals(List.of(false, false), seen);
        assertEquals(1, p.workers.size(), "the three tasks should share one worker");
    }

    // ---------------------------------------------------------------- thread hygiene

    /** After releaseTimeout returns, no worker and no sweeper thread of the pool is alive. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void noThreadLeftAfterReleaseTimeout(PoolVariant v) throws TimeoutException {
        PoolHandle p = pool(v, 8, options().expiryDuration(Duration.ofMillis(50)));
        // the short expiry keeps the sweeper busy; it must be joined too
        for (int round = 0; round < 3; round++) {
            h.occupy(p, 8).open();
            CountDownLatch more = new CountDownLatch(50);
            for (int i = 0; i < 50; i++) {
                p.submitEventually(more::countDown);
            }
            h.await(more, "more tasks");
            String prefix = p.prefix();
            assertNotNull(prefix, "default worker names expected");
            // one worker still busy when releaseTimeout starts: it must be waited for
            Gate last = h.gate();
            CountDownLatch lastStarted = new CountDownLatch(1);
            p.submitEventually(h.task(() -> {
                lastStarted.countDown();
                last.await();
            }));
            h.await(lastStarted, "the last task");
            h.start("opener-" + round, () -> {
                awaitUntil("the pool closes", p::isClosed);
                last.open();
            });

            p.releaseTimeout(TIMEOUT);
            TestSupport.assertNoLiveThreads(prefix);
            assertTrue(p.liveWorkers().isEmpty());
            assertEquals(0, p.running());
            p.reboot();
        }
    }

    // ---------------------------------------------------------------- thread factories

    enum FactoryFailure {
        RETURNS_NULL, THROWS, RETURNS_STARTED_THREAD, START_THROWS
    }

    static Stream<Arguments> variantsAndFailures() {
        return PoolVariant.all().flatMap(v -> Stream.of(FactoryFailure.values())
                .map(f -> Arguments.of(v, f)));
    }

    /**
     * A factory that fails once: the submit gets a RejectedExecutionException (with the cause
     * when the factory or {@code Thread.start} threw), the reserved slot is given back, and the
     * pool stays usable.
     */
    @ParameterizedTest
    @MethodSource("variantsAndFailures")
    void failingThreadFactoryIsRejectedAndRolledBack(PoolVariant v, FactoryFailure failure)
            throws InterruptedException {
        AtomicBoolean failNext = new AtomicBoolean(true);
        RuntimeException boom = new IllegalStateException("factory fails");
        List<Thread> rogue = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger made = new AtomicInteger();
        ThreadFactory factory = r -> {
            if (!failNext.getAndSet(false)) {
                return new Thread(r, "custom-" + made.incrementAndGet());
            }
            switch (failure) {
                case RETURNS_NULL:
                    return null;
                case THROWS:
                    throw boom;
                case START_THROWS:
                    return new Thread(r, "unstartable") {
                        @Override
                        public void start() {
                            throw boom; // as an OutOfMemoryError from a full process would
                        }
                    };
                default:
                    Thread t = new Thread(r, "rogue");
                    rogue.add(t);
                    t.start();
                    return t;
            }
        };
        PoolHandle p = pool(v, 2, options().threadFactory(factory));
        AtomicBoolean ran = new AtomicBoolean();
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> p.submit(() -> ran.set(true)));
        assertFalse(e instanceof PoolClosedException || e instanceof PoolOverloadException,
                "wrong rejection: " + e);
        assertNotNull(e.getMessage());
        if (failure == FactoryFailure.THROWS || failure == FactoryFailure.START_THROWS) {
            assertSame(boom, e.getCause(), "the factory's exception should be the cause");
        }
        assertEquals(0, p.running(), "the reserved worker slot was not given back");
        assertEquals(2, p.free());
        for (Thread t : rogue) {
            t.join(TIMEOUT.toMillis());
            assertFalse(t.isAlive());
        }
        assertFalse(ran.get(), "the rejected task ran");

        // still usable, at full capacity
        Gate gate = h.occupy(p, 2);
        assertEquals(2, p.running());
        assertEquals(2, made.get());
        assertTrue(p.workers.stream().allMatch(t -> t.getName().startsWith("custom-")));
        gate.open();
        assertFalse(ran.get());
    }

    /**
     * A blocked submitter woken by {@code tune} must start a worker itself; if the factory fails
     * then, that submitter gets the rejection and the counters stay exact.
     */
    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = ".*_STACK_BLOCKING")
    void failingThreadFactoryAfterTuneRejectsTheWokenSubmitter(PoolVariant v) {
        AtomicBoolean fail = new AtomicBoolean();
        ThreadFactory factory = r -> fail.get() ? null : new Thread(r, "custom");
        PoolHandle p = pool(v, 1, options().threadFactory(factory).disablePurge(true));
        Gate gate = h.gate();
        CountDownLatch started = new CountDownLatch(1);
        p.submit(h.task(() -> {
            started.countDown();
            gate.await();
        }));
        h.await(started, "the busy task");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicBoolean ran = new AtomicBoolean();
        Thread s = h.start("blocked", () -> {
            try {
                p.submit(() -> ran.set(true));
            } catch (RejectedExecutionException e) {
                outcome.set(e);
            }
        });
        awaitUntil("the submitter blocks", () -> p.waiting() == 1);
        fail.set(true);
        p.tune(2);
        h.join(s);
        assertNotNull(outcome.get(), "the woken submitter was not told its spawn failed");
        assertFalse(outcome.get() instanceof PoolClosedException);
        assertEquals(1, p.running(), "the failed spawn was not rolled back");
        assertEquals(0, p.waiting());
        fail.set(false);
        CountDownLatch after = new CountDownLatch(1);
        p.submit(after::countDown);
        h.await(after, "a task after the failure");
        assertEquals(2, p.running());
        gate.open();
        assertFalse(ran.get());
    }

    // ---------------------------------------------------------------- Executor

    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = "POOL_.*")
    void executorForCompletableFuture(PoolVariant v) throws Exception {
        Pool pool = new Pool(4, options().preAlloc(v.preAlloc).nonblocking(v.nonblocking).build());
        h.track(PoolHandle.of(v, pool));
        CompletableFuture<String> f = CompletableFuture
                .supplyAsync(() -> Thread.currentThread().getName(), pool)
                .thenApplyAsync(name -> name + "|" + Thread.currentThread().getName(), pool);
        String[] names = f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).split("\\|");
        for (String name : names) {
            assertNotNull(TestSupport.poolPrefixOf(name), "ran off the pool: " + name);
        }

        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Object> failed = CompletableFuture.supplyAsync(() -> {
            throw boom;
        }, pool);
        ExecutionException ee = assertThrows(ExecutionException.class,
                () -> failed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertSame(boom, ee.getCause());

        List<CompletableFuture<Integer>> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int j = i;
            many.add(supplyEventually(pool, () -> j * 2));
        }
        int sum = 0;
        for (CompletableFuture<Integer> c : many) {
            sum += c.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertEquals(2 * (199 * 200 / 2), sum);

        pool.release();
        assertThrows(PoolClosedException.class,
                () -> CompletableFuture.runAsync(() -> { }, pool));
    }

    /** supplyAsync, retried while a nonblocking pool rejects it as overloaded. */
    private static <T> CompletableFuture<T> supplyEventually(
            Pool pool, java.util.function.Supplier<T> s) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (;;) {
            try {
                return CompletableFuture.supplyAsync(s, pool);
            } catch (PoolOverloadException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.yield();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = "POOL_.*_NONBLOCKING")
    void overloadedExecutorRejectsCompletableFuture(PoolVariant v) {
        Pool pool = new Pool(1, options().preAlloc(v.preAlloc).nonblocking(true).build());
        h.track(PoolHandle.of(v, pool));
        Gate gate = h.gate();
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(h.task(() -> {
            started.countDown();
            gate.await();
        }));
        h.await(started, "the busy task");
        assertThrows(PoolOverloadException.class,
                () -> CompletableFuture.runAsync(() -> { }, pool));
    }

    // ---------------------------------------------------------------- task queue

    /** Queued tasks run FIFO; a full queue blocks (or overloads) as a pool without one. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void queueIsFifoAndBoundedWhenFull(PoolVariant v) {
        PoolHandle p = pool(v, 1, options().queueCapacity(3));
        Gate gate = h.gate();
        CountDownLatch started = new CountDownLatch(1);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        p.submit(h.task(() -> {
            started.countDown();
            gate.await();
            order.add(0);
        }));
        h.await(started, "the busy task");
        assertEquals(0, p.queued());
        for (int i = 1; i <= 3; i++) {
            int j = i;
            p.submit(() -> order.add(j)); // returns at once: the task is queued
            assertEquals(i, p.queued());
        }
        assertEquals(1, p.running(), "a queued task must not start a worker past cap");
        int expected = 4;
        if (v.nonblocking) {
            assertThrows(PoolOverloadException.class, () -> p.submit(() -> order.add(99)));
        } else {
            Thread s = h.start("submitter", () -> p.submit(() -> order.add(4)));
            awaitUntil("a submitter blocks on the full queue", () -> p.waiting() == 1);
            assertEquals(3, p.queued());
            gate.open();
            h.join(s);
            expected = 5;
        }
        gate.open();
        int n = expected;
        awaitUntil("every accepted task runs", () -> order.size() == n);
        List<Integer> want = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            want.add(i);
        }
        assertEquals(want, new ArrayList<>(order), "not FIFO");
        assertEquals(0, p.queued());
        assertEquals(0, p.waiting());
    }

    /** Tasks accepted into the queue still run after release; blocked submitters are refused. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void queuedTasksRunAcrossRelease(PoolVariant v) {
        PoolHandle p = pool(v, 1, options().queueCapacity(3));
        Gate gate = h.gate();
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        p.submit(h.task(() -> {
            started.countDown();
            gate.await();
        }));
        h.await(started, "the busy task");
        for (int i = 0; i < 3; i++) {
            p.submit(ran::incrementAndGet);
        }
        AtomicReference<Throwable> blockedOutcome = new AtomicReference<>();
        Thread s = null;
        if (!v.nonblocking) {
            s = h.start("blocked", () -> {
                try {
                    p.submit(() -> ran.addAndGet(1000));
                } catch (PoolClosedException e) {
                    blockedOutcome.set(e);
                }
            });
            awaitUntil("the submitter blocks", () -> p.waiting() == 1);
        }
        p.release();
        assertThrows(PoolClosedException.class, () -> p.submit(() -> ran.addAndGet(1000)));
        if (s != null) {
            h.join(s);
            assertInstanceOf(PoolClosedException.class, blockedOutcome.get());
        }
        assertEquals(3, p.queued(), "release dropped queued tasks");
        gate.open();
        awaitUntil("the queue drains", () -> ran.get() >= 3 && p.queued() == 0);
        awaitUntil("the worker exits", () -> p.running() == 0);
        assertEquals(3, ran.get());
    }

    /** close() waits for the queue to drain, since it joins the workers that drain it. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void closeDrainsTheQueue(PoolVariant v) {
        PoolHandle p = pool(v, 2, options().queueCapacity(10));
        Gate gate = h.gate();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            p.submit(h.task(() -> {
                started.countDown();
                gate.await();
                ran.incrementAndGet();
            }));
        }
        h.await(started, "the busy tasks");
        for (int i = 0; i < 10; i++) {
            p.submit(ran::incrementAndGet);
        }
        assertEquals(10, p.queued());
        h.start("opener", () -> {
            awaitUntil("the pool closes", p::isClosed);
            gate.open();
        });
        p.close();
        assertEquals(12, ran.get(), "close returned before the queue drained");
        assertEquals(0, p.queued());
        assertTrue(p.liveWorkers().isEmpty());
    }

    /**
     * The queue holds tasks only when no worker is idle and the capacity is reached (the API's
     * contract): a burst into a queue-mode pool whose workers all sleep is handed to those
     * workers, one each, and never waits in the queue behind a busy one.
     */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void queueIsBypassedWhileAWorkerIsIdle(PoolVariant v) {
        PoolHandle p = pool(v, 4, options().queueCapacity(16));
        h.occupy(p, 4).open(); // four workers, then idle
        awaitUntil("all four workers idle and parked", () -> p.running() == 4
                && p.liveWorkers().size() == 4
                && p.liveWorkers().stream().allMatch(t -> t.getState() == Thread.State.WAITING));
        Gate gate = h.gate();
        CountDownLatch started = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            p.submit(h.task(() -> {
                started.countDown();
                gate.await();
            }));
            assertEquals(0, p.queued(), "a task was queued while a worker was idle");
        }
        h.await(started, "every task to start on a worker of its own");
        assertEquals(4, p.running(), "no worker past cap");
        p.submit(() -> { });
        assertEquals(1, p.queued(), "with every worker busy at cap, the queue takes the task");
        gate.open();
        awaitUntil("the queue drains", () -> p.queued() == 0);
    }

    // ---------------------------------------------------------------- close

    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void closeJoinsAndIsIdempotent(PoolVariant v) {
        PoolHandle p = pool(v, 4, options());
        Gate gate = h.gate();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            p.submit(h.task(() -> {
                started.countDown();
                gate.await();
                done.incrementAndGet();
            }));
        }
        h.await(started, "three tasks");
        h.start("opener", () -> {
            awaitUntil("the pool closes", p::isClosed);
            gate.open();
        });
        p.close();
        assertEquals(3, done.get(), "close returned before the tasks ended");
        assertTrue(p.liveWorkers().isEmpty(), "close returned before workers ended");
        assertEquals(0, p.running());
        assertTrue(p.isClosed());
        p.close(); // idempotent
        p.release(); // idempotent
        assertTrue(p.isClosed());
        assertThrows(PoolClosedException.class, () -> p.releaseTimeout(TIMEOUT));
        assertThrows(PoolClosedException.class, () -> p.submit(() -> { }));
    }

    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void closeOfAnUnusedPoolReturns(PoolVariant v) {
        PoolHandle p = pool(v, 4, options());
        p.close();
        assertTrue(p.isClosed());
        assertEquals(0, p.running());
    }

    /** close() called by one of the pool's own workers releases without waiting for itself. */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void closeFromOwnWorkerDoesNotDeadlock(PoolVariant v) {
        PoolHandle p = pool(v, 2, options());
        CountDownLatch closed = new CountDownLatch(1);
        p.submit(h.task(() -> {
            p.close();
            closed.countDown();
        }));
        h.await(closed, "close() inside a task to return");
        assertTrue(p.isClosed());
        awaitUntil("the worker exits", () -> p.running() == 0);
    }

    /**
     * close() (or releaseTimeout) from one worker while another is still busy: it must wait for
     * the other worker only, not for itself. Pass: once the other task ends, the call returns;
     * before the fix the waiter was woken only when running() reached 0, which its own worker
     * never lets happen, so close() hung and releaseTimeout waited out its whole timeout.
     */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void closeFromOneWorkerWaitsOnlyForTheOthers(PoolVariant v) {
        closeFromOneWorker(v, PoolHandle::close);
    }

    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, mode = Mode.MATCH_ALL, names = "POOL_.*")
    void releaseTimeoutFromOneWorkerWaitsOnlyForTheOthers(PoolVariant v) {
        closeFromOneWorker(v, p -> {
            try {
                p.releaseTimeout(Duration.ofMinutes(10)); // far beyond the test's TIMEOUT
            } catch (TimeoutException e) {
                throw new AssertionError(e);
            }
        });
    }

    private void closeFromOneWorker(PoolVariant v, java.util.function.Consumer<PoolHandle> close) {
        PoolHandle p = pool(v, 2, options());
        Gate other = h.gate();
        CountDownLatch otherStarted = new CountDownLatch(1);
        p.submit(h.task(() -> {
            otherStarted.countDown();
            other.await();
        }));
        h.await(otherStarted, "the other worker is busy");
        AtomicReference<Thread> closer = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        p.submitEventually(h.task(() -> {
            closer.set(Thread.currentThread());
            close.accept(p);
            closed.countDown();
        }));
        awaitUntil("the closing worker waits for the other one", () -> {
            Thread t = closer.get();
            return t != null && (t.getState() == Thread.State.WAITING
                    || t.getState() == Thread.State.TIMED_WAITING);
        });
        other.open();
        h.await(closed, "close from a worker returns once the other worker is done");
        assertTrue(p.isClosed());
        awaitUntil("both workers exit", () -> p.running() == 0);
    }

    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void releaseTimeoutOnClosedPoolThrows(PoolVariant v) {
        PoolHandle p = pool(v, 2, options());
        p.release();
        assertThrows(PoolClosedException.class, () -> p.releaseTimeout(TIMEOUT));
        p.reboot();
        try {
            p.releaseTimeout(TIMEOUT);
        } catch (TimeoutException e) {
            fail(e);
        }
    }
}
