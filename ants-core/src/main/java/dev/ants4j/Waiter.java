package dev.ants4j;

import java.util.concurrent.locks.LockSupport;

/**
 * A submitter blocked in {@link PoolCore#dispatch}, with the task it wants run: one node of the
 * core's FIFO of blocked submitters.
 *
 * <p>A worker that finishes a task and finds a waiter takes the waiter's task itself and runs it
 * without going idle, then wakes the waiter only so that it can return. So a full pool pays at
 * most one wake-up per task on the submitter's path (none when the submitter is still spinning),
 * not the two of a pool where the freed worker parks and the woken submitter must wake it again.
 *
 * <h2>States</h2>
 * {@code WAITING} to exactly one of: {@code SERVED} (a worker, or the task queue, took the task;
 * the submit succeeded), {@code RETRY} (room was freed by {@code tune} or a retiring worker; the
 * submitter must try again), {@code CLOSED} (the pool was released) or {@code CANCELLED} (the
 * submitter was interrupted and gave up). Every transition happens under the core's lock, in the
 * same critical section that unlinks the node and decrements the waiting count, so no CAS is
 * needed; {@link #state} is volatile only so that the submitter can watch it without the lock.
 */
final class Waiter {
    static final int WAITING = 0;
    static final int SERVED = 1;
    static final int RETRY = 2;
    static final int CLOSED = 3;
    static final int CANCELLED = 4;

    /**
     * Busy checks of the state ({@code Thread.onSpinWait()}, about 27 ns each on this project's
     * 2-core AMD EPYC machine, so the default is about 14 us) before yielding ({@link #YIELDS})
     * or parking; 0 on one CPU.
     *
     * <p>The checks used to yield between them. On Linux 6.6 and later (the EEVDF scheduler) a
     * {@code sched_yield} moves the caller's deadline a whole slice back, so a yielding submitter
     * queues behind every runnable thread and comes back late for the hand-off it was waiting
     * for. Measured on Linux 6.18, JMH {@code TinyTaskBench} (tasks of about 100 ns, capacity 2
     * and 16, 1 and 4 submitters, 2 forks): 0.6-0.85 M tasks/s yielding against 1.2-3.5 M
     * busy-spinning, on JDK 17 and 25 alike. JDK 25's {@code LinkedTransferQueue} (behind its
     * {@code SynchronousQueue}) spins the same way, without yielding.
     */
    static final int SPINS = PoolCore.spinSetting("dev.ants4j.submitterSpins", 512);

    /**
     * Checks of the state with a {@code Thread.yield()} between them, after the busy checks and
     * before parking; 0 on one CPU.
     *
     * <p>Busy checks alone fail when the submitters outnumber the spare CPUs: with 4 submitters
     * and 2 workers on 2 CPUs, the spinning submitters hold the CPUs the workers need, their
     * spins run out, and they park; a worker then pays a futex wake (several microseconds on a
     * virtual machine) for nearly every task it takes from a parked submitter, and the pool
     * settles at 0.2-0.3 M tasks/s. A yielding submitter gives its CPU to the workers and still
     * needs no futex wake when it is served. Measured on JDK 25, capacity 2 and 16 with 4
     * submitters, the two settings alternating second by second in one process (so that both
     * see the same scheduler mode): medians 0.27 / 0.20 M tasks/s without the yields, 0.80 /
     * 0.64 M with 64; and in JMH {@code TinyTaskBench}, 3 forks, capacity 2, 4 submitters:
     * 0.21 M to 3.07 M (JDK 25) and 1.39 M to 3.11 M (JDK 17). With one submitter the yields
     * changed nothing beyond the noise. 16 to 1,024 yields measured alike. In large pools a
     * blocked submitter neither busy-checks nor yields ({@link PoolCore#SPIN_MAX_WORKERS}).
     */
    static final int YIELDS = PoolCore.spinSetting("dev.ants4j.submitterYields", 64);

    /**
     * One node per thread, reused by every blocking submit of that thread: a thread blocks in
     * at most one pool at a time, and a node is reused only after it has left WAITING and been
     * unlinked under the lock. A worker may still hold it briefly after that, but only to
     * unpark {@link #thread}, which for a reused node is the same thread: at worst a spurious
     * unpark, which every park loop here tolerates. So blocking allocates nothing.
     */
    private static final ThreadLocal<Waiter> CACHE = ThreadLocal.withInitial(
            () -> new Waiter(Thread.currentThread()));

    final Thread thread;
    /** The task; taken (and cleared) under the lock by whoever serves this waiter. */
    Object item;
    /** The next waiter in FIFO order; guarded by the lock. */
    Waiter next;
    volatile int state;

    private Waiter(Thread thread) {
        this.thread = thread;
    }

    /** Returns the calling thread's node, reset to WAITING with {@code item}; lock held. */
    static Waiter forCurrentThread(Object item) {
        Waiter w = CACHE.get();
        w.item = item;
        w.next = null;
        w.state = WAITING;
        return w;
    }

    /**
     * Moves this waiter out of WAITING (caller holds the lock) and wakes its thread. Clears the
     * item: the submitter holds its task itself, and this node, cached per thread, must not
     * keep a task reachable after the submit returns.
     */
    void complete(int newState) {
        item = null;
        state = newState;
        LockSupport.unpark(thread);
    }

    /**
     * Waits until this waiter leaves WAITING. Called by the submitter without the lock. Only
     * the first few waiters in line ({@code spin}, see {@code PoolCore}) check before parking,
     * {@link #SPINS} times busily and then {@link #YIELDS} times yielding: they are the next
     * ones a worker will serve; the others, and every waiter of a pool of more than
     * {@link PoolCore#SPIN_MAX_WORKERS} workers, park at once, so blocked submitters do not burn
     * CPU that the workers they wait for need.
     *
     * @return the final state; {@code CANCELLED} if the thread was interrupted first (the caller
     *         then restores the interrupt status)
     */
    int await(PoolCore core, boolean spin) {
        int s;
        for (int i = spin ? SPINS : 0; i > 0; i--) {
            if ((s = state) != WAITING) {
                return s;
            }
            Thread.onSpinWait();
        }
        for (int i = spin ? YIELDS : 0;
                i > 0 && !thread.isInterrupted(); i--) {
            // a yield can take long on a loaded machine: an interrupt ends this phase at once
            if ((s = state) != WAITING) {
                return s;
            }
            Thread.yield();
        }
        while ((s = state) == WAITING) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                s = core.cancelWaiter(this);
                Thread.currentThread().interrupt(); // kept set whatever the outcome
                return s;
            }
        }
        return s;
    }
}
