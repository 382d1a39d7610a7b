package dev.ants4j.bench;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads reached by reflection, so that this module still compiles with
 * {@code --release 17} and runs on JDK 17, where the virtual-thread executors are simply
 * {@linkplain #unavailableReason() unavailable}.
 *
 * <p>Thread safety: immutable after class initialisation.
 */
final class VirtualThreads {

    /** {@code Thread.ofVirtual().factory()}, or null before JDK 21. */
    private static final ThreadFactory FACTORY;
    /** {@code Executors.newVirtualThreadPerTaskExecutor}, or null before JDK 21. */
    private static final Method NEW_PER_TASK;
    private static final String REASON;

    static {
        ThreadFactory factory = null;
        Method perTask = null;
        String reason = null;
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Method factoryMethod = Class.forName("java.lang.Thread$Builder").getMethod("factory");
            factory = (ThreadFactory) factoryMethod.invoke(builder);
            perTask = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            // Fails on JDK 19/20 without --enable-preview, so check it really works.
            ((ExecutorService) perTask.invoke(null)).shutdown();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            factory = null;
            perTask = null;
            reason = "virtual threads need JDK 21+ (this is " + Runtime.version() + ")";
        }
        FACTORY = factory;
        NEW_PER_TASK = perTask;
        REASON = reason;
    }

    private VirtualThreads() {}

    /** Null when virtual threads can be used, else why not. */
    static String unavailableReason() {
        return REASON;
    }

    /** A factory of unstarted virtual threads. */
    static ThreadFactory factory() {
        check();
        return FACTORY;
    }

    /** A new {@code Executors.newVirtualThreadPerTaskExecutor()}. */
    static ExecutorService newPerTaskExecutor() {
        check();
        try {
            return (ExecutorService) NEW_PER_TASK.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check() {
        if (REASON != null) {
            throw new UnsupportedOperationException(REASON);
        }
    }
}
