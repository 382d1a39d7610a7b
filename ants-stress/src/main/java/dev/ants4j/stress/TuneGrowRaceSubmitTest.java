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
 * {@code tune(2)} races a submit on a full nonblocking pool of capacity 1.
 *
 * <p>The only worker is parked on a gate in a task, so the submit either sees the new
 * capacity and starts a second worker, or sees the old one and overloads. Both tasks park
 * until the arbiter has read {@code running()}.
 *
 * <p>Result: r1 = how the submit ended ({@link Pools#ACCEPTED} 1, {@link Pools#OVERLOADED} 0);
 * r2 = {@code running()} while the tasks are parked; r3 = {@code cap()}; r4 = 1 if the racing
 * task ran (waited for, bounded, when accepted).
 */
@JCStressTest
@Description("tune() growing the capacity racing a submit on a full nonblocking pool")
@Outcome(id = "1, 2, 2, 1", expect = ACCEPTABLE, desc = "submit after the growth: second worker")
@Outcome(id = "0, 1, 2, 0", expect = ACCEPTABLE, desc = "submit before the growth: overloaded")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "accepted without a worker for it")
@Outcome(id = "0, 2, .*", expect = FORBIDDEN, desc = "overloaded, yet a worker was started")
@Outcome(expect = FORBIDDEN, desc = "anything else: running() > max capacity, lost task")
@State
public class TuneGrowRaceSubmitTest {

    private final Pool pool = new Pool(1, Pools.nonblocking());
    private final Gate gate = new Gate();
    private final Gate ran = new Gate();

    public TuneGrowRaceSubmitTest() {
        pool.submit(Gate.parkUntil(gate, new Gate())); // fills the only slot
    }

    @Actor
    public void tuner() {
        pool.tune(2);
    }

    @Actor
    public void submitter(IIII_Result r) {
        r.r1 = Pools.trySubmit(pool, Gate.parkUntil(gate, ran));
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r2 = pool.running();
        r.r3 = pool.cap();
        gate.open();
        if (r.r1 == Pools.ACCEPTED) {
            ran.await();
        }
        pool.close();
        r.r4 = ran.isOpen() ? 1 : 0;
    }
}
