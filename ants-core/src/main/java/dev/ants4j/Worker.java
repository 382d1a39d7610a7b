package dev.ants4j;

import java.util.concurrent.locks.LockSupport;

/**
 * One worker thread's loop and its hand-off slot: ants' {@code goWorker}, merged with the
 * function variants (the {@link PoolCore.Runner} decides how an item runs).
 *
 * <h2>Life of a worker</h2>
 * Started by {@link PoolCore} with its first item (a drainer, without one, starts at the
 * next step). It runs the item, then asks the core for the
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
    /**
     * Busy checks ({@code onSpinWait}, about 27 ns each on this project's AMD EPYC machine:
     * 1.7 us) that an idle worker makes before it yields or parks (see {@link #awaitTask});
     * 0 on one CPU.
     */
    static final int BUSY_SPINS = PoolCore.spinSetting("dev.ants4j.workerBusySpins", 64);
    /** A hot worker whose busy checks missed tries them again once per this many idle spells. */
    static final int PROBE_EVERY = 8;
    /**
     * An idle spell shorter than this makes a worker hot (see {@link #awaitTask}). Measured
     * trade-off: 2 ms made ants' batch at capacity 1,000 about 13% faster and an idle pool's
     * next hand-off ten times slower (p50 5 us to 51 us), so the default favours latency.
     */
    static final long HOT_NANOS = Long.getLong("dev.ants4j.hotNanos", 100_000L);
    /**
     * How many of the newest idle workers spin while {@link PoolCore#BUSY_WORKERS} or more
     * tasks are in flight (see {@link #awaitTask}; with fewer, only the newest one spins).
     * Measured on ants' batch at capacity 1,000 (with the busy-pool rule): 1 spinner 1.60 s,
     * 4 about 1.45 s, 16 and 64 about 1.30-1.45 s per batch.
     */
    static final int SPINNING_WORKERS = Math.max(1,
            Integer.getInteger("dev.ants4j.spinningWorkers", 16));

    final PoolCore core;
    /**
     * The generation its slot was reserved in; once that generation is released, this worker
     * only finishes its task and the tasks queued before the release, and never goes idle.
     */
    final Generation gen;

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
    /**
     * This idle worker stops spinning once this many newer idle workers lie above it: {@link
     * #SPINNING_WORKERS} if {@link PoolCore#BUSY_WORKERS} or more tasks were in flight when it
     * went idle, else 1 (only the newest idle worker spins). Worker thread only: set in
     * {@link PoolCore#nextTask} as this worker goes idle, read in {@link #awaitTask}.
     */
    int spinDepth;

    /**
     * Whether its last idle spell was short ({@link #HOT_NANOS}) or ended while it spun;
     * worker thread only.
     */
    private boolean hot;
    /** Whether its last busy checks caught a hand-off; worker thread only. */
    private boolean quick;
    /** Idle spells of this worker, to time its busy-check probes; worker thread only. */
    private int idleSpells;
    private Object first;
    private volatile Object slot;

    /**
     * @param first the worker's first item, or null for a drainer: a worker started for tasks
     *        already queued ({@link PoolCore#reserveDrainers}), which begins with {@link
     *        PoolCore#nextTask}
     */
    Worker(PoolCore core, Object first, Generation gen) {
        this.core = core;
        this.first = first;
        this.gen = gen;
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
            if (item == null) { // a drainer: no item of its own
                item = core.nextTask(this);
                if (item == null) {
                    item = awaitTask();
                }
            }
            while (item != STOP) {
                core.runItem(item);
                item = core.nextTask(this);
                if (item == null) {
                    item = awaitTask();
                }
            }
            // a status the last task left set must not outlive the loop: code a thread factory
            // runs after this worker (a wrapper's finally) would see it
            Thread.interrupted();
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
     * <p>A futex wake costs the submitter 10-20 us on a virtual machine, so an idle worker
     * spins before it parks, in two steps:
     * <ol>
     *   <li>An idle worker first checks its slot {@link #BUSY_SPINS} times with
     *       {@code onSpinWait()} (about 2 us): a submitter handing out tiny tasks reaches it
     *       within that. The busy checks come first because a yield costs a busy pool dearly on
     *       Linux 6.6 and later (EEVDF), where {@code sched_yield} sends the caller to the back
     *       of the run queue, so a hand-off that arrives just after it waits for every other
     *       runnable thread. Measured on Linux 6.18, JDK 25, JMH {@code TinyTaskBench},
     *       2 forks (capacity 2 and 16, 1 and 4 submitters): 3.3 / 3.7 / 1.6 / 2.7 M tasks/s
     *       yielding at once, 3.8 / 3.6 / 2.0 / 3.5 M with busy checks before every yield
     *       phase. A hot worker skips them while they do not pay ({@link #quick} is false: its
     *       last busy checks missed), but tries them again every {@link #PROBE_EVERY} idle
     *       spells, so a pool whose tasks just got shorter finds its way back. In a pool of
     *       slow tasks (ants' batch) the hand-off rarely comes within 2 us, and 64 failed busy
     *       checks per idle spell of 1,000 workers cost CPU the sleeping tasks' wake-ups
     *       need.</li>
     *   <li>A <b>hot</b> worker then yields up to {@link #SPINS} times, checking between
     *       yields. Hot means a submitter is likely to want it soon: its last idle spell was
     *       shorter than {@link #HOT_NANOS}, or it was caught spinning, or at least half the
     *       pool's workers (or {@link PoolCore#BUSY_WORKERS} of them) were busy when it went
     *       idle. Yielding, not busy-spinning, because on two cores the runnable threads are
     *       the very workers a busy pool waits for (busy-spinning here halved throughput). The
     *       busy-pool rule is what keeps ants' batch at capacity 1,000 from settling into one
     *       futex wake per task: there, workers finish faster than one submitter can wake
     *       parked ones, so without it most idle workers parked before they were reached
     *       (1.6 s a batch; 1.3 s with it). Only the newest idle workers yield-spin: a worker
     *       stops once {@link #spinDepth} newer idle workers lie above it in the LIFO store
     *       ({@code PoolCore.idleTop}, read without the lock), since the next hand-offs go to
     *       those. That is {@link #SPINNING_WORKERS} while {@link PoolCore#BUSY_WORKERS} or more
     *       tasks are in flight, and 1 otherwise: in a small pool a yield hands the CPU to a
     *       waiting thread but leaves the yielder runnable, so a second spinning worker takes CPU
     *       share from the submitter and the newest worker for hand-offs that the newest one
     *       catches (2 CPUs, 1 submitter, capacity 2: the submitter holds one CPU and the two
     *       workers time-share the other). Measured on JMH {@code TinyTaskBench}, medians of
     *       interleaved forks, capacity 2 / 16 with 1 and 4 submitters: 2.85 / 3.32 / 2.37 /
     *       1.50 M tasks/s with 16 spinners, 3.57 / 3.16 / 2.65 / 2.75 M with 1 on JDK 25
     *       (12 forks each); 1.77 / 1.64 / 1.45 / 3.55 M and 3.39 / 3.35 / 3.41 / 3.62 M on
     *       JDK 17 (6 forks each).</li>
     * </ol>
     * A cold worker (an idle pool) parks right after the busy checks: on Linux a thread that has
     * just called {@code sched_yield} and then parks is woken tens of microseconds late
     * (measured: p50 3 us to 47 us for the next hand-off), so an idle pool must not yield
     * before it parks, or every first task after a pause pays that.
     */
    private Object awaitTask() {
        Object o;
        boolean yield = hot || busyPool;
        // a hot worker busy-checks only while that pays: it caught the last hand-off that way,
        // or one idle spell in PROBE_EVERY probes whether it would again
        if (!yield || quick || (++idleSpells & (PROBE_EVERY - 1)) == 0) {
            for (int i = 0; i < BUSY_SPINS; i++) {
                if ((o = slot) != null) {
                    quick = true;
                    return served(o, true);
                }
                Thread.onSpinWait();
            }
            quick = false;
        }
        if (yield) {
            for (int i = 0; i < SPINS; i++) {
                if ((o = slot) != null) {
                    return served(o, true);
                }
                if (core.idleTop - idlePos > spinDepth) {
                    break; // buried: the next hand-offs go to the newer idle workers above
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
        return served(o, false);
    }

    /**
     * Clears the slot after the hand-off of {@code o} and notes how long this worker was idle;
     * {@code spun}: it was caught while spinning, which keeps it hot.
     */
    private Object served(Object o, boolean spun) {
        slot = null;
        hot = spun || core.now() - lastUsed < HOT_NANOS; // lastUsed: this worker's own stamp
        return o;
    }
}
