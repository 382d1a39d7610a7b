package dev.ants4j;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

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
 * {@link #release()} closes every pool; {@link #releaseTimeout(Duration)} releases every pool at
 * once and then waits for all of their threads within the one timeout; {@link #reboot()}
 * reopens every pool; {@link #close()} releases and waits without a timeout.
 */
public final class MultiPool implements Executor, AutoCloseable {

    private final MultiPoolCore core;

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
        this.core = new MultiPoolCore(size, sizePerPool, lbs, options, PoolCore.RUNNABLE_RUNNER);
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

    /** @return the live workers of all pools, busy or idle */
    public int running() {
        return core.running();
    }

    /** @return the sum of every pool's {@code free()}, or {@code -1} when the pools are unlimited */
    public int free() {
        return core.free();
    }

    /** @return the submitters blocked right now on any pool */
    public int waiting() {
        return core.waiting();
    }

    /** @return the sum of the pools' capacities, or {@code -1} when the pools are unlimited */
    public int cap() {
        return core.cap();
    }

    /**
     * @param index the pool's index, from 0 to {@code size - 1}
     * @return the live workers of that pool
     * @throws IndexOutOfBoundsException if there is no such pool
     */
    public int runningByIndex(int index) {
        return core.runningByIndex(index);
    }

    /**
     * @param index the pool's index, from 0 to {@code size - 1}
     * @return that pool's {@code free()}
     * @throws IndexOutOfBoundsException if there is no such pool
     */
    public int freeByIndex(int index) {
        return core.freeByIndex(index);
    }

    /**
     * @param index the pool's index, from 0 to {@code size - 1}
     * @return the submitters blocked right now on that pool
     * @throws IndexOutOfBoundsException if there is no such pool
     */
    public int waitingByIndex(int index) {
        return core.waitingByIndex(index);
    }

    /**
     * Changes the capacity of every pool to {@code size} (so {@link #cap()} becomes
     * {@code size} times the number of pools), with the rules of {@link Pool#tune(int)}.
     *
     * @param size the new capacity of each pool
     */
    public void tune(int size) {
        core.tune(size);
    }

    /** @return whether the multipool has been released and not rebooted */
    public boolean isClosed() {
        return core.isClosed();
    }

    /**
     * Closes every pool, as {@link Pool#release()} does. Idempotent; does not wait.
     */
    public void release() {
        core.release();
    }

    /**
     * Releases every pool at once, then waits until the worker and sweeper threads of all pools
     * have terminated, all within {@code timeout}.
     *
     * @param timeout how long to wait for all pools together
     * @throws TimeoutException if some pools' threads have not all terminated in time; the
     *         message names those pools by index
     * @throws PoolClosedException if the multipool was already closed
     * @throws NullPointerException if {@code timeout} is null
     */
    public void releaseTimeout(Duration timeout) throws TimeoutException {
        core.releaseTimeout(timeout);
    }

    /**
     * Reopens every pool of a released multipool (no-op when it is open) and restarts the
     * round robin at pool 0. Workers from before the release are never reused.
     */
    public void reboot() {
        core.reboot();
    }

    /**
     * Releases every pool and waits until all their worker threads have terminated, like
     * {@code ExecutorService.close()}. Idempotent.
     */
    @Override
    public void close() {
        core.close();
    }

    /** @return the engine, for tests of this package */
    MultiPoolCore core() {
        return core;
    }

    @Override
    public String toString() {
        return "MultiPool" + core.describe();
    }
}
