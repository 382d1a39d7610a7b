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
 * {@code tune(1)} races a submit for the last free slot of a nonblocking pool of capacity 2.
 *
 * <p>One worker is parked on a gate in a task, so one slot is free. The submit either takes
 * it before the shrink (two busy workers: {@code running()} = 2 > {@code cap()} = 1, allowed
 * while the surplus worker finishes its task) or sees the new capacity and overloads. Never
 * more than max(old, new) = 2 workers.
 *
 * <p>Result: r1 = how the submit ended ({@link Pools#ACCEPTED} 1, {@link Pools#OVERLOADED} 0);
 * r2 = {@code running()} while the tasks are parked; r3 = {@code cap()}; r4 = 1 if the racing
 * task ran (waited for, bounded, when accepted).
 */
@JCStressTest
@Description("tune() shrinking the capacity racing a submit for the last free slot")
@Outcome(id = "1, 2, 1, 1", expect = ACCEPTABLE, desc = "submit before the shrink: surplus worker")
@Outcome(id = "0, 1, 1, 0", expect = ACCEPTABLE, desc = "submit after the shrink: overloaded")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "accepted without a worker for it")
@Outcome(id = "0, 2, .*", expect = FORBIDDEN, desc = "overloaded, yet a worker was started")
@Outcome(expect = FORBIDDEN, desc = "anything else: running() > 2, lost task")
@State
public class TuneShrinkRaceSubmitTest {

    private final Pool pool = new Pool(2, Pools.nonblocking());
    private final Gate gate = new Gate();
    private final Gate ran = new Gate();

    public TuneShrinkRaceSubmitTest() {
        pool.submit(Gate.parkUntil(gate, new Gate())); // takes one of the two slots
    }

    @Actor
    public void tuner() {
        pool.tune(1);
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
