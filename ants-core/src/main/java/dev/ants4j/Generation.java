package dev.ants4j;

/**
 * One open period of a pool, from its creation or a {@code reboot} to the next {@code release}.
 * Every worker belongs to the generation in which its slot was reserved; a released pool's
 * workers are never reused by the rebooted pool (API.md, {@code reboot}).
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>{@link #queueLimit}: written once, by {@link PoolCore#releaseInternal} under the pool's
 *       lock, from {@code Long.MAX_VALUE} to the task queue's tail index at the release: the
 *       tasks queued before the release, which this generation's workers must still run. It is
 *       set before the pool can reopen and accept a task after it, so a worker that sees such a
 *       task in the queue (through the queue's volatile tail) sees the limit too, and takes no
 *       task at or past it ({@link TaskQueue#poll(Generation)}).</li>
 *   <li>{@link #number}: final; for messages and tests.</li>
 * </ul>
 */
final class Generation {

    final int number;
    volatile long queueLimit = Long.MAX_VALUE;

    Generation(int number) {
        this.number = number;
    }

    @Override
    public String toString() {
        return "generation " + number;
    }
}
