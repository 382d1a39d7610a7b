package dev.ants4j.stress;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds an actor's blocking {@code submit} that only the other actor of the same state can
 * unblock (by {@code tune} or {@code release}): if the pool loses that wake-up, the other actor
 * interrupts the blocked submitter after {@link #PATIENCE_SECONDS}, so the submit gives up
 * with a {@code RejectedExecutionException} (a forbidden outcome) instead of hanging the run.
 *
 * <p>Protocol: the blocking actor calls {@link #enter()} before the submit and {@link #exit()}
 * after it; the unblocking actor calls {@link #guard()} after its racing action, so the wait
 * never narrows the race under test. It cannot deadlock: a blocking actor only ever waits for
 * the other actor's action on the same state, which that actor performs before it guards.
 *
 * <p>Invariant: the interrupt is sent only after {@code phase} moved {@code PENDING ->
 * TIMED_OUT}; the blocked actor, seeing that its own move {@code PENDING -> RETURNED} failed,
 * consumes the interrupt before it returns to the harness, so it never leaks into jcstress.
 */
final class Watchdog {

    /**
     * How long the guard waits before it interrupts: well below {@link Gate#MAX_WAIT_SECONDS},
     * so that a lost wake-up is reported before a parked task gives up and frees its worker
     * (which could then serve the stranded submitter late and hide the bug).
     */
    static final long PATIENCE_SECONDS = Gate.MAX_WAIT_SECONDS / 2;

    private static final int PENDING = 0;
    private static final int RETURNED = 1;
    private static final int TIMED_OUT = 2;

    private final AtomicInteger phase = new AtomicInteger(PENDING);
    private final Gate returned = new Gate();
    private volatile Thread blocked;

    /** Called by the blocking actor just before its blocking call. */
    void enter() {
        blocked = Thread.currentThread();
    }

    /** Called by the blocking actor right after its blocking call returned or threw. */
    void exit() {
        if (!phase.compareAndSet(PENDING, RETURNED)) {
            // the watchdog fired: its interrupt is on its way or already here; consume it
            while (!Thread.interrupted()) {
                Thread.onSpinWait();
            }
        }
        returned.open();
    }

    /**
     * Called by the unblocking actor after its action: waits (bounded) for the blocking actor
     * to return and interrupts it if it does not.
     */
    void guard() {
        while (!returned.await(PATIENCE_SECONDS)) {
            Thread t = blocked;
            if (t != null && phase.compareAndSet(PENDING, TIMED_OUT)) {
                t.interrupt();
                return;
            }
        }
    }
}
