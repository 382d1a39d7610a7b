package dev.ants4j.examples;

import dev.ants4j.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The article's error-collection pattern. A pool only bounds how many tasks run at once; it does
 * not (and should not) decide what a task's error means. Tasks that may fail put their error in
 * a queue (Go: a buffered {@code errCh} of 100), and {@code main} reports every error once all
 * tasks have finished.
 *
 * <p>Here {@code doTask(n)} fails for every {@code n} divisible by 7 (15 of the 100 tasks). The
 * {@code task error:} lines come in completion order, after the last task has finished.
 *
 * <p>An exception that a task does not catch is a different matter: it goes to the pool's panic
 * handler ({@code PoolOptions.builder().panicHandler(...)}), which by default logs it; the
 * worker survives either way.
 *
 * <p>Run: {@code java -cp ants-examples/target/ants-examples.jar
 * dev.ants4j.examples.ErrorCollectionDemo} (about 1 s: tasks sleep 100 ms).
 */
public final class ErrorCollectionDemo {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorCollectionDemo.class);

    private ErrorCollectionDemo() {
    }

    /** The error of one failed task. */
    static final class TaskException extends Exception {
        private static final long serialVersionUID = 1L;

        TaskException(String message) {
            super(message);
        }
    }

    /** A task that may fail, like the article's {@code doTask(num) error}. */
    static void doTask(int num) throws TaskException {
        Sleep.millis(100);
        if (num % 7 == 0) {
            throw new TaskException("task " + num + " failed");
        }
    }

    /**
     * Runs 100 tasks on a pool of 10 and reports the errors of those that failed.
     *
     * @param args ignored
     * @throws InterruptedException if the main thread is interrupted while it waits
     */
    public static void main(String[] args) throws InterruptedException {
        final int tasks = 100;
        // room for one error per task, so no task ever blocks on a full queue (Go: make(chan error, 100))
        BlockingQueue<TaskException> errors = new ArrayBlockingQueue<>(tasks);
        CountDownLatch done = new CountDownLatch(tasks);
        try (Pool pool = new Pool(10)) {
            for (int i = 0; i < tasks; i++) {
                final int num = i;
                pool.submit(() -> {
                    try {
                        doTask(num);
                    } catch (TaskException e) {
                        errors.add(e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        List<TaskException> all = new ArrayList<>(errors.size());
        errors.drainTo(all);
        for (TaskException e : all) {
            System.out.println("task error: " + e.getMessage());
        }
        System.out.println("all tasks done");
        LOG.info("{} tasks, {} failed", tasks, all.size());
    }
}
