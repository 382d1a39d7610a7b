package dev.ants4j.examples;

import dev.ants4j.LoadBalancingStrategy;
import dev.ants4j.MultiPool;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serves a burst of simulated requests with a {@link MultiPool} of 4 pools and prints how the
 * load was spread: the per-pool counts right after the burst was submitted, and how many
 * requests each pool handled.
 *
 * <p>Run it from the repository root (arguments: request count, strategy):
 * <pre>
 * mvn -B -q -pl ants-examples -am compile
 * M=~/.m2/repository
 * java -cp ants-core/target/classes:ants-examples/target/classes:\
 * $M/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar:\
 * $M/ch/qos/logback/logback-classic/1.5.18/logback-classic-1.5.18.jar:\
 * $M/ch/qos/logback/logback-core/1.5.18/logback-core-1.5.18.jar \
 *     dev.ants4j.examples.MultiPoolDemo 2000 LEAST_TASKS
 * </pre>
 */
public final class MultiPoolDemo {

    private static final int POOLS = 4;
    private static final int WORKERS_PER_POOL = 16;

    private MultiPoolDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args optional: the number of requests (default 2000) and the strategy
     *        ({@code ROUND_ROBIN}, the default, or {@code LEAST_TASKS})
     * @throws Exception if the pools do not shut down in time
     */
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        LoadBalancingStrategy lbs = args.length > 1
                ? LoadBalancingStrategy.valueOf(args[1]) : LoadBalancingStrategy.ROUND_ROBIN;

        // Worker threads are named ants-<pool id>-worker-<n>: count the requests by pool id.
        Map<Integer, LongAdder> handledByPool = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(requests);

        try (MultiPool mp = new MultiPool(POOLS, WORKERS_PER_POOL, lbs)) {
            System.out.printf("%d requests on %d pools x %d workers, %s%n", requests, POOLS,
                    WORKERS_PER_POOL, lbs);
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                int request = i;
                mp.submit(() -> { // blocks while all 64 workers are busy
                    try {
                        handle(request);
                    } finally {
                        handledByPool.computeIfAbsent(poolOf(Thread.currentThread()),
                                k -> new LongAdder()).increment();
                        done.countDown();
                    }
                });
            }
            System.out.println("right after the burst was submitted:");
            for (int p = 0; p < POOLS; p++) {
                System.out.printf("  pool %d: running=%2d free=%2d waiting=%d%n", p,
                        mp.runningByIndex(p), mp.freeByIndex(p), mp.waitingByIndex(p));
            }
            done.await();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            System.out.printf("all %d requests handled in %d ms; per pool:%n", requests, millis);
            int index = 0; // pools get ascending ids in index order
            for (Map.Entry<Integer, LongAdder> e : new TreeMap<>(handledByPool).entrySet()) {
                System.out.printf("  pool %d (threads ants-%d-worker-*): %d requests%n",
                        index++, e.getKey(), e.getValue().sum());
            }
            System.out.printf("total running=%d cap=%d; releasing...%n", mp.running(), mp.cap());
            mp.releaseTimeout(Duration.ofSeconds(10));
            System.out.println("released, running=" + mp.running());
        }
    }

    /** A request: a short, uneven wait, as for a call to a downstream service. */
    private static void handle(int request) {
        try {
            Thread.sleep(1 + (request * 7919L + ThreadLocalRandom.current().nextInt(3)) % 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code ants-7-worker-3} -> 7: the pool id in a default worker thread's name. */
    private static int poolOf(Thread t) {
        String name = t.getName();
        int end = name.indexOf("-worker-");
        if (!name.startsWith("ants-") || end < 0) {
            return -1;
        }
        return Integer.parseInt(name.substring("ants-".length(), end));
    }
}
