package nnc.train;

import nnc.data.Data;
import nnc.model.UserError;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nnc.model.Network;
import nnc.model.Optimizer;
import nnc.model.TrainConfig;

/**
 * The training loop: epochs of shuffled mini-batches, the learning-rate schedule, validation figures,
 * early stopping, gd's tolerance stop, and divergence detection. It allocates nothing per batch.
 */
public final class Trainer {
    /** Figures of one epoch; accuracies are NaN for regression, validation figures NaN without validation. */
    public record Epoch(int epoch, double loss, double accuracy, double valLoss, double valAccuracy, double lr,
                        double ms) {
    }

    /** What training produced. {@code stopReason} is null when every epoch ran. */
    public record Result(List<Epoch> history, int epochsRun, String stopReason, double trainMs) {
    }

    /** Progress callbacks (a progress bar, or nothing). */
    public interface Listener {
        default void epochStarted(int epoch, int batches) {
        }

        default void batchDone(int epoch, int batch) {
        }

        default void epochDone(Epoch e) {
        }
    }

    /**
     * Sees the gradient of each epoch's last batch, once an epoch (for reports). The gradient is computed an extra
     * time for that batch, before its step, from the same rows: the step that follows computes the same bits, so
     * training is unchanged.
     */
    public interface GradientProbe {
        /** {@code net}'s {@link Net#weightGradient} and {@link Net#biasGradient} hold the batch's gradient. */
        void lastBatch(int epoch, Net net);
    }

    private final Net net;
    private final Network model;
    private final Data data;
    private final Listener listener;
    private GradientProbe probe;

    public Trainer(Net net, Network model, Data data, Listener listener) {
        this.net = net;
        this.model = model;
        this.data = data;
        this.listener = listener;
    }

    /** Shows {@code p} each epoch's last gradient; null: none. */
    public Trainer probe(GradientProbe p) {
        this.probe = p;
        return this;
    }

    /** The number of rows in one batch for this model and data. */
    public static int batchSize(Network model, int trainRows) {
        TrainConfig cfg = model.train();
        boolean full = cfg.batch() == TrainConfig.ALL
                || model.optimizer() instanceof Optimizer.Gd;
        return full ? trainRows : Math.min(cfg.batch(), trainRows);
    }

    public Result train(Workers workers) {
        TrainConfig cfg = model.train();
        Data.Part train = data.train;
        int n = train.rows();
        int batch = batchSize(model, n);
        int batches = (n + batch - 1) / batch;
        SplittableRandom order = new SplittableRandom(cfg.seed());
        net.setSeed(cfg.seed() ^ 0x9E3779B97F4A7C15L);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Optimizer.Gd gd = model.optimizer() instanceof Optimizer.Gd g ? g : null;
        double baseLr = model.optimizer() == null ? 0 : model.optimizer().lr();
        Pass pass = new Pass(perm, batch, workers);

        List<Epoch> history = new ArrayList<>();
        double bestVal = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        double[][][] bestWeights = null;
        double[][] bestBias = null;
        String stop = null;
        long start = System.nanoTime();
        // before the first batch, and part of the training's time (a float32 class waits here for its kernels)
        VectorKernels.start(net);
        for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            double lr = cfg.schedule().rate(baseLr, epoch, cfg.epochs());
            net.setLearningRate(lr);
            if (cfg.shuffle()) {
                Data.shuffle(perm, order);
            }
            listener.epochStarted(epoch + 1, batches);
            pass.begin();
            for (int b = 0; b < batches; b++) {
                if (!pass.batch(b, probe != null && b == batches - 1 ? epoch + 1 : 0)) {
                    throw diverged(epoch + 1, lr);
                }
                listener.batchDone(epoch + 1, b + 1);
            }
            double lossSum = pass.lossSum;
            int correct = pass.correct;
            double moved = pass.moved;
            double valLoss = Double.NaN;
            double valAcc = Double.NaN;
            if (!data.validation.isEmpty()) {
                Metrics m = Metrics.evaluate(net, data.validation, data.targets);
                valLoss = m.loss();
                valAcc = m.accuracy();
            }
            Epoch e = new Epoch(epoch + 1, lossSum / n, pass.classification ? (double) correct / n : Double.NaN,
                    valLoss, valAcc, lr, (System.nanoTime() - epochStart) / 1e6);
            history.add(e);
            listener.epochDone(e);
            if (atClamp(e.loss())) {
                throw new UserError(UserError.DIVERGED, String.format(java.util.Locale.ROOT, "training diverged in "
                        + "epoch %d: the mean %s loss is %.4f, at its clamp (at least 0.9·(−ln 1e-12) = %.2f): "
                        + "nearly every row gets a probability below 1e-11 for its true class; try a smaller lr "
                        + "(now %s)", epoch + 1, model.loss().displayName(), e.loss(), CLAMPED_LOSS, lr));
            }
            if (gd != null && Math.sqrt(moved) <= gd.tolerance()) {
                stop = "gd converged: the last step moved the parameters by " + String.format("%.3g",
                        Math.sqrt(moved)) + " ≤ tolerance " + gd.tolerance();
                break;
            }
            if (cfg.earlyStop() > 0 && !data.validation.isEmpty()) {
                if (valLoss < bestVal) {
                    bestVal = valLoss;
                    sinceBest = 0;
                    bestWeights = new double[net.layerCount()][][];
                    bestBias = new double[net.layerCount()][];
                    for (int l = 0; l < net.layerCount(); l++) {
                        bestWeights[l] = net.weights(l);
                        bestBias[l] = net.bias(l);
                    }
                } else if (++sinceBest >= cfg.earlyStop()) {
                    stop = "early stop: validation loss has not improved for " + cfg.earlyStop()
                            + " epochs; the weights of epoch " + (epoch + 1 - sinceBest) + " are kept";
                    for (int l = 0; l < net.layerCount(); l++) {
                        net.setWeights(l, bestWeights[l]);
                        if (bestBias[l] != null) {
                            net.setBias(l, bestBias[l]);
                        }
                    }
                    break;
                }
            }
        }
        return new Result(history, history.size(), stop, (System.nanoTime() - start) / 1e6);
    }

    /**
     * One epoch's batches, each a call of {@link #batch}: a short method called once a batch, which the JIT compiles
     * within the first epoch, where the same loops inside {@link #train} (called once) ran interpreted and then on C1's
     * profiling code for the whole training (config A in a fresh process: about 20 ms of its 170 ms of training,
     * gathering rows and counting correct predictions).
     */
    private final class Pass {
        private final Data.Part train = data.train;
        private final boolean classification = data.task == Network.Task.CLASSIFICATION;
        private final long parameters = model.parameterCount();
        private final double[] out = new double[net.outputSize()];
        private final int[] perm;
        private final Workers workers;
        /** The batch's rows of inputs and targets (as many as a batch holds). */
        private final double[][] xb;
        private final double[][] tb;
        double lossSum;
        int correct;
        double moved;

        Pass(int[] perm, int batch, Workers workers) {
            this.perm = perm;
            this.workers = workers;
            this.xb = new double[batch][];
            this.tb = new double[batch][];
        }

        void begin() {
            lossSum = 0;
            correct = 0;
            moved = Double.POSITIVE_INFINITY;
        }

        /**
         * Trains on batch {@code b} of the epoch's order: false when its loss is not finite (nothing stepped). With
         * {@code probeEpoch} above 0, the probe sees this batch's gradient as that epoch's last.
         */
        boolean batch(int b, int probeEpoch) {
            int from = b * xb.length;
            int rows = Math.min(xb.length, perm.length - from);
            for (int r = 0; r < rows; r++) {
                xb[r] = train.x()[perm[from + r]];
                tb[r] = train.t()[perm[from + r]];
            }
            double loss = workers.forwardBackward(net, xb, tb, rows, true);
            if (!Double.isFinite(loss)) {
                return false;
            }
            lossSum += loss * rows;
            if (classification) {
                for (int r = 0; r < rows; r++) {
                    net.output(r, out);
                    correct += Metrics.correct(out, train, perm[from + r]) ? 1 : 0;
                }
            }
            if (probeEpoch > 0) {
                net.gradient(xb, 0, 1);
                probe.lastBatch(probeEpoch, net);
            }
            moved = workers.step(net, xb, rows, parameters);
            return true;
        }
    }

    /**
     * An epoch's mean cross-entropy loss at or above this (per output for binary_cross_entropy) means the loss sits
     * at the clamp of its logarithm, ln max(p, 1e-12): the probabilities of the true classes have collapsed to 0.
     */
    public static final double CLAMPED_LOSS = 0.9 * -Math.log(1e-12);

    private boolean atClamp(double meanLoss) {
        return switch (model.loss().kind()) {
            case CROSS_ENTROPY -> meanLoss >= CLAMPED_LOSS;
            case BINARY_CROSS_ENTROPY -> meanLoss / model.outputSize() >= CLAMPED_LOSS;
            default -> false;
        };
    }

    private static UserError diverged(int epoch, double lr) {
        return new UserError(UserError.DIVERGED, "training diverged in epoch " + epoch
                + ": the loss became NaN or infinite; try a smaller lr (now " + lr + ")");
    }
}
