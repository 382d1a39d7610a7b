package dev.ants4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ants4j.Pool;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@code release()} races a {@code submit}: the task is either rejected with
 * {@code PoolClosedException} and never runs, or accepted and run; never accepted and lost.
 *
 * <p>The pool (blocking, capacity 1) is warmed up when the state is made, so the submit races
 * the release for the idle worker: either the submitter takes it off the idle store first and
 * hands it the task, or the release stops it first and the submit sees the pool closed (or,
 * if the worker was not idle yet, waits and is woken by the release with
 * {@code PoolClosedException}).
 *
 * <p>Result: r1 = how the submit ended ({@link Pools#ACCEPTED} 1, {@link Pools#CLOSED} 2);
 * r2 = 1 if the task ran (waited for, bounded, when accepted); r3 = {@code running()} after
 * {@code close()}.
 */
@JCStressTest
@Description("release() racing submit(): a task is rejected or run, never lost")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "accepted before the release, and ran")
@Outcome(id = "2, 0, 0", expect = ACCEPTABLE, desc = "rejected with PoolClosedException, not run")
@Outcome(id = "1, 0, .*", expect = FORBIDDEN, desc = "accepted but never ran: lost task")
@Outcome(id = "2, 1, .*", expect = FORBIDDEN, desc = "rejected, yet ran")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class ReleaseRaceSubmitTest {

    private final Pool pool = new Pool(1, Pools.blocking());
    private final Gate ran = new Gate();

    public ReleaseRaceSubmitTest() {
        Gate warm = new Gate();
        pool.submit(warm::open);
        warm.await(); // the worker now finishes and goes idle, or is about to
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
        if (r.r1 == Pools.ACCEPTED) {
            ran.await();
        }
        pool.close(); // already released: only waits for the worker threads to end
        r.r2 = ran.isOpen() ? 1 : 0;
        r.r3 = pool.running();
    }
}
