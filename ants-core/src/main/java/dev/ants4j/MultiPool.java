package dev.ants4j;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * {@code size} independent {@link Pool}s of {@code sizePerPool} workers each, behind one
 * {@code submit}: the Java counterpart of ants' {@code MultiPool}. Each pool has its own lock, so
 * many submitters contend on several locks instead of one; a {@link LoadBalancingStrategy}
 * picks the pool for each task.
 *
 * <pre>{@code
 * try (MultiPool mp = new MultiPool(4, 100, LoadBalancingStrategy.LEAST_TASKS)) {
 *     for (Request r : requests) {
 *         mp.submit(() -> handle(r));
 *     }
 * } // close(): releases every pool and waits for their workers
 * }</pre>
 *
 * <p>Every pool is built with the same {@link PoolOptions} and behaves as a {@link Pool} does
 * (blocking, nonblocking, task queue, expiry, panic handler). {@code sizePerPool <= 0} makes
 * every pool unlimited; {@link #cap()} and {@link #free()} are then {@link Pool#UNLIMITED}.
 * The sums ({@link #running()}, {@link #cap()}, ...) are read pool by pool without a common
 * lock, so under concurrent use they are a moment's estimate; they saturate at
 * {@link Integer#MAX_VALUE}.
 *
 * <h2>Lifecycle</h2>
 * {@link #release()} closes every pool; {@link #releaseTimeout(java.time.Duration)} releases
 * every pool at once and then waits for all of their threads within the one timeout;
 * {@link #reboot()} reopens every pool; {@link #close()} releases and waits without a timeout.
 */
public final class MultiPool extends MultiPoolBase implements Executor, AutoCloseable {

    /**
     * Creates a multipool with the default options.
     *
     * @param size how many pools; positive
     * @param sizePerPool the capacity of each pool; {@code <= 0} means unlimited
     * @param lbs how a pool is picked for each task
     * @throws IllegalArgumentException if {@code size <= 0}
     * @throws NullPointerException if {@code lbs} is null
     */
    public MultiPool(int size, int sizePerPool, LoadBalancingStrategy lbs) {
        this(size, sizePerPool, lbs, PoolOptions.defaults());
    }

    /**
     * Creates a multipool whose pools all use {@code options}.
     *
     * @param size how many pools; positive
     * @param sizePerPool the capacity of each pool; {@code <= 0} means unlimited
     * @param lbs how a pool is picked for each task
     * @param options the options of every pool
     * @throws IllegalArgumentException if {@code size <= 0}, or {@code preAlloc} is set and
     *         {@code sizePerPool <= 0}
     * @throws NullPointerException if {@code lbs} or {@code options} is null
     */
    public MultiPool(int size, int sizePerPool, LoadBalancingStrategy lbs, PoolOptions options) {
        super(new MultiPoolCore(size, sizePerPool, lbs, options, PoolCore.RUNNABLE_RUNNER));
    }

    /**
     * Runs {@code task} on a worker of the pool picked by the load-balancing strategy, with the
     * rules of {@link Pool#submit(Runnable)}. If that pool refuses it with
     * {@link PoolOverloadException}, the task is tried once more on the least loaded of the
     * other pools.
     *
     * @param task the task
     * @throws NullPointerException if {@code task} is null
     * @throws PoolClosedException if the multipool is closed, or is released while this
     *         submitter is blocked
     * @throws PoolOverloadException if both the picked pool and the least loaded other pool
     *         refuse the task (with one pool: if it refuses)
     * @throws java.util.concurrent.RejectedExecutionException if this submitter is interrupted
     *         while blocked (its interrupt status stays set and the task does not run), or the
     *         thread factory fails to make a worker
     */
    public void submit(Runnable task) {
        core.dispatch(Objects.requireNonNull(task, "task"));
    }

    /**
     * Same as {@link #submit(Runnable)}.
     *
     * @param command the task
     */
    @Override
    public void execute(Runnable command) {
        submit(command);
    }
}
