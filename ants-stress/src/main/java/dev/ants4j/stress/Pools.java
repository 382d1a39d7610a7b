package dev.ants4j.stress;

import dev.ants4j.PoolOptions;
import dev.ants4j.PoolOverloadException;
import dev.ants4j.PoolClosedException;
import dev.ants4j.Pool;

/**
 * Pool settings and outcome codes shared by the stress tests.
 *
 * <p>Every test state makes its own tiny pool with purging disabled (no sweeper thread, so a
 * state costs at most its worker threads) and closes it in its {@code @Arbiter}, so that no
 * thread outlives the sample that made it.
 */
final class Pools {

    /** Outcome code: the submit returned normally. */
    static final int ACCEPTED = 1;
    /** Outcome code: the submit threw {@link PoolOverloadException}. */
    static final int OVERLOADED = 0;
    /** Outcome code: the submit threw {@link PoolClosedException}. */
    static final int CLOSED = 2;
    /** Outcome code: the submit threw something else (always forbidden). */
    static final int OTHER = -1;

    private Pools() {
    }

    /** Options for a blocking pool without a sweeper. */
    static PoolOptions blocking() {
        return PoolOptions.builder().disablePurge(true).build();
    }

    /** Options for a nonblocking pool without a sweeper. */
    static PoolOptions nonblocking() {
        return PoolOptions.builder().disablePurge(true).nonblocking(true).build();
    }

    /** Submits {@code task} and says how the submit ended, as an outcome code. */
    static int trySubmit(Pool pool, Runnable task) {
        try {
            pool.submit(task);
            return ACCEPTED;
        } catch (PoolOverloadException e) {
            return OVERLOADED;
        } catch (PoolClosedException e) {
            return CLOSED;
        } catch (RuntimeException e) {
            return OTHER;
        }
    }
}
