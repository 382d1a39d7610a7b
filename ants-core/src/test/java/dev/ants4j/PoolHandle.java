package dev.ants4j;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * One test-side face over {@link Pool} and {@link PoolWithFunc}, so that a single behavioural
 * suite runs against every {@link PoolVariant}. A {@code PoolWithFunc} is driven as a
 * {@code PoolWithFunc<Runnable>} whose function runs its argument, so {@link #submit} goes through
 * {@code invoke}.
 *
 * <p>Every submitted task is wrapped to remember the worker thread that ran it, which lets tests
 * check that workers are reused or never reused, and that every worker thread has ended. The
 * set of seen threads is concurrent; the pool prefix is written once (racy but idempotent).
 */
abstract class PoolHandle {

    final PoolVariant variant;
    /** Every worker thread that ran at least one task of this handle. */
    final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    /** {@code ants-<id>-}, learned from the first default-named worker; null until then. */
    private volatile String prefix;

    PoolHandle(PoolVariant variant) {
        this.variant = variant;
    }

    /** Submits {@code task} through the pool's own entry point (submit or invoke). */
    final void submit(Runnable task) {
        submitRaw(() -> {
            Thread me = Thread.currentThread();
            if (workers.add(me) && prefix == null) {
                prefix = TestSupport.poolPrefixOf(me.getName());
            }
            task.run();
        });
    }

    /**
     * Submits {@code task}, retrying while a nonblocking pool is overloaded; for blocking
     * variants this is plain {@link #submit}. Fails after {@link TestSupport#TIMEOUT}.
     */
    final void submitEventually(Runnable task) {
        long deadline = System.nanoTime() + TestSupport.TIMEOUT.toNanos();
        for (;;) {
            try {
                submit(task);
                return;
            } catch (PoolOverloadException e) {
                if (!variant.nonblocking || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.yield();
            }
        }
    }

    abstract void submitRaw(Runnable task);

    abstract int running();

    abstract int free();

    abstract int waiting();

    abstract int queued();

    abstract int cap();

    abstract boolean isClosed();

    abstract void tune(int size);

    abstract void release();

    abstract void releaseTimeout(Duration timeout) throws TimeoutException;

    abstract void reboot();

    abstract void close();

    /** The {@code ants-<id>-} prefix, once a default-named worker has run a task. */
    String prefix() {
        return prefix;
    }

    /** Releases the pool if open, then checks that none of its threads is still alive. */
    void shutdownAndCheck(Duration timeout) throws TimeoutException {
        if (!isClosed()) {
            releaseTimeout(timeout);
        }
        TestSupport.awaitUntil("every worker thread of " + this + " has ended",
                () -> workers.stream().noneMatch(Thread::isAlive), timeout);
        String p = prefix;
        if (p != null) {
            TestSupport.awaitUntil("no thread named " + p + "* is alive",
                    () -> TestSupport.liveThreadsWithPrefix(p).isEmpty(), timeout);
        }
    }

    /** Live threads among the workers seen so far. */
    List<Thread> liveWorkers() {
        return workers.stream().filter(Thread::isAlive).toList();
    }

    static PoolHandle of(PoolVariant variant, Pool pool) {
        return new PoolHandle(variant) {
            @Override void submitRaw(Runnable task) { pool.submit(task); }
            @Override int running() { return pool.running(); }
            @Override int free() { return pool.free(); }
            @Override int waiting() { return pool.waiting(); }
            @Override int queued() { return pool.queued(); }
            @Override int cap() { return pool.cap(); }
            @Override boolean isClosed() { return pool.isClosed(); }
            @Override void tune(int size) { pool.tune(size); }
            @Override void release() { pool.release(); }
            @Override void releaseTimeout(Duration t) throws TimeoutException {
                pool.releaseTimeout(t);
            }
            @Override void reboot() { pool.reboot(); }
            @Override void close() { pool.close(); }
            @Override public String toString() { return variant + ":" + pool; }
        };
    }

    static PoolHandle of(PoolVariant variant, PoolWithFunc<Runnable> pool) {
        return new PoolHandle(variant) {
            @Override void submitRaw(Runnable task) { pool.invoke(task); }
            @Override int running() { return pool.running(); }
            @Override int free() { return pool.free(); }
            @Override int waiting() { return pool.waiting(); }
            @Override int queued() { return pool.queued(); }
            @Override int cap() { return pool.cap(); }
            @Override boolean isClosed() { return pool.isClosed(); }
            @Override void tune(int size) { pool.tune(size); }
            @Override void release() { pool.release(); }
            @Override void releaseTimeout(Duration t) throws TimeoutException {
                pool.releaseTimeout(t);
            }
            @Override void reboot() { pool.reboot(); }
            @Override void close() { pool.close(); }
            @Override public String toString() { return variant + ":" + pool; }
        };
    }
}
