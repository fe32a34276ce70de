package nnc.train;

import nnc.data.Data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nnc.model.Layer;
import nnc.model.Network;

/**
 * Compares a net's backward pass with central differences of its loss (plus the regularization term).
 *
 * <p>Each numeric derivative is a Richardson extrapolation of central differences at h and h/2, which removes
 * the O(h²) truncation error. Where the two differences disagree by far more than truncation explains, the
 * loss has a kink within h of the point (relu at 0, mae at a zero residual): there no derivative exists to
 * compare with, and the entry is counted as a kink and skipped, as careful gradient checkers do.
 */
public final class GradCheck {
    private static final double H = 1e-4;
    private static final double KINK = 1e-6;

    /**
     * Rounding makes a central difference uncertain by about this much times the loss: the loss's rounding
     * (2.2e-16 relative), divided by 2h, through the extrapolation (about 3×), with a margin of 10.
     */
    private static final double RESOLUTION = 10 * 3 * 2.2e-16 / (2 * H / 2);

    /**
     * Per layer: the largest relative error, how many entries were compared and skipped at kinks, the largest
     * gradient entry and the largest absolute difference seen, and the uncertainty rounding gives central
     * differences at this loss. Gradients that are small against that uncertainty (vanishing gradients) cannot
     * meet a relative tolerance even when the backward pass is exact.
     */
    public record LayerResult(int layer, String name, double error, int checked, int kinks, double largest,
                              double difference, double resolution) {
        /**
         * True when the gradients are too small for central differences to measure to a relative 1e-6 (they are
         * below a million times the rounding uncertainty), and every difference is within that uncertainty: a
         * relative error above the tolerance then says nothing about the backward pass.
         */
        public boolean belowResolution() {
            return largest < resolution / 1e-6 && difference <= resolution;
        }
    }

    private GradCheck() {
    }

    /**
     * @param maxPerLayer largest number of entries compared per layer (a seeded sample beyond that)
     */
    public static List<LayerResult> run(Net net, Network model, double[][] x, double[][] t, int rows, int maxPerLayer,
                                        long seed) {
        return run(net, net, model, x, t, rows, maxPerLayer, seed);
    }

    /**
     * The gradients of {@code net} against central differences of the loss of {@code differences}, which is given
     * net's weights first: a float32 class's gradients are checked against differences taken in float64 (in float,
     * rounding alone would swamp a difference over h = 1e-4).
     */
    public static List<LayerResult> run(Net net, Net differences, Network model, double[][] x, double[][] t, int rows,
                                        int maxPerLayer, long seed) {
        net.computeGradients(x, t, rows, false);
        if (differences != net) {
            for (int l = 0; l < model.layers().size(); l++) {
                differences.setWeights(l, net.weights(l));
                if (net.bias(l) != null) {
                    differences.setBias(l, net.bias(l));
                }
            }
        }
        double resolution = RESOLUTION * Math.max(Math.abs(differences.loss(x, t, rows)
                + regularization(model, differences, -1, null)), Double.MIN_NORMAL);
        List<LayerResult> results = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (Layer l : model.layers()) {
            if (!l.trainable()) {
                continue;
            }
            int i = l.index();
            double[][] analyticW = net.weightGradient(i);
            double[] analyticB = net.biasGradient(i);
            double[][] w = net.weights(i);
            double[] b = net.bias(i);
            int entries = l.units() * l.inputs() + (l.hasBias() ? l.units() : 0);
            int[] picks = entries <= maxPerLayer ? range(entries) : sample(entries, maxPerLayer, random);
            double maxDiff = 0;
            double maxAbs = 0;
            int kinks = 0;
            for (int e : picks) {
                boolean weight = e < l.units() * l.inputs();
                int j = weight ? e / l.inputs() : e - l.units() * l.inputs();
                int k = weight ? e % l.inputs() : -1;
                double analytic = weight ? analyticW[j][k] : analyticB[j];
                double[] numeric = numeric(differences, model, x, t, rows, i, w, b, j, k);
                if (Math.abs(numeric[0] - numeric[1]) > KINK * Math.max(1, Math.abs(numeric[1]))) {
                    kinks++;
                    continue;
                }
                double value = (4 * numeric[1] - numeric[0]) / 3;
                maxDiff = Math.max(maxDiff, Math.abs(analytic - value));
                maxAbs = Math.max(maxAbs, Math.max(Math.abs(analytic), Math.abs(value)));
            }
            differences.setWeights(i, w);
            if (b != null) {
                differences.setBias(i, b);
            }
            double error = maxAbs == 0 ? maxDiff : maxDiff / maxAbs;
            results.add(new LayerResult(i, l.name(), error, picks.length - kinks, kinks, maxAbs, maxDiff, resolution));
        }
        return results;
    }

    /** Central differences at h and h/2 for one weight (k ≥ 0) or bias (k = −1) entry. */
    private static double[] numeric(Net net, Network model, double[][] x, double[][] t, int rows, int layer,
                                    double[][] w, double[] b, int j, int k) {
        double[] d = new double[2];
        for (int s = 0; s < 2; s++) {
            double h = s == 0 ? H : H / 2;
            double plus = lossAt(net, model, x, t, rows, layer, w, b, j, k, h);
            double minus = lossAt(net, model, x, t, rows, layer, w, b, j, k, -h);
            d[s] = (plus - minus) / (2 * h);
        }
        return d;
    }

    private static double lossAt(Net net, Network model, double[][] x, double[][] t, int rows, int layer,
                                 double[][] w, double[] b, int j, int k, double delta) {
        if (k >= 0) {
            double[][] moved = Arrays2.copy(w);
            moved[j][k] += delta;
            net.setWeights(layer, moved);
            double loss = net.loss(x, t, rows) + regularization(model, net, layer, moved);
            net.setWeights(layer, w);
            return loss;
        }
        double[] moved = b.clone();
        moved[j] += delta;
        net.setBias(layer, moved);
        double loss = net.loss(x, t, rows) + regularization(model, net, layer, w);
        net.setBias(layer, b);
        return loss;
    }

    /** λ₂/2·Σw² + λ₁·Σ|w| over the trainable layers' weights (layer {@code changed} taken from {@code w}). */
    static double regularization(Network model, Net net, int changed, double[][] w) {
        if (model.l1() == 0 && model.l2() == 0) {
            return 0;
        }
        double sum = 0;
        for (Layer l : model.layers()) {
            if (!l.trainable()) {
                continue;
            }
            double[][] weights = l.index() == changed ? w : net.weights(l.index());
            for (double[] row : weights) {
                for (double v : row) {
                    sum += model.l2() / 2 * v * v + model.l1() * Math.abs(v);
                }
            }
        }
        return sum;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static int[] sample(int n, int count, SplittableRandom random) {
        int[] p = Data.permutation(n, random);
        return java.util.Arrays.copyOf(p, count);
    }
}
