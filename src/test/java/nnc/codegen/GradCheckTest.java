package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import nnc.TestModels;
import nnc.model.Network;
import nnc.train.GradCheck;
import nnc.train.Initializer;
import nnc.train.Net;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The generated backward pass against central differences, for every activation and every loss. */
class GradCheckTest {
    static final double TOLERANCE = 1e-6;

    @TestFactory
    Stream<DynamicTest> everyActivation() {
        return Stream.of("identity", "sigmoid", "tanh", "relu", "leaky_relu(alpha = 0.1)", "elu(alpha = 0.7)", "gelu",
                        "silu", "softplus")
                .map(act -> DynamicTest.dynamicTest(act, () -> check("model G {\n input 5\n dense 6 " + act
                        + "\n dropout 0.5\n dense 4 " + act + "\n dense 3 softmax\n loss cross_entropy\n"
                        + " optimizer sgd\n regularize l2(0.01)\n}\n")));
    }

    @TestFactory
    Stream<DynamicTest> everyLoss() {
        return Stream.of("cross_entropy|softmax|3", "binary_cross_entropy|sigmoid|1", "binary_cross_entropy|sigmoid|3",
                        "mse|identity|2", "mae|tanh|2", "huber(delta = 0.2)|identity|2",
                        "asymmetric(over = 3, under = 0.5)|identity|2", "mse|softmax|3")
                .map(spec -> {
                    String[] p = spec.split("\\|");
                    return DynamicTest.dynamicTest(p[0] + " on " + p[1] + " × " + p[2], () -> check(
                            "model G {\n input 4\n dense 5 tanh\n dense " + p[2] + " " + p[1] + "\n loss " + p[0]
                                    + "\n optimizer sgd\n regularize l1(0.01)\n}\n"));
                });
    }

    @Test
    void frozenAndBiasFreeLayers() {
        check("model G {\n input 4\n dense 5 relu { trainable = false }\n dense 4 tanh { bias_term = false }\n"
                + " dense 2 sigmoid\n loss binary_cross_entropy\n optimizer adam\n}\n");
    }

    @Test
    void aWrongGradientIsCaught() {
        Network model = TestModels.network("model G {\n input 3\n dense 2 tanh\n dense 1\n loss mse\n"
                + " optimizer sgd\n}\n");
        Net broken = new ScaledGradient(TestModels.generated(model, 4), 1.001);
        double[][] x = {{0.1, 0.2, 0.3}, {-0.3, 0.5, 0.9}, {0.7, -0.2, 0.1}, {0.2, 0.2, -0.8}};
        double[][] t = {{0.5}, {-0.5}, {1}, {0}};
        Initializer.initialize(broken, model, 1);
        List<GradCheck.LayerResult> r = GradCheck.run(broken, model, x, t, 4, 1000, 1);
        assertTrue(r.get(0).error() > 1e-4, "a 0.1% error is reported: " + r.get(0).error());
    }

    /** Runs gradcheck on random rows and checks every layer is within the tolerance. */
    static List<GradCheck.LayerResult> check(String text) {
        Network model = TestModels.network(text);
        Random r = new Random(5);
        int rows = 4;
        double[][] x = new double[rows][model.inputSize()];
        double[][] t = new double[rows][model.outputSize()];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < x[i].length; k++) {
                x[i][k] = r.nextGaussian();
            }
            for (int j = 0; j < t[i].length; j++) {
                t[i][j] = model.loss().impliesClassification() ? 0 : r.nextGaussian();
            }
            if (model.loss().impliesClassification()) {
                t[i][model.outputSize() == 1 ? 0 : r.nextInt(model.outputSize())] = r.nextInt(2) == 0
                        && model.outputSize() == 1 ? 0 : 1;
            }
        }
        Net net = TestModels.generated(model, rows);
        Initializer.initialize(net, model, 3);
        List<GradCheck.LayerResult> results = GradCheck.run(net, model, x, t, rows, 1000, 1);
        assertEquals(model.layers().stream().filter(l -> l.trainable()).count(), results.size());
        for (GradCheck.LayerResult lr : results) {
            assertTrue(lr.error() <= TOLERANCE, lr.name() + ": relative error " + lr.error());
            assertTrue(lr.checked() > 0, "entries were compared");
        }
        return results;
    }

    /** A net whose reported weight gradients are off by a factor: gradcheck must notice. */
    private record ScaledGradient(Net inner, double factor) implements Net {
        public int inputSize() { return inner.inputSize(); }
        public int outputSize() { return inner.outputSize(); }
        public int layerCount() { return inner.layerCount(); }
        public int capacity() { return inner.capacity(); }
        public double[][] weights(int l) { return inner.weights(l); }
        public double[] bias(int l) { return inner.bias(l); }
        public void setWeights(int l, double[][] w) { inner.setWeights(l, w); }
        public void setBias(int l, double[] b) { inner.setBias(l, b); }
        public void predict(double[][] x, int rows, double[][] out) { inner.predict(x, rows, out); }
        public void output(int row, double[] out) { inner.output(row, out); }
        public double loss(double[][] x, double[][] t, int rows) { return inner.loss(x, t, rows); }
        public void beginBatch(int rows, boolean training) { inner.beginBatch(rows, training); }
        public double forwardBackward(double[][] x, double[][] t, int f, int to) {
            return inner.forwardBackward(x, t, f, to);
        }
        public void gradient(double[][] x, int part, int parts) { inner.gradient(x, part, parts); }
        public double lossSum(int rows) { return inner.lossSum(rows); }
        public double[][] weightGradient(int l) {
            double[][] g = inner.weightGradient(l);
            for (double[] row : g) {
                for (int k = 0; k < row.length; k++) {
                    row[k] *= factor;
                }
            }
            return g;
        }
        public double[] biasGradient(int l) { return inner.biasGradient(l); }
        public void beginUpdate() { inner.beginUpdate(); }
        public double updateSlice(int part, int parts) { return inner.updateSlice(part, parts); }
        public void setLearningRate(double lr) { inner.setLearningRate(lr); }
        public void setSeed(long seed) { inner.setSeed(seed); }
    }
}
