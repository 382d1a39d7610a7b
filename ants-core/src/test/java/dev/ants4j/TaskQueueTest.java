package dev.ants4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** White-box tests of {@link TaskQueue}: bounds, FIFO across wrap-around, slot clearing, races. */
@ReliabilitySupport.Reliability
class TaskQueueTest {

    @Test
    void rejectsCapacitiesBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new TaskQueue(0));
        assertThrows(IllegalArgumentException.class, () -> new TaskQueue(-1));
    }

    /** A huge capacity (a user's "unbounded") allocates as it fills, not up front. */
    @Test
    void hugeCapacityGrowsOnDemand() {
        TaskQueue q = new TaskQueue(Integer.MAX_VALUE);
        for (int i = 0; i < 1000; i++) {
            assertTrue(q.offer(i));
        }
        assertEquals(1000, q.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, q.poll());
        }
        assertNull(q.poll());
    }

    @Test
    void holdsExactlyItsCapacityEvenWhenNotAPowerOfTwo() {
        TaskQueue q = new TaskQueue(3); // an array of 4 underneath
        assertTrue(q.offer("a"));
        assertTrue(q.offer("b"));
        assertTrue(q.offer("c"));
        assertTrue(q.isFull());
        assertFalse(q.offer("d"), "a fourth item fits the array but not the capacity");
        assertEquals(3, q.size());
        assertEquals("a", q.poll());
        assertFalse(q.isFull());
        assertTrue(q.offer("d"));
        assertEquals("b", q.poll());
        assertEquals("c", q.poll());
        assertEquals("d", q.poll());
        assertNull(q.poll());
        assertEquals(0, q.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 8, 1000})
    void staysFifoAcrossManyWrapArounds(int capacity) {
        TaskQueue q = new TaskQueue(capacity, 1); // grows from one slot, mid-wrap-around too
        int next = 0;
        int expected = 0;
        // fill and drain by uneven amounts so the head and the tail cross every slot many times
        for (int round = 0; round < 500; round++) {
            int add = 1 + (round * 7) % capacity;
            for (int i = 0; i < add && q.offer(next); i++) {
                next++;
            }
            int take = 1 + (round * 5) % capacity;
            for (int i = 0; i < take; i++) {
                Object o = q.poll();
                if (o == null) {
                    break;
                }
                assertEquals(expected++, o);
            }
            assertEquals(next - expected, q.size());
        }
    }

    @Test
    void takenItemsAreNotKeptReachable() {
        TaskQueue q = new TaskQueue(4);
        List<WeakReference<Object>> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Object task = new Object();
            refs.add(new WeakReference<>(task));
            assertTrue(q.offer(task));
        }
        for (int i = 0; i < 3; i++) {
            q.poll();
        }
        q.clearConsumed(); // what an idle pool does under its lock
        TestSupport.awaitUntil("the taken items to be collected", () -> {
            System.gc();
            return refs.stream().allMatch(r -> r.get() == null);
        });
    }

    @Test
    void offeringClearsTheSlotsOfTakenItems() {
        TaskQueue q = new TaskQueue(2);
        Object first = new Object();
        WeakReference<Object> ref = new WeakReference<>(first);
        assertTrue(q.offer(first));
        first = null;
        q.poll();
        assertTrue(q.offer("next")); // the producer clears below the head as it goes
        TestSupport.awaitUntil("the taken item to be collected", () -> {
            System.gc();
            return ref.get() == null;
        });
        assertEquals("next", q.poll());
    }

    /**
     * One producer (serialised by a lock, as in the pool) and three consumers polling without
     * it: every item is taken exactly once, and each consumer sees its items in FIFO order.
     */
    @Test
    void racingConsumersTakeEveryItemExactlyOnce() throws Exception {
        final int items = 200_000;
        final int consumers = 3;
        TaskQueue q = new TaskQueue(64, 1); // grows while the consumers race
        Object producerLock = new Object();
        AtomicIntegerArray seen = new AtomicIntegerArray(items);
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger orderViolations = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(consumers + 1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                int last = -1;
                while (taken.get() < items) {
                    Object o = q.poll();
                    if (o == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    int v = (Integer) o;
                    if (v <= last) {
                        orderViolations.incrementAndGet();
                    }
                    last = v;
                    seen.incrementAndGet(v);
                    taken.incrementAndGet();
                }
            }, "task-queue-consumer-" + c);
            t.start();
            threads.add(t);
        }
        start.await();
        for (int i = 0; i < items; ) {
            boolean added;
            synchronized (producerLock) {
                added = q.offer(i);
            }
            if (added) {
                i++;
            } else {
                Thread.yield(); // full: let the consumers run
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(items, taken.get());
        for (int i = 0; i < items; i++) {
            assertEquals(1, seen.get(i), "item " + i + " taken " + seen.get(i) + " times");
        }
        assertEquals(0, orderViolations.get(), "a consumer saw items out of FIFO order");
        assertNull(q.poll());
    }
}
