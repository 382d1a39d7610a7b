package dev.ants4j;

import java.util.concurrent.RejectedExecutionException;

/**
 * Thrown when a task is submitted to a pool that has been released (ants' {@code ErrPoolClosed}),
 * to a submitter that was blocked when the pool was released, and by {@code releaseTimeout} on a
 * pool that is already closed.
 */
public class PoolClosedException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the standard message. */
    public PoolClosedException() {
        super("this pool has been closed");
    }

    /**
     * Creates the exception with a message.
     *
     * @param message what was closed and what was refused
     */
    public PoolClosedException(String message) {
        super(message);
    }
}
