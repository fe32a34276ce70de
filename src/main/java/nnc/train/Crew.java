package nnc.train;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The helper threads of the data-parallel training steps. Steps come in quick succession (two per mini-batch,
 * microseconds apart), so a helper that has finished its part spins for a short while before it parks: waking a
 * parked thread through an executor costs tens of microseconds per step, about 2% of config D's time on 2
 * threads. Nobody spins when there are more threads than processors (a spinning thread would then hold a
 * processor that another part needs).
 */
final class Crew implements AutoCloseable {
    /** One part of a step. */
    interface Part {
        double run(int i);
    }

    /** How long an idle helper spins before it parks. */
    private static final long SPIN_NANOS = 200_000;

    private final boolean spin;
    private final Thread[] helpers;
    private final double[] results;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long generation;
    private volatile Part job;
    private volatile int parts;
    private volatile Throwable failure;
    private volatile boolean closed;
    /** The barrier between the stages of a step's parts ({@link #await}): parts arrived, and its phase. */
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int phase;

    /** A crew for steps of up to {@code threads} parts: this thread and threads − 1 helpers. */
    Crew(int threads) {
        spin = threads <= Runtime.getRuntime().availableProcessors();
        helpers = new Thread[threads - 1];
        results = new double[threads];
        for (int h = 0; h < helpers.length; h++) {
            int index = h + 1;
            helpers[h] = new Thread(() -> serve(index), "nnc-worker-" + index);
            helpers[h].setDaemon(true);
            helpers[h].start();
        }
    }

    /** Runs parts 0..n−1: part 0 on this thread, part i on helper i. Returns the sum of the results, in part order. */
    double run(int n, Part part) {
        job = part;
        parts = n;
        failure = null;
        arrived.set(0);
        pending.set(n - 1);
        generation++;                                  // publishes job and parts to the helpers
        for (int h = 0; h < n - 1; h++) {
            LockSupport.unpark(helpers[h]);
        }
        try {
            results[0] = part.run(0);
        } catch (Throwable e) {
            // the helpers waiting at the barrier leave it (await throws), so that this thread can report it
            fail(e);
        }
        while (pending.get() > 0) {
            if (spin) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        Throwable f = failure;
        if (f instanceof RuntimeException r) {
            throw r;
        } else if (f instanceof Error e) {
            throw e;
        } else if (f != null) {
            throw new IllegalStateException("a training thread failed", f);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += results[i];
        }
        return sum;
    }

    /** Keeps the first failure of a step (a part that left the barrier because of it fails too). */
    private synchronized void fail(Throwable e) {
        if (failure == null) {
            failure = e;
        }
    }

    /**
     * Waits until every part of the step in progress has called it as often: the stages of a step split by units
     * ({@link Net#forwardBackwardByUnits}) read what the other parts wrote in the stage before. Spins, as the helpers
     * do between steps (the stages are microseconds apart). Throws where a part has failed, so that no part waits for
     * one that will not come.
     */
    void await() {
        int n = parts;
        if (n == 1) {
            return;
        }
        int p = phase;
        if (arrived.incrementAndGet() == n) {
            arrived.set(0);
            phase = p + 1;
            return;
        }
        while (phase == p) {
            if (failure != null) {
                throw new IllegalStateException("another training thread failed");
            }
            if (spin) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private void serve(int index) {
        long seen = 0;
        while (!closed) {
            long g = generation;
            if (g == seen) {
                long until = spin ? System.nanoTime() + SPIN_NANOS : 0;
                while (generation == seen && !closed) {
                    if (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                continue;
            }
            seen = g;
            if (index < parts) {
                try {
                    results[index] = job.run(index);
                } catch (Throwable e) {
                    fail(e);
                }
                pending.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : helpers) {
            LockSupport.unpark(t);
        }
    }
}
