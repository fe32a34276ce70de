package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import nnc.TestModels;
import nnc.model.Network;
import nnc.train.Net;
import nnc.train.Workers;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded random architectures over every activation, loss, optimizer, dropout, regularization, frozen and
 * bias-free layers: the generated class must agree with the reference implementation (outputs, loss, gradients,
 * parameters after several steps) to 1e-12 relative, on one thread and with the batch and the optimizer step
 * split over 2 threads.
 */
class PropertyTest {
    private static final double TOLERANCE = 1e-12;
    private static final String[] HIDDEN = {"identity", "sigmoid", "tanh", "relu", "leaky_relu(alpha = 0.1)",
        "elu(0.7)", "gelu", "silu", "softplus", "selu", "mish"};
    private static final String[] LOSSES = {"cross_entropy", "binary_cross_entropy", "mse", "mae", "huber(0.3)",
        "asymmetric(over = 2, under = 0.5)"};
    private static final String[] OPTIMIZERS = {"sgd(lr = 0.1)", "sgd(lr = 0.05, momentum = 0.9)",
        "sgd(lr = 0.05, momentum = 0.8, nesterov = true)", "gd(lr = 0.2)", "rmsprop(lr = 0.01)",
        "adagrad(lr = 0.1)", "adam(lr = 0.01, beta1 = 0.8)", "adamw(lr = 0.01, weight_decay = 0.1)", "adamax(lr = 0.01, beta2 = 0.99)"};

    @TestFactory
    Stream<DynamicTest> generatedAgreesWithReference() {
        return IntStream.range(0, 60).mapToObj(seed -> {
            String text = randomModel(new Random(seed));
            return DynamicTest.dynamicTest("random model " + seed, () -> compare(text, seed));
        });
    }

    /**
     * Layers wide enough that the gradient-and-update pass works in several chunks of weight rows (and the two
     * threads' parts split chunks unevenly), with every optimizer that keeps state.
     */
    @TestFactory
    Stream<DynamicTest> wideLayersAgreeWithReference() {
        String[] optimizers = {"sgd(lr = 0.05, momentum = 0.9)", "adam(lr = 0.01)", "rmsprop(lr = 0.01)", "gd(lr = 0.1)"};
        return IntStream.range(0, optimizers.length).mapToObj(i -> DynamicTest.dynamicTest(optimizers[i], () -> compare(
                "model Wide {\n    input 301\n    dense 700 tanh\n    dropout 0.25\n    dense 130 relu\n"
                        + "    dense 3 softmax\n    loss cross_entropy\n    optimizer " + optimizers[i] + "\n"
                        + "    regularize l2(0.01)\n    init uniform(low = -0.1, high = 0.1)\n}\n", i)));
    }

    /** A random model that the checker accepts; every loss, optimizer and activation comes up across seeds. */
    static String randomModel(Random r) {
        int inputs = 1 + r.nextInt(7);
        int hidden = r.nextInt(3);
        String loss = LOSSES[r.nextInt(LOSSES.length)];
        StringBuilder s = new StringBuilder("model Random {\n    input " + inputs + "\n");
        boolean frozenPrefix = r.nextInt(4) == 0;
        for (int h = 0; h < hidden; h++) {
            if (r.nextInt(3) == 0) {
                s.append("    dropout ").append(r.nextBoolean() ? "0.25" : "0.5").append('\n');
            }
            boolean frozen = frozenPrefix && h == 0;
            String act = frozen && r.nextBoolean() ? "step" : HIDDEN[r.nextInt(HIDDEN.length)];
            s.append("    dense ").append(1 + r.nextInt(r.nextInt(3) == 0 ? 40 : 7)).append(' ').append(act);
            List<String> block = new ArrayList<>();
            if (frozen) {
                block.add("trainable = false");
            }
            if (r.nextInt(4) == 0) {
                block.add("bias_term = false");
            }
            if (!block.isEmpty()) {
                s.append(" { ").append(String.join("; ", block)).append(" }");
            }
            s.append('\n');
        }
        int outputs;
        String outAct;
        if (loss.equals("cross_entropy")) {
            outputs = 2 + r.nextInt(4);
            outAct = "softmax";
        } else if (loss.equals("binary_cross_entropy")) {
            outputs = 1 + r.nextInt(3);
            outAct = "sigmoid";
        } else {
            outputs = 1 + r.nextInt(4);
            outAct = r.nextInt(4) == 0 ? "softmax" : HIDDEN[r.nextInt(HIDDEN.length)];
        }
        s.append("    dense ").append(outputs).append(' ').append(outAct).append('\n');
        s.append("    loss ").append(loss).append('\n');
        s.append("    optimizer ").append(OPTIMIZERS[r.nextInt(OPTIMIZERS.length)]).append('\n');
        if (r.nextBoolean()) {
            s.append("    regularize l2(").append(String.format(Locale.ROOT, "%.3f", 0.1 * r.nextDouble()))
                    .append(")\n");
        }
        if (r.nextInt(3) == 0) {
            s.append("    regularize l1(0.01)\n");
        }
        s.append("    init uniform(low = -0.8, high = 0.8)\n}\n");
        return s.toString();
    }

    private static void compare(String text, long seed) {
        Network model = TestModels.network(text);
        Random r = new Random(seed);
        int capacity = 7;
        double[][][] batch = batch(model, r, capacity);
        double[][] x = batch[0];
        double[][] t = batch[1];
        int rows = x.length;
        Net ref = TestModels.reference(model, capacity);
        Net gen = TestModels.generated(model, capacity);
        Net par = TestModels.generated(model, capacity);
        Net plain = TestModels.generatedPlain(model, capacity);
        Net tri = TestModels.generated(model, capacity);
        for (Net n : List.of(ref, gen, par, plain, tri)) {
            nnc.train.Initializer.initialize(n, model, seed);
            n.setSeed(seed);
        }
        double[][] outRef = new double[rows][model.outputSize()];
        double[][] outGen = new double[rows][model.outputSize()];
        ref.predict(x, rows, outRef);
        gen.predict(x, rows, outGen);
        close(outRef, outGen, "outputs\n" + text);
        scalar(ref.loss(x, t, rows), gen.loss(x, t, rows), "loss");

        scalar(ref.computeGradients(x, t, rows, false), gen.computeGradients(x, t, rows, false), "eval-mode loss");
        for (int l = 0; l < model.layers().size(); l++) {
            if (model.layers().get(l).trainable()) {
                close(ref.weightGradient(l), gen.weightGradient(l), "eval-mode weight gradient " + l + "\n" + text);
            }
        }
        try (Workers two = new Workers(2, 1_000_000); Workers three = new Workers(3, 1_000_000)) {
            for (int step = 0; step < 4; step++) {
                double lr = ref.computeGradients(x, t, rows, true);
                double lg = gen.computeGradients(x, t, rows, true);
                assertEquals(lg, plain.computeGradients(x, t, rows, true), "loss of the plain loops");
                double lp = two.forwardBackward(par, x, t, rows, true);
                par.gradient(x, 1, 2);
                par.gradient(x, 0, 2);
                scalar(lr, lg, "loss of step " + step);
                scalar(lr, lp, "loss of step " + step + " on 2 threads");
                for (int l = 0; l < model.layers().size(); l++) {
                    if (!model.layers().get(l).trainable()) {
                        assertNull(gen.weightGradient(l));
                        continue;
                    }
                    close(ref.weightGradient(l), gen.weightGradient(l), "weight gradient " + l + "\n" + text);
                    assertArrayEquals(gen.weightGradient(l), par.weightGradient(l), "2-thread weight gradient " + l);
                    if (model.layers().get(l).hasBias()) {
                        close(new double[][] {ref.biasGradient(l)}, new double[][] {gen.biasGradient(l)}, "bias grad");
                    }
                }
                ref.applyUpdate();
                gen.applyUpdate();
                plain.applyUpdate();
                two.step(par, x, rows, 1_000_000);
                assertEquals(lg, three.forwardBackward(tri, x, t, rows, true), "loss on 3 threads");
                three.step(tri, x, rows, 1_000_000);
            }
        }
        for (int l = 0; l < model.layers().size(); l++) {
            close(ref.weights(l), gen.weights(l), "weights after steps, layer " + l + "\n" + text);
            assertArrayEquals(gen.weights(l), par.weights(l), "2-thread weights after steps, layer " + l);
            assertArrayEquals(gen.weights(l), plain.weights(l), "plain-loop weights after steps, layer " + l);
            assertArrayEquals(gen.weights(l), tri.weights(l), "3-thread weights after steps, layer " + l);
            if (model.layers().get(l).hasBias()) {
                close(new double[][] {ref.bias(l)}, new double[][] {gen.bias(l)}, "bias after steps");
            } else {
                assertNull(gen.bias(l));
            }
        }
    }

    /** A seeded batch of 1 to capacity rows for the model: inputs in [−1, 1) and targets its loss accepts. */
    static double[][][] batch(Network model, Random r, int capacity) {
        int rows = 1 + r.nextInt(capacity);
        double[][] x = new double[rows][model.inputSize()];
        double[][] t = new double[rows][model.outputSize()];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < model.inputSize(); k++) {
                x[i][k] = 2 * r.nextDouble() - 1;
            }
            int k = model.outputSize();
            switch (model.loss().kind()) {
                case CROSS_ENTROPY -> t[i][r.nextInt(k)] = 1;
                case BINARY_CROSS_ENTROPY -> {
                    for (int j = 0; j < k; j++) {
                        t[i][j] = r.nextInt(2);
                    }
                }
                default -> {
                    for (int j = 0; j < k; j++) {
                        t[i][j] = 2 * r.nextDouble() - 1;
                    }
                }
            }
        }
        return new double[][][] {x, t};
    }

    private static void close(double[][] expected, double[][] actual, String what) {
        close(expected, actual, TOLERANCE, 1e-300, what);
    }

    /** Largest |expected − actual| at most tolerance × the largest |expected| (at least floor). */
    static void close(double[][] expected, double[][] actual, double tolerance, double floor, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                scale = Math.max(scale, Math.abs(expected[i][j]));
                err = Math.max(err, Math.abs(expected[i][j] - actual[i][j]));
            }
        }
        assertTrue(err <= tolerance * Math.max(scale, floor), what + ": error " + err + " at scale " + scale);
    }

    private static void scalar(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= TOLERANCE * Math.abs(expected), what + ": " + expected + " vs "
                + actual);
    }
}
