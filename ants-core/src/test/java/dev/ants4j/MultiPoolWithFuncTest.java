package dev.ants4j;

import static dev.ants4j.MultiPoolTest.TIMEOUT;
import static dev.ants4j.MultiPoolTest.assertIndexErrors;
import static dev.ants4j.MultiPoolTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Black-box tests of {@link MultiPoolWithFunc}: the ports of ants' {@code TestMultiPoolWithFunc}
 * (an untyped argument) and {@code TestMultiPoolWithFuncGeneric} (a typed one), argument
 * validation and {@code null} arguments.
 */
class MultiPoolWithFuncTest {

    /** ants' {@code longRunningPoolFunc}: the argument is a channel-like gate, untyped. */
    private static final Consumer<Object> LONG_RUNNING_UNTYPED = arg -> await((CountDownLatch) arg);

    @Test
    void constructorValidatesItsArguments() {
        Consumer<Object> fn = arg -> { };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MultiPoolWithFunc<>(-1, 10, fn, LoadBalancingStrategy.ROUND_ROBIN));
        assertTrue(e.getMessage().contains("size"), e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> new MultiPoolWithFunc<>(10, 10, fn, null));
        assertTrue(npe.getMessage().contains("lbs"), npe.getMessage());
        npe = assertThrows(NullPointerException.class,
                () -> new MultiPoolWithFunc<Object>(10, 10, null, LoadBalancingStrategy.LEAST_TASKS));
        assertTrue(npe.getMessage().contains("fn"), npe.getMessage());
        assertThrows(NullPointerException.class, () -> new MultiPoolWithFunc<>(10, 10, fn,
                LoadBalancingStrategy.ROUND_ROBIN, null));
        assertThrows(IllegalArgumentException.class, () -> new MultiPoolWithFunc<>(2, -1, fn,
                LoadBalancingStrategy.ROUND_ROBIN, PoolOptions.builder().preAlloc(true).build()));
    }

    /** ants' {@code TestMultiPoolWithFunc}. */
    @ParameterizedTest
    @EnumSource(LoadBalancingStrategy.class)
    void antsTestMultiPoolWithFunc(LoadBalancingStrategy lbs) throws Exception {
        runAntsScenario(new MultiPoolWithFunc<Object>(10, 5, LONG_RUNNING_UNTYPED, lbs));
    }

    /** ants' {@code TestMultiPoolWithFuncGeneric}: the same with a typed argument. */
    @ParameterizedTest
    @EnumSource(LoadBalancingStrategy.class)
    void antsTestMultiPoolWithFuncGeneric(LoadBalancingStrategy lbs) throws Exception {
        runAntsScenario(new MultiPoolWithFunc<CountDownLatch>(10, 5, MultiPoolTest::await, lbs));
    }

    private static <T> void runAntsScenario(MultiPoolWithFunc<T> mp) throws Exception {
        try {
            fillCheckAndRelease(mp);
            mp.reboot();
            assertFalse(mp.isClosed());
            fillCheckAndRelease(mp);
            mp.reboot();
            mp.tune(10);
            assertEquals(100, mp.cap());
        } finally {
            mp.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void fillCheckAndRelease(MultiPoolWithFunc<T> mp) throws TimeoutException {
        CountDownLatch gate = new CountDownLatch(1);
        for (int i = 0; i < 50; i++) {
            mp.invoke((T) gate); // T is Object or CountDownLatch in these tests
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
        assertThrows(PoolClosedException.class, () -> mp.invoke(null));
        assertEquals(0, mp.running());
        assertTrue(mp.isClosed());
    }

    @ParameterizedTest
    @EnumSource(LoadBalancingStrategy.class)
    void everyArgumentIsPassedOnceIncludingNull(LoadBalancingStrategy lbs) {
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        MultiPoolWithFunc<Integer> mp = new MultiPoolWithFunc<>(3, 2, seen::add, lbs,
                PoolOptions.builder().expiryDuration(Duration.ofSeconds(5)).build());
        for (int i = 0; i < 300; i++) {
            mp.invoke(i);
        }
        mp.invoke(null);
        mp.close();
        assertEquals(301, seen.size());
        List<Integer> sorted = new ArrayList<>(seen);
        sorted.remove(null);
        assertEquals(300, sorted.size(), "exactly one null argument");
        Collections.sort(sorted);
        for (int i = 0; i < 300; i++) {
            assertEquals(i, sorted.get(i));
        }
        assertEquals(0, mp.running());
    }
}
