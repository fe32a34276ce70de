package nnc.train;

import nnc.data.Normalizer;
import nnc.data.Targets;

/** Predictions of a trained net for raw rows, as {@code nnc predict} prints them and an exported class returns. */
public final class Predictor {
    private Predictor() {
    }

    /**
     * The outputs for raw feature rows: each row normalized as the weights were trained, the forward pass run in
     * batches of the net's capacity, the outputs mapped back to the targets' own units (regression targets that
     * were scaled for training).
     */
    public static double[][] predict(Net net, Normalizer norm, Targets targets, double[][] raw) {
        int cap = net.capacity();
        double[][] outputs = new double[raw.length][];
        double[][] xb = new double[cap][];
        double[][] out = new double[cap][net.outputSize()];
        for (int from = 0; from < raw.length; from += cap) {
            int rows = Math.min(cap, raw.length - from);
            for (int r = 0; r < rows; r++) {
                xb[r] = norm.apply(raw[from + r]);
            }
            net.predict(xb, rows, out);
            for (int r = 0; r < rows; r++) {
                outputs[from + r] = targets.toTargetUnits(out[r]);
            }
        }
        return outputs;
    }
}
