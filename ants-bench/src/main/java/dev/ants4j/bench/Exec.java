package dev.ants4j.bench;

/**
 * The one face every benchmarked executor shows: submit a task, and close. Each {@link ExecKind}
 * makes one; a benchmark never knows which kind it drives, so ants4j and the JDK baselines run
 * the very same code in the same run.
 *
 * <p>{@link #submit} blocks, as ants' {@code Submit} does, when the executor is at its capacity
 * and has no room to queue; executors with an unbounded queue ({@code TPE_LBQ}, {@code FJP})
 * never block. Implementations are thread-safe: several JMH threads may submit at once.
 */
interface Exec extends AutoCloseable {

    /** Runs {@code task} on the executor, blocking while it is full (see the class comment). */
    void submit(Runnable task);

    /** Stops the executor and waits for its threads to finish their tasks. */
    @Override
    void close();
}
