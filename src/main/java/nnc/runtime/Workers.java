package nnc.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Data-parallel training steps. The gradient of a mini-batch is split into fixed contiguous slices of rows, one per
 * thread, each into its own gradient slot; the slots are then summed in slot order, and the optimizer step is
 * split by weight rows. For a given thread count the figures are always the same.
 *
 * <p>A batch is split only when each slice has enough work to pay for handing it to another thread
 * ({@link #MIN_SLICE_WORK} multiply-adds); smaller networks train on one thread whatever the setting.
 */
public final class Workers implements AutoCloseable {
    /** Multiply-adds a slice of the forward and backward pass needs before it is worth a thread. */
    public static final long MIN_SLICE_WORK = 1_000_000;
    /** Parameters a part of the optimizer step needs before it is worth a thread. */
    public static final long MIN_UPDATE_WORK = 40_000;

    private final int threads;
    private final long workPerRow;
    private final ExecutorService pool;

    /**
     * @param threads    the thread count asked for
     * @param workPerRow multiply-adds per row in one pass (the network's weight count)
     */
    public Workers(int threads, long workPerRow) {
        this.threads = threads;
        this.workPerRow = workPerRow;
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "nnc-worker");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** A single-thread pool. */
    public Workers() {
        this(1, 0);
    }

    public int threads() {
        return threads;
    }

    /** Whether a batch of {@code rows} rows, {@code workPerRow} multiply-adds each, is split over the threads. */
    public static boolean splits(int threads, int rows, long workPerRow) {
        return threads > 1 && rows >= 2 * threads && rows * workPerRow / threads >= MIN_SLICE_WORK;
    }

    /** The gradient of the batch-mean loss into slot 0; returns the mean loss. */
    public double gradient(Net net, double[][] x, double[][] t, int rows, boolean training) {
        int n = threads;
        if (!splits(n, rows, workPerRow)) {
            return net.computeGradients(x, t, rows, training);
        }
        net.beginBatch(rows, training);
        double sum = 0;
        for (double part : inParallel(n, i -> net.gradientSlice(i, x, t, rows * i / n, rows * (i + 1) / n))) {
            sum += part;
        }
        inParallel(n, i -> {
            net.reduceSlots(n, i, n);
            return 0.0;
        });
        return sum / rows;
    }

    /** One optimizer step from slot 0; for gd returns the squared norm of the change. */
    public double update(Net net, long parameters) {
        net.beginUpdate();
        int n = parameters / threads < MIN_UPDATE_WORK ? 1 : threads;
        if (n == 1) {
            return net.updateSlice(0, 1);
        }
        double moved = 0;
        for (double part : inParallel(n, i -> net.updateSlice(i, n))) {
            moved += part;
        }
        return moved;
    }

    private interface Part {
        double run(int i);
    }

    /** Runs parts 1..n−1 on the pool and part 0 here; returns the results in part order. */
    private List<Double> inParallel(int n, Part part) {
        List<Future<Double>> futures = new ArrayList<>(n - 1);
        for (int i = 1; i < n; i++) {
            int index = i;
            futures.add(pool.submit((Callable<Double>) () -> part.run(index)));
        }
        List<Double> results = new ArrayList<>(n);
        results.add(part.run(0));
        try {
            for (Future<Double> f : futures) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a training thread failed", e.getCause());
        }
        return results;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
