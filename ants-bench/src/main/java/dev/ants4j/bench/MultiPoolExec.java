package dev.ants4j.bench;

/**
 * The {@code ANTS_MULTI} executor: ants4j's {@code MultiPool}, shaped as in ants'
 * {@code BenchmarkAntsMultiPool} ({@code NewMultiPool(10, PoolCap/10, RoundRobin)}): up to ten
 * pools sharing the capacity, round robin.
 *
 * <p>TODO(lead): {@code MultiPool} is not on the {@code bench} branch yet. After merging it,
 * replace the body of {@link #create} with the commented code and make
 * {@link #unavailableReason()} return null; nothing else needs to change.
 */
final class MultiPoolExec {

    /** How many pools share the capacity, as in ants' benchmark. */
    static final int POOLS = 10;

    private MultiPoolExec() {}

    /** Null when the kind can be used, else why not. */
    static String unavailableReason() {
        return "MultiPool is not wired into the benchmarks yet (see MultiPoolExec)";
    }

    static Exec create(int capacity) {
        // int pools = Math.max(1, Math.min(POOLS, capacity));
        // dev.ants4j.MultiPool multi = new dev.ants4j.MultiPool(
        //         pools, Math.max(1, capacity / pools), dev.ants4j.LoadBalancingStrategy.ROUND_ROBIN);
        // return new Exec() {
        //     @Override public void submit(Runnable task) { multi.submit(task); }
        //     @Override public void close() { multi.close(); }
        // };
        throw new UnsupportedOperationException(unavailableReason() + "; capacity " + capacity);
    }
}
