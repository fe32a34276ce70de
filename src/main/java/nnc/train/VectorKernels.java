package nnc.train;

import java.lang.management.ManagementFactory;

/**
 * Moves a generated class from its plain loops to its Vector API kernels once the JIT has compiled them. Until C2
 * has compiled it, Vector API code allocates a box per operation and runs a hundred times slower than the plain
 * loops; compiled, it runs faster. So training starts on the plain loops while a background thread calls each
 * vector kernel on a few rows of scratch, and switches when a whole round of those calls allocates nothing three
 * times in a row: the kernels are then compiled with their vectors in registers (a kernel C2 could not compile so
 * keeps allocating, and the class stays on its plain loops). The results do not depend on when the switch comes:
 * both kernels give the same bits.
 */
public final class VectorKernels {
    /**
     * How long the calls go on before giving up (nanoseconds): a bound in time, not in rounds, since a round takes
     * from a few microseconds (small kernels, called back to back) to over a millisecond (with the pause).
     */
    static final long MAX_NANOS = 10_000_000_000L;
    /** Rounds without allocation that make the switch. */
    static final int CLEAN_ROUNDS = 3;

    /** Whether a thread has been started for a class (the switch is per class: one thread serves every instance). */
    private static final ClassValue<java.util.concurrent.atomic.AtomicBoolean> STARTED = new ClassValue<>() {
        @Override
        protected java.util.concurrent.atomic.AtomicBoolean computeValue(Class<?> type) {
            return new java.util.concurrent.atomic.AtomicBoolean();
        }
    };

    private VectorKernels() {
    }

    /**
     * Starts the switch for the class of {@code net} in a daemon thread, unless there is nothing to switch or a
     * thread for that class has started already (a later training of the same class does not start another). A
     * class whose products have no plain loops (float32: {@code nnc.codegen.KernelCalls#vectorOnly}) is on its
     * vector kernels from the start: its first training has them compiled here, before the first batch, on scratch
     * rows (a few hundred milliseconds of C2's time, instead of batches that would run boxed until C2 had them).
     */
    public static void start(Net net) {
        if (!net.hasVectorKernels() || !STARTED.get(net.getClass()).compareAndSet(false, true)) {
            return;
        }
        if (net.usesVectorKernels()) {
            warm(net, false);
            return;
        }
        Thread t = new Thread(() -> warmAndSwitch(net), "nnc-vector-kernels");
        t.setDaemon(true);
        t.start();
    }

    /** The thread's work: returns whether it switched. */
    static boolean warmAndSwitch(Net net) {
        if (warm(net, true)) {
            net.useVectorKernels();
        }
        return net.usesVectorKernels();
    }

    /**
     * Calls the vector kernels until a whole round of calls allocates nothing {@link #CLEAN_ROUNDS} times in a row
     * (they are compiled) and returns true, or gives up after {@link #MAX_NANOS}. With {@code pause}, it sleeps
     * between rounds, leaving the cores to training and the JIT's compiler thread, and stops once the class has
     * switched.
     */
    private static boolean warm(Net net, boolean pause) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
                || !bean.isThreadAllocatedMemorySupported()) {
            return false;
        }
        bean.setThreadAllocatedMemoryEnabled(true);
        int clean = 0;
        long deadline = System.nanoTime() + MAX_NANOS;
        while (System.nanoTime() - deadline < 0 && !(pause && net.usesVectorKernels())) {
            long before = bean.getCurrentThreadAllocatedBytes();
            net.warmVectorKernels();
            clean = bean.getCurrentThreadAllocatedBytes() == before ? clean + 1 : 0;
            if (clean == CLEAN_ROUNDS) {
                return true;
            }
            if (pause) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
