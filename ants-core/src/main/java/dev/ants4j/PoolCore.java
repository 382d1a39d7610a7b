package dev.ants4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The engine behind {@link Pool} and {@link PoolWithFunc}: capacity, counters, the idle workers,
 * the blocked submitters, the optional task queue and the lifecycle (ants' {@code poolCommon}).
 *
 * <h2>Concurrency</h2>
 * One {@link ReentrantLock}, {@link #lock}, guards all mutable state below except where a field
 * says otherwise. It is held only for short, allocation-free bookkeeping: never while a task
 * runs, a thread is made or started, or a thread is woken on the hot path. The fields that the
 * public getters read ({@link #running}, {@link #capacity}, {@link #waitingCount},
 * {@link #state}) are volatile so that a getter needs no lock; they are still written only under
 * the lock.
 *
 * <p>The exception is the task queue ({@link TaskQueue}): only lock holders add to it, but
 * workers take from it without the lock, so under the lock its size can only shrink.
 *
 * <p>Invariants, true whenever the lock is free:
 * <ol>
 *   <li>{@code running} = workers reserved or started and not yet retired; it is raised before
 *       a worker is made (so two racing submitters can never both take the last slot) and
 *       {@code running <= capacity} except transiently after {@code tune} shrinks.</li>
 *   <li>Idle workers exist only if no submitter waits and the task queue is empty: a worker
 *       that finishes serves the queue, then waiters, and goes idle only when it finds both
 *       empty under the lock; a submitter queues or waits only when no worker is idle. (Workers
 *       taking queued tasks without the lock only make the queue shorter.) So purging idle
 *       workers can never strand a waiter (ants' lost-wakeup hazard). A non-empty queue always
 *       has counted workers that will drain it: it fills only while the pool is full, and
 *       whenever a slot frees while tasks are queued - a spawn that failed, a worker that
 *       died or retired after a release, {@code tune} growing - {@link #reserveDrainers} starts
 *       workers for them.</li>
 *   <li>A worker reaches a submitter only by being removed from {@link #idle}; whoever removes
 *       it owns its hand-off slot (see {@link Worker}).</li>
 * </ol>
 *
 * <h2>Hot path</h2>
 * A wake-up (futex wake of a parked thread) costs 10-20 us on a virtual machine, more than the
 * rest of a hand-off together, so the paths are built to avoid them and to allocate nothing:
 * <ul>
 *   <li>{@code submit} to a pool with an idle worker: lock, pop the newest idle worker, unlock,
 *       volatile write of its slot, unpark. The newest idle workers are usually still spinning
 *       ({@link Worker#awaitTask}), so the unpark is no system call.</li>
 *   <li>{@code submit} to a full pool: the submitter links its thread's reusable {@link Waiter}
 *       and waits; the first finishing worker takes the waiter's task and runs it without ever
 *       going idle, then unparks the submitter (in a pool of at most {@link
 *       #SPIN_MAX_WORKERS} workers usually still spinning, so no system call; in a larger one
 *       parked, since there the CPU the spin would take is worth more). One wake-up at most
 *       per task, on the worker's side.</li>
 *   <li>A worker after each task: lock, then queue, waiter or idle store, unlock. It reads the
 *       clock only when it goes idle (the stamp the sweeper's binary search uses).</li>
 *   <li>With a queue, a worker takes its next queued task with one CAS and no lock, so while a
 *       backlog lasts workers never contend with submitters for the lock (under the lock,
 *       JFR counted about 60,000 lock parks per 4 million tiny tasks at capacity 16).</li>
 *   <li>A submitter blocked on a full queue is let in once the queue has drained to half, so
 *       it is woken once per half a queue rather than once per task.</li>
 * </ul>
 *
 * <h2>Lifecycle</h2>
 * {@code OPEN -> CLOSED} by {@link #release}; {@code CLOSED -> OPEN} by {@link #reboot}. A
 * release starts a new {@link Generation}; a worker of an older one never goes idle again and
 * takes only the tasks queued before its generation's release, so a rebooted pool never reuses
 * it. Those tasks still run, on it or on any later worker: an accepted task is never dropped.
 */
final class PoolCore {

    /** How a worker runs one item. */
    interface Runner {
        void run(Object item);
    }

    static final Runner RUNNABLE_RUNNER = item -> ((Runnable) item).run();

    /** Stands for a {@code null} argument of {@link PoolWithFunc#invoke}. */
    private static final Object NULL_ARG = new Object();

    static Object maskNull(Object arg) {
        return arg == null ? NULL_ARG : arg;
    }

    @SuppressWarnings("unchecked")
    static <T> Runner funcRunner(Consumer<? super T> fn) {
        return item -> fn.accept(item == NULL_ARG ? null : (T) item);
    }

    static int spinSetting(String property, int defaultSpins) {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return 0; // spinning on one core only delays the thread we wait for
        }
        return Math.max(0, Integer.getInteger(property, defaultSpins));
    }

    private static final AtomicInteger POOL_IDS = new AtomicInteger();
    /**
     * How many blocked submitters, counted from the head of the line, spin before parking: the
     * ones a finishing worker serves next, so serving them costs the worker no futex wake. One
     * per CPU: the spin is a busy one ({@link Waiter#SPINS}), and more spinners than CPUs take
     * the CPU from the very workers they wait for. Measured on JMH {@code TinyTaskBench},
     * capacity 2, 4 submitters, 2 CPUs: 0.27-0.42 M tasks/s with 4 spinners, 1.75 M with 2, on
     * JDK 17 and 25.
     */
    private static final int SPINNING_WAITERS = Integer.getInteger("dev.ants4j.spinningWaiters",
            Runtime.getRuntime().availableProcessors());
    /**
     * Blocked submitters spin only in a pool of at most this many workers ({@code running});
     * in a larger one they park at once and the worker that serves them wakes them. A pool of
     * hundreds of busy workers has a hand-off every few microseconds and is short of CPU, not
     * of quick hand-offs: there a spinning submitter holds a CPU the workers need (ants' batch,
     * 100,000 tasks of 10 ms, lost about a quarter of its CPU samples to yielding workers and
     * 7% to the submitter's spin). A yielding submitter is worse still: on EEVDF it goes behind
     * every runnable worker. Measured on JMH {@code BatchBench}, single forks interleaved,
     * medians, spinning / parking at once: capacity 1,000: 1,265 / 1,215 ms per batch on
     * JDK 17 and 1,214 / 1,143 ms on JDK 25 (12 forks each); capacity 10,000: 1,327 / 1,147 ms
     * on JDK 17 but 1,073 / 1,176 ms on JDK 25 (8 forks each). Earlier, when the spin still
     * ended in yields there: 1,273 / 1,278 ms yielding, 1,130 / 1,133 ms not. Tiny tasks (pools
     * of 2 and 16) keep the spin, which is what makes their hand-offs cheap.
     */
    static final int SPIN_MAX_WORKERS = Math.max(0,
            Integer.getInteger("dev.ants4j.submitterSpinMaxWorkers", 64));
    private static final int OPEN = 0;
    private static final int CLOSED = 1;

    // ---- configuration (final, safely published by construction) ----
    private final int id = POOL_IDS.incrementAndGet();
    private final Runner runner;
    private final Ticker ticker;
    private final Logger logger;
    private final Consumer<? super Throwable> panicHandler;
    private final ThreadFactory threadFactory;
    private final boolean preAlloc;
    private final boolean nonblocking;
    private final int maxBlockingTasks;
    private final int queueCapacity;
    /** Blocked submitters move into the queue only once it holds this many tasks or fewer. */
    private final int queueLowWater;
    private final boolean purge;
    private final long expiryNanos;
    private final AtomicInteger workerIds = new AtomicInteger();

    // ---- state guarded by lock ----
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when {@code running} drops to zero. */
    private final Condition allRetired = lock.newCondition();
    private final WorkerQueue idle;
    /** The opt-in task queue, or null: offered to under the lock, polled by workers without. */
    private final TaskQueue queue;
    private Waiter waitersHead;
    private Waiter waitersTail;
    /** Every worker thread that may still be alive, for {@code releaseTimeout}/{@code close}. */
    private final ArrayList<Thread> threads = new ArrayList<>();
    private Sweeper sweeper;
    /** Sweeper threads stopped by a release, for {@code releaseTimeout} to join. */
    private final ArrayList<Thread> stoppedSweepers = new ArrayList<>();
    /** The open generation (see {@link Generation}); replaced by each release. */
    private Generation current = new Generation(0);
    /**
     * Drainer slots reserved in {@code running} by {@link #reserveDrainers} and not yet started:
     * whoever releases the lock after a reservation starts them ({@link #unlockAndStartDrainers}).
     */
    private int owedDrainers;
    private volatile int state = OPEN;
    private volatile int capacity;
    private volatile int running;
    private volatile int waitingCount;
    /**
     * The absolute height of the idle store's top: +1 per insert, -1 per detach (both at the
     * top); removals from the bottom (expiry, {@code tune}) leave it alone, so an idle worker's
     * depth below the top is always {@code idleTop - 1 - w.idlePos}. Written under the lock;
     * read without it by spinning idle workers ({@link Worker#awaitTask}), to which a stale
     * value only means spinning a little longer or parking a little sooner. int overflow is
     * harmless: depths are differences.
     */
    volatile int idleTop;
    /**
     * A worker going idle while at least this many others are busy counts the pool as busy
     * (see {@link Worker#awaitTask}), whatever the capacity: with 64 or more tasks in flight,
     * one finishes often enough that a submitter soon wants an idle worker. Measured on ants'
     * batch at capacity 10,000 (about 1,300 busy workers, under half): 1.35-1.55 s per batch
     * with the half-busy rule alone, 1.15-1.45 s with this one.
     */
    static final int BUSY_WORKERS = 64;

    PoolCore(int capacity, PoolOptions options, Runner runner, Ticker ticker) {
        this.capacity = capacity <= 0 ? Pool.UNLIMITED : capacity;
        this.runner = runner;
        this.ticker = ticker;
        this.logger = options.logger();
        this.panicHandler = options.panicHandler();
        this.preAlloc = options.preAlloc();
        if (preAlloc && this.capacity == Pool.UNLIMITED) {
            throw new IllegalArgumentException(
                    "preAlloc needs a limited capacity, but capacity is " + capacity);
        }
        this.nonblocking = options.nonblocking();
        this.maxBlockingTasks = options.maxBlockingTasks();
        this.queueCapacity = options.queueCapacity();
        this.queueLowWater = queueCapacity / 2;
        this.purge = !options.disablePurge();
        // saturated: a Duration past ~292 years has no long nanosecond count
        this.expiryNanos = saturatedNanos(options.expiryDuration());
        ThreadFactory tf = options.threadFactory();
        this.threadFactory = tf != null ? tf : this::newDefaultThread;
        this.idle = preAlloc ? new WorkerLoopQueue(this.capacity) : new WorkerStack(16);
        this.queue = queueCapacity > 0 ? new TaskQueue(queueCapacity) : null;
    }

    private Thread newDefaultThread(Runnable r) {
        Thread t = new Thread(r, "ants-" + id + "-worker-" + workerIds.incrementAndGet());
        t.setDaemon(false);
        return t;
    }

    // ------------------------------------------------------------------ submit


    /**
     * Submits one item (a {@code Runnable}, or a masked argument). See {@link Pool#submit}.
     */
    void dispatch(Object item) {
        try {
            dispatchLoop(item);
        } catch (Throwable e) {
            // The loop unlocks by hand on each way out, so an Error thrown while it holds the
            // lock (OutOfMemoryError growing the queue or making the first wait node) must not
            // leave the lock held: every worker and submitter would hang on it.
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
            throw e;
        }
    }

    private void dispatchLoop(Object item) {
        final ReentrantLock lock = this.lock;
        lock.lock();
        for (;;) { // the lock is held at the top of every iteration
            if (state != OPEN) {
                lock.unlock();
                throw new PoolClosedException("pool " + id + " is closed");
            }
            Worker w = idle.detach();
            if (w != null) {
                idleTop--;
                lock.unlock();
                w.handOff(item);
                return;
            }
            int cap = capacity;
            if (cap < 0 || running < cap) {
                running++; // reserve the slot before unlocking: no racing submitter can take it
                Generation gen = current;
                lock.unlock();
                startWorker(item, gen);
                return;
            }
            if (queue != null && queue.offer(item)) { // only lock holders add
                lock.unlock();
                return;
            }
            if (nonblocking) {
                lock.unlock();
                throw new PoolOverloadException("pool " + id + " is full (capacity " + cap
                        + ", all workers busy) and nonblocking");
            }
            if (maxBlockingTasks != 0 && waitingCount >= maxBlockingTasks) {
                lock.unlock();
                throw new PoolOverloadException("pool " + id + " is full (capacity " + cap
                        + ") and already has maxBlockingTasks=" + maxBlockingTasks
                        + " blocked submitters");
            }
            Waiter node = Waiter.forCurrentThread(item);
            // The first few in line spin before parking: they are served next. Not with a task
            // queue: a blocked submitter is let in only once half the queue has drained
            // (admitWaiters), which takes longer than any spin, so its spin would only take a
            // CPU from the workers draining the queue. Measured with queueCapacity(1024), JMH
            // TinyTaskBench, 4 submitters, JDK 25, 3 forks: 4.99 / 4.45 M tasks/s spinning,
            // 5.59 / 7.02 M parking at once (capacity 2 / 16), against 5.38 / 5.10 M and
            // 4.90 / 4.92 M for the LinkedBlockingQueue executor in the same runs.
            boolean spin = queue == null && waitingCount < SPINNING_WAITERS
                    && running <= SPIN_MAX_WORKERS;
            if (waitersTail == null) {
                waitersHead = node;
            } else {
                waitersTail.next = node;
            }
            waitersTail = node;
            waitingCount++;
            lock.unlock();

            boolean wasInterrupted = Thread.currentThread().isInterrupted();
            int outcome = node.await(this, spin);
            switch (outcome) {
                case Waiter.SERVED:
                    return;
                case Waiter.CLOSED:
                    throw new PoolClosedException(
                            "pool " + id + " was released while the submitter waited");
                case Waiter.RETRY:
                    if (!wasInterrupted && Thread.currentThread().isInterrupted()) {
                        // It gives up, but it was woken for a free place that no other waiter
                        // was told of: pass that on, or the next waiter could wait for good.
                        lock.lock();
                        try {
                            retryFirstWaiter();
                        } finally {
                            lock.unlock();
                        }
                        throw interrupted();
                    }
                    lock.lock();
                    continue;
                default: // CANCELLED
                    throw interrupted();
            }
        }
    }

    private RejectedExecutionException interrupted() {
        return new RejectedExecutionException(
                "interrupted while waiting for a worker of pool " + id + "; the task was not run");
    }

    /** Called by an interrupted waiter: gives up unless the waiter was already completed. */
    int cancelWaiter(Waiter node) {
        lock.lock();
        try {
            if (node.state != Waiter.WAITING) {
                return node.state;
            }
            Waiter prev = null;
            for (Waiter p = waitersHead; p != null; prev = p, p = p.next) {
                if (p == node) {
                    unlinkWaiter(prev, p);
                    break;
                }
            }
            node.item = null;
            node.state = Waiter.CANCELLED;
            return Waiter.CANCELLED;
        } finally {
            lock.unlock();
        }
    }

    /** Unlinks {@code node} (whose predecessor is {@code prev}) and counts it out; lock held. */
    private void unlinkWaiter(Waiter prev, Waiter node) {
        Waiter next = node.next;
        if (prev == null) {
            waitersHead = next;
        } else {
            prev.next = next;
        }
        if (waitersTail == node) {
            waitersTail = prev;
        }
        node.next = null;
        waitingCount--;
    }

    /** Removes and returns the first waiter, or null; lock held. */
    private Waiter pollWaiter() {
        Waiter h = waitersHead;
        if (h != null) {
            unlinkWaiter(null, h);
        }
        return h;
    }

    // ------------------------------------------------------------------ workers

    /**
     * Makes and starts a worker whose slot in {@code running} is already reserved. On any
     * failure (the factory throws or returns an unusable thread, {@code start} throws, or an
     * Error such as OutOfMemoryError on the way) the slot is given back before the throwable
     * leaves, so a failed spawn never leaks capacity.
     *
     * @param first the first item, or null for a drainer (see {@link #reserveDrainers})
     * @throws RejectedExecutionException if no worker thread could be made or started
     */
    private void startWorker(Object first, Generation gen) {
        Thread t = null;
        boolean started = false;
        try {
            Worker w = new Worker(this, first, gen);
            try {
                t = threadFactory.newThread(w);
            } catch (Throwable e) {
                throw new RejectedExecutionException(
                        "pool " + id + ": the thread factory failed to make a worker thread", e);
            }
            if (t == null) {
                throw new RejectedExecutionException(
                        "pool " + id + ": the thread factory returned null");
            }
            if (t.getState() != Thread.State.NEW) {
                Thread given = t;
                t = null; // not ours to unregister: it was never registered
                throw new RejectedExecutionException("pool " + id
                        + ": the thread factory returned a thread that was already started: "
                        + given);
            }
            Throwable sweeperFailure;
            lock.lock();
            try {
                registerThread(t);
                sweeperFailure = startSweeperIfMissing();
            } finally {
                lock.unlock();
            }
            warnIfSweeperFailed(sweeperFailure); // the worker is kept either way
            w.permitted = true; // ordered before run() by Thread.start()
            try {
                t.start();
            } catch (Throwable e) {
                throw new RejectedExecutionException(
                        "pool " + id + ": could not start a worker thread", e);
            }
            started = true;
        } finally {
            if (!started) {
                rollbackSpawn(t, first == null);
            }
        }
    }

    /** Adds a worker thread to the join list, pruning dead ones now and then; lock held. */
    private void registerThread(Thread t) {
        if (threads.size() >= 2 * running + 64) {
            threads.removeIf(th -> !th.isAlive() && th.getState() != Thread.State.NEW);
        }
        threads.add(t);
    }

    /**
     * Gives back a reserved worker slot after the thread could not be made or started. If tasks
     * are queued and this was the worker they counted on, a drainer is started for them
     * (invariant 2) - unless the failed spawn was itself a drainer, so that a factory that keeps
     * failing does not loop; those tasks then wait for the next worker that starts.
     */
    private void rollbackSpawn(Thread t, boolean wasDrainer) {
        lock.lock();
        if (t != null) {
            threads.remove(t);
        }
        if (wasDrainer) {
            countOut();
            retryFirstWaiter();
            lock.unlock();
        } else {
            retireCount();
            unlockAndStartDrainers();
        }
    }

    /**
     * Counts one worker out of {@code running}; reserves drainers for queued tasks that the
     * freed slot leaves without a worker; then lets the first waiter retry if the capacity still
     * has room. Lock held; the caller must release it with {@link #unlockAndStartDrainers}.
     */
    private void retireCount() {
        countOut();
        reserveDrainers();
        retryFirstWaiter();
    }

    /**
     * {@code running--}, waking {@link #awaitTermination} when it reaches 1 or 0: a worker that
     * closes its own pool waits for {@code running} to reach 1 (itself), everyone else for 0.
     * Lock held.
     */
    private void countOut() {
        if (--running <= 1) {
            allRetired.signalAll();
        }
    }

    /** Lets the first blocked submitter retry if the pool is open with room; lock held. */
    private void retryFirstWaiter() {
        int cap = capacity;
        if (waitersHead != null && state == OPEN && (cap < 0 || running < cap)) {
            pollWaiter().complete(Waiter.RETRY);
        }
    }

    /**
     * Keeps invariant 2 (a non-empty queue has workers that will drain it) when room appears
     * while tasks are queued: when a spawn failed, a worker died or retired after a release,
     * or {@code tune} grew the pool. Reserves, in {@code running} and {@link #owedDrainers},
     * one drainer per queued task up to the free capacity while the pool is open; one while it
     * is closed and no worker is left at all (a released pool's workers drain the tasks queued
     * before the release, so one is enough when they are gone). A drainer is an ordinary worker
     * of the current generation without a first task. In steady use this reserves nothing: a
     * task is queued only while the pool is full, and idle workers exist only when the queue is
     * empty. Lock held.
     */
    private void reserveDrainers() {
        int cap = capacity;
        reserveDrainers(cap < 0 ? Integer.MAX_VALUE : cap - running);
    }

    /** As above, with at most {@code room} drainers while the pool is open; lock held. */
    private void reserveDrainers(int room) {
        int queued;
        if (queue == null || (queued = queue.size()) == 0) {
            return;
        }
        int k;
        if (state == OPEN) {
            k = Math.min(queued, room);
        } else {
            k = running == 0 ? 1 : 0;
        }
        if (k > 0) {
            running += k;
            owedDrainers += k;
        }
    }

    /** Releases the lock, then starts the drainers reserved under it (see above). */
    private void unlockAndStartDrainers() {
        unlockAndStartDrainers(false);
    }

    /**
     * As above; {@code onWorker}: the caller is a worker thread, whose interrupt status is
     * cleared before it calls into user code (the thread factory, the logger), since a task
     * may have left it set ({@link #runItem} clears it only before each task).
     */
    private void unlockAndStartDrainers(boolean onWorker) {
        int k = owedDrainers;
        if (k == 0) { // the hot path (nextTask): one read, no write
            lock.unlock();
            return;
        }
        owedDrainers = 0;
        Generation gen = current;
        lock.unlock();
        if (onWorker) {
            Thread.interrupted();
        }
        startDrainers(k, gen);
    }

    /**
     * Starts {@code k} reserved drainers of {@code gen}. Every one is attempted, whatever the
     * others throw, and a failed start gives its own slot back ({@link #startWorker}), so no
     * reservation outlives this call. A failure is logged; an Error is rethrown afterwards.
     */
    private void startDrainers(int k, Generation gen) {
        Throwable failure = null;
        for (int i = 0; i < k; i++) {
            try {
                startWorker(null, gen);
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            logQuietly(true, "ants4j pool {}: could not start a worker for the queued tasks;"
                    + " they wait for the next worker that starts, or for close()", failure);
            if (failure instanceof Error) {
                throw (Error) failure;
            }
        }
    }

    /**
     * Starts drainers for queued tasks that have no worker (see {@link #reserveDrainers}), as a
     * retry after earlier starts failed; {@code close} calls it before it waits, so that the
     * tasks still run once threads can be made again.
     */
    void retryDrainers() {
        lock.lock();
        try {
            reserveDrainers();
        } finally {
            unlockAndStartDrainers();
        }
    }

    /**
     * Logs a warning or an error about {@code cause}, swallowing anything the logger throws:
     * the logger is user code, and it must not leave a reserved slot or a worker behind.
     */
    private void logQuietly(boolean error, String message, Throwable cause) {
        try {
            if (error) {
                logger.error(message, id, cause);
            } else {
                logger.warn(message, id, cause);
            }
        } catch (Throwable loggerFailed) {
            // nowhere left to report it
        }
    }

    /** Runs one item on the calling worker, routing anything it throws to the panic handler. */
    void runItem(Object item) {
        // Cleared right before the task: neither a status the previous task left set nor an
        // interrupt that reached the worker while it was idle or between tasks may reach this
        // one. (The pool itself never interrupts its workers; where a worker calls user code
        // between tasks, unlockAndStartDrainers clears it too.)
        Thread.interrupted();
        try {
            runner.run(item);
        } catch (Throwable t) {
            panic(t);
        }
    }

    private void panic(Throwable t) {
        Consumer<? super Throwable> h = panicHandler;
        try {
            if (h == null) {
                logger.error("ants4j pool {}: a task threw; the worker goes on", id, t);
                return;
            }
            try {
                h.accept(t);
            } catch (Throwable e) {
                logger.error("ants4j pool {}: the panic handler threw while handling {}", id, t,
                        e);
            }
        } catch (Throwable loggerFailed) {
            // The logger is user code too and must not kill the worker; there is nowhere
            // left to report this, so the worker goes on.
        }
    }

    /**
     * Called by worker {@code w} after each item: returns the next item to run, {@link
     * Worker#STOP} if the worker must exit (already counted out), or null if it is now idle (it
     * must then wait for a hand-off).
     *
     * <p>With a queue, a worker first tries to take a queued task without the lock (one CAS,
     * {@link TaskQueue#poll}), which is the whole of its path while a backlog lasts. It takes the
     * lock only to exit (a surplus after {@code tune}; checked first, from volatile reads), when
     * the queue is empty, or to let blocked submitters in ({@link #admitWaiters}). Taking a task
     * without the lock keeps invariant 2: a worker goes idle only under the lock, after seeing
     * the queue empty there, and only lock holders add to the queue, only while no worker is
     * idle.
     */
    Object nextTask(Worker w) {
        final TaskQueue queue = this.queue;
        if (queue != null) {
            int cap = capacity;
            Object item;
            if ((cap < 0 || running <= cap) && (item = queue.poll(w.gen)) != null) {
                // A submitter that registered just after this read is let in by the next take,
                // or, once the queue is empty, served by the worker that finds it so.
                if (waitingCount > 0 && queue.size() <= queueLowWater) {
                    lock.lock();
                    try {
                        admitWaiters();
                    } finally {
                        lock.unlock();
                    }
                }
                return item;
            }
        }
        final ReentrantLock lock = this.lock;
        Waiter served = null;
        Object next;
        lock.lock();
        try {
            if (w.gen != current || state != OPEN) {
                // released: finish the tasks queued before the release, never idle again
                next = pollQueued(w.gen);
                if (next == null) {
                    retire(w);
                    next = Worker.STOP;
                }
            } else {
                int cap = capacity;
                if (cap >= 0 && running > cap) {
                    retire(w); // surplus after tune(smaller): exit after the current task
                    next = Worker.STOP;
                } else if ((next = pollQueued(w.gen)) != null) {
                    // taken from the queue; waiters may have moved into the freed places
                } else if ((served = pollWaiter()) != null) {
                    next = served.item;
                    served.item = null;
                    served.state = Waiter.SERVED;
                } else if (!idle.insert(w, ticker.read())) {
                    retire(w); // cannot happen: the ring holds capacity >= running workers
                    next = Worker.STOP;
                } else {
                    w.idlePos = idleTop++;
                    // a busy pool will soon want this worker again; with many tasks in flight,
                    // several of the newest idle workers spin (see Worker#awaitTask)
                    int busy = running - idle.size();
                    boolean many = busy >= BUSY_WORKERS;
                    w.busyPool = many || 2 * busy >= running;
                    w.spinDepth = many ? Worker.SPINNING_WORKERS : 1;
                    if (queue != null) {
                        queue.clearConsumed(); // no finished task stays reachable when idle
                    }
                }
            }
        } finally {
            unlockAndStartDrainers(true); // a retiring worker may leave queued tasks behind
        }
        if (served != null) {
            LockSupport.unpark(served.thread);
        }
        return next;
    }

    /**
     * Takes the head of the task queue, if {@code gen} may take it ({@link TaskQueue#poll(
     * Generation)}), then admits waiters; lock held.
     */
    private Object pollQueued(Generation gen) {
        if (queue == null) {
            return null;
        }
        Object item = queue.poll(gen);
        if (item != null) {
            admitWaiters();
        }
        return item;
    }

    /**
     * Once the queue has drained to half its capacity, moves blocked submitters' tasks into it
     * (FIFO) and lets those submitters return: a submitter blocked on a full queue is woken once
     * per half a queue of tasks, not once per task (a full queue otherwise costs a wake-up per
     * task, as a bounded queue in front of a single producer does). Lock held.
     */
    private void admitWaiters() {
        if (waitersHead == null || state != OPEN || queue.size() > queueLowWater) {
            return;
        }
        for (Waiter wt; !queue.isFull() && (wt = pollWaiter()) != null; ) {
            queue.offer(wt.item);
            wt.complete(Waiter.SERVED); // clears the item
        }
    }

    /** Tells retired workers to exit; called after the lock is released. */
    private static void stopAll(List<Worker> retired) {
        for (Worker w : retired) {
            w.handOff(Worker.STOP);
        }
    }

    /** Counts out idle workers just removed from {@link #idle}; lock held. */
    private void retireAll(List<Worker> removed) {
        for (Worker w : removed) {
            retire(w);
        }
    }

    private void retire(Worker w) {
        w.retired = true;
        retireCount();
    }

    /** A worker's loop ended by an unexpected throwable: count it out if still counted. */
    void workerDied(Worker w) {
        lock.lock();
        try {
            if (!w.retired) {
                retire(w); // reserves a drainer if queued tasks were counting on this worker
            }
        } finally {
            unlockAndStartDrainers(true);
        }
    }

    // ------------------------------------------------------------------ sweeper

    /**
     * Stops the workers idle for longer than the expiry duration (ants' {@code
     * purgeStaleWorkers}, one pass). Called by the sweeper thread, and by tests.
     *
     * @return how many workers were stopped
     */
    int purgeStaleWorkers() {
        List<Worker> expired = new ArrayList<>();
        lock.lock();
        try {
            if (state != OPEN) {
                return 0;
            }
            idle.refresh(ticker.read() - expiryNanos, expired);
            retireAll(expired);
        } finally {
            unlockAndStartDrainers(); // none in practice: idle workers mean an empty queue
        }
        stopAll(expired);
        return expired.size();
    }

    // ------------------------------------------------------------------ tune

    void tune(int size) {
        List<Worker> surplus = null;
        lock.lock();
        try {
            int old = capacity;
            if (old < 0 || size <= 0 || size == old || preAlloc) {
                return;
            }
            capacity = size;
            if (size > old) {
                // blocked submitters first (API.md: growing wakes them at once), one place each;
                // the room left over starts workers for queued tasks
                int room = size - running;
                for (; room > 0 && waitersHead != null; room--) {
                    pollWaiter().complete(Waiter.RETRY);
                }
                reserveDrainers(room);
            } else {
                int excess = Math.min(running - size, idle.size());
                if (excess > 0) {
                    surplus = new ArrayList<>(excess);
                    idle.removeOldest(excess, surplus);
                    retireAll(surplus);
                }
            }
        } finally {
            unlockAndStartDrainers();
        }
        if (surplus != null) {
            stopAll(surplus);
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Closes the pool; returns false if it was already closed. */
    boolean releaseInternal() {
        List<Worker> idleWorkers = new ArrayList<>();
        Sweeper sw;
        int drainers;
        Generation drainerGen;
        lock.lock();
        try {
            if (state != OPEN) {
                return false;
            }
            state = CLOSED;
            if (queue != null) {
                // the tasks this generation's workers still run; see Generation
                current.queueLimit = queue.tailIndex();
            }
            current = new Generation(current.number + 1);
            idle.reset(idleWorkers);
            retireAll(idleWorkers);
            reserveDrainers(); // queued tasks with no worker left (after a failed start) still run
            drainers = owedDrainers;
            owedDrainers = 0;
            drainerGen = current;
            for (Waiter wt; (wt = pollWaiter()) != null; ) {
                wt.complete(Waiter.CLOSED); // clears the item
            }
            sw = sweeper;
            sweeper = null;
            if (sw != null) {
                stoppedSweepers.removeIf(th -> !th.isAlive());
                stoppedSweepers.add(sw.thread);
            }
        } finally {
            lock.unlock();
        }
        if (sw != null) {
            sw.stop();
        }
        stopAll(idleWorkers);
        if (drainers > 0) {
            startDrainers(drainers, drainerGen); // last: whatever it throws, the rest is done
        }
        return true;
    }

    void release() {
        releaseInternal();
    }

    void releaseTimeout(Duration timeout) throws TimeoutException {
        long nanos = saturatedNanos(timeout);
        long deadline = System.nanoTime() + nanos;
        if (!releaseInternal()) {
            throw new PoolClosedException("pool " + id + " is already closed");
        }
        int left = awaitTermination(true, deadline);
        if (left > 0) {
            throw new TimeoutException("pool " + id + ": " + left
                    + " thread(s) still alive or starting after " + timeout);
        }
    }

    void close() {
        releaseInternal();
        retryDrainers(); // also when already closed: queued tasks whose drainer failed still run
        awaitTermination(false, 0L);
    }

    void reboot() {
        Throwable sweeperFailure = null;
        lock.lock();
        try {
            if (state == OPEN) {
                return;
            }
            state = OPEN; // release made a new generation: old workers will never idle here
            // A drainer started while the pool was closed belongs to the new generation and may
            // go idle here, but no sweeper was started for it (release stopped the old one):
            // start one now, or it would never expire.
            if (running > 0) {
                sweeperFailure = startSweeperIfMissing();
            }
        } finally {
            lock.unlock();
        }
        warnIfSweeperFailed(sweeperFailure);
    }

    /**
     * Starts the sweeper if the pool purges, is open and has none; lock held.
     *
     * @return what starting it threw (e.g. no native thread left), or null; the next new worker
     *         tries again
     */
    private Throwable startSweeperIfMissing() {
        if (!purge || sweeper != null || state != OPEN) {
            return null;
        }
        try {
            sweeper = Sweeper.start(this, expiryNanos, id);
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    private void warnIfSweeperFailed(Throwable failure) {
        if (failure != null) {
            logQuietly(false, "ants4j pool {}: could not start the sweeper; retrying with the"
                    + " next new worker", failure);
        }
    }

    static long saturatedNanos(Duration d) {
        if (d.isNegative()) {
            return 0L;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE / 2;
        }
    }

    /**
     * Waits until no worker is counted and every registered thread (and retired sweeper) has
     * terminated. An interrupt does not stop the wait; the status is restored at the end.
     *
     * @return how many threads were still alive when the deadline passed, or, if more, how many
     *         workers were still counted then (0 = all terminated)
     */
    int awaitTermination(boolean timed, long deadline) {
        final Thread me = Thread.currentThread();
        boolean interrupted = false;
        List<Thread> snapshot;
        int counted;
        lock.lock();
        try {
            boolean self = threads.contains(me);
            while (running > (self ? 1 : 0)) {
                try {
                    if (!timed) {
                        allRetired.await();
                    } else {
                        long rem = deadline - System.nanoTime();
                        if (rem <= 0) {
                            break;
                        }
                        allRetired.awaitNanos(rem);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            // workers still counted once the deadline passed, whether their threads are alive
            // or not started yet (a reserved slot whose thread is being made, or a registered
            // thread that is still NEW): either way the pool has not terminated
            counted = running - (self ? 1 : 0);
            snapshot = new ArrayList<>(threads);
            snapshot.addAll(stoppedSweepers);
        } finally {
            lock.unlock();
        }
        int alive = 0;
        for (Thread t : snapshot) {
            if (t == me) {
                continue;
            }
            for (;;) {
                try {
                    if (!timed) {
                        t.join();
                    } else {
                        long rem = deadline - System.nanoTime();
                        if (rem > 0) {
                            TimeUnit.NANOSECONDS.timedJoin(t, rem);
                        }
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (t.isAlive()) {
                alive++;
            }
        }
        if (interrupted) {
            me.interrupt();
        }
        return Math.max(alive, counted);
    }

    // ------------------------------------------------------------------ getters

    int running() {
        return running;
    }

    int cap() {
        return capacity;
    }

    int free() {
        int c = capacity;
        return c < 0 ? Pool.UNLIMITED : c - running;
    }

    int waiting() {
        return waitingCount;
    }

    /**
     * Workers running a task right now, estimated without the lock ({@code running} minus the
     * idle count, read racily): good enough to balance load, never used for a decision that
     * needs to be exact.
     */
    int busyEstimate() {
        return Math.max(0, running - idle.size());
    }

    int queued() {
        return queue == null ? 0 : queue.size();
    }

    boolean isClosed() {
        return state != OPEN;
    }

    String describe() {
        return "[id=" + id + ", cap=" + capacity + ", running=" + running + ", waiting="
                + waitingCount + ", queued=" + queued() + ", closed=" + isClosed() + "]";
    }

    int id() {
        return id;
    }

    /** The pool's clock ({@link Ticker}), as stamped on idle workers. */
    long now() {
        return ticker.read();
    }

    Logger logger() {
        return logger;
    }

    /** Test hook: idle workers right now. */
    int idleCount() {
        lock.lock();
        try {
            return idle.size();
        } finally {
            lock.unlock();
        }
    }
}
