package dev.ants4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ants4j.TestSupport.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Option validation (ants' {@code TestRestCodeCoverage} error cases and more), constructor
 * argument checks, the exceptions of the public API, and the pool's observable defaults.
 */
@Timeout(60)
class PoolOptionsTest extends HarnessTest {

    // ---------------------------------------------------------------- PoolOptions

    @Test
    void defaults() {
        PoolOptions d = PoolOptions.defaults();
        assertEquals(Duration.ofSeconds(1), d.expiryDuration());
        assertEquals(PoolOptions.DEFAULT_EXPIRY, d.expiryDuration());
        assertFalse(d.preAlloc());
        assertEquals(0, d.maxBlockingTasks());
        assertFalse(d.nonblocking());
        assertFalse(d.disablePurge());
        assertEquals(0, d.queueCapacity());
        assertNotNull(d.logger());
        assertSame(d, PoolOptions.defaults());
        PoolOptions b = PoolOptions.builder().build();
        assertEquals(d.expiryDuration(), b.expiryDuration());
        assertEquals(d.queueCapacity(), b.queueCapacity());
    }

    @Test
    void negativeExpiryIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolOptions.builder().expiryDuration(Duration.ofNanos(-1)));
        assertTrue(e.getMessage().contains("expiryDuration"), e.getMessage());
        assertThrows(NullPointerException.class,
                () -> PoolOptions.builder().expiryDuration(null));
    }

    @Test
    void zeroExpiryMeansTheDefault() {
        PoolOptions o = PoolOptions.builder().expiryDuration(Duration.ZERO).build();
        assertEquals(PoolOptions.DEFAULT_EXPIRY, o.expiryDuration());
    }

    @Test
    void negativeCountsAreRejectedNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolOptions.builder().maxBlockingTasks(-1));
        assertTrue(e.getMessage().contains("maxBlockingTasks"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PoolOptions.builder().queueCapacity(-1));
        assertTrue(e.getMessage().contains("queueCapacity"), e.getMessage());
        assertEquals(0, PoolOptions.builder().maxBlockingTasks(0).build().maxBlockingTasks());
        assertEquals(0, PoolOptions.builder().queueCapacity(0).build().queueCapacity());
    }

    /**
     * Any non-negative queue capacity is accepted, the largest too ("practically unbounded"),
     * and memory follows what is queued, not the capacity.
     */
    @Test
    void theLargestQueueCapacityIsUsable() {
        PoolHandle p = h.track(PoolVariant.POOL_STACK_BLOCKING.create(1,
                PoolOptions.builder().queueCapacity(Integer.MAX_VALUE)));
        Gate gate = h.gate();
        CountDownLatch ran = new CountDownLatch(101);
        p.submit(h.task(() -> {
            gate.await();
            ran.countDown();
        }));
        for (int i = 0; i < 100; i++) {
            p.submit(ran::countDown);
        }
        assertEquals(100, p.queued());
        gate.open();
        h.await(ran, "the queued tasks");
    }

    @Test
    void nullCallbacksAreRejected() {
        assertThrows(NullPointerException.class, () -> PoolOptions.builder().panicHandler(null));
        assertThrows(NullPointerException.class, () -> PoolOptions.builder().logger(null));
        assertThrows(NullPointerException.class, () -> PoolOptions.builder().threadFactory(null));
    }

    @Test
    void builtOptionsAreImmutableAndToBuilderCopies() {
        Consumer<Throwable> handler = t -> { };
        Logger logger = LoggerFactory.getLogger("x");
        ThreadFactory tf = Thread::new;
        PoolOptions.Builder b = PoolOptions.builder()
                .expiryDuration(Duration.ofMillis(250))
                .preAlloc(true)
                .maxBlockingTasks(3)
                .nonblocking(true)
                .panicHandler(handler)
                .logger(logger)
                .disablePurge(true)
                .queueCapacity(7)
                .threadFactory(tf);
        PoolOptions o = b.build();
        b.queueCapacity(1).expiryDuration(Duration.ofSeconds(9)).nonblocking(false);
        assertEquals(7, o.queueCapacity(), "a built PoolOptions changed with its builder");
        assertEquals(Duration.ofMillis(250), o.expiryDuration());
        assertTrue(o.nonblocking());

        PoolOptions c = o.toBuilder().build();
        assertEquals(Duration.ofMillis(250), c.expiryDuration());
        assertTrue(c.preAlloc());
        assertEquals(3, c.maxBlockingTasks());
        assertTrue(c.nonblocking());
        assertSame(handler, c.panicHandler());
        assertSame(logger, c.logger());
        assertTrue(c.disablePurge());
        assertEquals(7, c.queueCapacity());
        assertSame(tf, c.threadFactory());
        assertEquals(8, o.toBuilder().queueCapacity(8).build().queueCapacity());
        assertEquals(7, o.queueCapacity());
    }

    /**
     * Regression: the builder accepted any positive expiry, but a pool built with one longer than
     * ~292 years (past a long of nanoseconds) threw ArithmeticException from its constructor.
     */
    @ParameterizedTest
    @EnumSource(PoolVariant.class)
    void expiryBeyondLongNanosOverflowedPoolConstruction(PoolVariant v) {
        for (Duration d : List.of(Duration.ofDays(365 * 1000L), Duration.ofSeconds(Long.MAX_VALUE))) {
            PoolHandle p = h.track(v.create(2, PoolOptions.builder().expiryDuration(d)));
            CountDownLatch ran = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                p.submitEventually(ran::countDown);
            }
            h.await(ran, "tasks on a pool with expiry " + d);
        }
    }

    // ---------------------------------------------------------------- constructors

    @Test
    void constructorArgumentsAreChecked() {
        assertThrows(NullPointerException.class, () -> new Pool(1, null));
        assertThrows(NullPointerException.class, () -> new PoolWithFunc<Object>(1, null));
        assertThrows(NullPointerException.class,
                () -> new PoolWithFunc<Object>(1, null, PoolOptions.defaults()));
        assertThrows(NullPointerException.class, () -> new PoolWithFunc<Object>(1, x -> { }, null));
        PoolOptions pre = PoolOptions.builder().preAlloc(true).build();
        for (int cap : new int[] {0, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Pool(cap, pre));
            assertTrue(e.getMessage().contains("preAlloc"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> new PoolWithFunc<Object>(cap, x -> { }, pre));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, -100, Integer.MIN_VALUE})
    void unlimitedPoolsReportMinusOne(int capacity) {
        Pool p = track(new Pool(capacity));
        assertEquals(-1, Pool.UNLIMITED);
        assertEquals(Pool.UNLIMITED, p.cap());
        assertEquals(Pool.UNLIMITED, p.free());
        PoolWithFunc<Object> f = new PoolWithFunc<>(capacity, x -> { });
        h.track(PoolHandle.of(PoolVariant.FUNC_STACK_BLOCKING, runnableFunc(f)));
        assertEquals(Pool.UNLIMITED, f.cap());
        assertEquals(Pool.UNLIMITED, f.free());
        f.release();
        assertEquals(Pool.UNLIMITED, f.free());
    }

    @Test
    void freshPoolCounters() {
        Pool p = track(new Pool(5));
        assertEquals(5, p.cap());
        assertEquals(5, p.free());
        assertEquals(0, p.running());
        assertEquals(0, p.waiting());
        assertEquals(0, p.queued());
        assertFalse(p.isClosed());
        p.release();
        assertTrue(p.isClosed());
        assertEquals(5, p.free());
    }

    // ---------------------------------------------------------------- exceptions

    @Test
    void exceptionTypes() {
        assertTrue(RejectedExecutionException.class.isAssignableFrom(PoolClosedException.class));
        assertTrue(RejectedExecutionException.class.isAssignableFrom(PoolOverloadException.class));
    }

    @ParameterizedTest
    @EnumSource(value = PoolVariant.class, names = {"POOL_STACK_BLOCKING", "POOL_RING_NONBLOCKING"})
    void nullTaskIsRejected(PoolVariant v) {
        Pool p = track(new Pool(2, PoolOptions.builder().preAlloc(v.preAlloc)
                .nonblocking(v.nonblocking).build()));
        assertThrows(NullPointerException.class, () -> p.submit(null));
        assertThrows(NullPointerException.class, () -> p.execute(null));
        assertEquals(0, p.running(), "a null task started a worker");
        p.release();
        assertThrows(NullPointerException.class, () -> p.submit(null));
    }

    @Test
    void nullArgumentIsPassedToTheFunction() {
        List<Object> args = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ran = new CountDownLatch(2);
        PoolWithFunc<String> f = new PoolWithFunc<>(1, s -> {
            args.add(s == null ? "<null>" : s);
            ran.countDown();
        });
        h.track(PoolHandle.of(PoolVariant.FUNC_STACK_BLOCKING, runnableFunc(f)));
        f.invoke(null);
        f.invoke("x");
        h.await(ran, "two invocations");
        assertEquals(List.of("<null>", "x"), args);
    }

    @Test
    void closedPoolRejectsWithPoolClosedException() {
        Pool p = track(new Pool(2));
        PoolWithFunc<Object> f = new PoolWithFunc<>(2, x -> { });
        h.track(PoolHandle.of(PoolVariant.FUNC_STACK_BLOCKING, runnableFunc(f)));
        p.release();
        f.release();
        assertThrows(PoolClosedException.class, () -> p.submit(() -> { }));
        assertThrows(PoolClosedException.class, () -> p.execute(() -> { }));
        assertThrows(PoolClosedException.class, () -> f.invoke("x"));
        assertThrows(PoolClosedException.class, () -> f.invoke(null));
        p.reboot();
        CountDownLatch ran = new CountDownLatch(1);
        p.submit(ran::countDown);
        h.await(ran, "a task after reboot");
    }

    @Test
    void releaseTimeoutRejectsNull() {
        Pool p = track(new Pool(2));
        assertThrows(NullPointerException.class, () -> p.releaseTimeout(null));
    }

    // ---------------------------------------------------------------- default threads

    /** Default workers are non-daemon platform threads named ants-<pool#>-worker-<n>. */
    @Test
    void defaultWorkerThreadsAreNamedAndNonDaemon() {
        Pool a = track(new Pool(3));
        Pool b = track(new Pool(3));
        Set<Thread> seenA = runOnEveryWorker(a, 3);
        Set<Thread> seenB = runOnEveryWorker(b, 3);
        Set<String> poolIds = new HashSet<>();
        for (Set<Thread> seen : List.of(seenA, seenB)) {
            Set<String> ids = new HashSet<>();
            Set<String> names = new HashSet<>();
            for (Thread t : seen) {
                Matcher m = TestSupport.DEFAULT_WORKER_NAME.matcher(t.getName());
                assertTrue(m.matches(), "unexpected worker name " + t.getName());
                assertFalse(t.isDaemon(), "default workers must not be daemons: " + t);
                ids.add(m.group(1));
                names.add(t.getName());
            }
            assertEquals(1, ids.size(), "one pool, one prefix: " + ids);
            assertEquals(3, names.size(), "worker names must be distinct: " + names);
            poolIds.addAll(ids);
        }
        assertEquals(2, poolIds.size(), "two pools share a prefix: " + poolIds);
        // any other thread of the pool (the sweeper) is a daemon
        String prefix = TestSupport.poolPrefixOf(seenA.iterator().next().getName());
        for (Thread t : TestSupport.liveThreadsWithPrefix(prefix)) {
            if (!seenA.contains(t)) {
                assertTrue(t.isDaemon(), "a helper thread of the pool is not a daemon: " + t);
            }
        }
    }

    @Test
    void customThreadFactoryIsUsed() {
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "mine");
            t.setDaemon(true);
            return t;
        };
        Pool p = track(new Pool(2, PoolOptions.builder().threadFactory(tf).build()));
        for (Thread t : runOnEveryWorker(p, 2)) {
            assertEquals("mine", t.getName());
            assertTrue(t.isDaemon());
        }
    }

    /** Runs {@code n} tasks at once (so on {@code n} distinct workers); returns their threads. */
    private Set<Thread> runOnEveryWorker(Pool p, int n) {
        Set<Thread> seen = Collections.synchronizedSet(new HashSet<>());
        CountDownLatch all = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            p.submit(h.task(() -> {
                seen.add(Thread.currentThread());
                all.countDown();
                h.await(all, "every worker to start");
            }));
        }
        h.await(all, "every worker");
        assertEquals(n, seen.size());
        return new HashSet<>(seen);
    }

    private Pool track(Pool p) {
        h.track(PoolHandle.of(PoolVariant.POOL_STACK_BLOCKING, p));
        return p;
    }

    @SuppressWarnings("unchecked")
    private static PoolWithFunc<Runnable> runnableFunc(PoolWithFunc<?> f) {
        return (PoolWithFunc<Runnable>) f; // only for lifecycle calls in the harness
    }

    @Test
    void defaultThreadFactoryAndPanicHandlerAreThePoolsOwn() {
        assertNull(PoolOptions.defaults().threadFactory(), "null means the pool's own factory");
        assertNull(PoolOptions.defaults().panicHandler(), "null means log at ERROR");
    }
}
