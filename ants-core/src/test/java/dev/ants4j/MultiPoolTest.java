package dev.ants4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Black-box tests of {@link MultiPool}: the port of ants' {@code TestMultiPool}, argument
 * validation, and the per-pool counts under round robin. Tasks are pinned on latches, never on
 * sleeps, so every count asserted here is exact when it is read.
 */
class MultiPoolTest {

    /** The one timeout of these tests: how long a state may take to be reached. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * How long a latch wait may last before it fails: a safety net so that a broken test ends,
     * longer than {@link #TIMEOUT} so that a pinned task never frees itself while a test is
     * still checking that something does not happen.
     */
    static final Duration PIN_LIMIT = TIMEOUT.multipliedBy(6);

    // ------------------------------------------------------------------ helpers (shared)

    /** Waits for {@code latch}, failing (in whatever thread) after {@link #PIN_LIMIT}. */
    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(PIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("latch not released within " + PIN_LIMIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Polls {@code condition} until it holds, failing after {@link #TIMEOUT}. */
    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting until " + what);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting until " + what);
            }
        }
    }

    /** Busy workers of pool {@code i} (exact when no task starts or ends concurrently). */
    static int busy(MultiPool mp, int i) {
        return mp.core().pool(i).busyEstimate();
    }

    /**
     * Submits one task pinned on {@code gate} and returns the index of the pool that took it,
     * seen as the pool whose busy count went up (the caller is the only submitter).
     */
    static int submitPinned(MultiPool mp, CountDownLatch gate) {
        int n = mp.core().size();
        int[] before = new int[n];
        for (int i = 0; i < n; i++) {
            before[i] = busy(mp, i);
        }
        mp.submit(() -> await(gate));
        for (int i = 0; i < n; i++) {
            if (busy(mp, i) == before[i] + 1) {
                return i;
            }
        }
        throw new AssertionError("no pool's busy count went up: " + mp);
    }

    static void assertIndexErrors(int size, IntUnaryOperator byIndex) {
        assertThrows(IndexOutOfBoundsException.class, () -> byIndex.applyAsInt(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> byIndex.applyAsInt(size));
        assertThrows(IndexOutOfBoundsException.class, () -> byIndex.applyAsInt(size + 1));
    }

    // ------------------------------------------------------------------ tests

    @Test
    void constructorValidatesItsArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MultiPool(-1, 10, LoadBalancingStrategy.ROUND_ROBIN));
        assertTrue(e.getMessage().contains("size"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new MultiPool(0, 10, LoadBalancingStrategy.LEAST_TASKS));
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> new MultiPool(10, 10, null));
        assertTrue(npe.getMessage().contains("lbs"), npe.getMessage());
        assertThrows(NullPointerException.class,
                () -> new MultiPool(10, 10, LoadBalancingStrategy.ROUND_ROBIN, null));
        // invalid options, as for Pool: rejected by the builder, or when the pools are built
        assertThrows(IllegalArgumentException.class,
                () -> PoolOptions.builder().expiryDuration(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> new MultiPool(2, 0,
                LoadBalancingStrategy.ROUND_ROBIN, PoolOptions.builder().preAlloc(true).build()));
    }

    /** ants' {@code TestMultiPool}: fill, check every count and index error, release, reboot. */
    @ParameterizedTest
    @EnumSource(LoadBalancingStrategy.class)
    void antsTestMultiPool(LoadBalancingStrategy lbs) throws Exception {
        MultiPool mp = new MultiPool(10, 5, lbs);
        try {
            fillCheckAndRelease(mp);
            mp.reboot();
            assertFalse(mp.isClosed());
            fillCheckAndRelease(mp);
            mp.reboot();
            mp.tune(10);
            assertEquals(100, mp.cap());
            for (int i = 0; i < 10; i++) {
                assertEquals(10, mp.freeByIndex(i));
            }
        } finally {
            mp.close();
        }
    }

    private static void fillCheckAndRelease(MultiPool mp) throws TimeoutException {
        CountDownLatch gate = new CountDownLatch(1);
        for (int i = 0; i < 50; i++) {
            mp.submit(() -> await(gate));
        }
        assertEquals(0, mp.waiting());
        assertEquals(50, mp.running());
        assertEquals(0, mp.free());
        assertEquals(50, mp.cap());
        assertFalse(mp.isClosed());
        assertIndexErrors(10, mp::waitingByIndex);
        assertIndexErrors(10, mp::runningByIndex);
        assertIndexErrors(10, mp::freeByIndex);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, mp.waitingByIndex(i));
            assertEquals(5, mp.runningByIndex(i));
            assertEquals(0, mp.freeByIndex(i));
        }
        gate.countDown();
        mp.releaseTimeout(TIMEOUT);
        assertThrows(PoolClosedException.class, () -> mp.releaseTimeout(TIMEOUT));
        assertThrows(PoolClosedException.class, () -> mp.submit(() -> { }));
        assertEquals(0, mp.running());
        assertTrue(mp.isClosed());
    }

    /** Round robin from a fresh (or rebooted) multipool sends task {@code i} to pool {@code i % size}. */
    @Test
    void roundRobinCountsPerPool() throws Exception {
        int size = 4;
        MultiPool mp = new MultiPool(size, 10, LoadBalancingStrategy.ROUND_ROBIN);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            for (int round = 0; round < 2; round++) {
                int[] expected = new int[size];
                for (int t = 0; t < 10; t++) {
                    assertEquals(t % size, submitPinned(mp, gate), "pool of task " + t);
                    expected[t % size]++;
                    for (int i = 0; i < size; i++) {
                        assertEquals(expected[i], mp.runningByIndex(i), "pool " + i);
                    }
                }
                if (round == 0) {
                    gate.countDown();
                    mp.releaseTimeout(TIMEOUT);
                    mp.reboot(); // restarts the round robin at pool 0
                    gate = new CountDownLatch(1);
                }
            }
        } finally {
            gate.countDown();
            mp.close();
        }
    }

    @ParameterizedTest
    @EnumSource(LoadBalancingStrategy.class)
    void everyTaskRunsOnceAndCloseWaitsForThem(LoadBalancingStrategy lbs) {
        int tasks = 2_000;
        AtomicInteger ran = new AtomicInteger();
        MultiPool mp = new MultiPool(4, 3, lbs);
        for (int i = 0; i < tasks; i++) {
            mp.execute(ran::incrementAndGet);
        }
        mp.close();
        assertEquals(tasks, ran.get());
        assertEquals(0, mp.running());
        assertTrue(mp.isClosed());
        mp.close(); // idempotent
    }

    @Test
    void nullTaskIsRejected() {
        MultiPool mp = new MultiPool(2, 2, LoadBalancingStrategy.ROUND_ROBIN);
        try {
            assertThrows(NullPointerException.class, () -> mp.submit(null));
            assertThrows(NullPointerException.class, () -> mp.execute(null));
            assertEquals(0, mp.running());
        } finally {
            mp.close();
        }
    }

    @Test
    void unlimitedPoolsReportUnlimitedCapAndFree() {
        MultiPool mp = new MultiPool(3, 0, LoadBalancingStrategy.LEAST_TASKS);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            for (int i = 0; i < 7; i++) {
                mp.submit(() -> await(gate));
            }
            assertEquals(Pool.UNLIMITED, mp.cap());
            assertEquals(Pool.UNLIMITED, mp.free());
            assertEquals(Pool.UNLIMITED, mp.freeByIndex(1));
            assertEquals(7, mp.running());
            mp.tune(5); // ignored by unlimited pools
            assertEquals(Pool.UNLIMITED, mp.cap());
        } finally {
            gate.countDown();
            mp.close();
        }
    }

    @Test
    void capacitySumSaturates() {
        MultiPool mp = new MultiPool(3, Integer.MAX_VALUE, LoadBalancingStrategy.ROUND_ROBIN);
        try {
            assertEquals(Integer.MAX_VALUE, mp.cap());
            assertEquals(Integer.MAX_VALUE, mp.free());
        } finally {
            mp.close();
        }
    }

    /** Growing every pool with {@code tune} wakes a submitter blocked on a full pool. */
    @Test
    void tuneUpWakesBlockedSubmitters() throws Exception {
        MultiPool mp = new MultiPool(2, 1, LoadBalancingStrategy.ROUND_ROBIN);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch third = new CountDownLatch(1);
        try {
            mp.submit(() -> await(gate));
            mp.submit(() -> await(gate));
            Thread submitter = new Thread(() -> mp.submit(third::countDown));
            submitter.start();
            IntSupplier waiting = mp::waiting;
            awaitTrue(() -> waiting.getAsInt() == 1, "the third submitter blocks");
            mp.tune(2);
            assertEquals(4, mp.cap());
            await(third);
            submitter.join(TIMEOUT.toMillis());
            assertFalse(submitter.isAlive());
            assertEquals(0, mp.waiting());
        } finally {
            gate.countDown();
            mp.close();
        }
    }
}
