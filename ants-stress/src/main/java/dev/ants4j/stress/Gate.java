package dev.ants4j.stress;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot latch with bounded waits, shared by the stress tests.
 *
 * <p>jcstress actors and pool workers must never block forever: a worker that parks on a gate
 * gives up after {@link #MAX_WAIT_SECONDS}, and an arbiter that waits for a task to run
 * reports a bounded wait's result as an outcome instead of hanging the harness.
 *
 * <p>Invariant: {@link #open()} happens-before every {@link #await()} that returns
 * {@code true} (as for {@link CountDownLatch}).
 */
final class Gate {

    /** Longest any stress test thread waits for a gate; far above any sane hand-off time. */
    static final long MAX_WAIT_SECONDS = 20;

    private final CountDownLatch latch = new CountDownLatch(1);

    /** Opens the gate; idempotent. */
    void open() {
        latch.countDown();
    }

    /** Whether the gate is open, without waiting. */
    boolean isOpen() {
        return latch.getCount() == 0;
    }

    /**
     * Waits (bounded) until the gate opens; an interrupt ends the wait early and is kept.
     *
     * @return whether the gate opened in time
     */
    boolean await() {
        return await(MAX_WAIT_SECONDS);
    }

    /**
     * Waits at most {@code seconds} until the gate opens; an interrupt ends the wait early and
     * is kept.
     *
     * @return whether the gate opened in time
     */
    boolean await(long seconds) {
        try {
            return latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A task that waits (bounded) until {@code gate} opens, then opens {@code done}. */
    static Runnable parkUntil(Gate gate, Gate done) {
        return () -> {
            gate.await();
            done.open();
        };
    }
}
