package dev.ants4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine behind {@link MultiPool} and {@link MultiPoolWithFunc}: a fixed array of
 * {@link PoolCore}s, the load-balancing choice, and the lifecycle of the whole (ants'
 * {@code MultiPool}).
 *
 * <h2>Concurrency</h2>
 * Submitting takes no lock of its own: round robin is one {@link AtomicInteger} increment, least
 * tasks reads each pool's volatile counters (see {@link #load}); the task then goes through the
 * chosen pool's own lock, so submitters contend on {@code size} locks instead of one.
 *
 * <p>{@link #lifecycle} serialises release, reboot and the release phase of releaseTimeout, so
 * that they never interleave pool by pool. It is never held while waiting for threads.
 *
 * <h2>Lifecycle</h2>
 * {@code OPEN -> CLOSED} by release, releaseTimeout or close; {@code CLOSED -> OPEN} by reboot.
 * Invariant, whenever {@link #lifecycle} is free: {@code state == OPEN} implies every pool is
 * open. Release writes {@code CLOSED} before it closes the pools, and reboot reopens the pools
 * before it writes {@code OPEN}, so a submitter that saw {@code OPEN} finds its pool closed only
 * when a release is under way (and then gets {@link PoolClosedException}, as it should).
 */
final class MultiPoolCore {

    private static final int OPEN = 0;
    private static final int CLOSED = 1;

    /** Final after construction; the array is never written again. */
    private final PoolCore[] pools;
    private final LoadBalancingStrategy lbs;
    /** Round-robin ticket; wraps around (unsigned remainder), reset to 0 by reboot. */
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final ReentrantLock lifecycle = new ReentrantLock();
    /** Written only under {@link #lifecycle}; read without it. */
    private volatile int state = OPEN;

    MultiPoolCore(int size, int sizePerPool, LoadBalancingStrategy lbs, PoolOptions options,
            PoolCore.Runner runner) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        this.lbs = Objects.requireNonNull(lbs, "lbs");
        Objects.requireNonNull(options, "options");
        PoolCore[] ps = new PoolCore[size];
        for (int i = 0; i < size; i++) {
            ps[i] = new PoolCore(sizePerPool, options, runner, Ticker.SYSTEM);
        }
        this.pools = ps;
    }

    // ------------------------------------------------------------------ submit

    void dispatch(Object item) {
        if (state != OPEN) {
            throw new PoolClosedException("multipool is closed");
        }
        int first = lbs == LoadBalancingStrategy.ROUND_ROBIN ? roundRobin() : leastLoaded(-1);
        try {
            pools[first].dispatch(item);
        } catch (PoolOverloadException overloaded) {
            if (pools.length == 1) {
                throw overloaded;
            }
            int second = leastLoaded(first);
            try {
                pools[second].dispatch(item);
            } catch (PoolOverloadException again) {
                PoolOverloadException e = new PoolOverloadException("multipool: pool " + first
                        + " and then pool " + second + " (the least loaded of the others) are "
                        + "both overloaded");
                e.addSuppressed(overloaded);
                e.addSuppressed(again);
                throw e;
            }
        }
    }

    private int roundRobin() {
        return Integer.remainderUnsigned(nextIndex.getAndIncrement(), pools.length);
    }

    /**
     * Returns the index of the least loaded pool other than {@code exclude} (-1: none
     * excluded), scanning from a random pool so that ties are spread; stops early at a pool with
     * no load.
     */
    int leastLoaded(int exclude) {
        final PoolCore[] ps = pools;
        final int n = ps.length;
        int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
        int best = -1;
        int bestLoad = Integer.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            int i = start + k;
            if (i >= n) {
                i -= n;
            }
            if (i == exclude) {
                continue;
            }
            int load = load(ps[i]);
            if (load < bestLoad || best < 0) {
                best = i;
                bestLoad = load;
                if (load == 0) {
                    break;
                }
            }
        }
        return best;
    }

    /** Busy workers + queued tasks + blocked submitters, read without the pool's lock. */
    static int load(PoolCore p) {
        long l = (long) p.busyEstimate() + p.queued() + p.waiting();
        return l > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) l;
    }

    // ------------------------------------------------------------------ getters

    int size() {
        return pools.length;
    }

    /** The pool at {@code index}, for tests of this package. */
    PoolCore pool(int index) {
        return pools[Objects.checkIndex(index, pools.length)];
    }

    int running() {
        long sum = 0;
        for (PoolCore p : pools) {
            sum += p.running();
        }
        return saturate(sum);
    }

    int waiting() {
        long sum = 0;
        for (PoolCore p : pools) {
            sum += p.waiting();
        }
        return saturate(sum);
    }

    int cap() {
        long sum = 0;
        for (PoolCore p : pools) {
            int c = p.cap();
            if (c < 0) {
                return Pool.UNLIMITED;
            }
            sum += c;
        }
        return saturate(sum);
    }

    int free() {
        long sum = 0;
        for (PoolCore p : pools) {
            int f = p.free();
            if (p.cap() < 0) {
                return Pool.UNLIMITED;
            }
            sum += f;
        }
        return saturate(sum);
    }

    int runningByIndex(int index) {
        return pool(index).running();
    }

    int freeByIndex(int index) {
        return pool(index).free();
    }

    int waitingByIndex(int index) {
        return pool(index).waiting();
    }

    boolean isClosed() {
        return state != OPEN;
    }

    private static int saturate(long v) {
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(v, Integer.MIN_VALUE);
    }

    // ------------------------------------------------------------------ tune and lifecycle

    void tune(int size) {
        for (PoolCore p : pools) {
            p.tune(size);
        }
    }

    /** Closes every pool; returns false if the multipool was already closed. */
    private boolean releaseAll() {
        lifecycle.lock();
        try {
            if (state != OPEN) {
                return false;
            }
            state = CLOSED; // first: new submitters stop before the pools close
            Throwable failure = null;
            for (PoolCore p : pools) {
                try {
                    p.releaseInternal();
                } catch (Throwable e) { // an Error starting a drainer: the other pools still close
                    if (failure == null) {
                        failure = e;
                    }
                }
            }
            if (failure instanceof Error) {
                throw (Error) failure;
            } else if (failure != null) {
                throw (RuntimeException) failure;
            }
            return true;
        } finally {
            lifecycle.unlock();
        }
    }

    void release() {
        releaseAll();
    }

    /**
     * Closes every pool at once (each release only does bookkeeping and wakes threads), then
     * waits for the threads of all pools under one deadline, so the pools terminate in
     * parallel and the whole wait is bounded by {@code timeout}.
     */
    void releaseTimeout(Duration timeout) throws TimeoutException {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + PoolCore.saturatedNanos(timeout);
        if (!releaseAll()) {
            throw new PoolClosedException("multipool is already closed");
        }
        List<Integer> late = new ArrayList<>();
        StringBuilder detail = new StringBuilder();
        for (int i = 0; i < pools.length; i++) {
            int alive = pools[i].awaitTermination(true, deadline);
            if (alive > 0) {
                late.add(i);
                detail.append(detail.length() == 0 ? "" : ", ")
                        .append("pool ").append(i).append(": ").append(alive)
                        .append(" thread(s) alive or starting");
            }
        }
        if (!late.isEmpty()) {
            throw new TimeoutException("multipool: pools " + late + " of " + pools.length
                    + " did not terminate within " + timeout + " (" + detail + ")");
        }
    }

    void reboot() {
        lifecycle.lock();
        try {
            if (state == OPEN) {
                return;
            }
            for (PoolCore p : pools) {
                p.reboot();
            }
            nextIndex.set(0);
            state = OPEN; // last: a submitter that sees OPEN finds every pool open
        } finally {
            lifecycle.unlock();
        }
    }

    void close() {
        releaseAll();
        for (PoolCore p : pools) {
            p.retryDrainers(); // as Pool.close: queued tasks whose drainer failed still run
            p.awaitTermination(false, 0L); // only waits: a concurrent reboot stays intact
        }
    }

    String describe() {
        StringBuilder sb = new StringBuilder("[lbs=").append(lbs).append(", closed=")
                .append(isClosed()).append(", pools=");
        for (int i = 0; i < pools.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(pools[i].describe());
        }
        return sb.append(']').toString();
    }
}
