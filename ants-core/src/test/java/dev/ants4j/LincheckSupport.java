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
    static final int MC_INVOCATIONS = 100;
    /** Stress mode: scenarios generated per check. */
    static final int STRESS_ITERATIONS = 8;
    /** Stress mode: runs of each scenario on real threads. */
    static final int STRESS_INVOCATIONS = 300;
    /** General-purpose model checking of the real pool: interleavings per test. */
    static final int POOL_INVOCATIONS = 150;

    static final String SKIP_REASON = "Lincheck 3.7 does not support Java "
            + Runtime.version().feature() + " (it instruments the JDK through a Java agent)";

    private LincheckSupport() {
    }

    /** Whether Lincheck's instrumentation works on the running JDK. */
    static boolean lincheckSupported() {
        return true;
    }
}
