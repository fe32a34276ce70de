package nnc.train;

import nnc.data.Data;
import nnc.data.Targets;

/**
 * Loss and task metrics of a net on one part of the data (evaluation mode: no dropout), as scikit-learn computes
 * them. Classification: accuracy and the confusion matrix (rows: true class); with several independent 0/1
 * labels, the share of rows with every label right ({@code accuracy_score}) and each label's accuracy.
 * Regression, in the target's own units (scaled outputs are mapped back first): mse, mae and r² of each output
 * and their plain mean over the outputs ({@code multioutput = "uniform_average"}). {@code loss} is the loss the
 * network minimizes, on the targets as it sees them (scaled, when {@code normalize_target} scales them).
 *
 * @param accuracyEach each label's accuracy (independent labels), else null
 * @param mseEach      each output's mse (regression), else null; likewise {@code maeEach}, {@code r2Each}
 */
public record Metrics(double loss, double accuracy, int[][] confusion, double mse, double mae, double r2,
                      double[] accuracyEach, double[] mseEach, double[] maeEach, double[] r2Each) {

    public static Metrics evaluate(Net net, Data.Part part, Targets targets) {
        int n = part.rows();
        int cap = net.capacity();
        int outputs = net.outputSize();
        double lossSum = 0;
        double[][] out = new double[cap][outputs];
        double[][] xb = new double[cap][];
        double[][] tb = new double[cap][];
        boolean single = targets.classification() && !targets.multiLabel();
        int[][] confusion = single ? new int[targets.classes()][targets.classes()] : null;
        int correct = 0;
        int[] labelCorrect = new int[outputs];
        double[] se = new double[outputs];
        double[] ae = new double[outputs];
        for (int from = 0; from < n; from += cap) {
            int rows = Math.min(cap, n - from);
            System.arraycopy(part.x(), from, xb, 0, rows);
            System.arraycopy(part.t(), from, tb, 0, rows);
            lossSum += net.loss(xb, tb, rows) * rows;
            for (int r = 0; r < rows; r++) {
                net.output(r, out[r]);
                double[] actual = part.values()[from + r];
                if (single) {
                    int predicted = predictedClass(out[r]);
                    confusion[part.labels()[from + r]][predicted]++;
                    correct += predicted == part.labels()[from + r] ? 1 : 0;
                } else if (targets.classification()) {
                    boolean all = true;
                    for (int j = 0; j < outputs; j++) {
                        boolean right = (out[r][j] > 0.5 ? 1 : 0) == actual[j];
                        labelCorrect[j] += right ? 1 : 0;
                        all &= right;
                    }
                    correct += all ? 1 : 0;
                } else {
                    double[] y = targets.toTargetUnits(out[r]);
                    for (int j = 0; j < outputs; j++) {
                        double err = y[j] - actual[j];
                        se[j] += err * err;
                        ae[j] += Math.abs(err);
                    }
                }
            }
        }
        double loss = lossSum / n;
        if (single) {
            return new Metrics(loss, (double) correct / n, confusion, Double.NaN, Double.NaN, Double.NaN, null,
                    null, null, null);
        }
        if (targets.classification()) {
            double[] each = new double[outputs];
            for (int j = 0; j < outputs; j++) {
                each[j] = (double) labelCorrect[j] / n;
            }
            return new Metrics(loss, (double) correct / n, null, Double.NaN, Double.NaN, Double.NaN, each, null,
                    null, null);
        }
        double[] mse = new double[outputs];
        double[] mae = new double[outputs];
        double[] r2 = new double[outputs];
        for (int j = 0; j < outputs; j++) {
            mse[j] = se[j] / n;
            mae[j] = ae[j] / n;
            r2[j] = r2(part.values(), j, se[j]);
        }
        return new Metrics(loss, Double.NaN, null, mean(mse), mean(mae), mean(r2), null, mse, mae, r2);
    }

    /**
     * scikit-learn's {@code r2_score} of column {@code j}: 1 − SSE / SS around the mean; NaN for fewer than 2
     * rows; for a constant column, 1 if every prediction is exact, else 0.
     */
    static double r2(double[][] values, int j, double sse) {
        int n = values.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mean = 0;
        for (double[] v : values) {
            mean += v[j];
        }
        mean /= n;
        double ss = 0;
        for (double[] v : values) {
            ss += (v[j] - mean) * (v[j] - mean);
        }
        if (ss == 0) {
            return sse == 0 ? 1 : 0;
        }
        return 1 - sse / ss;
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    /** Whether the output row gets row {@code row} of the part right (its class, or all its 0/1 labels). */
    public static boolean correct(double[] y, Data.Part part, int row) {
        if (part.labels() != null) {
            return predictedClass(y) == part.labels()[row];
        }
        double[] t = part.values()[row];
        for (int j = 0; j < y.length; j++) {
            if ((y[j] > 0.5 ? 1 : 0) != t[j]) {
                return false;
            }
        }
        return true;
    }

    /** The class an output row predicts: the largest output, or output > 0.5 for a single unit. */
    public static int predictedClass(double[] y) {
        if (y.length == 1) {
            return y[0] > 0.5 ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < y.length; j++) {
            if (y[j] > y[best]) {
                best = j;
            }
        }
        return best;
    }
}
