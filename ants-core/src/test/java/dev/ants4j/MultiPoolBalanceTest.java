package dev.ants4j;

import static dev.ants4j.MultiPoolTest.TIMEOUT;
import static dev.ants4j.MultiPoolTest.await;
import static dev.ants4j.MultiPoolTest.awaitTrue;
import static dev.ants4j.MultiPoolTest.busy;
import static dev.ants4j.MultiPoolTest.submitPinned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How a {@link MultiPool} spreads tasks: even spread under round robin with concurrent
 * submitters, overload only when every pool is full, and least tasks measured on busy workers
 * (not on running ones, as in ants). Every task is pinned on a latch, so the counts are exact.
 */
class MultiPoolBalanceTest {

    /** Round robin with 4 concurrent submitters: no pool gets more than one task above the mean. */
    @Test
    void roundRobinSpreadsEvenlyUnderConcurrentSubmitters() throws Exception {
        int size = 4;
        int submitters = 4;
        int perSubmitter = 25; // 100 tasks, mean 25 per pool
        MultiPool mp = new MultiPool(size, 100, LoadBalancingStrategy.ROUND_ROBIN);
        CountDownLatch gate = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(submitters);
        List<Thread> threads = new ArrayList<>();
        try {
            for (int s = 0; s < submitters; s++) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < perSubmitter; i++) {
                            mp.submit(() -> await(gate));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join(TIMEOUT.toMillis());
                assertFalse(t.isAlive(), "submitter finished");
            }
            assertTrue(failures.isEmpty(), () -> "submitters failed: " + failures);
            int total = submitters * perSubmitter;
            assertEquals(total, mp.running());
            double mean = (double) total / size;
            for (int i = 0; i < size; i++) {
                int n = mp.runningByIndex(i);
                assertTrue(n <= mean + 1 && n >= mean - 1, "pool " + i + " has " + n
                        + " tasks, mean " + mean);
            }
        } finally {
            gate.countDown();
            mp.close();
        }
    }

    /** Least tasks, one submitter: every pool ends within one task of the mean. */
    @Test
    void leastTasksSpreadsEvenly() {
        int size = 4;
        int total = 90; // mean 22.5
        MultiPool mp = new MultiPool(size, 100, LoadBalancingStrategy.LEAST_TASKS);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            for (int i = 0; i < total; i++) {
                mp.submit(() -> await(gate));
            }
            for (int i = 0; i < size; i++) {
                int n = mp.runningByIndex(i);
                assertTrue(n == 22 || n == 23, "pool " + i + " has " + n + " tasks");
            }
        } finally {
            gate.countDown();
            mp.close();
        }
    }

    /**
     * A nonblocking multipool refuses a task only when every pool is full: after one pool's
     * tasks end, exactly that pool's capacity is accepted again, wherever the round robin
     * points, and the next task overloads.
     */
    @ParameterizedTest
    @EnumSource(LoadBalancingStrategy.class)
    void nonblockingOverloadsOnlyWhenEveryPoolIsFull(LoadBalancingStrategy lbs) {
        int size = 3;
        int perPool = 2;
        MultiPool mp = new MultiPool(size, perPool, lbs,
                PoolOptions.builder().nonblocking(true).build());
        CountDownLatch[] gates = new CountDownLatch[size];
        try {
            for (int i = 0; i < size; i++) {
                gates[i] = new CountDownLatch(1);
            }
            // fill every pool; each task is pinned on the gate of the pool that took it
            for (int t = 0; t < size * perPool; t++) {
                CountDownLatch pending = new CountDownLatch(1);
                CountDownLatch[] holder = new CountDownLatch[1];
                int pool = submitPinnedOnOwnGate(mp, gates, pending, holder);
                assertTrue(pool >= 0);
            }
            for (int i = 0; i < size; i++) {
                assertEquals(perPool, mp.runningByIndex(i));
                assertEquals(perPool, busy(mp, i));
            }
            assertThrows(PoolOverloadException.class, () -> mp.submit(() -> { }));

            for (int round = 0; round < 2; round++) {
                for (int p = 0; p < size; p++) {
                    final int freed = p;
                    gates[p].countDown(); // the tasks of pool p end
                    gates[p] = new CountDownLatch(1);
                    awaitTrue(() -> busy(mp, freed) == 0, "pool " + freed + " is idle");
                    for (int k = 0; k < perPool; k++) {
                        int pool = submitPinned(mp, gates[p]);
                        assertEquals(p, pool, "the task went to the only pool with room");
                    }
                    assertThrows(PoolOverloadException.class, () -> mp.submit(() -> { }),
                            "every pool is full again");
                    assertEquals(size * perPool, mp.running());
                }
            }
        } finally {
            for (CountDownLatch g : gates) {
                if (g != null) {
                    g.countDown();
                }
            }
            mp.close();
        }
    }

    /**
     * Submits a task that waits on the gate of whichever pool takes it (known only after the
     * submit returns, so the task first waits for {@code pending}).
     */
    private static int submitPinnedOnOwnGate(MultiPool mp, CountDownLatch[] gates,
            CountDownLatch pending, CountDownLatch[] holder) {
        int n = mp.core().size();
        int[] before = new int[n];
        for (int i = 0; i < n; i++) {
            before[i] = busy(mp, i);
        }
        mp.submit(() -> {
            await(pending);
            await(holder[0]);
        });
        for (int i = 0; i < n; i++) {
            if (busy(mp, i) == before[i] + 1) {
                holder[0] = gates[i];
                pending.countDown(); // publishes holder[0] to the task
                return i;
            }
        }
        throw new AssertionError("no pool's busy count went up: " + mp);
    }

    /**
     * The case where ants' measure (running workers) balances badly: every pool is at its
     * capacity, the first pools' workers are busy and the last pool's are idle. The running
     * counts are all equal, so ants may pick a busy pool and block there; ants4j picks the pool
     * with idle workers, so blocking submits return at once and reuse those workers.
     */
    @Test
    void leastTasksPicksThePoolWithIdleWorkersNotTheOneWithFewestRunning() throws Exception {
        int size = 4;
        int perPool = 3;
        MultiPool mp = new MultiPool(size, perPool, LoadBalancingStrategy.LEAST_TASKS);
        CountDownLatch[] gates = new CountDownLatch[size];
        CountDownLatch later = new CountDownLatch(1);
        try {
            for (int i = 0; i < size; i++) {
                gates[i] = new CountDownLatch(1);
            }
            for (int t = 0; t < size * perPool; t++) {
                int pool = submitPinnedOnOwnGate(mp, gates, new CountDownLatch(1),
                        new CountDownLatch[1]);
                assertTrue(pool >= 0);
            }
            for (int i = 0; i < size; i++) {
                assertEquals(perPool, mp.runningByIndex(i), "every pool is at its capacity");
            }
            int warm = size - 1;
            gates[warm].countDown();
            awaitTrue(() -> busy(mp, warm) == 0, "pool " + warm + "'s workers are idle");
            assertEquals(size * perPool, mp.running(), "idle workers still count as running");
            Thread submitter = new Thread(() -> {
                for (int k = 0; k < perPool; k++) {
                    mp.submit(() -> await(later));
                }
            });
            submitter.start();
            submitter.join(TIMEOUT.toMillis());
            assertFalse(submitter.isAlive(), "a LEAST_TASKS submit blocked on a busy pool");
            assertEquals(perPool, busy(mp, warm));
            assertEquals(perPool, mp.runningByIndex(warm), "the idle workers were reused");
            assertEquals(0, mp.waiting());
        } finally {
            for (CountDownLatch g : gates) {
                if (g != null) {
                    g.countDown();
                }
            }
            later.countDown();
            mp.close();
        }
    }
}
