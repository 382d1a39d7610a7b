package dev.ants4j;

/**
 * The pool's time source, in nanoseconds on an arbitrary origin (only differences matter, and
 * they are compared overflow-safely). A seam so that expiry tests drive time by hand instead of
 * sleeping.
 */
@FunctionalInterface
interface Ticker {

    /** {@link System#nanoTime()}. */
    Ticker SYSTEM = System::nanoTime;

    /** @return the current time in nanoseconds */
    long read();
}
