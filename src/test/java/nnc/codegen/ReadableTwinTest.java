package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import nnc.TestModels;
import nnc.data.Data;
import nnc.model.Network;
import nnc.train.Initializer;
import nnc.train.Net;
import nnc.train.Trainer;
import nnc.train.Workers;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The readable class trains to the same bits as the fast one: the same model, seed and batches through the real
 * trainer give the same loss every epoch and the same parameters at the end, for every activation, loss and
 * optimizer, with dropout, l1/l2, schedules, several outputs, frozen layers, a layer without bias and 2 threads.
 */
class ReadableTwinTest {
    /** Models on 600 rows of the digits (built in). */
    private static final String[] DIGITS = {
        """
        model A {
            input [8, 8]
            dense 16 relu
            dropout 0.2
            dense 12 leaky_relu(alpha = 0.05)
            dense 10 softmax
            loss cross_entropy
            optimizer sgd(lr = 0.05, momentum = 0.9, nesterov = true)
            regularize l2(1e-3)
            train { data = digits  epochs = 2  batch = 64  schedule = cosine  threads = 2  seed = 5 }
        }
        """,
        """
        model B {
            input [8, 8]
            dense 8 gelu
            dense 8 silu { bias_term = false }
            dense 10 softmax
            loss mse
            optimizer rmsprop(lr = 0.01)
            train { data = digits  epochs = 2  batch = 200  schedule = exponential(0.9)  seed = 6 }
        }
        """,
    };

    /** Models on a small regression set with 3 outputs (rows made here from a seeded generator). */
    private static final String[] REGRESSION = {
        """
        model C {
            input 4
            dense 6 elu(alpha = 0.7)
            dropout 0.1
            dense 5 selu
            dense 3 identity
            loss huber(delta = 0.5)
            optimizer adam(lr = 0.01)
            regularize l1(1e-3)
            train { epochs = 3  batch = 16  schedule = step(1, 0.5)  threads = 2  seed = 7 }
        }
        """,
        """
        model D {
            input 4
            dense 6 mish
            dense 6 softplus
            dense 5 sigmoid
            dense 3 tanh
            loss asymmetric(over = 2, under = 0.5)
            optimizer adamw(lr = 0.01, weight_decay = 0.05)
            regularize l2(1e-3)
            train { epochs = 3  batch = 20  seed = 8 }
        }
        """,
        """
        model E {
            input 4
            dense 5 sigmoid { trainable = false }
            dense 4 tanh
            dense 3 identity
            loss mae
            optimizer adamax(lr = 0.02)
            train { epochs = 3  batch = 10  threads = 2  seed = 9 }
        }
        """,
        """
        model F {
            input 4
            dense 6 relu
            dense 3 identity
            loss mse
            optimizer adagrad(lr = 0.05)
            train { epochs = 3  batch = 8  seed = 10 }
        }
        """,
    };

    /** Models on xor (built in). */
    private static final String[] XOR = {
        """
        model G {
            input 2
            dense 2 step { weights = [[1, 1], [1, 1]]  bias = [-0.5, -1.5]  trainable = false }
            dense 1 sigmoid
            loss binary_cross_entropy
            optimizer gd(lr = 0.5)
            train { data = xor  normalize = none  epochs = 20  batch = all  seed = 11 }
        }
        """,
        """
        model H {
            input 2
            dense 4 tanh
            dense 1 sigmoid
            loss mse
            optimizer sgd(lr = 0.3)
            train { data = xor  normalize = none  epochs = 20  batch = 2  seed = 12 }
        }
        """,
    };

    @TestFactory
    Stream<DynamicTest> theReadableClassTrainsToTheSameBits() {
        Stream<DynamicTest> digits = Stream.of(DIGITS).map(m -> test(m, ReadableTwinTest::digits));
        Stream<DynamicTest> regression = Stream.of(REGRESSION).map(m -> test(m, ReadableTwinTest::regression));
        Stream<DynamicTest> xor = Stream.of(XOR).map(m -> test(m, net -> Data.load(net)));
        return Stream.of(digits, regression, xor).flatMap(s -> s);
    }

    @org.junit.jupiter.api.Test
    void theLibraryCompilesTheReadableClassInMemory() {
        Network model = TestModels.network(XOR[1]);
        Net fast = nnc.api.Compiled.compile(model, 4).net();
        Net readable = nnc.api.Compiled.compile(model, 4, true).net();
        assertTrue(java.util.Arrays.stream(fast.getClass().getDeclaredMethods())
                .anyMatch(m -> m.getName().equals("gradientAndUpdate")), "the fast class updates in chunks");
        assertTrue(java.util.Arrays.stream(readable.getClass().getDeclaredMethods())
                .noneMatch(m -> m.getName().startsWith("gradientAndUpdate")), "the readable class does not");
        Initializer.initialize(fast, model, 1);
        Initializer.initialize(readable, model, 1);
        double[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        double[][] a = new double[4][1];
        double[][] b = new double[4][1];
        fast.predict(x, 4, a);
        readable.predict(x, 4, b);
        assertTrue(java.util.Arrays.deepEquals(a, b), "the same predictions");
    }

    private static DynamicTest test(String text, java.util.function.Function<Network, Data> data) {
        Network model = TestModels.network(text);
        return DynamicTest.dynamicTest(model.name(), () -> twins(model, data.apply(model)));
    }

    private static Data.Part digits;

    /** The first 600 training rows of the digits, as arrays. */
    private static synchronized Data digits(Network net) {
        if (digits == null) {
            digits = Data.load(net).train;
        }
        double[][] x = java.util.Arrays.copyOf(digits.x(), 600);
        double[][] t = new double[600][];
        for (int r = 0; r < 600; r++) {
            t[r] = new double[] {digits.labels()[r]};
        }
        return Data.fromArrays(net, Network.Task.CLASSIFICATION, x, t);
    }

    /** 120 rows of 4 features and 3 targets, each a smooth function of the features plus noise. */
    private static Data regression(Network net) {
        SplittableRandom random = new SplittableRandom(3);
        double[][] x = new double[120][4];
        double[][] t = new double[120][3];
        for (int r = 0; r < x.length; r++) {
            for (int j = 0; j < 4; j++) {
                x[r][j] = random.nextDouble(-2, 2);
            }
            t[r][0] = x[r][0] * x[r][1] + 0.1 * random.nextGaussian();
            t[r][1] = Math.sin(x[r][2]) - x[r][3];
            t[r][2] = Math.abs(x[r][0]) + 0.5 * x[r][3];
        }
        return Data.fromArrays(net, Network.Task.REGRESSION, x, t);
    }

    private static void twins(Network model, Data data) {
        int batch = Trainer.batchSize(model, data.train.rows());
        Net fast = TestModels.generated(model, batch);
        Net readable = TestModels.readable(model, batch);
        Initializer.initialize(fast, model, model.train().seed());
        Initializer.initialize(readable, model, model.train().seed());
        TestModels.loadStart(model, fast);
        TestModels.loadStart(model, readable);
        Trainer.Result a;
        Trainer.Result b;
        try (Workers w1 = new Workers(model.train().threads(), 1_000_000);
                Workers w2 = new Workers(model.train().threads(), 1_000_000)) {
            a = new Trainer(fast, model, data, new Trainer.Listener() { }).train(w1);
            b = new Trainer(readable, model, data, new Trainer.Listener() { }).train(w2);
        }
        assertEquals(a.epochsRun(), b.epochsRun(), "epochs run");
        assertTrue(a.epochsRun() >= 2, "trained for more than one epoch");
        for (int e = 0; e < a.epochsRun(); e++) {
            double la = a.history().get(e).loss();
            assertTrue(Double.isFinite(la), "a finite loss");
            assertEquals(Double.doubleToRawLongBits(la), Double.doubleToRawLongBits(b.history().get(e).loss()),
                    model.name() + ": loss of epoch " + (e + 1) + ": " + la + " vs " + b.history().get(e).loss());
        }
        boolean moved = false;
        for (int l = 0; l < model.layers().size(); l++) {
            double[][] wa = fast.weights(l);
            double[][] wb = readable.weights(l);
            moved |= model.layers().get(l).trainable() && !java.util.Arrays.deepEquals(wa,
                    TestModels.readable(model, 1).weights(l));
            for (int i = 0; i < wa.length; i++) {
                for (int j = 0; j < wa[i].length; j++) {
                    assertEquals(Double.doubleToRawLongBits(wa[i][j]), Double.doubleToRawLongBits(wb[i][j]),
                            model.name() + ": layer " + l + " weight [" + i + "][" + j + "]");
                }
            }
            double[] ba = fast.bias(l);
            double[] bb = readable.bias(l);
            assertEquals(ba == null, bb == null, "both have a bias or neither");
            for (int j = 0; ba != null && j < ba.length; j++) {
                assertEquals(Double.doubleToRawLongBits(ba[j]), Double.doubleToRawLongBits(bb[j]),
                        model.name() + ": layer " + l + " bias [" + j + "]");
            }
        }
        assertTrue(moved, "training changed the weights");
    }
}
