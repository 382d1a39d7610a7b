package dev.ants4j.bench;

import dev.ants4j.LoadBalancingStrategy;
import dev.ants4j.MultiPool;

/**
 * The {@code ANTS_MULTI} executor: ants4j's {@code MultiPool}, shaped as in ants'
 * {@code BenchmarkAntsMultiPool} ({@code NewMultiPool(10, PoolCap/10, RoundRobin)}): up to ten
 * pools sharing the capacity, round robin.
 */
final class MultiPoolExec {

    /** How many pools share the capacity, as in ants' benchmark. */
    static final int POOLS = 10;

    private MultiPoolExec() {}

    /** Null when the kind can be used, else why not. */
    static String unavailableReason() {
        return null;
    }

    static Exec create(int capacity) {
        int pools = Math.max(1, Math.min(POOLS, capacity));
        MultiPool multi = new MultiPool(pools, Math.max(1, capacity / pools),
                LoadBalancingStrategy.ROUND_ROBIN);
        return new Exec() {
            @Override
            public void submit(Runnable task) {
                multi.submit(task);
            }

            @Override
            public void close() {
                multi.close();
            }
        };
    }
}
