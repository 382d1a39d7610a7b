/**
 * jcstress tests of the public ants4j API: races between submitters, {@code release},
 * {@code tune}, and the publication of a submitter's writes to its task.
 *
 * <h2>Running</h2>
 * <pre>{@code
 * mvn -B -pl ants-stress -am package -DskipTests      # builds ants-stress/target/jcstress.jar
 * .ci/stress                                          # sanity preset, gated on the outcome
 * ANTS_STRESS_ARGS='-t LastSlot -time 200' .ci/stress # one test, about 30x the samples
 * java -jar ants-stress/target/jcstress.jar -m sanity -t LastSlot   # by hand (writes its
 *                                                     # result blob to the working directory)
 * }</pre>
 * jcstress exits non-zero when a test fails or errs; {@code .ci/stress} also checks that every
 * selected test passed and bounds the run's time. The sanity preset runs one state per fork
 * and JVM configuration: about 112 samples per two-actor test on JDK 17 (28 configurations),
 * 56 on JDK 25, in roughly 5 s per test on this 2-core machine; {@code -time N} (ms per
 * iteration) buys more samples at a few seconds per test per 50 ms.
 *
 * <h2>Design rules of these tests</h2>
 * <ul>
 *   <li>Each {@code @State} makes its own tiny pool (capacity 1 or 2, purge disabled, so no
 *       sweeper thread) and its {@code @Arbiter} always {@code close()}s it, which joins every
 *       worker thread: no thread outlives its sample, and the worker's writes are visible to
 *       the arbiter.</li>
 *   <li>Tasks that must hold a worker busy wait on a {@link dev.ants4j.stress.Gate} that only
 *       the arbiter opens (or, where the race is with that worker finishing, an actor:
 *       {@code RebootQueuedOldWorkerTest}); every wait is bounded ({@link dev.ants4j.stress.Gate#MAX_WAIT_SECONDS}),
 *       and a wait that runs out shows up as a forbidden outcome, never as a hang.</li>
 *   <li>Actors never wait for each other, except the {@link dev.ants4j.stress.Watchdog} of
 *       the two blocked-submitter tests, which waits (bounded) only for the same state's other
 *       actor after its own racing action and turns a lost wake-up into a forbidden outcome.</li>
 *   <li>A state costs one or two worker threads (started in its constructor or by the actors),
 *       so keep strides small: the sanity preset uses one state per stride. For longer runs
 *       prefer {@code -m quick -strideSize 8 -strideCount 8} over the default strides
 *       (256 x 40 states), which would park thousands of worker threads at once.</li>
 * </ul>
 */
package dev.ants4j.stress;
