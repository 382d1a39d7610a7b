package dev.ants4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The opt-in task queue of a pool: a bounded FIFO ring with one producer at a time and lock-free
 * consumers.
 *
 * <p>Why lock-free on the consumer side: with the queue, a worker finishing a tiny task usually
 * just takes the next one. Taking it under the pool's lock made every worker contend with the
 * submitters for that one lock; on two cores that contention parked threads tens of thousands of
 * times per million tasks. Here a take is one CAS, and the lock is left to the decisions that
 * need it (see {@link PoolCore#nextTask}).
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>{@link #tail}: written only by the producer. There is one producer at a time because
 *       {@link #offer} and {@link #clearConsumed} are called only with the owning pool's lock
 *       held. A volatile write, so the item stored in its slot just before happens-before any
 *       consumer that reads the new tail.</li>
 *   <li>{@link #head}: advanced only by a successful CAS in {@link #poll}, from any thread. It
 *       is a 64-bit count, so it never wraps back to a value a consumer read earlier (no
 *       ABA).</li>
 *   <li>{@link #items}: slot {@code i & mask} holds item {@code i} for {@code head <= i < tail}.
 *       A consumer reads the slot at {@code h} and keeps the item only if its CAS of
 *       {@code head} from {@code h} succeeds. The producer overwrites that slot (with item
 *       {@code h + items.length}) or clears it only after reading a {@code head} beyond
 *       {@code h}, so a successful CAS proves the item read was item {@code h}. Slots below
 *       {@code head} are cleared by the producer ({@link #clearConsumed}), so a finished task is
 *       not kept reachable by the queue once the pool's lock is next taken.</li>
 * </ul>
 */
final class TaskQueue {

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(TaskQueue.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object[] items;
    private final int mask;
    private final int capacity;
    /** The index of the next item to take; CAS only. */
    private volatile long head;
    /** The index of the next free slot; the producer's. */
    private volatile long tail;
    /** Slots below this index are null; the producer's (lock held). */
    private long cleared;

    /** @param capacity the most items held at once, at least 1 */
    TaskQueue(int capacity) {
        if (capacity < 1 || capacity > 1 << 30) {
            throw new IllegalArgumentException("queue capacity out of range: " + capacity);
        }
        this.capacity = capacity;
        int length = Integer.highestOneBit(capacity);
        if (length < capacity) {
            length <<= 1;
        }
        this.items = new Object[length];
        this.mask = length - 1;
    }

    /** @return how many items are queued; exact for the producer, a snapshot for others */
    int size() {
        long h = head; // read head first: tail only grows, so t - h never goes negative here
        long t = tail;
        return (int) (t - h);
    }

    /** @return whether the queue holds {@code capacity} items; lock held */
    boolean isFull() {
        return tail - head >= capacity;
    }

    /**
     * Appends an item. Lock held: the caller is the only producer.
     *
     * @param item the item, not null
     * @return false if the queue is full (nothing changed)
     */
    boolean offer(Object item) {
        long t = tail;
        long h = head;
        if (t - h >= capacity) {
            return false;
        }
        clearConsumed(h);
        items[(int) t & mask] = item; // slot t - length < h, already taken: see the class comment
        tail = t + 1; // publishes the item
        return true;
    }

    /**
     * Takes the oldest item; any thread, no lock needed.
     *
     * @return the item, or null if the queue was empty
     */
    Object poll() {
        for (;;) {
            long h = head;
            if (h >= tail) {
                return null;
            }
            Object item = items[(int) h & mask];
            if (HEAD.compareAndSet(this, h, h + 1)) {
                return item;
            }
        }
    }

    /** Clears the slots of items already taken, so they do not outlive their run; lock held. */
    void clearConsumed() {
        clearConsumed(head);
    }

    private void clearConsumed(long h) {
        for (long i = cleared; i < h; i++) {
            items[(int) i & mask] = null;
        }
        cleared = h;
    }
}
