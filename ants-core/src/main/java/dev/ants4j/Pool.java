package dev.ants4j;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * A worker pool that bounds how many tasks run at once and recycles idle worker threads: the Java
 * counterpart of ants' {@code ants.Pool}.
 *
 * <h2>What {@code submit} does</h2>
 * A task is handed directly to an idle worker, the most recently used one first (idle workers
 * live in a LIFO stack, or with {@link PoolOptions.Builder#preAlloc(boolean) preAlloc} in a ring
 * buffer allocated up front). If no worker is idle and fewer than {@link #cap()} workers are
 * alive, a new worker thread is started with the task. Otherwise:
 * <ul>
 *   <li>with a {@linkplain PoolOptions.Builder#queueCapacity(int) task queue} that has room, the
 *       task is queued and a worker takes it before it goes idle;</li>
 *   <li>in {@linkplain PoolOptions.Builder#nonblocking(boolean) nonblocking} mode, or when
 *       {@linkplain PoolOptions.Builder#maxBlockingTasks(int) maxBlockingTasks} submitters are
 *       already blocked, {@link PoolOverloadException} is thrown;</li>
 *   <li>otherwise the submitter blocks until a worker frees up: the first worker to finish takes
 *       the blocked submitter's task (blocked submitters are served first come, first served).</li>
 * </ul>
 * There is no task queue by default: as in ants, a task is accepted only when a worker takes it.
 *
 * <h2>Idle workers</h2>
 * A sweeper thread (a daemon, one per pool) runs every
 * {@linkplain PoolOptions.Builder#expiryDuration(Duration) expiry duration} and stops the workers
 * that have been idle longer than that, so an idle pool costs no threads. Worker threads are
 * non-daemon platform threads named {@code ants-<pool#>-worker-<n>} unless a
 * {@linkplain PoolOptions.Builder#threadFactory thread factory} says otherwise.
 *
 * <h2>Errors</h2>
 * A task that throws does not kill its worker: the throwable goes to the
 * {@linkplain PoolOptions.Builder#panicHandler panic handler} (by default, logged at ERROR with
 * its stack trace), and the worker's interrupt status is cleared before its next task.
 *
 * <h2>Lifecycle</h2>
 * {@link #release()} closes the pool; {@link #releaseTimeout(Duration)} and {@link #close()} also
 * wait for every worker thread to terminate; {@link #reboot()} reopens a released pool with fresh
 * workers.
 *
 * <p>A task that submits to its own pool and blocks can deadlock when every worker does the
 * same (each waits for a worker that only it could free). Use a nonblocking pool, an unlimited
 * one, a task queue, or another pool for nested work.
 */
public final class Pool implements Executor, AutoCloseable {

    /** The value of {@link #cap()} and {@link #free()} for a pool with unlimited capacity. */
    public static final int UNLIMITED = -1;

    private final PoolCore core;

    /**
     * Creates a pool with the default options.
     *
     * @param capacity the most workers alive at once; {@code <= 0} means unlimited
     */
    public Pool(int capacity) {
        this(capacity, PoolOptions.defaults());
    }

    /**
     * Creates a pool.
     *
     * @param capacity the most workers alive at once; {@code <= 0} means unlimited
     * @param options the options
     * @throws NullPointerException if {@code options} is null
     * @throws IllegalArgumentException if {@code preAlloc} is set and the capacity is unlimited
     */
    public Pool(int capacity, PoolOptions options) {
        this.core = new PoolCore(capacity, Objects.requireNonNull(options, "options"),
                PoolCore.RUNNABLE_RUNNER, Ticker.SYSTEM);
    }

    /**
     * Runs {@code task} on a worker of this pool, as described in the class comment.
     *
     * @param task the task
     * @throws NullPointerException if {@code task} is null
     * @throws PoolClosedException if the pool is closed, or is released while this submitter
     *         is blocked
     * @throws PoolOverloadException if no worker is free, the capacity is reached, and the
     *         pool is nonblocking or already has {@code maxBlockingTasks} blocked submitters
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

    /** @return the number of live workers, busy or idle */
    public int running() {
        return core.running();
    }

    /** @return {@code cap() - running()}, or {@code -1} when unlimited */
    public int free() {
        return core.free();
    }

    /** @return the number of submitters blocked right now */
    public int waiting() {
        return core.waiting();
    }

    /** @return tasks accepted into the task queue and not yet started (0 without a queue) */
    public int queued() {
        return core.queued();
    }

    /** @return the capacity, or {@link #UNLIMITED} */
    public int cap() {
        return core.cap();
    }

    /** @return whether the pool has been released and not rebooted */
    public boolean isClosed() {
        return core.isClosed();
    }

    /**
     * Changes the capacity. Ignored when the pool is unlimited, {@code size <= 0},
     * {@code size == cap()}, or the pool is pre-allocated. Growing wakes blocked submitters at
     * once; shrinking lets surplus workers exit after their current task.
     *
     * @param size the new capacity
     */
    public void tune(int size) {
        core.tune(size);
    }

    /**
     * Closes the pool: new submits fail with {@link PoolClosedException}, idle workers stop,
     * busy workers finish their current task (they are not interrupted) and stop, and blocked
     * submitters get {@link PoolClosedException}. Tasks already accepted into the task queue
     * still run. Idempotent; does not wait.
     */
    public void release() {
        core.release();
    }

    /**
     * Releases the pool, then waits until every worker thread and the sweeper thread have
     * terminated.
     *
     * @param timeout how long to wait
     * @throws TimeoutException if the threads have not all terminated in time
     * @throws PoolClosedException if the pool was already closed
     * @throws NullPointerException if {@code timeout} is null
     */
    public void releaseTimeout(Duration timeout) throws TimeoutException {
        core.releaseTimeout(Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Reopens a released pool (no-op when it is open). Workers from before the release are
     * never reused.
     */
    public void reboot() {
        core.reboot();
    }

    /**
     * Releases the pool and waits until every worker thread has terminated, like
     * {@code ExecutorService.close()}. Idempotent. Called from one of this pool's own workers,
     * it releases and does not wait for that worker.
     */
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
        return "Pool" + core.describe();
    }
}
