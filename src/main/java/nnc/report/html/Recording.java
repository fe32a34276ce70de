package nnc.report.html;

import java.util.ArrayList;
import java.util.List;
import nnc.train.Net;
import nnc.train.Trainer;

/**
 * What the report needs from a run besides its result: every layer's weights before training, and the gradient
 * norm of every layer once an epoch (that of the epoch's last batch, ‖∂J/∂W‖ and ‖∂J/∂b‖ together, Frobenius).
 */
public final class Recording implements Trainer.GradientProbe {
    private final double[][][] startWeights;
    private final List<double[]> gradientNorms = new ArrayList<>();

    private Recording(double[][][] startWeights) {
        this.startWeights = startWeights;
    }

    /** Copies the net's weights as they are now, before training. */
    public static Recording start(Net net) {
        double[][][] w = new double[net.layerCount()][][];
        for (int l = 0; l < w.length; l++) {
            w[l] = net.weights(l);
        }
        return new Recording(w);
    }

    @Override
    public void lastBatch(int epoch, Net net) {
        double[] norms = new double[net.layerCount()];
        for (int l = 0; l < norms.length; l++) {
            double sum = 0;
            double[][] g = net.weightGradient(l);
            if (g != null) {
                for (double[] row : g) {
                    for (double v : row) {
                        sum += v * v;
                    }
                }
            }
            double[] gb = net.biasGradient(l);
            if (gb != null) {
                for (double v : gb) {
                    sum += v * v;
                }
            }
            norms[l] = Math.sqrt(sum);
        }
        gradientNorms.add(norms);
    }

    /** Layer {@code l}'s weights before training, {@code units × inputs}. */
    public double[][] startWeights(int l) {
        return startWeights[l];
    }

    /** One entry per epoch: the gradient norm of each layer. */
    public List<double[]> gradientNorms() {
        return gradientNorms;
    }
}
