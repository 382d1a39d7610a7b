package dev.ants4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Phaser;
import java.util.concurrent.SynchronousQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The article's hand-written pool, in Java: the baseline that ants4j replaces.
 *
 * <p>A fixed set of {@code workerNum} threads take tasks from a hand-off channel (a
 * {@link SynchronousQueue}, Go's unbuffered {@code chan Task}), so at most {@code workerNum}
 * tasks run at once and {@code submit} blocks while all of them are busy. A {@link Phaser} plays
 * the part of Go's {@code sync.WaitGroup}: {@code submit} registers a party, a finished task
 * deregisters it, and {@code await} waits until every submitted task has finished. Closing the
 * channel becomes one stop signal per worker.
 *
 * <p>Compared with {@link PoolDemo}: the threads exist for the pool's whole life (no expiry of
 * idle workers), the capacity cannot change, there is no nonblocking mode, and a task that
 * throws is only logged here because the loop catches it.
 *
 * <p>Run: {@code java -cp ants-examples/target/ants-examples.jar
 * dev.ants4j.examples.HandWrittenPoolDemo} (about 5 s: 100 tasks of 500 ms on 10 threads).
 */
public final class HandWrittenPoolDemo {

    private static final Logger LOG = LoggerFactory.getLogger(HandWrittenPoolDemo.class);

    private HandWrittenPoolDemo() {
    }

    /**
     * A fixed-size pool of threads fed through a hand-off queue.
     *
     * <p>Invariants: at most {@code workerNum} tasks run at once (one per thread); every task
     * accepted by {@link #submit} is registered with {@link #pending} before it is handed off
     * and deregistered after it ran, so {@link #await} returns only when all of them finished.
     */
    static final class HandWrittenPool {

        /** Put once per worker by {@link #await} to end its loop (Go: {@code close(taskChan)}). */
        private static final Runnable STOP = () -> { };

        private final int workerNum;
        private final SynchronousQueue<Runnable> taskChan = new SynchronousQueue<>();
        /** One party for the owner plus one per task submitted and not yet finished. */
        private final Phaser pending = new Phaser(1);
        private final List<Thread> workers = new ArrayList<>();

        HandWrittenPool(int workerNum) {
            if (workerNum <= 0) {
                throw new IllegalArgumentException("workerNum must be positive: " + workerNum);
            }
            this.workerNum = workerNum;
        }

        /** Starts the worker threads (Go: {@code Start}). */
        void start() {
            for (int i = 0; i < workerNum; i++) {
                Thread t = new Thread(this::work, "hand-written-worker-" + i);
                workers.add(t);
                t.start();
            }
        }

        private void work() {
            for (;;) {
                Runnable task;
                try {
                    task = taskChan.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (task == STOP) {
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("a task failed", e);
                } finally {
                    pending.arriveAndDeregister(); // Go: wg.Done()
                }
            }
        }

        /** Hands {@code task} to a free worker, blocking until one takes it. */
        void submit(Runnable task) throws InterruptedException {
            pending.register(); // Go: wg.Add(1)
            try {
                taskChan.put(task);
            } catch (InterruptedException e) {
                pending.arriveAndDeregister(); // the task was never handed off
                throw e;
            }
        }

        /** Waits for every submitted task, then stops the workers (Go: {@code Wait}). */
        void await() throws InterruptedException {
            pending.arriveAndAwaitAdvance();
            for (int i = 0; i < workerNum; i++) {
                taskChan.put(STOP);
            }
            for (Thread t : workers) {
                t.join();
            }
        }
    }

    /**
     * Runs 100 tasks on a hand-written pool of 10 threads.
     *
     * @param args ignored
     * @throws InterruptedException if the main thread is interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        long start = System.nanoTime();
        HandWrittenPool pool = new HandWrittenPool(10);
        pool.start();
        for (int i = 0; i < 100; i++) {
            final int num = i;
            pool.submit(() -> {
                System.out.println("task: " + num);
                Sleep.millis(500);
            });
        }
        pool.await();
        System.out.println("all tasks done");
        LOG.info("hand-written pool: 100 tasks on 10 threads in {} ms",
                (System.nanoTime() - start) / 1_000_000);
    }
}
