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
 *   <li>{@link #items}: slot {@code i & (length - 1)} holds item {@code i} for
 *       {@code head <= i < tail}. A consumer reads the slot at {@code h} and keeps the item only
 *       if its CAS of {@code head} from {@code h} succeeds. The producer overwrites that slot
 *       (with item {@code h + length}) or clears it only after reading a {@code head} beyond
 *       {@code h}, so a successful CAS proves the item read was item {@code h}. Slots below
 *       {@code head} are cleared by the producer ({@link #clearConsumed}), so a finished task is
 *       not kept reachable by the queue once the pool's lock is next taken.</li>
 *   <li>The array starts small and the producer doubles it when it is full but the capacity
 *       is not reached, so a large {@code queueCapacity} costs memory only when used. A grown
 *       array is published (volatile) after the live items {@code [head, tail)} are copied into
 *       it, and before any later item is stored, so a consumer that reads {@link #items}
 *       after {@link #tail} finds item {@code h} in whichever array it gets, or its CAS fails
 *       because {@code head} has already moved past {@code h}.</li>
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

    /** The most slots an array may have: a power of two, as the index mask needs. */
    static final int MAX_LENGTH = 1 << 30;
    /** The first array's length, unless the capacity is smaller. */
    static final int INITIAL_LENGTH = 16;

    /** The ring; replaced only by the producer ({@link #offer}), when it grows. */
    private volatile Object[] items;
    private final int capacity;
    /** The index of the next item to take; CAS only. */
    private volatile long head;
    /** The index of the next free slot; the producer's. */
    private volatile long tail;
    /** Slots below this index are null; the producer's (lock held). */
    private long cleared;

    /** @param capacity the most items held at once, at least 1 (at most {@link #MAX_LENGTH}) */
    TaskQueue(int capacity) {
        this(capacity, INITIAL_LENGTH);
    }

    /**
     * @param capacity the most items held at once, at least 1; more than {@link #MAX_LENGTH}
     *        counts as {@code MAX_LENGTH} (a billion queued tasks is more than any heap holds)
     * @param initialLength the first array's length (rounded up to a power of two, at most what
     *        the capacity needs); tests use a small one to exercise growth
     */
    TaskQueue(int capacity, int initialLength) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be positive: " + capacity);
        }
        this.capacity = Math.min(capacity, MAX_LENGTH);
        int needed = powerOfTwoAtLeast(this.capacity);
        this.items = new Object[Math.min(needed, powerOfTwoAtLeast(Math.max(1, initialLength)))];
    }

    private static int powerOfTwoAtLeast(int n) {
        int p = Integer.highestOneBit(n);
        return p < n ? p << 1 : p;
    }

    /** @return how many items are queued; exact for the producer, a snapshot for others */
    int size() {
        long h = head; // read head first: tail only grows, so t - h never goes negative here
        long t = tail;
        return (int) (t - h);
    }

    /** @return the index the next item will get (items so far); lock held */
    long tailIndex() {
        return tail;
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
        Object[] a = items;
        if (t - h >= a.length) {
            a = grow(a, h, t); // full array, capacity not reached: capacity <= the largest array
        }
        clearConsumed(a, h);
        a[(int) t & (a.length - 1)] = item; // slot t - length < h, already taken
        tail = t + 1; // publishes the item (and a grown array, written before)
        return true;
    }

    /** Doubles the array, copying the items {@code [h, t)}; lock held. */
    private Object[] grow(Object[] a, long h, long t) {
        Object[] b = new Object[a.length << 1];
        for (long i = h; i < t; i++) {
            b[(int) i & (b.length - 1)] = a[(int) i & (a.length - 1)];
        }
        items = b; // published before any later item is stored in it
        cleared = h; // b has nothing below h
        return b;
    }

    /**
     * Takes the oldest item; any thread, no lock needed.
     *
     * @return the item, or null if the queue was empty
     */
    Object poll() {
        return poll(null);
    }

    /**
     * Takes the oldest item if it was queued before {@code gen}'s release (any item while
     * {@code gen} is open); any thread, no lock needed. The limit is read after {@link #tail}:
     * an item queued after the release was published by a tail write that follows the limit's
     * write (see {@link Generation}), so a consumer that sees the item sees the limit.
     *
     * @param gen the taking worker's generation, or null for no limit
     * @return the item, or null if the queue held no item that {@code gen} may take
     */
    Object poll(Generation gen) {
        for (;;) {
            long h = head;
            if (h >= tail) {
                return null;
            }
            if (gen != null && h >= gen.queueLimit) {
                return null; // queued after gen's release: for the rebooted pool's workers
            }
            Object[] a = items; // read after tail: see the class comment
            Object item = a[(int) h & (a.length - 1)];
            if (HEAD.compareAndSet(this, h, h + 1)) {
                return item;
            }
        }
    }

    /** Clears the slots of items already taken, so they do not outlive their run; lock held. */
    void clearConsumed() {
        clearConsumed(items, head);
    }

    private void clearConsumed(Object[] a, long h) {
        for (long i = cleared; i < h; i++) {
            a[(int) i & (a.length - 1)] = null;
        }
        cleared = h;
    }
}
