package nnc.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Data-parallel gradient over a mini-batch: thread i takes a fixed contiguous slice of the rows into gradient
 * slot i; the slots are then summed in slot order. For a given thread count the figures are always the same.
 */
public final class Workers implements AutoCloseable {
    private final int threads;
    private final ExecutorService pool;

    public Workers(int threads) {
        this.threads = threads;
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "nnc-worker");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    public int threads() {
        return threads;
    }

    /** The gradient of the batch-mean loss into slot 0; returns the mean loss. */
    public double gradient(Net net, double[][] x, double[][] t, int rows, boolean training) {
        if (threads == 1 || rows < 2 * threads) {
            return net.computeGradients(x, t, rows, training);
        }
        net.beginBatch(rows, training);
        List<Future<Double>> parts = new ArrayList<>(threads - 1);
        for (int i = 1; i < threads; i++) {
            int slot = i;
            int from = rows * i / threads;
            int to = rows * (i + 1) / threads;
            parts.add(pool.submit(() -> net.gradientSlice(slot, x, t, from, to)));
        }
        double sum = net.gradientSlice(0, x, t, 0, rows / threads);
        try {
            for (Future<Double> f : parts) {
                sum += f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a training thread failed", e.getCause());
        }
        net.reduceSlots(threads);
        return sum / rows;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
