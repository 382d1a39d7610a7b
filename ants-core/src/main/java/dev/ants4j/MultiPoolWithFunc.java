package dev.ants4j;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@code size} independent {@link PoolWithFunc}s of {@code sizePerPool} workers each, all running
 * one function, behind one {@code invoke}: the Java counterpart of ants' {@code MultiPoolWithFunc}
 * and {@code MultiPoolWithFuncGeneric[T]}. Each pool has its own lock, so many callers contend on
 * several locks instead of one; a {@link LoadBalancingStrategy} picks the pool for each argument.
 *
 * <pre>{@code
 * try (MultiPoolWithFunc<Request> mp =
 *         new MultiPoolWithFunc<>(4, 100, this::handle, LoadBalancingStrategy.ROUND_ROBIN)) {
 *     for (Request r : requests) {
 *         mp.invoke(r);
 *     }
 * }
 * }</pre>
 *
 * <p>Everything else (options, sums, lifecycle) is as in {@link MultiPool}; {@code null} is a
 * legal argument and is passed through to the function.
 *
 * @param <T> the type of the function's argument
 */
public final class MultiPoolWithFunc<T> implements AutoCloseable {

    private final MultiPoolCore core;

    /**
     * Creates a multipool with the default options.
     *
     * @param size how many pools; positive
     * @param sizePerPool the capacity of each pool; {@code <= 0} means unlimited
     * @param fn the function every worker runs
     * @param lbs how a pool is picked for each argument
     * @throws IllegalArgumentException if {@code size <= 0}
     * @throws NullPointerException if {@code fn} or {@code lbs} is null
     */
    public MultiPoolWithFunc(int size, int sizePerPool, Consumer<? super T> fn,
            LoadBalancingStrategy lbs) {
        this(size, sizePerPool, fn, lbs, PoolOptions.defaults());
    }

    /**
     * Creates a multipool whose pools all use {@code options}.
     *
     * @param size how many pools; positive
     * @param sizePerPool the capacity of each pool; {@code <= 0} means unlimited
     * @param fn the function every worker runs
     * @param lbs how a pool is picked for each argument
     * @param options the options of every pool
     * @throws IllegalArgumentException if {@code size <= 0}, or {@code preAlloc} is set and
     *         {@code sizePerPool <= 0}
     * @throws NullPointerException if {@code fn}, {@code lbs} or {@code options} is null
     */
    public MultiPoolWithFunc(int size, int sizePerPool, Consumer<? super T> fn,
            LoadBalancingStrategy lbs, PoolOptions options) {
        Objects.requireNonNull(fn, "fn");
        this.core = new MultiPoolCore(size, sizePerPool, lbs, options, PoolCore.funcRunner(fn));
    }

    /**
     * Runs the function on {@code arg} on a worker of the pool picked by the load-balancing
     * strategy, with the rules of {@link PoolWithFunc#invoke(Object)}. If that pool refuses it
     * with {@link PoolOverloadException}, the argument is tried once more on the least loaded of
     * the other pools.
     *
     * @param arg the argument; may be null
     * @throws PoolClosedException if the multipool is closed, or is released while this caller
     *         is blocked
     * @throws PoolOverloadException if both the picked pool and the least loaded other pool
     *         refuse the argument (with one pool: if it refuses)
     * @throws java.util.concurrent.RejectedExecutionException if this caller is interrupted
     *         while blocked (its interrupt status stays set and the function does not run), or
     *         the thread factory fails to make a worker
     */
    public void invoke(T arg) {
        core.dispatch(PoolCore.maskNull(arg));
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
        return "MultiPoolWithFunc" + core.describe();
    }
}
