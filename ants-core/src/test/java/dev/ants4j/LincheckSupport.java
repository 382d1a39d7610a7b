package dev.ants4j;

/**
 * Sizes and the JDK gate of the Lincheck suites ({@link LincheckWorkerQueueTest},
 * {@link LincheckPoolTest}). The sizes keep each check to seconds on a 2-core machine; the
 * figures in docs/reliability-readme-section.md are derived from them.
 */
final class LincheckSupport {

    /** Model checking: scenarios generated per check. */
    static final int MC_ITERATIONS = 8;
    /** Model checking: interleavings explored per scenario, at most. */
    static final int MC_INVOCATIONS = 80;
    /** Stress mode: scenarios generated per check. */
    static final int STRESS_ITERATIONS = 8;
    /** Stress mode: runs of each scenario on real threads. */
    static final int STRESS_INVOCATIONS = 200;
    /** General-purpose model checking of the real pool: interleavings per test. */
    static final int POOL_INVOCATIONS = 100;

    /** The newest Java feature release the Lincheck suites were run on (17 and 25 were). */
    static final int NEWEST_CHECKED_JAVA = 25;

    static final String SKIP_REASON = "Lincheck 3.7 was only checked up to Java "
            + NEWEST_CHECKED_JAVA + "; this is Java " + Runtime.version().feature()
            + " (Lincheck instruments the JDK through a Java agent)";

    private LincheckSupport() {
    }

    /**
     * Whether Lincheck's instrumentation is known to work on the running JDK. It does on 17
     * and 25 (on 25 the JVM prints warnings about the dynamically loaded agent and
     * sun.misc.Unsafe; they are harmless). A newer JDK skips the Lincheck suites by assumption
     * rather than failing on an instrumentation error; the other suites still run.
     */
    static boolean lincheckSupported() {
        return Runtime.version().feature() <= NEWEST_CHECKED_JAVA;
    }
}
