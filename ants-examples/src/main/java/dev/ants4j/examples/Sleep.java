package dev.ants4j.examples;

/** The demos' stand-in for work: a sleep that keeps the interrupt status if it is cut short. */
final class Sleep {

    private Sleep() {
    }

    /**
     * Sleeps for {@code millis} ms, like Go's {@code time.Sleep}. An interrupt ends the sleep
     * early and leaves the thread's interrupt status set.
     *
     * @param millis how long to sleep
     */
    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
