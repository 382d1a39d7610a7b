package dev.ants4j;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code size} independent {@link PoolWithFunc}s of {@code sizePerPool} workers each, all running
 * one function, behind one {@code invoke}: the Java counterpart of ants' {@code MultiPoolWithFunc}
 * and {@code MultiPoolWithFuncGeneric[T]}. Each pool has its own lock, so many callers contend on
 * several locks instead of one; a {@link LoadBalancingStrategy} picks the pool for each argument.
 *
 * <pre>{@code
 * try (MultiPoolWithFunc<Request> mp =
 *         new MultiPoolWithFunc<>(4, 100, this::handle, LoadBalancingStrategy.ROUND_ROBIN)) {
 *     for (Request r : requests) {
 *         mp.invoke(r);
 *     }
 * }
 * }</pre>
 *
 * <p>Everything else (options, sums, lifecycle) is as in {@link MultiPool}; {@code null} is a
 * legal argument and is passed through to the function.
 *
 * @param <T> the type of the function's argument
 */
public final class MultiPoolWithFunc<T> extends MultiPoolBase implements AutoCloseable {

    /**
     * Creates a multipool with the default options.
     *
     * @param size how many pools; positive
     * @param sizePerPool the capacity of each pool; {@code <= 0} means unlimited
     * @param fn the function every worker runs
     * @param lbs how a pool is picked for each argument
     * @throws IllegalArgumentException if {@code size <= 0}
     * @throws NullPointerException if {@code fn} or {@code lbs} is null
     */
    public MultiPoolWithFunc(int size, int sizePerPool, Consumer<? super T> fn,
            LoadBalancingStrategy lbs) {
        this(size, sizePerPool, fn, lbs, PoolOptions.defaults());
    }

    /**
     * Creates a multipool whose pools all use {@code options}.
     *
     * @param size how many pools; positive
     * @param sizePerPool the capacity of each pool; {@code <= 0} means unlimited
     * @param fn the function every worker runs
     * @param lbs how a pool is picked for each argument
     * @param options the options of every pool
     * @throws IllegalArgumentException if {@code size <= 0}, or {@code preAlloc} is set and
     *         {@code sizePerPool <= 0}
     * @throws NullPointerException if {@code fn}, {@code lbs} or {@code options} is null
     */
    public MultiPoolWithFunc(int size, int sizePerPool, Consumer<? super T> fn,
            LoadBalancingStrategy lbs, PoolOptions options) {
        // fn is checked first, as before the pools are made
        super(new MultiPoolCore(size, sizePerPool, lbs, options,
                PoolCore.funcRunner(Objects.requireNonNull(fn, "fn"))));
    }

    /**
     * Runs the function on {@code arg} on a worker of the pool picked by the load-balancing
     * strategy, with the rules of {@link PoolWithFunc#invoke(Object)}. If that pool refuses it
     * with {@link PoolOverloadException}, the argument is tried once more on the least loaded of
     * the other pools.
     *
     * @param arg the argument; may be null
     * @throws PoolClosedException if the multipool is closed, or is released while this caller
     *         is blocked
     * @throws PoolOverloadException if both the picked pool and the least loaded other pool
     *         refuse the argument (with one pool: if it refuses)
     * @throws java.util.concurrent.RejectedExecutionException if this caller is interrupted
     *         while blocked (its interrupt status stays set and the function does not run), or
     *         the thread factory fails to make a worker
     */
    public void invoke(T arg) {
        core.dispatch(PoolCore.maskNull(arg));
    }
}
