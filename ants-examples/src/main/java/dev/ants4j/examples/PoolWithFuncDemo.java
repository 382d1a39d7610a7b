package dev.ants4j.examples;

import dev.ants4j.PoolWithFunc;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PoolDemo} with a {@link PoolWithFunc}: every worker runs the same function, and the
 * caller passes only the argument ({@code invoke(i)}), as with ants' {@code NewPoolWithFunc}.
 * 100 arguments, 10 workers, 500 ms each: about 5 s.
 *
 * <p>Run: {@code java -cp ants-examples/target/ants-examples.jar
 * dev.ants4j.examples.PoolWithFuncDemo}.
 */
public final class PoolWithFuncDemo {

    private static final Logger LOG = LoggerFactory.getLogger(PoolWithFuncDemo.class);

    private PoolWithFuncDemo() {
    }

    /**
     * Runs the function on 100 arguments with a pool of 10.
     *
     * @param args ignored
     * @throws InterruptedException if the main thread is interrupted while it waits
     */
    public static void main(String[] args) throws InterruptedException {
        final int tasks = 100;
        long start = System.nanoTime();
        CountDownLatch done = new CountDownLatch(tasks);
        try (PoolWithFunc<Integer> pool = new PoolWithFunc<>(10, num -> {
            try {
                System.out.println("task: " + num);
                Sleep.millis(500);
            } finally {
                done.countDown();
            }
        })) {
            for (int i = 0; i < tasks; i++) {
                pool.invoke(i);
            }
            done.await();
            System.out.println("all tasks done");
            LOG.info("{} invocations on a pool of cap {} in {} ms", tasks, pool.cap(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }
}
