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
 * {@code release()} races a submitter that is about to block on a full blocking pool of
 * capacity 1: whether the submitter saw the pool closed or was already waiting, it must get
 * {@code PoolClosedException}; a lost wake-up would leave it blocked for good.
 *
 * <p>The only worker is parked on a gate that only the arbiter opens, so no worker can take
 * the task before the release. The releaser doubles as a {@link Watchdog}: a submitter still
 * blocked long after the release is interrupted and reports r1 = -1 (forbidden).
 *
 * <p>Result: r1 = how the submit ended ({@link Pools#CLOSED} 2, {@link Pools#ACCEPTED} 1, -1 =
 * still blocked when the watchdog fired); r2 = 1 if the task ran; r3 = {@code running()}
 * after {@code close()}.
 */
@JCStressTest
@Description("release() wakes a submitter blocked on a full pool with PoolClosedException")
@Outcome(id = "2, 0, 0", expect = ACCEPTABLE, desc = "rejected with PoolClosedException")
@Outcome(id = "-1, .*", expect = FORBIDDEN, desc = "lost wake-up: still blocked after release")
@Outcome(id = "1, .*", expect = FORBIDDEN, desc = "accepted although no worker could take it")
@Outcome(expect = FORBIDDEN, desc = "anything else: a rejected task ran, workers left")
@State
public class ReleaseWakesBlockedSubmitterTest {

    private final Pool pool = new Pool(1, Pools.blocking());
    private final Gate gate = new Gate();
    private final Gate ran = new Gate();
    private final Watchdog watchdog = new Watchdog();

    public ReleaseWakesBlockedSubmitterTest() {
        pool.submit(Gate.parkUntil(gate, new Gate())); // fills the only slot
    }

    @Actor
    public void releaser() {
        pool.release();
        watchdog.guard();
    }

    @Actor
    public void submitter(III_Result r) {
        watchdog.enter();
        r.r1 = Pools.trySubmit(pool, ran::open);
        watchdog.exit();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        gate.open();
        pool.close(); // joins the worker: a wrongly accepted task would have run by now
        r.r2 = ran.isOpen() ? 1 : 0;
        r.r3 = pool.running();
    }
}
