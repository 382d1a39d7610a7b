package dev.ants4j;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide default pool and ants' package-level functions ({@code ants.Submit},
 * {@code ants.Running}, ...): for code that just wants to run tasks on a shared, self-trimming
 * pool without owning one.
 *
 * <pre>{@code
 * Ants.submit(() -> handle(request));
 * }</pre>
 *
 * <p>The default pool is created on first use (of any method of this class), exactly once even
 * when many threads race to use it, with capacity {@link Integer#MAX_VALUE} and otherwise the
 * {@linkplain PoolOptions#defaults() default options}: idle workers expire after one second.
 *
 * <h2>Daemon workers</h2>
 * Unlike a {@link Pool} you build yourself, the default pool's workers are <em>daemon</em>
 * threads named {@code ants-default-worker-<n>}, as in {@link
 * java.util.concurrent.ForkJoinPool#commonPool()} (and as goroutines in Go, which end with
 * {@code main}): the default pool never keeps the JVM alive, whether its workers are idle or
 * busy. A task still running when the last non-daemon thread ends is cut off; to wait for the
 * tasks, call {@link #releaseTimeout(Duration)} (or {@code defaultPool().close()}) before
 * leaving {@code main}.
 *
 * <p>The pool is shared by the whole process: releasing it affects every user of this class
 * until someone calls {@link #reboot()}.
 */
public final class Ants {

    /** The capacity of the default pool, as ants' {@code DefaultAntsPoolSize}. */
    public static final int DEFAULT_POOL_SIZE = Integer.MAX_VALUE;

    private Ants() {
    }

    /**
     * Lazy, thread-safe creation by the JVM's class initialisation (the holder idiom): the pool
     * is built when {@code Holder} is first touched, once, and published safely to every thread.
     */
    private static final class Holder {
        static final Pool POOL = new Pool(DEFAULT_POOL_SIZE,
                PoolOptions.builder().threadFactory(new DaemonFactory()).build());
    }

    /** Makes the default pool's daemon worker threads. */
    private static final class DaemonFactory implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "ants-default-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /**
     * Returns the default pool, creating it on first use.
     *
     * @return the process-wide default pool
     */
    public static Pool defaultPool() {
        return Holder.POOL;
    }

    /**
     * Submits {@code task} to the default pool ({@code ants.Submit}); see
     * {@link Pool#submit(Runnable)}.
     *
     * @param task the task
     * @throws NullPointerException if {@code task} is null
     * @throws PoolClosedException if the default pool has been released and not rebooted
     */
    public static void submit(Runnable task) {
        Holder.POOL.submit(task);
    }

    /** @return the live workers of the default pool, busy or idle ({@code ants.Running}) */
    public static int running() {
        return Holder.POOL.running();
    }

    /** @return the capacity of the default pool, {@link #DEFAULT_POOL_SIZE} ({@code ants.Cap}) */
    public static int cap() {
        return Holder.POOL.cap();
    }

    /** @return {@code cap() - running()} of the default pool ({@code ants.Free}) */
    public static int free() {
        return Holder.POOL.free();
    }

    /** Releases the default pool ({@code ants.Release}); see {@link Pool#release()}. */
    public static void release() {
        Holder.POOL.release();
    }

    /**
     * Releases the default pool and waits for its threads ({@code ants.ReleaseTimeout}); see
     * {@link Pool#releaseTimeout(Duration)}.
     *
     * @param timeout how long to wait
     * @throws TimeoutException if the threads have not all terminated in time
     * @throws PoolClosedException if the default pool was already closed
     * @throws NullPointerException if {@code timeout} is null
     */
    public static void releaseTimeout(Duration timeout) throws TimeoutException {
        Holder.POOL.releaseTimeout(timeout);
    }

    /** Reopens a released default pool ({@code ants.Reboot}); no-op when it is open. */
    public static void reboot() {
        Holder.POOL.reboot();
    }
}
