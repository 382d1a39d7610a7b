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
 * Two submitters race for the only slot of an empty nonblocking pool of capacity 1.
 *
 * <p>Both tasks park on a gate that only the arbiter opens, so neither can finish and free
 * the slot while the actors run. Exactly one submit may start a worker; the other must get
 * {@code PoolOverloadException}.
 *
 * <p>Result: r1, r2 = how each actor's submit ended ({@link Pools#ACCEPTED} 1,
 * {@link Pools#OVERLOADED} 0); r3 = {@code running()} while both tasks are still parked;
 * r4 = how many tasks ran by the time the pool was closed.
 */
@JCStressTest
@Description("Two submitters racing for the last slot of a nonblocking capacity-1 pool")
@Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "actor 1 won the slot, actor 2 overloaded")
@Outcome(id = "0, 1, 1, 1", expect = ACCEPTABLE, desc = "actor 2 won the slot, actor 1 overloaded")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both took the one slot")
@Outcome(expect = FORBIDDEN, desc = "anything else: lost slot, wrong running(), lost task")
@State
public class LastSlotRaceTest {

    private final Pool pool = new Pool(1, Pools.nonblocking());
    private final Gate gate = new Gate();
    private final Gate done1 = new Gate();
    private final Gate done2 = new Gate();

    @Actor
    public void actor1(IIII_Result r) {
        r.r1 = Pools.trySubmit(pool, Gate.parkUntil(gate, done1));
    }

    @Actor
    public void actor2(IIII_Result r) {
        r.r2 = Pools.trySubmit(pool, Gate.parkUntil(gate, done2));
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = pool.running();
        gate.open();
        pool.close(); // waits for every worker thread: done* are final once it returns
        r.r4 = (done1.isOpen() ? 1 : 0) + (done2.isOpen() ? 1 : 0);
    }
}
