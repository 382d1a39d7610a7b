package dev.ants4j;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Immutable settings of a {@link Pool}, {@link PoolWithFunc} or multipool; the Java counterpart
 * of ants' functional options ({@code WithExpiryDuration}, {@code WithNonblocking}, ...).
 *
 * <pre>{@code
 * PoolOptions options = PoolOptions.builder()
 *         .expiryDuration(Duration.ofSeconds(10))
 *         .nonblocking(true)
 *         .build();
 * Pool pool = new Pool(100, options);
 * }</pre>
 *
 * <p>Every builder method validates its argument at once and names it in the exception; the one
 * check that needs the capacity ({@code preAlloc} with an unlimited pool) is made when the pool
 * is built.
 */
public final class PoolOptions {

    /** The default {@link #expiryDuration()}: one second, as in ants. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(1);

    private static final PoolOptions DEFAULTS = new Builder().build();

    private final Duration expiryDuration;
    private final boolean preAlloc;
    private final int maxBlockingTasks;
    private final boolean nonblocking;
    private final Consumer<? super Throwable> panicHandler;
    private final Logger logger;
    private final boolean disablePurge;
    private final int queueCapacity;
    private final ThreadFactory threadFactory;

    private PoolOptions(Builder b) {
        this.expiryDuration = b.expiryDuration;
        this.preAlloc = b.preAlloc;
        this.maxBlockingTasks = b.maxBlockingTasks;
        this.nonblocking = b.nonblocking;
        this.panicHandler = b.panicHandler;
        this.logger = b.logger;
        this.disablePurge = b.disablePurge;
        this.queueCapacity = b.queueCapacity;
        this.threadFactory = b.threadFactory;
    }

    /**
     * Returns the default options: expiry 1 s, no pre-allocation, unbounded blocking, blocking
     * submit, log-on-panic, purge enabled, no task queue, the pool's own thread factory.
     *
     * @return the shared default options
     */
    public static PoolOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a new builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder that starts from these options.
     *
     * @return a new builder holding a copy of these options
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.expiryDuration = expiryDuration;
        b.preAlloc = preAlloc;
        b.maxBlockingTasks = maxBlockingTasks;
        b.nonblocking = nonblocking;
        b.panicHandler = panicHandler;
        b.logger = logger;
        b.disablePurge = disablePurge;
        b.queueCapacity = queueCapacity;
        b.threadFactory = threadFactory;
        return b;
    }

    /** @return the sweeper's period and the idle time after which a worker is stopped (positive) */
    public Duration expiryDuration() {
        return expiryDuration;
    }

    /** @return whether idle workers live in a ring buffer allocated up front */
    public boolean preAlloc() {
        return preAlloc;
    }

    /** @return the most submitters that may block at once; 0 means no limit */
    public int maxBlockingTasks() {
        return maxBlockingTasks;
    }

    /** @return whether {@code submit} throws {@link PoolOverloadException} instead of blocking */
    public boolean nonblocking() {
        return nonblocking;
    }

    /** @return the handler of a task's throwable, or {@code null} for "log at ERROR" */
    public Consumer<? super Throwable> panicHandler() {
        return panicHandler;
    }

    /** @return where the pool logs */
    public Logger logger() {
        return logger;
    }

    /** @return whether the sweeper is disabled, so idle workers are never stopped */
    public boolean disablePurge() {
        return disablePurge;
    }

    /** @return the capacity of the opt-in task queue; 0 means none (direct hand-off only) */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** @return the factory of worker threads, or {@code null} for the pool's own */
    public ThreadFactory threadFactory() {
        return threadFactory;
    }

    @Override
    public String toString() {
        return "PoolOptions{expiryDuration=" + expiryDuration
                + ", preAlloc=" + preAlloc
                + ", maxBlockingTasks=" + maxBlockingTasks
                + ", nonblocking=" + nonblocking
                + ", panicHandler=" + (panicHandler == null ? "log" : panicHandler)
                + ", logger=" + logger.getName()
                + ", disablePurge=" + disablePurge
                + ", queueCapacity=" + queueCapacity
                + ", threadFactory=" + (threadFactory == null ? "default" : threadFactory)
                + '}';
    }

    /** A mutable, single-threaded builder of {@link PoolOptions}. */
    public static final class Builder {
        private Duration expiryDuration = DEFAULT_EXPIRY;
        private boolean preAlloc;
        private int maxBlockingTasks;
        private boolean nonblocking;
        private Consumer<? super Throwable> panicHandler;
        private Logger logger = LoggerFactory.getLogger(Pool.class);
        private boolean disablePurge;
        private int queueCapacity;
        private ThreadFactory threadFactory;

        private Builder() {
        }

        /**
         * Sets how often the sweeper runs and how long a worker may stay idle before it is
         * stopped. Zero means the default (1 s).
         *
         * @param expiryDuration the period; not negative
         * @return this builder
         * @throws NullPointerException if {@code expiryDuration} is null
         * @throws IllegalArgumentException if it is negative
         */
        public Builder expiryDuration(Duration expiryDuration) {
            Objects.requireNonNull(expiryDuration, "expiryDuration");
            if (expiryDuration.isNegative()) {
                throw new IllegalArgumentException(
                        "expiryDuration must not be negative: " + expiryDuration);
            }
            this.expiryDuration = expiryDuration.isZero() ? DEFAULT_EXPIRY : expiryDuration;
            return this;
        }

        /**
         * Keeps idle workers in a ring buffer sized to the capacity and allocated up front. A
         * pre-allocated pool cannot be {@linkplain Pool#tune(int) tuned}; an unlimited one cannot
         * be pre-allocated ({@link IllegalArgumentException} when the pool is built).
         *
         * @param preAlloc whether to pre-allocate
         * @return this builder
         */
        public Builder preAlloc(boolean preAlloc) {
            this.preAlloc = preAlloc;
            return this;
        }

        /**
         * Limits how many submitters may block at once; past it, {@code submit} throws
         * {@link PoolOverloadException}. Zero means no limit.
         *
         * @param maxBlockingTasks the limit; not negative
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder maxBlockingTasks(int maxBlockingTasks) {
            if (maxBlockingTasks < 0) {
                throw new IllegalArgumentException(
                        "maxBlockingTasks must not be negative: " + maxBlockingTasks);
            }
            this.maxBlockingTasks = maxBlockingTasks;
            return this;
        }

        /**
         * Makes {@code submit} throw {@link PoolOverloadException} instead of blocking when no
         * worker is free and the capacity is reached (and the task queue, if any, is full).
         *
         * @param nonblocking whether submit may never block
         * @return this builder
         */
        public Builder nonblocking(boolean nonblocking) {
            this.nonblocking = nonblocking;
            return this;
        }

        /**
         * Sets the handler called, on the worker thread, with whatever a task throws. A handler
         * that throws is logged and the worker goes on.
         *
         * @param panicHandler the handler
         * @return this builder
         * @throws NullPointerException if {@code panicHandler} is null
         */
        public Builder panicHandler(Consumer<? super Throwable> panicHandler) {
            this.panicHandler = Objects.requireNonNull(panicHandler, "panicHandler");
            return this;
        }

        /**
         * Sets where the pool logs.
         *
         * @param logger the logger
         * @return this builder
         * @throws NullPointerException if {@code logger} is null
         */
        public Builder logger(Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger");
            return this;
        }

        /**
         * Disables the sweeper: idle workers are never stopped (until the pool is released).
         *
         * @param disablePurge whether to disable purging
         * @return this builder
         */
        public Builder disablePurge(boolean disablePurge) {
            this.disablePurge = disablePurge;
            return this;
        }

        /**
         * Enables a bounded FIFO of accepted tasks that wait for a worker when none is idle and
         * the capacity is reached. Workers take from it before going idle. Zero (the default)
         * means no queue: every task is handed directly to a worker, as in ants.
         *
         * @param queueCapacity the most tasks that may wait; not negative
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 0) {
                throw new IllegalArgumentException(
                        "queueCapacity must not be negative: " + queueCapacity);
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * Sets how worker threads are made. The factory must return a new, unstarted thread; a
         * factory that returns {@code null} or throws makes that submit fail with a
         * {@link java.util.concurrent.RejectedExecutionException}. A virtual-thread factory is
         * allowed.
         *
         * @param threadFactory the factory
         * @return this builder
         * @throws NullPointerException if {@code threadFactory} is null
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the immutable options
         */
        public PoolOptions build() {
            return new PoolOptions(this);
        }
    }
}
