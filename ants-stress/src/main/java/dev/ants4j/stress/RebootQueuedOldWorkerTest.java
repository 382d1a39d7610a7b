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
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * With a task queue, a worker from before {@code release()} finishing its task races
 * {@code release(); reboot(); submit(c)}: the old worker takes queued tasks without the lock,
 * so it must tell the task queued before the release (which it may run) from {@code c},
 * queued after the reboot (which it must never run: API.md, {@code reboot}). The release marks
 * the queue's tail on the old generation, and the worker reads that mark after the queue's
 * tail, so seeing {@code c} implies seeing the mark.
 *
 * <p>The pool (capacity 1, {@code queueCapacity(2)}) has its only worker in a task that waits
 * on a gate the second actor opens, and task {@code b} queued behind it before the actors run.
 *
 * <p>Result: r1 = how {@code submit(c)} ended ({@link Pools#ACCEPTED} 1); r2 = 1 if {@code c}
 * ran on the old worker, 0 if on another, -1 if it did not run; r3 = 1 if {@code b} ran;
 * r4 = {@code running()} after {@code close()}.
 */
@JCStressTest
@Description("reboot with a queue: an old worker never runs a task queued after the reboot")
@Outcome(id = "1, 0, 1, 0", expect = ACCEPTABLE, desc = "c ran on a new worker, b ran")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "an old worker ran a task after reboot")
@Outcome(expect = FORBIDDEN, desc = "anything else: a task lost, or running() != 0")
@State
public class RebootQueuedOldWorkerTest {

    private static final PoolOptions OPTIONS = PoolOptions.builder()
            .disablePurge(true).queueCapacity(2).build();

    private final Pool pool = new Pool(1, OPTIONS);
    private final Gate gate = new Gate();
    private final Gate bRan = new Gate();
    private final Gate cRan = new Gate();
    private volatile Thread oldWorker;
    private volatile Thread cThread;

    public RebootQueuedOldWorkerTest() {
        Gate started = new Gate();
        pool.submit(() -> {
            oldWorker = Thread.currentThread();
            started.open();
            gate.await();
        });
        started.await();
        pool.submit(bRan::open); // queued behind the busy worker, before the release
    }

    @Actor
    public void cycler(IIII_Result r) {
        pool.release();
        pool.reboot();
        r.r1 = Pools.trySubmit(pool, () -> {
            cThread = Thread.currentThread();
            cRan.open();
        });
    }

    @Actor
    public void finisher() {
        gate.open(); // the old worker finishes and polls the queue, racing the cycler
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        if (r.r1 == Pools.ACCEPTED) {
            cRan.await();
        }
        bRan.await();
        pool.close();
        Thread c = cThread;
        r.r2 = c == null ? -1 : c == oldWorker ? 1 : 0;
        r.r3 = bRan.isOpen() ? 1 : 0;
        r.r4 = pool.running();
    }
}
