package nnc.train;

import nnc.data.Data;

/**
 * Data-parallel training steps in two phases. First the forward and backward passes, split into fixed contiguous
 * slices of the batch rows, one per thread (rows are independent). Then the weight gradients and the optimizer
 * step, split by weight rows: each thread sums its rows' gradients over the whole batch, in row order, and
 * updates those rows at once. Nothing is summed across threads, so the figures are the same for every thread
 * count, bit for bit. A class that splits the first phase by units ({@link Net#splitsByUnits}) takes the same
 * share of each layer's input units there as of its weight rows in the second phase, so that each weight row stays
 * in one core's cache; its products then add the threads' shares, and its figures depend on the thread count.
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
    private final Crew crew;
    /** The step in progress, read by the parts below (the crew publishes it to the helpers). */
    private Net stepNet;
    private double[][] stepX;
    private double[][] stepT;
    private int stepRows;
    private int stepParts;
    /** The two parallel phases of a step, made once so that a step allocates nothing. */
    private final Crew.Part forwardBackwardPart = i -> stepNet.forwardBackward(stepX, stepT,
            stepRows * i / stepParts, stepRows * (i + 1) / stepParts);
    private final Crew.Part gradientAndUpdatePart = i -> stepNet.gradientAndUpdate(stepX, i, stepParts);
    private final Crew.Part byUnitsPart;

    /**
     * @param threads    the thread count asked for
     * @param workPerRow multiply-adds per row in one pass (the network's weight count)
     */
    public Workers(int threads, long workPerRow) {
        this.threads = threads;
        this.workPerRow = workPerRow;
        this.crew = threads > 1 ? new Crew(threads) : null;
        Runnable sync = crew == null ? () -> { } : crew::await;
        this.byUnitsPart = i -> {
            stepNet.forwardBackwardByUnits(stepX, stepT, i, stepParts, sync);
            return 0;
        };
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
        prepare(net, x, t, rows, n);
        crew.run(n, net.splitsByUnits(n) ? byUnitsPart : forwardBackwardPart);
        return net.lossSum(rows) / rows;
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
        prepare(net, x, null, rows, n);
        return crew.run(n, gradientAndUpdatePart);
    }

    private void prepare(Net net, double[][] x, double[][] t, int rows, int parts) {
        stepNet = net;
        stepX = x;
        stepT = t;
        stepRows = rows;
        stepParts = parts;
    }

    @Override
    public void close() {
        if (crew != null) {
            crew.close();
        }
    }
}
