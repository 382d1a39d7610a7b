package dev.ants4j;

import java.util.concurrent.locks.LockSupport;

/**
 * The periodic purge of idle workers: ants' {@code purgeStaleWorkers} goroutine. One daemon
 * thread per pool generation, named {@code ants-<pool#>-sweeper}, started with the pool's first
 * worker (so a pool that is never used costs no thread) and stopped by {@code release}; a
 * rebooted pool starts a new one with its first new worker. With {@code disablePurge} there is
 * none at all.
 *
 * <p>Every period it asks the core to stop the workers idle for longer than the expiry
 * duration. Because idle workers exist only while no submitter waits (see {@link PoolCore}), a
 * purge can never leave a blocked submitter without a worker to serve it.
 *
 * <p>Concurrency: {@link #stopped} is written once by {@code release} (then the thread is
 * unparked) and read by the sweeper thread between parks.
 */
final class Sweeper implements Runnable {

    private final PoolCore core;
    private final long periodNanos;
    final Thread thread;
    private volatile boolean stopped;

    private Sweeper(PoolCore core, long periodNanos, int poolId) {
        this.core = core;
        this.periodNanos = periodNanos;
        this.thread = new Thread(this, "ants-" + poolId + "-sweeper");
        this.thread.setDaemon(true);
    }

    /** Starts a sweeper for {@code core}; called with the core's lock held. */
    static Sweeper start(PoolCore core, long periodNanos, int poolId) {
        Sweeper s = new Sweeper(core, periodNanos, poolId);
        s.thread.start();
        return s;
    }

    /** Asks the sweeper thread to end; it does so promptly. */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        while (!stopped) {
            long deadline = System.nanoTime() + periodNanos;
            long rem;
            while (!stopped && (rem = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, rem);
                Thread.interrupted(); // an interrupt must not turn this wait into a spin
            }
            if (stopped) {
                break;
            }
            try {
                core.purgeStaleWorkers();
            } catch (Throwable t) {
                core.logger().error("ants4j pool {}: the sweeper failed; it goes on", core.id(), t);
            }
        }
    }
}
