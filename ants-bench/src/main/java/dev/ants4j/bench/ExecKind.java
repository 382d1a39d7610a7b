package dev.ants4j.bench;

import dev.ants4j.Pool;
import dev.ants4j.PoolOptions;
import dev.ants4j.PoolWithFunc;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Every executor the benchmarks compare, by the name used in their {@code executor} parameter.
 * {@code capacity} is the most threads (workers) an executor may run at once; the unbounded
 * kinds ignore it.
 *
 * <table>
 *   <caption>The executors</caption>
 *   <tr><th>name</th><th>what</th><th>when full</th></tr>
 *   <tr><td>ANTS</td><td>{@code new Pool(capacity)}: no queue, hand-off to a worker</td><td>submitter blocks</td></tr>
 *   <tr><td>ANTS_QUEUE</td><td>{@code Pool} with {@code queueCapacity(1024)}</td><td>queues 1024, then blocks</td></tr>
 *   <tr><td>ANTS_FUNC</td><td>{@code PoolWithFunc<Runnable>(capacity, Runnable::run)}, {@code invoke}</td><td>submitter blocks</td></tr>
 *   <tr><td>ANTS_VT</td><td>{@code new Pool(capacity)} whose workers are virtual threads
 *       ({@code threadFactory(Thread.ofVirtual().factory())}, JDK 21+): the same pool, with
 *       hand-offs that switch continuations on a carrier instead of kernel threads</td>
 *       <td>submitter blocks</td></tr>
 *   <tr><td>ANTS_MULTI</td><td>{@code MultiPool}, see {@link MultiPoolExec}</td><td>submitter blocks</td></tr>
 *   <tr><td>TPE_LBQ</td><td>{@code ThreadPoolExecutor(capacity, capacity)} with a {@code LinkedBlockingQueue}
 *       ({@code Executors.newFixedThreadPool})</td><td>queues without bound</td></tr>
 *   <tr><td>TPE_SQ</td><td>{@code ThreadPoolExecutor(0, capacity, 1 s)} with a {@code SynchronousQueue}: the
 *       JDK's closest relative of ants (hand-off, threads made on demand, idle ones expire after 1 s like
 *       ants' default expiry). Its {@code RejectedExecutionHandler} does {@code getQueue().put(r)}, so the
 *       submitter BLOCKS until a thread takes the task instead of getting an exception</td>
 *       <td>submitter blocks</td></tr>
 *   <tr><td>FJP</td><td>{@code new ForkJoinPool(capacity)}, external {@code execute}</td><td>queues without bound</td></tr>
 *   <tr><td>THREAD_SEM</td><td>a new platform thread per task, at most {@code capacity} at once by a
 *       {@code Semaphore} (ants' goroutine + semaphore-channel baseline)</td><td>submitter blocks</td></tr>
 *   <tr><td>VT_SEM</td><td>a new virtual thread per task bounded by a {@code Semaphore} (JDK 21+)</td>
 *       <td>submitter blocks</td></tr>
 *   <tr><td>VT_UNBOUNDED</td><td>{@code Executors.newVirtualThreadPerTaskExecutor()} (JDK 21+; ants'
 *       unbounded goroutines baseline)</td><td>never full</td></tr>
 * </table>
 *
 * <p>A kind that cannot run here ({@link #unavailableReason()} not null: virtual threads before
 * JDK 21, or {@code MultiPool} before it is wired) throws {@link UnsupportedOperationException}
 * from {@link #create}, so JMH reports that one parameter value as failed and goes on;
 * {@link Report} leaves such kinds out altogether.
 */
enum ExecKind {
    ANTS {
        @Override
        Exec create(int capacity) {
            Pool pool = new Pool(capacity);
            return exec(pool::submit, pool::close);
        }
    },
    ANTS_QUEUE {
        @Override
        Exec create(int capacity) {
            Pool pool = new Pool(capacity, PoolOptions.builder().queueCapacity(1024).build());
            return exec(pool::submit, pool::close);
        }
    },
    ANTS_FUNC {
        @Override
        Exec create(int capacity) {
            PoolWithFunc<Runnable> pool = new PoolWithFunc<>(capacity, Runnable::run);
            return exec(pool::invoke, pool::close);
        }
    },
    ANTS_VT {
        @Override
        Exec create(int capacity) {
            Pool pool = new Pool(capacity,
                    PoolOptions.builder().threadFactory(VirtualThreads.factory()).build());
            return exec(pool::submit, pool::close);
        }

        @Override
        String unavailableReason() {
            return VirtualThreads.unavailableReason();
        }
    },
    ANTS_MULTI {
        @Override
        Exec create(int capacity) {
            return MultiPoolExec.create(capacity);
        }

        @Override
        String unavailableReason() {
            return MultiPoolExec.unavailableReason();
        }
    },
    TPE_LBQ {
        @Override
        Exec create(int capacity) {
            ThreadPoolExecutor tpe = new ThreadPoolExecutor(
                    capacity, capacity, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
            return executorService(tpe);
        }
    },
    TPE_SQ {
        @Override
        Exec create(int capacity) {
            ThreadPoolExecutor tpe = new ThreadPoolExecutor(
                    0, capacity, 1L, TimeUnit.SECONDS, new SynchronousQueue<>(), BLOCK_WHEN_FULL);
            return executorService(tpe);
        }
    },
    FJP {
        @Override
        Exec create(int capacity) {
            return executorService(new ForkJoinPool(capacity));
        }
    },
    THREAD_SEM {
        @Override
        Exec create(int capacity) {
            return new SemaphoreExec(capacity, Thread::new);
        }
    },
    VT_SEM {
        @Override
        Exec create(int capacity) {
            return new SemaphoreExec(capacity, VirtualThreads.factory());
        }

        @Override
        String unavailableReason() {
            return VirtualThreads.unavailableReason();
        }
    },
    VT_UNBOUNDED {
        @Override
        Exec create(int capacity) {
            return executorService(VirtualThreads.newPerTaskExecutor());
        }

        @Override
        String unavailableReason() {
            return VirtualThreads.unavailableReason();
        }
    };

    /**
     * {@code TPE_SQ}'s handler: wait for a thread to take the task, as an ants submitter does.
     * A task offered after {@code shutdown} is refused rather than left blocked forever.
     */
    static final RejectedExecutionHandler BLOCK_WHEN_FULL = (task, executor) -> {
        if (executor.isShutdown()) {
            throw new RejectedExecutionException("executor is shut down");
        }
        try {
            executor.getQueue().put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while blocked", e);
        }
    };

    /** Makes an executor of this kind whose threads are at most {@code capacity}. */
    abstract Exec create(int capacity);

    /** Null when this kind can run on this JVM, else why not. */
    String unavailableReason() {
        return null;
    }

    /** Checks the kind can run here, with a message JMH prints when it cannot. */
    final Exec createChecked(int capacity) {
        String reason = unavailableReason();
        if (reason != null) {
            throw new UnsupportedOperationException("skipped " + this + ": " + reason);
        }
        return create(capacity);
    }

    private static Exec exec(java.util.function.Consumer<Runnable> submit, Runnable close) {
        return new Exec() {
            @Override
            public void submit(Runnable task) {
                submit.accept(task);
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }

    private static Exec executorService(ExecutorService service) {
        return new Exec() {
            @Override
            public void submit(Runnable task) {
                service.execute(task);
            }

            @Override
            public void close() {
                service.shutdown();
                try {
                    if (!service.awaitTermination(1, TimeUnit.MINUTES)) {
                        throw new IllegalStateException(service + " did not terminate in a minute");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /**
     * A new thread per task, at most {@code capacity} alive at once. Invariant: a permit is taken
     * before a thread is made and given back by that thread as its last action (or at once if
     * the thread cannot be started), so permits in use = threads started and not yet done.
     */
    private static final class SemaphoreExec implements Exec {
        private final int capacity;
        private final Semaphore permits;
        private final ThreadFactory factory;

        SemaphoreExec(int capacity, ThreadFactory factory) {
            this.capacity = capacity;
            this.permits = new Semaphore(capacity);
            this.factory = factory;
        }

        @Override
        public void submit(Runnable task) {
            permits.acquireUninterruptibly();
            try {
                factory.newThread(() -> {
                    try {
                        task.run();
                    } finally {
                        permits.release();
                    }
                }).start();
            } catch (RuntimeException | Error e) {
                permits.release();
                throw e;
            }
        }

        @Override
        public void close() {
            // Every permit back = every thread done.
            permits.acquireUninterruptibly(capacity);
            permits.release(capacity);
        }
    }
}
