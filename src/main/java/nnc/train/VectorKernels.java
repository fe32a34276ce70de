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
    /** Rounds of calls before the thread gives up (at a little over a millisecond each, about ten seconds). */
    static final int MAX_ROUNDS = 8_000;
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
     * thread for that class has started already (a later training of the same class does not start another).
     */
    public static void start(Net net) {
        if (!net.hasVectorKernels() || net.usesVectorKernels()
                || !STARTED.get(net.getClass()).compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> warmAndSwitch(net), "nnc-vector-kernels");
        t.setDaemon(true);
        t.start();
    }

    /** The thread's work: returns whether it switched. */
    static boolean warmAndSwitch(Net net) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
                || !bean.isThreadAllocatedMemorySupported()) {
            return false;
        }
        bean.setThreadAllocatedMemoryEnabled(true);
        int clean = 0;
        for (int round = 0; round < MAX_ROUNDS && !net.usesVectorKernels(); round++) {
            long before = bean.getCurrentThreadAllocatedBytes();
            net.warmVectorKernels();
            clean = bean.getCurrentThreadAllocatedBytes() == before ? clean + 1 : 0;
            if (clean == CLEAN_ROUNDS) {
                net.useVectorKernels();
                return true;
            }
            try {
                Thread.sleep(1);       // the cores are for training and the JIT's compiler thread
            } catch (InterruptedException e) {
                return false;
            }
        }
        return net.usesVectorKernels();
    }
}
