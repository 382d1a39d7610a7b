package dev.ants4j;

import static dev.ants4j.MultiPoolTest.TIMEOUT;
import static dev.ants4j.MultiPoolTest.await;
import static dev.ants4j.MultiPoolTest.awaitTrue;
import static dev.ants4j.MultiPoolTest.busy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle of a {@link MultiPool}: release, releaseTimeout (parallel, one deadline, the late
 * pools named), reboot and close.
 */
class MultiPoolLifecycleTest {

    /** Pools 1 and 3 keep a task pinned: the timeout names exactly those pools. */
    @Test
    void releaseTimeoutNamesThePoolsThatDidNotFinish() throws Exception {
        MultiPool mp = new MultiPool(4, 2, LoadBalancingStrategy.ROUND_ROBIN);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            for (int t = 0; t < 4; t++) { // round robin: task t goes to pool t
                boolean pinned = t % 2 == 1;
                mp.submit(() -> {
                    if (pinned) {
                        await(gate);
                    }
                });
            }
            awaitTrue(() -> busy(mp, 0) == 0 && busy(mp, 2) == 0, "pools 0 and 2 are idle");
            assertEquals(1, busy(mp, 1));
            assertEquals(1, busy(mp, 3));
            TimeoutException e = assertThrows(TimeoutException.class,
                    () -> mp.releaseTimeout(Duration.ofSeconds(2)));
            assertTrue(e.getMessage().contains("pools [1, 3] of 4"), e.getMessage());
            assertTrue(mp.isClosed());
            assertEquals(0, mp.runningByIndex(0), "the idle pools terminated");
            assertEquals(0, mp.runningByIndex(2));
            assertThrows(PoolClosedException.class, () -> mp.releaseTimeout(TIMEOUT));
            assertThrows(PoolClosedException.class, () -> mp.submit(() -> { }));

            gate.countDown();
            mp.close(); // waits for the pinned workers
            assertEquals(0, mp.running());
            mp.reboot();
            assertFalse(mp.isClosed());
            CountDownLatch ran = new CountDownLatch(4);
            for (int t = 0; t < 4; t++) {
                mp.submit(ran::countDown);
            }
            await(ran);
            mp.releaseTimeout(TIMEOUT);
            assertEquals(0, mp.running());
        } finally {
            gate.countDown();
            mp.close();
        }
    }

    /**
     * close() from a worker of a pool that has another busy worker: as for Pool, it waits for
     * the other worker only. Pass: it returns once the other task ends.
     */
    @Test
    void closeFromOneWorkerWaitsOnlyForTheOthers() throws Exception {
        MultiPool mp = new MultiPool(1, 2, LoadBalancingStrategy.ROUND_ROBIN);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch otherStarted = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Thread> closer = new AtomicReference<>();
        try {
            mp.submit(() -> {
                otherStarted.countDown();
                await(gate);
            });
            await(otherStarted);
            mp.submit(() -> {
                closer.set(Thread.currentThread());
                mp.close();
                closed.countDown();
            });
            awaitTrue(() -> closer.get() != null
                    && closer.get().getState() == Thread.State.WAITING,
                    "the closing worker waits for the other one");
            gate.countDown();
            await(closed);
            awaitTrue(() -> mp.running() == 0, "both workers exit");
        } finally {
            gate.countDown();
            if (closed.getCount() == 0) {
                mp.close();
            }
        }
    }

    /**
     * Every pool is released before any is waited for: each task ends only once all pools are
     * closed, so a release that closed and awaited the pools one after another would time out.
     */
    @Test
    void releaseTimeoutReleasesAllPoolsBeforeWaiting() throws Exception {
        int size = 4;
        MultiPool mp = new MultiPool(size, 1, LoadBalancingStrategy.ROUND_ROBIN);
        AtomicBoolean sawAllClosed = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(size);
        for (int t = 0; t < size; t++) {
            mp.submit(() -> {
                started.countDown();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (System.nanoTime() - deadline < 0) {
                    boolean all = true;
                    for (int i = 0; i < size; i++) {
                        all &= mp.core().pool(i).isClosed();
                    }
                    if (all) {
                        sawAllClosed.set(true);
                        return;
                    }
                    Thread.onSpinWait();
                    Thread.yield();
                }
            });
        }
        await(started);
        mp.releaseTimeout(TIMEOUT);
        assertTrue(sawAllClosed.get());
        assertEquals(0, mp.running());
    }

    @Test
    void releaseIsIdempotentAndReleaseTimeoutAfterReleaseThrows() {
        MultiPool mp = new MultiPool(2, 2, LoadBalancingStrategy.LEAST_TASKS);
        mp.release();
        mp.release();
        assertTrue(mp.isClosed());
        assertThrows(PoolClosedException.class, () -> mp.releaseTimeout(TIMEOUT));
        assertThrows(PoolClosedException.class, () -> mp.submit(() -> { }));
        mp.reboot();
        mp.reboot(); // no-op when open
        assertFalse(mp.isClosed());
        mp.close();
        assertTrue(mp.isClosed());
    }

    /** A submitter blocked on a full pool gets {@link PoolClosedException} when it is released. */
    @Test
    void blockedSubmitterIsWokenByRelease() throws Exception {
        MultiPool mp = new MultiPool(2, 1, LoadBalancingStrategy.ROUND_ROBIN);
        CountDownLatch gate = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        try {
            mp.submit(() -> await(gate));
            mp.submit(() -> await(gate));
            Thread submitter = new Thread(() -> {
                try {
                    mp.submit(() -> { });
                    outcome.set(new AssertionError("the submit returned"));
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            submitter.start();
            awaitTrue(() -> mp.waiting() == 1, "the submitter blocks");
            mp.release();
            submitter.join(TIMEOUT.toMillis());
            assertFalse(submitter.isAlive());
            assertInstanceOf(PoolClosedException.class, outcome.get());
        } finally {
            gate.countDown();
            mp.close();
        }
    }

    /** {@code close} does not return before every busy task has ended. */
    @Test
    void closeWaitsForBusyTasks() throws Exception {
        MultiPool mp = new MultiPool(3, 2, LoadBalancingStrategy.LEAST_TASKS);
        CountDownLatch gate = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        mp.submit(() -> {
            await(gate);
            finished.set(true);
        });
        Thread closer = new Thread(mp::close);
        closer.start();
        awaitTrue(mp::isClosed, "close has released the pools");
        assertTrue(closer.isAlive(), "close returned while a task was still pinned");
        gate.countDown();
        closer.join(TIMEOUT.toMillis());
        assertFalse(closer.isAlive());
        assertTrue(finished.get());
        assertEquals(0, mp.running());
    }

    /** Releases and reboots racing with submitters: only closed-pool rejections, exact counts. */
    @Test
    void submitsRacingWithReleaseAndReboot() throws Exception {
        MultiPool mp = new MultiPool(3, 4, LoadBalancingStrategy.ROUND_ROBIN);
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] submitters = new Thread[2];
        for (int s = 0; s < submitters.length; s++) {
            submitters[s] = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        mp.submit(Thread::yield);
                    } catch (PoolClosedException expected) {
                        // the multipool was closed at that moment
                    } catch (Throwable e) {
                        unexpected.compareAndSet(null, e);
                    }
                }
            });
            submitters[s].start();
        }
        try {
            for (int i = 0; i < 50; i++) {
                mp.release();
                mp.reboot();
            }
        } finally {
            stop.set(true);
            for (Thread t : submitters) {
                t.join(TIMEOUT.toMillis());
                assertFalse(t.isAlive());
            }
        }
        assertEquals(null, unexpected.get());
        assertFalse(mp.isClosed());
        for (int i = 0; i < 3; i++) {
            assertFalse(mp.core().pool(i).isClosed(), "an open multipool has open pools");
        }
        mp.releaseTimeout(TIMEOUT);
        assertEquals(0, mp.running());
    }
}
