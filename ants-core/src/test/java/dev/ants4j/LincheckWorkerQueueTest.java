package dev.ants4j;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks of the two idle-worker stores, {@link WorkerStack} and {@link WorkerLoopQueue},
 * against a sequential specification ({@link Spec}).
 *
 * <p>The stores are not thread-safe: the pool only touches them under its lock. So each
 * operation here takes one lock, as {@link PoolCore} does, and the pool's clock is modelled by a
 * counter advanced under that lock (a worker becomes idle at "time" = the number of inserts so
 * far), which preserves the stores' precondition that inserts come in time order. The pool's
 * operations on the store map to: {@code insert} = a worker going idle, {@code detach} = a
 * submitter taking the most recently used worker, {@code refresh(age)} = the sweeper retiring
 * workers idle for {@code age} ticks or more (oldest first), {@code reset} = release, and
 * {@code size}. Each result names workers by id, so the checker sees exactly which worker each
 * operation got: a LIFO or expiry-order mistake, a lost or duplicated worker, or a ring
 * wrap-around error is a non-linearizable result.
 *
 * <p>Model checking explores thread interleavings at every lock and shared access; stress mode
 * runs the same scenarios on real threads. Both are sized to finish in seconds.
 */
@ReliabilitySupport.Reliability
class LincheckWorkerQueueTest {

    /** Capacity of the ring under test: small, so scenarios fill it and wrap around. */
    static final int RING_CAPACITY = 3;

    @BeforeAll
    static void lincheckRunsHere() {
        assumeTrue(LincheckSupport.lincheckSupported(), LincheckSupport.SKIP_REASON);
    }

    /** The shared operations; subclasses choose the store and the matching spec. */
    abstract static class LockedStore {
        private final WorkerQueue store;
        private long clock;
        private int nextId;

        LockedStore(WorkerQueue store) {
            this.store = store;
        }

        @Operation
        public synchronized boolean insert() {
            Worker w = new Worker(null, null, new Generation(nextId++)); // its number: an id
            return store.insert(w, ++clock);
        }

        @Operation
        public synchronized int detach() {
            Worker w = store.detach();
            return w == null ? -1 : w.gen.number;
        }

        @Operation
        public synchronized String refresh(@Param(gen = IntGen.class, conf = "0:3") int age) {
            List<Worker> expired = new ArrayList<>();
            int n = store.refresh(clock - age + 1, expired);
            if (n != expired.size()) {
                return "count " + n + " != " + expired.size();
            }
            return ids(expired);
        }

        @Operation(nonParallelGroup = "reset")
        public synchronized String reset() {
            List<Worker> all = new ArrayList<>();
            store.reset(all);
            return ids(all);
        }

        @Operation
        public synchronized int size() {
            return store.size();
        }

        private static String ids(List<Worker> ws) {
            StringBuilder sb = new StringBuilder("[");
            for (Worker w : ws) {
                sb.append(w.gen.number).append(' ');
            }
            return sb.append(']').toString();
        }
    }

    /**
     * The sequential specification: a deque of (id, stamp) pairs, newest at the tail, bounded
     * by {@code capacity} (unbounded for the stack).
     */
    abstract static class Spec {
        private final ArrayDeque<long[]> items = new ArrayDeque<>();
        private final int capacity;
        private long clock;
        private int nextId;

        Spec(int capacity) {
            this.capacity = capacity;
        }

        public boolean insert() {
            int id = nextId++;
            long stamp = ++clock;
            if (items.size() == capacity) {
                return false;
            }
            items.addLast(new long[] {id, stamp});
            return true;
        }

        public int detach() {
            long[] e = items.pollLast();
            return e == null ? -1 : (int) e[0];
        }

        public String refresh(int age) {
            long threshold = clock - age + 1;
            StringBuilder sb = new StringBuilder("[");
            for (Iterator<long[]> it = items.iterator(); it.hasNext(); ) {
                long[] e = it.next();
                if (e[1] < threshold) {
                    sb.append(e[0]).append(' ');
                    it.remove();
                } else {
                    break;
                }
            }
            return sb.append(']').toString();
        }

        public String reset() {
            StringBuilder sb = new StringBuilder("[");
            for (long[] e : items) {
                sb.append(e[0]).append(' ');
            }
            items.clear();
            return sb.append(']').toString();
        }

        public int size() {
            return items.size();
        }
    }

    // Lincheck instantiates these through their public no-arg constructors.

    public static final class StackUnderTest extends LockedStore {
        public StackUnderTest() {
            super(new WorkerStack(1)); // tiny initial array: scenarios exercise growth too
        }
    }

    public static final class StackSpec extends Spec {
        public StackSpec() {
            super(Integer.MAX_VALUE);
        }
    }

    public static final class RingUnderTest extends LockedStore {
        public RingUnderTest() {
            super(new WorkerLoopQueue(RING_CAPACITY));
        }
    }

    public static final class RingSpec extends Spec {
        public RingSpec() {
            super(RING_CAPACITY);
        }
    }

    static ModelCheckingOptions modelChecking(Class<?> spec) {
        return new ModelCheckingOptions()
                .iterations(LincheckSupport.MC_ITERATIONS)
                .invocationsPerIteration(LincheckSupport.MC_INVOCATIONS)
                .threads(3).actorsPerThread(3).actorsBefore(3).actorsAfter(2)
                .sequentialSpecification(spec);
    }

    static StressOptions stress(Class<?> spec) {
        return new StressOptions()
                .iterations(LincheckSupport.STRESS_ITERATIONS)
                .invocationsPerIteration(LincheckSupport.STRESS_INVOCATIONS)
                .threads(3).actorsPerThread(4).actorsBefore(3).actorsAfter(2)
                .sequentialSpecification(spec);
    }

    @Test
    void stackModelChecking() {
        modelChecking(StackSpec.class).check(StackUnderTest.class);
    }

    @Test
    void stackStress() {
        stress(StackSpec.class).check(StackUnderTest.class);
    }

    @Test
    void ringModelChecking() {
        modelChecking(RingSpec.class).check(RingUnderTest.class);
    }

    @Test
    void ringStress() {
        stress(RingSpec.class).check(RingUnderTest.class);
    }
}
