package dev.ants4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ants4j.PoolWithFunc;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The argument of {@link PoolWithFunc#invoke}, a mutable object filled with plain writes just
 * before the call, is seen fully initialised by the pool function.
 *
 * <p>Two submitters invoke on a warmed-up blocking pool of capacity 1, so one argument goes
 * through the idle-worker hand-off and the other usually through the blocked-submitter queue
 * (served by the worker when it finishes the first).
 *
 * <p>Result: r1, r2 = the sum of the two plain fields the function saw for actor 1's and
 * actor 2's argument (-2 if it did not run in time).
 */
@JCStressTest
@Description("Publication of a mutable invoke() argument to the pool function")
@Outcome(id = "3, 30", expect = ACCEPTABLE, desc = "both arguments were seen fully written")
@Outcome(expect = FORBIDDEN, desc = "an argument was seen partly written, or never")
@State
public class InvokePublicationTest {

    /** A mutable argument: plain fields, written by the submitter before invoke. */
    static final class Arg {
        int a;
        int b;
        int seen = -2;
        final Gate done = new Gate();
    }

    private final PoolWithFunc<Arg> pool = new PoolWithFunc<>(1, InvokePublicationTest::consume,
            Pools.blocking());
    private final Arg[] args = new Arg[2];

    private static void consume(Arg arg) {
        arg.seen = arg.a + arg.b;
        arg.done.open();
    }

    public InvokePublicationTest() {
        Arg w = new Arg();
        pool.invoke(w);
        w.done.await(); // the worker now goes idle, or is about to
    }

    @Actor
    public void actor1() {
        Arg arg = new Arg();
        arg.a = 1;
        arg.b = 2;
        args[0] = arg; // read by the arbiter, after the actors (jcstress orders that)
        pool.invoke(arg);
    }

    @Actor
    public void actor2() {
        Arg arg = new Arg();
        arg.a = 10;
        arg.b = 20;
        args[1] = arg;
        pool.invoke(arg);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        for (Arg arg : args) {
            arg.done.await();
        }
        pool.close(); // joins the worker: its writes are visible below even on a late run
        r.r1 = args[0].seen;
        r.r2 = args[1].seen;
    }
}
