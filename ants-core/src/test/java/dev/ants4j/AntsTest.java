package dev.ants4j;

import static dev.ants4j.MultiPoolTest.TIMEOUT;
import static dev.ants4j.MultiPoolTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The process-wide default pool: ports of ants' {@code TestAntsPool}, {@code
 * TestRebootDefaultPool} and {@code TestDefaultPoolReleaseTimeout}. Other test classes may have
 * used (or released) the default pool, so every test reboots it first and assumes nothing about
 * its counts beyond what its own tasks cause.
 */
class AntsTest {

    @BeforeEach
    void openDefaultPool() {
        Ants.reboot(); // no-op when open
    }

    /** ants' {@code TestAntsPool}: many tasks through the package functions. */
    @Test
    void antsPool() {
        int n = 10_000;
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Ants.submit(done::countDown);
        }
        await(done);
        assertEquals(Integer.MAX_VALUE, Ants.cap());
        assertEquals(Ants.DEFAULT_POOL_SIZE, Ants.cap());
        assertTrue(Ants.running() >= 0);
        assertTrue(Ants.free() > 0 && Ants.free() <= Integer.MAX_VALUE);
        assertSame(Ants.defaultPool(), Ants.defaultPool());
    }

    /** ants' {@code TestRebootDefaultPool}. */
    @Test
    void rebootDefaultPool() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        Ants.submit(first::countDown);
        await(first);
        Ants.releaseTimeout(TIMEOUT);
        assertTrue(Ants.defaultPool().isClosed());
        assertThrows(PoolClosedException.class, () -> Ants.submit(() -> { }));
        assertThrows(PoolClosedException.class, () -> Ants.releaseTimeout(TIMEOUT));
        Ants.reboot();
        assertFalse(Ants.defaultPool().isClosed());
        CountDownLatch second = new CountDownLatch(1);
        Ants.submit(second::countDown);
        await(second);
    }

    /** ants' {@code TestDefaultPoolReleaseTimeout}, with latches instead of sleeps. */
    @Test
    void defaultPoolReleaseTimeout() throws Exception {
        CountDownLatch started = new CountDownLatch(5);
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            Ants.submit(() -> {
                started.countDown();
                await(gate);
                finished.incrementAndGet();
            });
        }
        await(started);
        assertTrue(Ants.running() >= 5, "running " + Ants.running());
        assertEquals(Ants.cap() - Ants.defaultPool().running(), Ants.defaultPool().free());
        gate.countDown();
        Ants.releaseTimeout(TIMEOUT);
        assertEquals(5, finished.get());
        assertEquals(0, Ants.running());
        Ants.release(); // idempotent
        Ants.reboot();
    }

    /** The default pool's workers are daemon threads, so they never keep the JVM alive. */
    @Test
    void workersAreNamedDaemonThreads() {
        AtomicReference<Thread> worker = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        Ants.submit(() -> {
            worker.set(Thread.currentThread());
            ran.countDown();
        });
        await(ran);
        assertTrue(worker.get().isDaemon(), "worker is a daemon");
        assertTrue(worker.get().getName().startsWith("ants-default-worker-"),
                worker.get().getName());
    }

    /** Many threads racing on first use all see one pool. */
    @Test
    void defaultPoolIsOneInstanceForAllThreads() throws Exception {
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ConcurrentHashMap<Pool, Boolean> seen = new ConcurrentHashMap<>();
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            ts[i] = new Thread(() -> {
                try {
                    start.await();
                    seen.put(Ants.defaultPool(), Boolean.TRUE);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join(TIMEOUT.toMillis());
            assertFalse(t.isAlive());
        }
        assertEquals(1, seen.size());
        assertSame(Ants.defaultPool(), seen.keySet().iterator().next());
    }
}
