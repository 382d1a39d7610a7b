package dev.ants4j;

/**
 * How a {@link MultiPool} or {@link MultiPoolWithFunc} picks the pool for a task (ants'
 * {@code RoundRobin} and {@code LeastTasks}).
 *
 * <h2>Running versus busy</h2>
 * A pool's <em>running</em> count ({@link Pool#running()}) counts every live worker, busy or
 * idle: after a burst, a pool keeps its workers alive (idle) until they expire, so its running
 * count stays high although it could take new tasks at once. Its <em>busy</em> count is the
 * workers running a task right now, that is running minus idle. ants balances
 * {@code LeastTasks} on running, which balances badly: once every pool has warmed up to its
 * capacity, all running counts are equal, the first pool always wins the tie, and a submitter
 * blocks (or overloads) on that pool while other pools have idle workers. ants4j therefore
 * balances on the <em>load</em> of a pool: its busy workers plus the tasks in its task queue plus
 * its blocked submitters, read without any lock (an estimate: under concurrent submission two
 * submitters may see the same figures and pick the same pool).
 */
public enum LoadBalancingStrategy {

    /**
     * Picks the pools in turn, using one atomic counter and no lock. When the chosen pool
     * refuses the task with {@link PoolOverloadException} (nonblocking, or too many blocked
     * submitters), the task is retried once on the least loaded of the other pools. A blocking
     * pool never overloads, so with blocking pools a submitter waits on its chosen pool even if
     * another pool has room: prefer {@link #LEAST_TASKS} when task durations vary widely.
     */
    ROUND_ROBIN,

    /**
     * Picks the least loaded pool: the one with the fewest busy workers plus queued tasks plus
     * blocked submitters (not the fewest running workers, as in ants: see the class comment).
     * Ties are broken by starting the scan at a random pool, so an idle multipool spreads its
     * tasks. When the chosen pool still refuses the task with {@link PoolOverloadException}
     * (its load changed in the meantime), the task is retried once on the least loaded of the
     * other pools.
     */
    LEAST_TASKS
}
