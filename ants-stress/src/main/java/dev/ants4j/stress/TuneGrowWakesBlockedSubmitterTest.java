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
 * {@code tune(2)} races a submitter that is about to block on a full blocking pool of
 * capacity 1: growing must wake it (or let it through) at once, whichever comes first.
 *
 * <p>The only worker is parked on a gate that only the arbiter opens, so nothing but the
 * growth can let the submitter through. A lost wake-up would leave the submitting actor
 * blocked for good and hang the whole jcstress run, so the tuner doubles as a {@link Watchdog}:
 * after its {@code tune} it waits (bounded) for the submit to return and otherwise interrupts
 * the submitter, which then gives up with a {@code RejectedExecutionException} (outcome
 * r1 = -1, forbidden). A run with the {@code tune} replaced by a no-op reports exactly that
 * outcome (checked by hand).
 *
 * <p>Result: r1 = how the submit ended ({@link Pools#ACCEPTED} 1, -1 = still blocked when the
 * watchdog fired); r2 = {@code running()} while the tasks are parked; r3 = 1 if the submitted
 * task ran (bounded wait).
 */
@JCStressTest
@Description("tune() growing the capacity wakes a submitter blocked on a full pool")
@Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "the submitter got the new slot")
@Outcome(id = "-1, .*", expect = FORBIDDEN, desc = "lost wake-up: still blocked after the growth")
@Outcome(expect = FORBIDDEN, desc = "anything else: rejected, no second worker, lost task")
@State
public class TuneGrowWakesBlockedSubmitterTest {

    private final Pool pool = new Pool(1, Pools.blocking());
    private final Gate gate = new Gate();
    private final Gate ran = new Gate();
    private final Watchdog watchdog = new Watchdog();

    public TuneGrowWakesBlockedSubmitterTest() {
        pool.submit(Gate.parkUntil(gate, new Gate())); // fills the only slot
    }

    @Actor
    public void tuner() {
        pool.tune(2);
        watchdog.guard();
    }

    @Actor
    public void submitter(III_Result r) {
        watchdog.enter();
        r.r1 = Pools.trySubmit(pool, Gate.parkUntil(gate, ran));
        watchdog.exit();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r2 = pool.running();
        gate.open();
        if (r.r1 == Pools.ACCEPTED) {
            ran.await();
        }
        pool.close();
        r.r3 = ran.isOpen() ? 1 : 0;
    }
}
