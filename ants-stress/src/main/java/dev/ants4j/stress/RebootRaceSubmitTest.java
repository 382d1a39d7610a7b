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
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A {@code release(); reboot()} cycle races a {@code submit} on a warmed-up pool of capacity
 * 1: the task is rejected only while the pool is closed, otherwise it runs, whether it went to
 * the old worker (taken before the release) or to a new one (after the reboot); the counters
 * stay exact across the generations.
 *
 * <p>Result: r1 = how the submit ended ({@link Pools#ACCEPTED} 1, {@link Pools#CLOSED} 2);
 * r2 = 1 if the task ran (bounded wait when accepted); r3 = {@code running()} after
 * {@code close()}; r4 = {@code isClosed()} after the cycle, before {@code close()} (0 = open).
 */
@JCStressTest
@Description("release()+reboot() racing submit(): rejected only while closed, never lost")
@Outcome(id = "1, 1, 0, 0", expect = ACCEPTABLE, desc = "accepted (old or new worker) and ran")
@Outcome(id = "2, 0, 0, 0", expect = ACCEPTABLE, desc = "submitted while closed: rejected")
@Outcome(id = "1, 0, .*", expect = FORBIDDEN, desc = "accepted but never ran: lost task")
@Outcome(expect = FORBIDDEN, desc = "anything else: running() != 0 after close, still closed")
@State
public class RebootRaceSubmitTest {

    private final Pool pool = new Pool(1, Pools.blocking());
    private final Gate ran = new Gate();

    public RebootRaceSubmitTest() {
        Gate warm = new Gate();
        pool.submit(warm::open);
        warm.await(); // the worker now finishes and goes idle, or is about to
    }

    @Actor
    public void cycler() {
        pool.release();
        pool.reboot();
    }

    @Actor
    public void submitter(IIII_Result r) {
        r.r1 = Pools.trySubmit(pool, ran::open);
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r4 = pool.isClosed() ? 1 : 0;
        if (r.r1 == Pools.ACCEPTED) {
            ran.await();
        }
        pool.close();
        r.r2 = ran.isOpen() ? 1 : 0;
        r.r3 = pool.running();
    }
}
