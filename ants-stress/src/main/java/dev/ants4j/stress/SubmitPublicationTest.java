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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Plain writes a submitter makes before {@code submit} are visible to the task (the
 * {@code Executor} memory-consistency rule: actions before submission happen-before the task).
 *
 * <p>The pool (blocking, capacity 1) is warmed up when the state is made, so the actor's task
 * reaches the worker either through the idle-worker hand-off slot or, if the worker has not
 * parked yet, through the blocked-submitter queue: both paths are raced here, not
 * {@code Thread.start()}, which would order the writes by itself.
 *
 * <p>Result: r1 = the plain {@code int} the task saw, r2 = the plain field of a plainly
 * published object the task saw (-1 if the reference was still null); -2 in both if the task
 * did not run in time.
 */
@JCStressTest
@Description("Publication of a submitter's plain writes to the task it submits")
@Outcome(id = "42, 7", expect = ACCEPTABLE, desc = "the task saw everything written before submit")
@Outcome(id = "-2, -2", expect = FORBIDDEN, desc = "the task never ran (lost hand-off)")
@Outcome(expect = FORBIDDEN, desc = "the task saw stale or default values")
@State
public class SubmitPublicationTest {

    /** A plainly published object with a non-final field. */
    static final class Box {
        int value;
    }

    private final Pool pool = new Pool(1, Pools.blocking());
    private final Gate ran = new Gate();
    private int plain;
    private Box box;
    private int seenPlain = -2;
    private int seenBox = -2;

    public SubmitPublicationTest() {
        Gate warm = new Gate();
        pool.submit(warm::open);
        warm.await(); // the worker now finishes and goes idle, or is about to
    }

    @Actor
    public void submitter() {
        plain = 42;
        Box b = new Box();
        b.value = 7;
        box = b;
        pool.submit(() -> {
            seenPlain = plain;
            Box seen = box;
            seenBox = seen == null ? -1 : seen.value;
            ran.open();
        });
    }

    @Arbiter
    public void arbiter(II_Result r) {
        ran.await();
        pool.close(); // joins the worker: its writes are visible below even on a late run
        r.r1 = seenPlain;
        r.r2 = seenBox;
    }
}
