package dev.ants4j.examples;

import dev.ants4j.Pool;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main demo: the article's ants example in Java. A {@link Pool} of 10 workers runs 100
 * tasks; each prints {@code task: N} and sleeps 500 ms, so the run takes about 5 s (100 / 10
 * rounds of 500 ms). A {@link CountDownLatch} waits for the tasks as Go's {@code sync.WaitGroup}
 * does, and try-with-resources closes the pool (Go: {@code defer pool.Release()}); {@code
 * close()} also waits for the worker threads to end, so the JVM exits at once.
 *
 * <p>{@code submit} blocks while all 10 workers are busy, exactly like ants' default blocking
 * mode: there is no hidden task queue.
 *
 * <p>Run: {@code java -jar ants-examples/target/ants-examples.jar}.
 */
public final class PoolDemo {

    private static final Logger LOG = LoggerFactory.getLogger(PoolDemo.class);

    private PoolDemo() {
    }

    /**
     * Runs 100 tasks on a pool of 10.
     *
     * @param args ignored
     * @throws InterruptedException if the main thread is interrupted while it waits
     */
    public static void main(String[] args) throws InterruptedException {
        final int tasks = 100;
        long start = System.nanoTime();
        CountDownLatch done = new CountDownLatch(tasks);
        try (Pool pool = new Pool(10)) {
            for (int i = 0; i < tasks; i++) {
                final int num = i;
                pool.submit(() -> {
                    try {
                        System.out.println("task: " + num);
                        Sleep.millis(500);
                    } finally {
                        done.countDown(); // Go: defer wg.Done()
                    }
                });
            }
            done.await(); // Go: wg.Wait()
            System.out.println("all tasks done");
            LOG.info("{} tasks on a pool of cap {} in {} ms (running workers now: {})", tasks,
                    pool.cap(), (System.nanoTime() - start) / 1_000_000, pool.running());
        }
    }
}
