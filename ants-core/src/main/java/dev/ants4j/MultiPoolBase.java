package dev.ants4j;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * What {@link MultiPool} and {@link MultiPoolWithFunc} share: the counters, {@code tune} and the
 * lifecycle, each delegated to one {@link MultiPoolCore}. Only how a task is given differs
 * ({@code submit} or {@code invoke}), so that stays in the two public classes. Package-private:
 * its public methods are part of both classes' API.
 */
abstract class MultiPoolBase implements AutoCloseable {

    final MultiPoolCore core;

    MultiPoolBase(MultiPoolCore core) {
        this.core = core;
    }

    /** @return the live workers of all pools, busy or idle */
    public int running() {
        return core.running();
    }

    /** @return the sum of every pool's {@code free()}, or {@code -1} if the pools are unlimited */
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
        return getClass().getSimpleName() + core.describe();
    }
}
