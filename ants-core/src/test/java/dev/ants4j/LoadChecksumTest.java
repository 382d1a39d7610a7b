package dev.ants4j;

import static dev.ants4j.ReliabilitySupport.joinAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Load with an exact checksum: {@value #TASKS} tasks from {@value #SUBMITTERS} submitters into
 * a capacity of {@value #CAPACITY}, against every pool variant.
 *
 * <p>Pass criterion, per variant: every task ran exactly once (a per-id ledger, and the sum of
 * the ids equals n(n+1)/2), the number of tasks running at the same instant never exceeded the
 * capacity, and after close() the pool reports running() == 0 and waiting() == 0.
 *
 * <p>To add a pool kind (e.g. MultiPool), add one line to {@link #variants()}: a name and a
 * function from the per-task body to a {@link Target}.
 */
@ReliabilitySupport.Reliability
class LoadChecksumTest {

    static final int TASKS = 10_000;
    static final int SUBMITTERS = 4;
    static final int CAPACITY = 8;

    /** The surface of a pool that the load test drives: submit an id, read counters, close. */
    record Target(IntConsumer submit, IntSupplier running, IntSupplier waiting,
            AutoCloseable closer) {

        static Target of(Pool p, IntConsumer body) {
            return new Target(id -> p.submit(() -> body.accept(id)), p::running, p::waiting, p);
        }

        static Target of(PoolWithFunc<Integer> p) {
            return new Target(p::invoke, p::running, p::waiting, p);
        }

        static Target of(MultiPool p, IntConsumer body) {
            return new Target(id -> p.submit(() -> body.accept(id)), p::running, p::waiting, p);
        }

        static Target of(MultiPoolWithFunc<Integer> p) {
            return new Target(p::invoke, p::running, p::waiting, p);
        }
    }

    /** A named way to build a {@link Target} of capacity {@link #CAPACITY} around a task body. */
    record Variant(String name, Function<IntConsumer, Target> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static PoolOptions ring() {
        return PoolOptions.builder().preAlloc(true).build();
    }

    static Stream<Variant> variants() {
        return Stream.of(
                new Variant("Pool/stack", b -> Target.of(new Pool(CAPACITY), b)),
                new Variant("Pool/ring", b -> Target.of(new Pool(CAPACITY, ring()), b)),
                new Variant("PoolWithFunc/stack",
                        b -> Target.of(new PoolWithFunc<Integer>(CAPACITY, b::accept))),
                new Variant("PoolWithFunc/ring",
                        b -> Target.of(new PoolWithFunc<Integer>(CAPACITY, b::accept, ring()))),
                new Variant("Pool/queue16", b -> Target.of(new Pool(CAPACITY,
                        PoolOptions.builder().queueCapacity(16).build()), b)),
                // 2 pools x CAPACITY/2 keeps the total bound at CAPACITY
                new Variant("MultiPool/roundRobin", b -> Target.of(new MultiPool(2,
                        CAPACITY / 2, LoadBalancingStrategy.ROUND_ROBIN), b)),
                new Variant("MultiPoolWithFunc/leastTasks",
                        b -> Target.of(new MultiPoolWithFunc<Integer>(2, CAPACITY / 2, b::accept,
                                LoadBalancingStrategy.LEAST_TASKS))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void tenThousandTasksExactChecksumAndBoundedConcurrency(Variant variant) throws Exception {
        ReliabilitySupport.Gauge gauge = new ReliabilitySupport.Gauge();
        ReliabilitySupport.ExactlyOnce ledger = new ReliabilitySupport.ExactlyOnce(TASKS);
        LongAdder sum = new LongAdder();
        Target target = variant.make().apply(id -> {
            gauge.enter();
            try {
                ledger.ran(id);
                sum.add(id + 1L);
                // uneven work, and every 8th task sleeps briefly, so that on 2 cores too the
                // tasks overlap up to the capacity and submitters block (variation, not sync)
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                if ((id & 7) == 0) {
                    LockSupport.parkNanos(20_000);
                }
                for (int i = rnd.nextInt(64); i > 0; i--) {
                    Thread.onSpinWait();
                }
            } finally {
                gauge.exit();
            }
        });
        ReliabilitySupport.Failures failures = new ReliabilitySupport.Failures();
        List<Thread> submitters = new ArrayList<>();
        for (int s = 0; s < SUBMITTERS; s++) {
            int first = s;
            submitters.add(failures.start("submitter-" + s, () -> {
                for (int id = first; id < TASKS; id += SUBMITTERS) {
                    target.submit().accept(id);
                }
            }));
        }
        joinAll(submitters);
        target.closer().close(); // waits for every worker: all accepted tasks have finished
        failures.rethrow();

        BitSet all = new BitSet(TASKS);
        all.set(0, TASKS);
        ledger.assertExactlyOnce(all);
        assertEquals((long) TASKS * (TASKS + 1) / 2, sum.sum(), "checksum");
        assertTrue(gauge.max() <= CAPACITY,
                "at most " + CAPACITY + " tasks at once, saw " + gauge.max());
        assertTrue(gauge.max() >= 1);
        assertEquals(0, target.running().getAsInt(), "running() after close");
        assertEquals(0, target.waiting().getAsInt(), "waiting() after close");
        ReliabilitySupport.report("load " + variant + ": " + TASKS + " tasks, max concurrent "
                + gauge.max() + " of " + CAPACITY);
    }
}
