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
     * How many times the spinning idle worker checks its slot, yielding the CPU between checks,
     * before it parks: a hand-off that comes meanwhile costs the submitter no wake-up (10-20 us
     * on a virtual machine). A yield is about 0.25 us when nothing else wants the CPU, so this
     * is a few tens of microseconds when idle, and gives way at once to runnable threads (on
     * two cores, the workers a full pool is waiting for). Busy-spinning with
     * {@code Thread.onSpinWait()} measured worse here on every scenario: it holds a core that
     * the threads it waits for need.
     */
    static final int SPINS = PoolCore.spinSetting("dev.ants4j.workerSpins", 128);

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
     * Waits until a hand-off arrives; clears the slot. The newest idle worker (the top of the
     * LIFO store, the one the next submitter will take) spins for a short while first, so that a
     * busy submitter hands it work without a wake-up; it stops spinning as soon as a newer idle
     * worker displaces it as {@link PoolCore#spinner}, so at most about one worker per pool spins
     * at a time and an idle pool burns no CPU.
     */
    private Object awaitTask() {
        Object o;
        if (SPINS > 0) {
            core.spinner = this;
            for (int i = 1; i <= SPINS; i++) {
                if ((o = slot) != null) {
                    slot = null;
                    return o;
                }
                if (core.spinner != this) {
                    break; // a newer idle worker spins now; it will be taken first
                }
                Thread.yield();
            }
        }
        while ((o = slot) == null) {
            LockSupport.park(this);
            // An idle worker interrupted from outside would otherwise spin on park(); its
            // interrupt status is cleared before its next task anyway.
            Thread.interrupted();
        }
        slot = null;
        return o;
    }
}
