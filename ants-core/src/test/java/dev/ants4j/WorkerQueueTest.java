package dev.ants4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * White-box tests of the two idle-worker stores (ports of ants' {@code worker_stack_test.go} and
 * {@code worker_loop_queue_test.go}), driven by a fake clock: every time is an explicit number,
 * so the expiry search is tested without sleeping.
 */
class WorkerQueueTest {

    static Stream<Arguments> stores() {
        return Stream.of(
                Arguments.of("stack", (IntFunction<WorkerQueue>) WorkerStack::new),
                Arguments.of("ring", (IntFunction<WorkerQueue>) WorkerLoopQueue::new));
    }

    private static Worker worker() {
        return new Worker(null, null, new Generation(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void newStoreIsEmpty(String name, IntFunction<WorkerQueue> make) {
        WorkerQueue q = make.apply(10);
        assertEquals(0, q.size());
        assertTrue(q.isEmpty());
        assertNull(q.detach());
        List<Worker> out = new ArrayList<>();
        assertEquals(0, q.refresh(100, out));
        assertTrue(out.isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void detachIsLastInFirstOut(String name, IntFunction<WorkerQueue> make) {
        WorkerQueue q = make.apply(5);
        Worker a = worker();
        Worker b = worker();
        Worker c = worker();
        assertTrue(q.insert(a, 1));
        assertTrue(q.insert(b, 2));
        assertTrue(q.insert(c, 3));
        assertEquals(3, q.size());
        assertSame(c, q.detach(), "most recently used first");
        assertSame(b, q.detach());
        assertTrue(q.insert(c, 4));
        assertSame(c, q.detach());
        assertSame(a, q.detach());
        assertNull(q.detach());
        assertTrue(q.isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void insertStampsLastUsed(String name, IntFunction<WorkerQueue> make) {
        WorkerQueue q = make.apply(2);
        Worker a = worker();
        q.insert(a, 42);
        assertEquals(42, a.lastUsed);
        assertEquals(42, q.stampAt(0));
    }

    /** ants' TestSearch / TestLoopQueueSearch: the expiry search at every boundary. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void refreshRemovesExactlyTheWorkersIdleBeforeTheThreshold(String name,
            IntFunction<WorkerQueue> make) {
        for (int n = 0; n <= 9; n++) {
            for (long threshold = 0; threshold <= 2L * n + 2; threshold++) {
                WorkerQueue q = make.apply(Math.max(n, 1));
                List<Worker> inserted = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Worker w = worker();
                    inserted.add(w);
                    q.insert(w, 2L * i + 1); // stamps 1, 3, 5, ...
                }
                List<Worker> expired = new ArrayList<>();
                int k = q.refresh(threshold, expired);
                int expected = 0;
                while (expected < n && 2L * expected + 1 < threshold) {
                    expected++;
                }
                assertEquals(expected, k, "n=" + n + " threshold=" + threshold);
                assertEquals(inserted.subList(0, expected), expired, "oldest first");
                assertEquals(n - expected, q.size());
                for (int i = n - 1; i >= expected; i--) {
                    assertSame(inserted.get(i), q.detach(), "survivors keep their order");
                }
                assertNull(q.detach());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void refreshIsOverflowSafe(String name, IntFunction<WorkerQueue> make) {
        WorkerQueue q = make.apply(3);
        Worker a = worker();
        Worker b = worker();
        q.insert(a, Long.MAX_VALUE - 5);
        q.insert(b, Long.MAX_VALUE + 5); // wrapped: still "later" than a
        List<Worker> expired = new ArrayList<>();
        assertEquals(1, q.refresh(Long.MAX_VALUE, expired));
        assertEquals(List.of(a), expired);
        assertSame(b, q.detach());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void resetDrainsEverything(String name, IntFunction<WorkerQueue> make) {
        WorkerQueue q = make.apply(4);
        Worker a = worker();
        Worker b = worker();
        q.insert(a, 1);
        q.insert(b, 2);
        List<Worker> out = new ArrayList<>();
        q.reset(out);
        assertEquals(List.of(a, b), out);
        assertTrue(q.isEmpty());
        assertNull(q.detach());
        assertTrue(q.insert(a, 3), "usable after reset");
        assertSame(a, q.detach());
    }

    /** ants' TestLoopQueue / TestRotatedQueueSearch: the ring wraps around and stays ordered. */
    @Test
    void ringWrapsAroundAndRefusesWhenFull() {
        WorkerLoopQueue q = new WorkerLoopQueue(3);
        Worker[] w = {worker(), worker(), worker(), worker(), worker()};
        long t = 0;
        assertTrue(q.insert(w[0], ++t));
        assertTrue(q.insert(w[1], ++t));
        assertTrue(q.insert(w[2], ++t));
        assertTrue(q.isFull());
        assertFalse(q.insert(w[3], t + 1), "a full ring refuses");
        assertEquals(3, q.size());
        // expire the two oldest: head moves forward
        List<Worker> expired = new ArrayList<>();
        assertEquals(2, q.refresh(3, expired));
        assertEquals(List.of(w[0], w[1]), expired);
        // insert past the physical end of the array
        assertTrue(q.insert(w[3], ++t));
        assertTrue(q.insert(w[4], ++t));
        assertTrue(q.isFull());
        assertEquals(t - 2, q.stampAt(0));
        assertEquals(t, q.stampAt(2));
        expired.clear();
        assertEquals(1, q.refresh(t - 1, expired), "binary search across the wrap");
        assertEquals(List.of(w[2]), expired);
        assertSame(w[4], q.detach());
        assertSame(w[3], q.detach());
        assertNull(q.detach());
    }

    @Test
    void ringRejectsNonPositiveCapacity() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new WorkerLoopQueue(0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }

    @Test
    void stackGrowsPastItsInitialCapacity() {
        WorkerStack s = new WorkerStack(1);
        List<Worker> ws = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Worker w = worker();
            ws.add(w);
            s.insert(w, i);
        }
        assertEquals(100, s.size());
        List<Worker> expired = new ArrayList<>();
        assertEquals(50, s.refresh(50, expired));
        assertEquals(ws.subList(0, 50), expired);
        for (int i = 99; i >= 50; i--) {
            assertSame(ws.get(i), s.detach());
        }
    }
}
