package nnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nnc.TestModels;
import nnc.data.Data;
import nnc.data.Normalizer;
import nnc.data.Targets;
import nnc.model.Network;
import org.junit.jupiter.api.Test;

/** Regression metrics of several outputs against values worked out by hand (and by scikit-learn 1.2.1). */
class MetricsTest {
    /** A frozen identity layer: the outputs are the inputs. */
    private static final Network IDENTITY = TestModels.network("model I {\n input 2\n"
            + " dense 2 { weights = [[1, 0], [0, 1]]; bias = [0, 0]; trainable = false }\n loss mse\n}\n");

    private static Metrics metrics(double[][] outputs, double[][] targets, Normalizer scaler) {
        Net net = TestModels.generated(IDENTITY, 4);
        TestModels.loadStart(IDENTITY, net);
        double[][] scaledTargets = new double[targets.length][];
        for (int r = 0; r < targets.length; r++) {
            scaledTargets[r] = scaler.apply(targets[r]);
        }
        Data.Part part = new Data.Part("test", outputs, scaledTargets, null, targets);
        return Metrics.evaluate(net, part, new Targets(Network.Task.REGRESSION, 2, 0, false, List.of("u", "c"),
                scaler));
    }

    @Test
    void perOutputFiguresAndTheirUniformAverageAsScikitLearnComputesThem() {
        double[][] t = {{2, 5}, {2, 5}, {5, 5}};
        // output u: errors −1, 0, −1: mse 2/3, mae 2/3; mean 3, sum of squares 6: r2 = 1 − 2/6 = 2/3.
        // output c is constant and predicted exactly: mse 0, mae 0, r2 1 (scikit-learn's force_finite)
        Metrics m = metrics(new double[][] {{1, 5}, {2, 5}, {4, 5}}, t, Normalizer.none(2));
        assertArrayEquals(new double[] {2 / 3.0, 0}, m.mseEach(), 1e-15);
        assertArrayEquals(new double[] {2 / 3.0, 0}, m.maeEach(), 1e-15);
        assertArrayEquals(new double[] {2 / 3.0, 1}, m.r2Each(), 1e-15);
        assertEquals(1 / 3.0, m.mse(), 1e-15);
        assertEquals(1 / 3.0, m.mae(), 1e-15);
        assertEquals(5 / 6.0, m.r2(), 1e-15, "r2_score(t, y) = 0.8333 (uniform_average)");
        assertEquals(1 / 3.0, m.loss(), 1e-15, "mse loss: the mean over outputs and rows");
        // a constant column predicted with an error has r2 0: the mean is (2/3 + 0) / 2 = 1/3
        assertEquals(1 / 3.0, metrics(new double[][] {{1, 5}, {2, 6}, {4, 5}}, t, Normalizer.none(2)).r2(), 1e-15);
    }

    @Test
    void targetScalingIsFittedOnTrainingRowsAndMapsBack() {
        // minmax of columns (1, 3, 5) and (7, 7, 7): offset = min, scale = 1 / (max − min); the constant column
        // keeps scale 1 (offset 7), so every value maps back
        double[][] rows = {{1, 7}, {3, 7}, {5, 7}};
        Normalizer n = Normalizer.fitTarget(new nnc.model.TrainConfig.Normalize(
                nnc.model.TrainConfig.Normalize.Kind.MINMAX, 1), rows, 2);
        assertArrayEquals(new double[] {1, 7}, n.offset());
        assertArrayEquals(new double[] {0.25, 1}, n.scale());
        assertArrayEquals(new double[] {0.5, 0}, n.apply(new double[] {3, 7}));
        assertArrayEquals(new double[] {9, 8}, n.invert(new double[] {2, 1}), "y / scale + offset");
    }

    @Test
    void scaledOutputsAreMappedBackBeforeTheyAreScored() {
        // the net learns (t − offset) · scale; its outputs y map back as y / scale + offset
        Normalizer scaler = new Normalizer("standard", new double[] {10, 5}, new double[] {0.5, 4});
        double[][] predictions = {{1, 5}, {2, 5}, {4, 5}};
        double[][] scaled = new double[3][];
        for (int r = 0; r < 3; r++) {
            scaled[r] = scaler.apply(predictions[r]);
        }
        Metrics m = metrics(scaled, new double[][] {{2, 5}, {2, 5}, {5, 5}}, scaler);
        assertArrayEquals(new double[] {2 / 3.0, 0}, m.mseEach(), 1e-14);
        assertEquals(5 / 6.0, m.r2(), 1e-14);
        // the loss is taken on the scaled targets: errors (−0.5, 0), (0, 0), (−0.5, 0) → 0.25·2 / 6
        assertEquals(0.5 / 6, m.loss(), 1e-15);
    }
}
