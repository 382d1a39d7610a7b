package dev.ants4j;

import java.util.concurrent.locks.LockSupport;

/**
 * One worker thread's loop and its hand-off slot: ants' {@code goWorker}, merged with the
 * function variants (the {@link PoolCore.Runner} decides how an item runs).
 *
 * <h2>Life of a worker</h2>
 * Started by {@link PoolCore} with its first item. It runs the item, then asks the core for the
 * next one ({@link PoolCore#nextTask}): a queued task, the task of a blocked submitter, or
 * nothing, in which case the core has pushed this worker onto the idle store and the worker
 * waits on its {@link #slot} until a submitter hands it a task or the core hands it
 * {@link #STOP}. It exits on {@code STOP} or when {@code nextTask} says so.
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>{@link #slot}: written non-null by exactly one thread per idle period, the one that
 *       removed this worker from the idle store under the core's lock (a submitter, the sweeper,
 *       {@code release} or {@code tune}); that removal is what makes the writer exclusive. The
 *       write is volatile, so the task and everything the submitter did before submitting
 *       happen-before the worker reads it. Only the worker clears it; that clear is ordered
 *       before the next hand-off by the lock the worker takes to become idle again.</li>
 *   <li>{@link #thread}: written by the worker itself at the top of {@link #run} and read by
 *       hand-off writers, who can only reach this worker through the idle store, which the
 *       worker entered under the lock after that write.</li>
 *   <li>{@link #lastUsed} and {@link #retired}: guarded by the core's lock.</li>
 * </ul>
 */
final class Worker implements Runnable {

    /** The stop signal put in {@link #slot}; {@code null} cannot be one (it is a legal arg). */
    static final Object STOP = new Object();

    /**
     * How many times a hot spinning idle worker checks its slot, yielding the CPU between
     * checks, before it parks (see {@link #awaitTask}); 0 on one CPU.
     */
    static final int SPINS = PoolCore.spinSetting("dev.ants4j.workerSpins", 128);
    /** Busy spins of a cold worker before it parks (about 1 us). */
    static final int COLD_SPINS = Math.min(SPINS, 64);
    /**
     * An idle spell shorter than this makes a worker hot (see {@link #awaitTask}). Measured
     * trade-off: 2 ms made ants' batch at capacity 1,000 about 13% faster and an idle pool's
     * next hand-off ten times slower (p50 5 us to 51 us), so the default favours latency.
     */
    static final long HOT_NANOS = Long.getLong("dev.ants4j.hotNanos", 100_000L);
    /**
     * How many of the newest idle workers spin (see {@link #awaitTask}). Measured on ants'
     * batch at capacity 1,000 (with the busy-pool rule): 1 spinner 1.60 s, 4 about 1.45 s,
     * 16 and 64 about 1.30-1.45 s per batch.
     */
    static final int SPINNING_WORKERS = Math.max(1,
            Integer.getInteger("dev.ants4j.spinningWorkers", 16));

    final PoolCore core;
    /** The core's generation when this worker started; a released pool's workers never return. */
    final int generation;

    /** The thread running this worker; see the class comment. */
    Thread thread;
    /** When this worker last became idle ({@link Ticker} time); guarded by the core's lock. */
    long lastUsed;
    /** Whether the core no longer counts this worker in {@code running}; guarded by the lock. */
    boolean retired;
    /**
     * Set by the spawner just before {@code Thread.start()} (which orders it before {@link #run});
     * a thread that a factory started on its own finds it unset and leaves at once.
     */
    boolean permitted;
    /** This worker's absolute position in the idle store ({@link PoolCore#idleTop}); lock. */
    int idlePos;
    /** Whether the pool was busy when this one went idle ({@link PoolCore#BUSY_WORKERS}); lock. */
    boolean busyPool;

    /** Whether the pool looked busy at this worker's last hand-off; worker thread only. */
    private boolean hot;
    private Object first;
    private volatile Object slot;

    Worker(PoolCore core, Object first, int generation) {
        this.core = core;
        this.first = first;
        this.generation = generation;
    }

    /**
     * Gives this idle worker its next item (or {@link #STOP}) and wakes it. Called only by the
     * thread that removed the worker from the idle store.
     */
    void handOff(Object item) {
        slot = item;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        if (!permitted) {
            return; // started by the thread factory itself: the spawner has rolled back
        }
        thread = Thread.currentThread();
        Object item = first;
        first = null;
        boolean normalExit = false;
        try {
            while (item != STOP) {
                core.runItem(item);
                item = core.nextTask(this);
                if (item == null) {
                    item = awaitTask();
                }
            }
            normalExit = true;
        } finally {
            if (!normalExit) {
                core.workerDied(this);
            }
        }
    }

    /**
     * Waits until a hand-off arrives; clears the slot.
     *
     * <p>The newest idle workers (the top of the LIFO store, the ones the next submitters take)
     * spin for a while first, so that a busy submitter hands them work without a wake-up (a
     * futex wake costs the submitter 10-20 us on a virtual machine). A worker stops spinning
     * once {@link #SPINNING_WORKERS} newer idle workers lie above it ({@code PoolCore.idleTop},
     * read without the lock), so a pool never has more spinning idle workers than that. How it
     * spins depends on whether the pool is hot:
     * <ul>
     *   <li><b>hot</b> (this worker's last idle spell was shorter than {@link #HOT_NANOS}, or
     *       at least half the pool's workers, or {@link PoolCore#BUSY_WORKERS} of them, were
     *       busy when it went idle, so a submitter is likely to want it soon): up to
     *       {@link #SPINS} {@code Thread.yield()}s, a few tens of microseconds when the CPU
     *       is free, and at once out of the way of runnable
     *       threads, which on two cores are the very workers a busy pool waits for.
     *       Busy-spinning instead halved throughput. The busy-pool rule is what keeps ants'
     *       batch at capacity 1,000 from settling into one futex wake per task: there,
     *       workers finish faster than one submitter can wake parked ones, so without it
     *       most idle workers parked before they were reached (1.6 s a batch; 1.3 s with
     *       it).</li>
     *   <li><b>cold</b>: a short {@code onSpinWait()} spin, then park. On Linux a thread that
     *       has just called {@code sched_yield} and then parks is woken tens of microseconds
     *       late (measured: p50 3 us to 47 us for the next hand-off), so an idle pool must not
     *       yield before it parks, or every first task after a pause pays that.</li>
     * </ul>
     */
    private Object awaitTask() {
        Object o;
        if (SPINS > 0) {
            boolean yield = hot || busyPool;
            int spins = yield ? SPINS : COLD_SPINS;
            for (int i = 0; i < spins; i++) {
                if ((o = slot) != null) {
                    slot = null;
                    hot = true;
                    return o;
                }
                if (core.idleTop - idlePos > SPINNING_WORKERS) {
                    break; // buried: the next hand-offs go to the newer idle workers above
                }
                if (yield) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
        }
        while ((o = slot) == null) {
            LockSupport.park(this);
            // An idle worker interrupted from outside would otherwise spin on park(); its
            // interrupt status is cleared before its next task anyway.
            Thread.interrupted();
        }
        slot = null;
        hot = core.now() - lastUsed < HOT_NANOS; // lastUsed: this worker's own stamp
        return o;
    }
}
