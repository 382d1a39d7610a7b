package dev.ants4j;

import dev.ants4j.TestSupport.Harness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of the test classes that run each test on a fresh {@link Harness}: JUnit makes one
 * instance per test, so {@link #h} is that test's harness; it learns whether the body failed
 * ({@link Harness#failFast}), so that clean-up after a failure is short, and is closed after
 * each test, which checks for leaked threads and rethrows failures recorded on other threads.
 */
abstract class HarnessTest {

    final Harness h = new Harness();

    @RegisterExtension
    final AfterTestExecutionCallback failFast = h.failFast();

    @AfterEach
    void closeHarness() {
        h.close();
    }
}
