package dev.ants4j;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The eight shapes one behavioural suite runs against: {@link Pool} or {@link PoolWithFunc}, idle
 * workers in a stack or a pre-allocated ring, blocking or nonblocking submit.
 */
enum PoolVariant {
    POOL_STACK_BLOCKING(false, false, false),
    POOL_STACK_NONBLOCKING(false, false, true),
    POOL_RING_BLOCKING(false, true, false),
    POOL_RING_NONBLOCKING(false, true, true),
    FUNC_STACK_BLOCKING(true, false, false),
    FUNC_STACK_NONBLOCKING(true, false, true),
    FUNC_RING_BLOCKING(true, true, false),
    FUNC_RING_NONBLOCKING(true, true, true);

    final boolean func;
    final boolean preAlloc;
    final boolean nonblocking;

    PoolVariant(boolean func, boolean preAlloc, boolean nonblocking) {
        this.func = func;
        this.preAlloc = preAlloc;
        this.nonblocking = nonblocking;
    }

    /**
     * Builds a pool of this variant; {@code options} supplies everything but {@code preAlloc}
     * and {@code nonblocking}, which the variant sets.
     */
    PoolHandle create(int capacity, PoolOptions.Builder options) {
        PoolOptions o = options.preAlloc(preAlloc).nonblocking(nonblocking).build();
        if (func) {
            return PoolHandle.of(this, new PoolWithFunc<Runnable>(capacity, Runnable::run, o));
        }
        return PoolHandle.of(this, new Pool(capacity, o));
    }

    static Stream<PoolVariant> all() {
        return Arrays.stream(values());
    }

    static Stream<PoolVariant> blocking() {
        return all().filter(v -> !v.nonblocking);
    }

    static Stream<PoolVariant> nonblockingOnes() {
        return all().filter(v -> v.nonblocking);
    }

    /** Variants that may be unlimited and tuned (no pre-allocated ring). */
    static Stream<PoolVariant> stack() {
        return all().filter(v -> !v.preAlloc);
    }

    static Stream<PoolVariant> ring() {
        return all().filter(v -> v.preAlloc);
    }

    static Stream<PoolVariant> stackBlocking() {
        return all().filter(v -> !v.preAlloc && !v.nonblocking);
    }
}
