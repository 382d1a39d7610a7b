package dev.ants4j;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A pool whose workers all run one function on the arguments given to {@link #invoke(Object)}:
 * the Java counterpart of ants' {@code PoolWithFunc} and {@code PoolWithFuncGeneric[T]}.
 *
 * <p>Capacity, blocking, overload, expiry, errors and lifecycle behave exactly as in
 * {@link Pool}; see its class comment. {@code null} is a legal argument and is passed through
 * to the function.
 *
 * @param <T> the type of the function's argument
 */
public final class PoolWithFunc<T> implements AutoCloseable {

    private final PoolCore core;

    /**
     * Creates a pool with the default options.
     *
     * @param capacity the most workers alive at once; {@code <= 0} means unlimited
     * @param fn the function every worker runs
     * @throws NullPointerException if {@code fn} is null
     */
    public PoolWithFunc(int capacity, Consumer<? super T> fn) {
        this(capacity, fn, PoolOptions.defaults());
    }

    /**
     * Creates a pool.
     *
     * @param capacity the most workers alive at once; {@code <= 0} means unlimited
     * @param fn the function every worker runs
     * @param options the options
     * @throws NullPointerException if {@code fn} or {@code options} is null
     * @throws IllegalArgumentException if {@code preAlloc} is set and the capacity is unlimited
     */
    public PoolWithFunc(int capacity, Consumer<? super T> fn, PoolOptions options) {
        Objects.requireNonNull(fn, "fn");
        this.core = new PoolCore(capacity, Objects.requireNonNull(options, "options"),
                PoolCore.funcRunner(fn), Ticker.SYSTEM);
    }

    /**
     * Runs the pool's function on {@code arg} on a worker, with the same rules as
     * {@link Pool#submit(Runnable)}.
     *
     * @param arg the argument; may be null
     * @throws PoolClosedException if the pool is closed, or is released while this caller is
     *         blocked
     * @throws PoolOverloadException if no worker is free, the capacity is reached, and the
     *         pool is nonblocking or already has {@code maxBlockingTasks} blocked callers
     * @throws java.util.concurrent.RejectedExecutionException if this caller is interrupted
     *         while blocked, or the thread factory fails to make a worker
     */
    public void invoke(T arg) {
        core.dispatch(PoolCore.maskNull(arg));
    }

    /** @return the number of live workers, busy or idle */
    public int running() {
        return core.running();
    }

    /** @return {@code cap() - running()}, or {@code -1} when unlimited */
    public int free() {
        return core.free();
    }

    /** @return the number of callers blocked right now */
    public int waiting() {
        return core.waiting();
    }

    /** @return arguments accepted into the task queue and not yet started (0 without a queue) */
    public int queued() {
        return core.queued();
    }

    /** @return the capacity, or {@link Pool#UNLIMITED} */
    public int cap() {
        return core.cap();
    }

    /** @return whether the pool has been released and not rebooted */
    public boolean isClosed() {
        return core.isClosed();
    }

    /**
     * Changes the capacity; see {@link Pool#tune(int)}.
     *
     * @param size the new capacity
     */
    public void tune(int size) {
        core.tune(size);
    }

    /** Closes the pool; see {@link Pool#release()}. */
    public void release() {
        core.release();
    }

    /**
     * Releases the pool and waits for its threads; see {@link Pool#releaseTimeout(Duration)}.
     *
     * @param timeout how long to wait
     * @throws TimeoutException if the threads have not all terminated in time
     * @throws PoolClosedException if the pool was already closed
     */
    public void releaseTimeout(Duration timeout) throws TimeoutException {
        core.releaseTimeout(Objects.requireNonNull(timeout, "timeout"));
    }

    /** Reopens a released pool; see {@link Pool#reboot()}. */
    public void reboot() {
        core.reboot();
    }

    /** Releases the pool and waits for its workers; see {@link Pool#close()}. */
    @Override
    public void close() {
        core.close();
    }

    /** @return the engine, for the multipools of this package */
    PoolCore core() {
        return core;
    }

    @Override
    public String toString() {
        return "PoolWithFunc" + core.describe();
    }
}
