package dev.ants4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ants4j.Pool;
import dev.ants4j.PoolOptions;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@code release()} races a {@code submit} that goes into the task queue: a task accepted
 * into the queue is never dropped by the release, it still runs.
 *
 * <p>The pool (capacity 1, {@code queueCapacity(1)}, nonblocking) has its only worker parked
 * on a gate in a task, so the actor's submit can only be queued or rejected. The arbiter opens
 * the gate after the actors, so the busy worker finishes and must then drain the queue.
 *
 * <p>Result: r1 = how the submit ended ({@link Pools#ACCEPTED} 1, {@link Pools#CLOSED} 2);
 * r2 = 1 if the queued task ran (waited for, bounded, when accepted); r3 = {@code running()}
 * after {@code close()}.
 */
@JCStressTest
@Description("release() racing a submit into the task queue: a queued task still runs")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "queued before the release, and ran")
@Outcome(id = "2, 0, 0", expect = ACCEPTABLE, desc = "rejected with PoolClosedException, not run")
@Outcome(id = "1, 0, .*", expect = FORBIDDEN, desc = "queued but never ran: dropped task")
@Outcome(id = "2, 1, .*", expect = FORBIDDEN, desc = "rejected, yet ran")
@Outcome(expect = FORBIDDEN, desc = "anything else (0 = overloaded with a free queue place)")
@State
public class ReleaseRaceQueuedSubmitTest {

    private static final PoolOptions OPTIONS = PoolOptions.builder()
            .disablePurge(true).nonblocking(true).queueCapacity(1).build();

    private final Pool pool = new Pool(1, OPTIONS);
    private final Gate gate = new Gate();
    private final Gate ran = new Gate();

    public ReleaseRaceQueuedSubmitTest() {
        pool.submit(Gate.parkUntil(gate, new Gate())); // occupies the only worker
    }

    @Actor
    public void submitter(III_Result r) {
        r.r1 = Pools.trySubmit(pool, ran::open);
    }

    @Actor
    public void releaser() {
        pool.release();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        gate.open();
        if (r.r1 == Pools.ACCEPTED) {
            ran.await();
        }
        pool.close(); // already released: only waits for the worker thread to end
        r.r2 = ran.isOpen() ? 1 : 0;
        r.r3 = pool.running();
    }
}
