package nnc.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Data-parallel training steps in two phases. First the forward and backward passes, split into fixed contiguous
 * slices of the batch rows, one per thread (rows are independent). Then the weight gradients and the optimizer
 * step, split by weight rows: each thread sums its rows' gradients over the whole batch, in row order, and
 * updates those rows at once. Nothing is summed across threads, so the figures are the same for every thread
 * count, bit for bit.
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

    /** Forward and backward pass of a batch (outputs, loss, deltas); returns the batch's mean loss. */
    public double forwardBackward(Net net, double[][] x, double[][] t, int rows, boolean training) {
        net.beginBatch(rows, training);
        int n = splits(threads, rows, workPerRow) ? threads : 1;
        if (n == 1) {
            return net.forwardBackward(x, t, 0, rows) / rows;
        }
        double sum = 0;
        for (double part : inParallel(n, i -> net.forwardBackward(x, t, rows * i / n, rows * (i + 1) / n))) {
            sum += part;
        }
        return sum / rows;
    }

    /**
     * The gradients of the batch whose {@link #forwardBackward} ran last, then one optimizer step; for gd returns
     * the squared norm of the change.
     */
    public double step(Net net, double[][] x, int rows, long parameters) {
        net.beginUpdate();
        boolean split = splits(threads, rows, workPerRow) || parameters / threads >= MIN_UPDATE_WORK;
        int n = threads > 1 && split ? threads : 1;
        if (n == 1) {
            return net.gradientAndUpdate(x, 0, 1);
        }
        double moved = 0;
        for (double part : inParallel(n, i -> net.gradientAndUpdate(x, i, n))) {
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
