package dev.ants4j;

import java.util.concurrent.RejectedExecutionException;

/**
 * Thrown when a pool has no free worker, has reached its capacity and may not make the submitter
 * wait: in nonblocking mode, or when {@link PoolOptions.Builder#maxBlockingTasks(int)} submitters
 * are already blocked (ants' {@code ErrPoolOverload}).
 */
public class PoolOverloadException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the standard message. */
    public PoolOverloadException() {
        super("pool overloaded: no idle worker, capacity reached and the submitter may not block");
    }

    /**
     * Creates the exception with a message.
     *
     * @param message why the pool refused the task
     */
    public PoolOverloadException(String message) {
        super(message);
    }
}
