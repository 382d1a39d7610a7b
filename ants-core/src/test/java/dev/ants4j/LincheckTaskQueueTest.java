package dev.ants4j;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks of {@link TaskQueue}, the pool's task queue, against a bounded FIFO.
 *
 * <p>As in the pool, producers are serialised by one lock ({@code offer} and
 * {@code clearConsumed} take it here, as {@link PoolCore} calls them only under its lock) while
 * {@code poll} takes no lock at all: it is the lock-free path of a worker taking its next task.
 * A capacity of 3, over an array that starts with one slot and doubles to 4, makes short
 * scenarios grow the array while consumers read it, fill the queue, wrap around the ring and
 * reuse slots, where a consumer that read a slot just before the producer overwrote it would
 * return a wrong or duplicated item (a non-linearizable result). {@code size} is left out: it is
 * a snapshot the pool uses only as a hint.
 */
@ReliabilitySupport.Reliability
class LincheckTaskQueueTest {

    static final int CAPACITY = 3;

    @BeforeAll
    static void lincheckRunsHere() {
        assumeTrue(LincheckSupport.lincheckSupported(), LincheckSupport.SKIP_REASON);
    }

    public static final class QueueUnderTest {
        private final TaskQueue queue = new TaskQueue(CAPACITY, 1); // grows 1 -> 2 -> 4
        private final Object producerLock = new Object();

        @Operation
        public boolean offer(@Param(gen = IntGen.class, conf = "1:9") int v) {
            synchronized (producerLock) {
                return queue.offer(v);
            }
        }

        @Operation
        public Object poll() {
            return queue.poll();
        }

        @Operation
        public void clearConsumed() {
            synchronized (producerLock) {
                queue.clearConsumed();
            }
        }
    }

    public static final class Spec {
        private final ArrayDeque<Integer> items = new ArrayDeque<>();

        public boolean offer(int v) {
            if (items.size() == CAPACITY) {
                return false;
            }
            items.addLast(v);
            return true;
        }

        public Object poll() {
            return items.pollFirst();
        }

        public void clearConsumed() {
        }
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions()
                .iterations(LincheckSupport.MC_ITERATIONS)
                .invocationsPerIteration(LincheckSupport.MC_INVOCATIONS)
                .threads(3).actorsPerThread(3).actorsBefore(4).actorsAfter(2)
                .sequentialSpecification(Spec.class)
                .check(QueueUnderTest.class);
    }

    @Test
    void stress() {
        new StressOptions()
                .iterations(LincheckSupport.STRESS_ITERATIONS)
                .invocationsPerIteration(LincheckSupport.STRESS_INVOCATIONS)
                .threads(3).actorsPerThread(4).actorsBefore(4).actorsAfter(2)
                .sequentialSpecification(Spec.class)
                .check(QueueUnderTest.class);
    }
}
