package dev.ants4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Proxy;
import java.security.Permission;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;

/**
 * Regression test for the bug "a sweeper thread that fails to start leaks the worker slot":
 * {@code startWorker} started the sweeper (with the pool's first worker) after reserving the
 * slot in {@code running} and before starting the worker, outside any rollback. When the
 * sweeper's thread could not be made or started (as under native-thread exhaustion, where it
 * may well be the first thread to fail), the throwable escaped {@code submit} raw, the task was
 * dropped, and {@code running} stayed raised forever: {@code free()} shrank for good and
 * {@code close()} waited forever for a worker that never existed.
 *
 * <p>The failure is injected with a SecurityManager that refuses the sweeper's
 * {@code setDaemon} call; that only works on JDKs that still allow installing one (up to 17
 * without flags), so on newer JDKs the test is skipped by assumption.
 */
@ReliabilitySupport.Reliability
class FaultSweeperStartTest {

    /** Refuses access to the sweeper thread of one pool, and allows everything else. */
    @SuppressWarnings("removal")
    static final class RefuseSweepers extends SecurityManager {
        final AtomicInteger refused = new AtomicInteger();
        private final String sweeperName;

        RefuseSweepers(int poolId) {
            this.sweeperName = "ants-" + poolId + "-sweeper";
        }

        @Override
        public void checkAccess(Thread t) {
            if (t.getName().equals(sweeperName)) {
                refused.incrementAndGet();
                throw new SecurityException("injected: cannot start the sweeper");
            }
        }

        @Override
        public void checkPermission(Permission perm) {
            // allow
        }

        @Override
        public void checkPermission(Permission perm, Object context) {
            // allow
        }
    }

    private static boolean sweeperAlive(Pool pool) {
        String name = "ants-" + pool.core().id() + "-sweeper";
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @SuppressWarnings("removal")
    private static boolean install(SecurityManager sm) {
        if (Runtime.version().feature() > 17) {
            return false; // 18+ refuses without -Djava.security.manager=allow
        }
        try {
            System.setSecurityManager(sm);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Pass: the submit whose sweeper cannot start still starts its worker and runs its task
     * (the pool warns and retries the sweeper with the next new worker), even when the logger
     * throws on that warning (it is user code); running() is exact throughout, and the pool
     * still releases within the timeout.
     */
    @ParameterizedTest(name = "logger throws: {0}")
    @ValueSource(booleans = {false, true})
    @SuppressWarnings("removal")
    void sweeperThatCannotStartDoesNotLeakTheWorkerSlot(boolean loggerThrows) throws Exception {
        AtomicInteger warnings = new AtomicInteger();
        Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
                new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                    if (method.getName().equals("warn")) {
                        warnings.incrementAndGet();
                        if (loggerThrows) {
                            throw new IllegalStateException("logger down");
                        }
                    }
                    Class<?> rt = method.getReturnType();
                    return rt == boolean.class ? Boolean.TRUE : rt == String.class ? "x" : null;
                });
        Pool pool = new Pool(2, PoolOptions.builder().logger(logger).build());
        RefuseSweepers sm = new RefuseSweepers(pool.core().id());
        if (!install(sm)) {
            pool.release();
            assumeTrue(false, "needs a JDK that still allows System.setSecurityManager");
        }
        AtomicInteger ran = new AtomicInteger();
        try {
            pool.submit(ran::incrementAndGet);
        } finally {
            System.setSecurityManager(null);
        }
        assertEquals(1, sm.refused.get(), "the sweeper start was refused");
        assertEquals(1, warnings.get(), "the failure was reported");
        ReliabilitySupport.await("task ran", () -> ran.get() == 1);
        assertEquals(1, pool.running(), "the worker is counted once");
        assertFalse(sweeperAlive(pool));

        // the next new worker starts the sweeper: keep the first one busy, then submit again
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        pool.submit(() -> {
            started.countDown();
            FaultInjectionTest.awaitQuietly(busy);
        });
        assertTrue(started.await(ReliabilitySupport.LONG.toSeconds(), TimeUnit.SECONDS));
        pool.submit(ran::incrementAndGet);
        ReliabilitySupport.await("task ran", () -> ran.get() == 2);
        assertEquals(2, pool.running());
        assertTrue(sweeperAlive(pool), "the second worker started the sweeper");
        busy.countDown();
        pool.releaseTimeout(ReliabilitySupport.LONG);
        assertEquals(0, pool.running());
    }
}
