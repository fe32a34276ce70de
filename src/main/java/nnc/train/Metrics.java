package nnc.train;

import nnc.data.Data;

import nnc.model.Network;

/** Loss and task metrics of a net on one part of the data (evaluation mode: no dropout). */
public record Metrics(double loss, double accuracy, int[][] confusion, double mse, double mae, double r2) {

    public static Metrics evaluate(Net net, Data.Part part, Network.Task task, int classes) {
        int n = part.rows();
        int cap = net.capacity();
        int outputs = net.outputSize();
        double lossSum = 0;
        double[][] out = new double[cap][outputs];
        double[][] xb = new double[cap][];
        double[][] tb = new double[cap][];
        int[][] confusion = task == Network.Task.CLASSIFICATION ? new int[classes][classes] : null;
        int correct = 0;
        double se = 0;
        double ae = 0;
        for (int from = 0; from < n; from += cap) {
            int rows = Math.min(cap, n - from);
            System.arraycopy(part.x(), from, xb, 0, rows);
            System.arraycopy(part.t(), from, tb, 0, rows);
            lossSum += net.loss(xb, tb, rows) * rows;
            for (int r = 0; r < rows; r++) {
                net.output(r, out[r]);
                if (confusion != null) {
                    int predicted = predictedClass(out[r]);
                    int actual = part.labels()[from + r];
                    confusion[actual][predicted]++;
                    correct += predicted == actual ? 1 : 0;
                } else {
                    double err = out[r][0] - part.values()[from + r];
                    se += err * err;
                    ae += Math.abs(err);
                }
            }
        }
        if (confusion != null) {
            return new Metrics(lossSum / n, (double) correct / n, confusion, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = 0;
        for (double v : part.values()) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : part.values()) {
            ss += (v - mean) * (v - mean);
        }
        double r2 = ss > 0 ? 1 - se / ss : Double.NaN;
        return new Metrics(lossSum / n, Double.NaN, null, se / n, ae / n, r2);
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
