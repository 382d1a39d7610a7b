package dev.ants4j;

import java.util.List;

/**
 * The idle workers of one pool: ants' {@code workerQueue}. Two implementations,
 * {@link WorkerStack} (growable, the default) and {@link WorkerLoopQueue} (a ring buffer sized to
 * the capacity and allocated up front, for {@code preAlloc}).
 *
 * <p>Both are LIFO for {@link #detach()} (the most recently used worker is reused first, so hot
 * threads stay hot and cold ones age out) and keep their workers ordered by
 * {@link Worker#lastUsed} ascending, because {@link #insert} is only ever called with a time
 * read after every earlier insert. That order lets {@link #refresh} find the expired workers
 * (the oldest, at the bottom) by binary search.
 *
 * <p>Concurrency: not thread-safe. Every method is called with the owning {@link PoolCore}'s
 * lock held.
 */
interface WorkerQueue {

    /** @return the number of idle workers */
    int size();

    /** @return whether there is no idle worker */
    default boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Adds an idle worker on top, stamping it with {@code now}.
     *
     * @param w the worker that just became idle
     * @param now the current time; not before any earlier insert's
     * @return false if the queue is full (a ring at capacity), in which case nothing changed
     */
    boolean insert(Worker w, long now);

    /** @return the most recently inserted worker, removed, or null when empty */
    Worker detach();

    /**
     * Removes the {@code n} oldest idle workers and adds them to {@code out}, oldest first.
     *
     * @param n how many; {@code 0 <= n <= size()}
     * @param out where the removed workers go
     */
    void removeOldest(int n, List<Worker> out);

    /**
     * Removes every worker whose {@link Worker#lastUsed} is before {@code threshold} and adds it
     * to {@code expired} (oldest first): the sweeper's pass.
     *
     * @param threshold a worker idle since before this time is expired
     * @param expired where the expired workers go
     * @return how many were removed
     */
    default int refresh(long threshold, List<Worker> expired) {
        int k = countExpired(this, size(), threshold);
        removeOldest(k, expired);
        return k;
    }

    /**
     * Removes every worker and adds it to {@code out}.
     *
     * @param out where the workers go
     */
    void reset(List<Worker> out);

    /**
     * Binary search over a sequence sorted by last-used time: the count of leading entries
     * (the oldest) whose time is before {@code threshold}.
     *
     * @param q the queue, for {@link #stampAt(int)}
     * @param n how many entries
     * @param threshold the cut-off
     * @return the number of expired entries, 0..n
     */
    static int countExpired(WorkerQueue q, int n, long threshold) {
        int lo = 0;
        int hi = n; // invariant: entries [0, lo) expired, [hi, n) not
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (q.stampAt(mid) - threshold < 0) { // overflow-safe "stamp before threshold"
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * @param i a logical index, 0 being the oldest
     * @return the last-used time of the worker at that index
     */
    long stampAt(int i);
}
