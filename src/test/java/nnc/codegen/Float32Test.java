package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import nnc.TestModels;
import nnc.model.Network;
import nnc.model.Precision;
import nnc.train.Net;
import nnc.train.Workers;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code precision = float32} classes against the float64 reference implementation, on {@link PropertyTest}'s
 * seeded random architectures (every activation, loss, optimizer, dropout, l1 and l2 come up across the seeds):
 * outputs, loss, gradients and parameters after a few steps agree within 1e-4 relative to each array's largest
 * magnitude. Why 1e-4: float32 rounds every stored value to 2⁻²⁴ ≈ 6e-8 relative; a forward and backward pass
 * through these networks and three optimizer steps compound a few hundred such roundings (and adaptive optimizers
 * divide by square roots of small sums), which stays one to two orders below 1e-4 on these cases, while any
 * mistake in the float code (a wrong index, a lost term, a missed cast to float of the wrong operand) shows up at
 * 1e-3 or above. The class {@code nnc run} compiles (Vector API kernels with fused multiply-adds, where the JVM
 * has the module, as the tests' has) agrees with the reference so; the plain-loop class (a JVM without the module)
 * makes the same fused multiply-adds in the same order and agrees with it bit for bit, as 1 and 2 threads of the
 * same class do. Parameters near zero are compared at an absolute 1e-8 (1e-4 of 1e-4).
 *
 * <p>The wide layers with adam and adamax are the exception, at 1e-3 for the gradients and parameters after the
 * first step: these optimizers divide each weight's step by its own gradient's magnitude, so a weight whose
 * gradient nearly cancels over the batch rows (a few of 30,000 do, at 1e-3 of the largest) moves by lr times
 * that gradient's relative rounding error, not the layer's. PyTorch in float32 does the same.
 */
class Float32Test {
    private static final double TOLERANCE = 1e-4;

    /** The model with {@code precision = float32} in its train block. */
    static String float32(String model) {
        int end = model.lastIndexOf('}');
        return model.substring(0, end) + "    train { precision = float32 }\n}\n";
    }

    @TestFactory
    Stream<DynamicTest> float32AgreesWithReference() {
        return IntStream.range(0, 30).mapToObj(seed -> {
            String text = float32(PropertyTest.randomModel(new Random(seed)));
            return DynamicTest.dynamicTest("random model " + seed, () -> compare(text, seed, 7, TOLERANCE));
        });
    }

    /** Wide layers: the vector kernels' register blocks and the chunked gradient-and-update pass, in float. */
    @TestFactory
    Stream<DynamicTest> wideLayersAgreeWithReference() {
        String[] optimizers = {"sgd(lr = 0.05, momentum = 0.9)", "adam(lr = 0.001)", "adamax(lr = 0.002)", "gd(lr = 0.1)"};
        return IntStream.range(0, optimizers.length).mapToObj(i -> DynamicTest.dynamicTest(optimizers[i], () -> compare(
                float32("model Wide {\n    input 101\n    dense 300 tanh\n    dropout 0.25\n    dense 70 relu\n"
                        + "    dense 3 softmax\n    loss cross_entropy\n    optimizer " + optimizers[i] + "\n"
                        + "    regularize l2(0.01)\n    init uniform(low = -0.1, high = 0.1)\n}\n"), i, 37,
                optimizers[i].startsWith("ada") ? 1e-3 : TOLERANCE)));
    }

    @Test
    void theClassIsWrittenInFloat() {
        Network model = TestModels.network(float32("model F {\n input 3\n dense 65 relu\n dense 2 softmax\n"
                + " loss cross_entropy\n optimizer adam(lr = 0.01)\n}\n"));
        assertEquals(Precision.FLOAT32, model.train().precision());
        String source = Generator.generate(model, new Generator.Options("", true, 8)).toString();
        assertTrue(source.contains("private final float[][] w1;"), "weights in float");
        assertTrue(source.contains("FloatVector"), "float vectors");
        assertTrue(!source.contains("double[][] a1") && !source.contains("DoubleVector"), "no double activations");
    }

    /**
     * A float32 class whose layers are at most {@link Kernels#NARROW_FLOATS} units wide has no Vector API kernels
     * (nothing to compile before its first batch): its products are plain loops of {@code Math.fma}, which give
     * the vector kernels' bits ({@link #compare} checks that on every case); one unit wider, it has them.
     */
    @Test
    void narrowFloat32ClassesHavePlainFusedLoopsOnly() {
        String narrow = "model N {\n input 100\n dense " + Kernels.NARROW_FLOATS + " relu\n dense 10 softmax\n"
                + " loss cross_entropy\n optimizer sgd(lr = 0.1)\n}\n";
        String source = Generator.generate(TestModels.network(float32(narrow)), new Generator.Options("", true, 8))
                .toString();
        assertTrue(source.contains("Math.fma("), "plain fused loops");
        assertTrue(!source.contains("FloatVector"), () -> "no vector kernels:\n" + source.lines()
                .filter(l -> l.contains("FloatVector")).toList());
        Net net = instance(compile(Generator.generate(TestModels.network(float32(narrow)),
                new Generator.Options("", true, 8))), 4);
        assertTrue(!net.hasVectorKernels(), "no vector kernels to compile");
        String wide = narrow.replace("dense " + Kernels.NARROW_FLOATS + " ", "dense " + (Kernels.NARROW_FLOATS + 1) + " ");
        assertTrue(Generator.generate(TestModels.network(float32(wide)), new Generator.Options("", true, 8)).toString()
                .contains("FloatVector"), "one unit wider: vector kernels");
    }

    /**
     * In float32 the products are Vector API kernels with fused multiply-adds, without plain loops beside them or a
     * switch between the two (the plain loops give the same bits, but run wide layers several times slower), and
     * the class says it is on its vector kernels from the start; in float64 the vector kernels are a switch away
     * from the plain loops.
     */
    @Test
    void float32ProductsAreFusedVectorKernelsOnly() {
        String text = "model F {\n input 40\n dense 300 relu\n dense 2 softmax\n loss cross_entropy\n"
                + " optimizer sgd(lr = 0.1)\n}\n";
        String f32 = Generator.generate(TestModels.network(float32(text)), new Generator.Options("", true, 8))
                .toString();
        assertTrue(f32.contains(".fma(") && f32.contains("vectorProduct300("), "fused vector kernels");
        assertTrue(!f32.contains("product300(") && !f32.contains("vectorKernels)"), "no plain kernels, no switch");
        assertTrue(f32.contains("vectorProductT300(d1, d2, w2, ") && !f32.contains("w2T"),
                "the delta product reads W2 and transposes its tiles: no transposed copy to keep");
        String f64 = Generator.generate(TestModels.network(text), new Generator.Options("", true, 8)).toString();
        assertTrue(f64.contains("vectorProduct2(") && f64.contains("if (vectorKernels)") && !f64.contains(".fma("),
                "float64: a switch to unfused vector kernels");
        assertTrue(f64.contains("Helpers.transposeRows(w2, w2T, "), "float64 keeps W2ᵀ for its row-by-row kernels");
        Net net = instance(compile(Generator.generate(TestModels.network(float32(text)),
                new Generator.Options("", true, 8))), 4);
        assertTrue(net.hasVectorKernels() && net.usesVectorKernels(), "on its vector kernels from the start");
    }

    /**
     * Every count of rows, 1 to 40, is cut into the kernels' blocks (6, 4 and 1 rows with AVX-512; 3 and 1 with
     * AVX2) without a row lost or taken twice: the outputs agree with the reference, and each row's output has the
     * same bits whichever block computed it (its terms reach it in the same order in every block shape).
     */
    @Test
    void everyRowCountTakesItsRowsOnce() {
        Network model = TestModels.network(float32("model Rows {\n    input 19\n    dense 70 tanh\n"
                + "    dense 5 identity\n    loss mse\n    optimizer sgd(lr = 0.1)\n}\n"));
        int most = 40;
        Random random = new Random(3);
        double[][] x = new double[most][model.inputSize()];
        for (double[] row : x) {
            java.util.Arrays.setAll(row, k -> 2 * random.nextDouble() - 1);
        }
        Net ref = TestModels.reference(model, most);
        Net gen = instance(compile(Generator.generate(model, new Generator.Options("", true,
                VectorLanes.of(Precision.FLOAT32)))), most);
        List.of(ref, gen).forEach(n -> nnc.train.Initializer.initialize(n, model, 3));
        double[][] all = outputs(gen, x);
        close(outputs(ref, x), all, TOLERANCE, "outputs of " + most + " rows");
        for (int rows = 1; rows < most; rows++) {
            double[][] some = new double[rows][gen.outputSize()];
            gen.predict(java.util.Arrays.copyOfRange(x, most - rows, most), rows, some);
            assertArrayEquals(java.util.Arrays.copyOfRange(all, most - rows, most), some, rows + " rows");
        }
    }

    /**
     * A fused kernel computes c = start + a · b where given a start row (the bias, or zeros: no pass over c
     * before the product), and c += a · b without one, over whole panels and the rest; with no terms at all, each
     * row of c is the start row.
     */
    @Test
    void fusedKernelsStartFromTheirRowOrAddToC() throws Exception {
        Network model = TestModels.network(float32("model S {\n input 5\n dense 70 relu\n dense 2 softmax\n"
                + " loss cross_entropy\n optimizer sgd(lr = 0.1)\n}\n"));
        Class<?> type = compile(Generator.generate(model, new Generator.Options("", true,
                VectorLanes.of(Precision.FLOAT32))));
        java.lang.reflect.Method kernel = product70(type);
        int rows = 7;
        int depth = 5;
        float[][] a = new float[rows][depth + 16];
        float[][] b = new float[depth][70 + 16];
        float[] start = new float[80];
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < depth; p++) {
                a[i][p] = i - 2 * p;
            }
        }
        for (int p = 0; p < depth; p++) {
            for (int j = 0; j < 70; j++) {
                b[p][j] = p + j / 8f;
            }
        }
        for (int j = 0; j < 70; j++) {
            start[j] = 100 + j;
        }
        float[][] c = new float[rows][80];
        for (float[] row : c) {
            java.util.Arrays.fill(row, 0, 70, -1f);
        }
        kernel.invoke(null, c, a, b, 0, rows, 0, depth, start, null, null);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 70; j++) {
                float sum = start[j];
                for (int p = 0; p < depth; p++) {
                    sum = Math.fma(a[i][p], b[p][j], sum);
                }
                assertEquals(sum, c[i][j], "start + a·b at " + i + ", " + j);
            }
        }
        float[][] again = new float[rows][];
        for (int i = 0; i < rows; i++) {
            again[i] = c[i].clone();
        }
        kernel.invoke(null, c, a, b, 0, rows, 0, depth, null, null, null);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 70; j++) {
                float sum = again[i][j];
                for (int p = 0; p < depth; p++) {
                    sum = Math.fma(a[i][p], b[p][j], sum);
                }
                assertEquals(sum, c[i][j], "c + a·b at " + i + ", " + j);
            }
        }
        kernel.invoke(null, c, a, b, 0, rows, 0, 0, start, null, null);
        for (float[] row : c) {
            assertArrayEquals(java.util.Arrays.copyOf(start, 70), java.util.Arrays.copyOf(row, 70), "no terms");
        }
    }

    /** The fused kernel of the 70-wide products of a class with a 70-wide relu layer: it can finish that layer. */
    private static java.lang.reflect.Method product70(Class<?> type) throws NoSuchMethodException {
        java.lang.reflect.Method kernel = type.getDeclaredMethod("vectorProduct70", float[][].class,
                float[][].class, float[][].class, int.class, int.class, int.class, int.class, float[].class,
                float[][].class, float[][].class);
        kernel.setAccessible(true);
        return kernel;
    }

    /**
     * A fused kernel that finishes a relu layer computes relu as the scalar loops do, bit for bit, on every kind of
     * float: with {@code out} it writes out = relu(c) beside c; with {@code keep} it stores c ⊙ relu′(keep), where
     * relu′ is 1 for keep > 0 and 0 for keep ≤ 0, −0 and NaN (as {@code ifPositive}); both give +0, not −0, where
     * they give zero.
     */
    @Test
    void fusedKernelsFinishReluLayersAsTheScalarLoops() throws Exception {
        Network model = TestModels.network(float32("model S {\n input 5\n dense 70 relu\n dense 2 softmax\n"
                + " loss cross_entropy\n optimizer sgd(lr = 0.1)\n}\n"));
        java.lang.reflect.Method kernel = product70(compile(Generator.generate(model, new Generator.Options("", true,
                VectorLanes.of(Precision.FLOAT32)))));
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MAX_VALUE, Float.MAX_VALUE, 1f, -1f, 0.5f, -2.5f};
        int rows = 11;
        float[][] a = new float[rows][32];
        float[][] b = new float[1][96];
        float[][] c = new float[rows][96];
        float[][] out = new float[rows][96];
        float[][] keep = new float[rows][96];
        float[] start = new float[96];
        for (int j = 0; j < 70; j++) {
            start[j] = special[j % special.length];
            b[0][j] = j % 3 - 1;
        }
        for (int i = 0; i < rows; i++) {
            a[i][0] = i % 2 == 0 ? 0f : 1e-30f;
            for (int j = 0; j < 70; j++) {
                keep[i][j] = special[(i + 3 * j) % special.length];
            }
        }
        // c = start + a·b, then a = relu(c)
        kernel.invoke(null, c, a, b, 0, rows, 0, 1, start, out, null);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 70; j++) {
                float s = Math.fma(a[i][0], b[0][j], start[j]);
                assertEquals(Float.floatToRawIntBits(s), Float.floatToRawIntBits(c[i][j]), "c at " + i + ", " + j);
                float relu = s > 0 ? s : 0f;
                assertEquals(Float.floatToRawIntBits(relu), Float.floatToRawIntBits(out[i][j]),
                        "relu(" + s + ") at " + i + ", " + j);
            }
        }
        // c = start + a·b, stored as c ⊙ relu′(keep)
        kernel.invoke(null, c, a, b, 0, rows, 0, 1, start, null, keep);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 70; j++) {
                float g = Math.fma(a[i][0], b[0][j], start[j]);
                float delta = keep[i][j] > 0 ? g : 0f;
                assertEquals(Float.floatToRawIntBits(delta), Float.floatToRawIntBits(c[i][j]),
                        "c ⊙ relu′(" + keep[i][j] + ") with c = " + g + " at " + i + ", " + j);
            }
        }
    }

    /**
     * A batch split by units over 2 threads ({@code Net.forwardBackwardByUnits}: each thread owns half of every
     * layer's input units and their weight rows) agrees with the same class on 1 thread within float32 tolerance,
     * and gives the same bits every time; a split whose shares would cut a panel of the deltas' columns is refused.
     */
    @Test
    void batchesSplitByUnitsAgreeWithOneThreadAndRepeat() {
        Network model = TestModels.network(float32("model U {\n input 40\n dense 128 relu\n dense 128 relu\n"
                + " dense 3 softmax\n loss cross_entropy\n optimizer sgd(lr = 0.05, momentum = 0.9)\n}\n"));
        int capacity = 37;
        double[][][] batch = PropertyTest.batch(model, new Random(5), capacity);
        Class<?> type = compile(Generator.generate(model, new Generator.Options("", true,
                VectorLanes.of(Precision.FLOAT32))));
        Net one = instance(type, capacity);
        Net two = instance(type, capacity);
        Net again = instance(type, capacity);
        List.of(one, two, again).forEach(n -> nnc.train.Initializer.initialize(n, model, 5));
        int panel = Kernels.panelWidth(VectorLanes.of(Precision.FLOAT32));
        assertTrue(two.splitsByUnits(2), "128 units split in 2 at a panel boundary");
        assertEquals(128 % (4 * panel) == 0, two.splitsByUnits(4), "4 parts of 128 units, panels of " + panel);
        assertTrue(!two.splitsByUnits(3), "3 parts would cut a panel");
        int rows = batch[0].length;
        try (Workers single = new Workers(1, 0); Workers pair = new Workers(2, 1_000_000);
             Workers other = new Workers(2, 1_000_000)) {
            for (int step = 0; step < 3; step++) {
                double l1 = single.forwardBackward(one, batch[0], batch[1], rows, true);
                double l2 = pair.forwardBackward(two, batch[0], batch[1], rows, true);
                double l3 = other.forwardBackward(again, batch[0], batch[1], rows, true);
                scalar(l1, l2, "loss of step " + step + " on 2 threads split by units");
                assertEquals(l2, l3, "the same loss, bit for bit, in another run of step " + step);
                for (int l = 0; l < model.layers().size(); l++) {
                    one.gradient(batch[0], 0, 1);
                    two.gradient(batch[0], 0, 1);
                    close(one.weightGradient(l), two.weightGradient(l), TOLERANCE, "weight gradient " + l
                            + " of step " + step + " split by units");
                }
                single.step(one, batch[0], rows, 1_000_000);
                pair.step(two, batch[0], rows, 1_000_000);
                other.step(again, batch[0], rows, 1_000_000);
            }
        }
        for (int l = 0; l < model.layers().size(); l++) {
            close(one.weights(l), two.weights(l), TOLERANCE, "weights after steps, layer " + l);
            assertArrayEquals(two.weights(l), again.weights(l), "weights after steps, layer " + l + ", bit for bit");
        }
    }

    /** Compares three steps; {@code after} is the tolerance of the gradients and parameters after the first. */
    private static void compare(String text, long seed, int capacity, double after) {
        Network model = TestModels.network(text);
        double[][][] batch = PropertyTest.batch(model, new Random(seed), capacity);
        double[][] x = batch[0];
        double[][] t = batch[1];
        int rows = x.length;
        Net ref = TestModels.reference(model, capacity);
        Class<?> vector = compile(Generator.generate(model, new Generator.Options("", true,
                VectorLanes.of(Precision.FLOAT32))));
        Net gen = instance(vector, capacity);
        Net par = instance(vector, capacity);
        Net plain = instance(compile(Generator.generate(model, new Generator.Options("", true, 0))), capacity);
        List.of(ref, gen, plain, par).forEach(n -> nnc.train.Initializer.initialize(n, model, seed));
        List.of(ref, gen, plain, par).forEach(n -> n.setSeed(seed));
        close(outputs(ref, x), outputs(gen, x), TOLERANCE, "outputs\n" + text);
        scalar(ref.loss(x, t, rows), gen.loss(x, t, rows), "loss");
        try (Workers two = new Workers(2, 1_000_000)) {
            for (int step = 0; step < 3; step++) {
                double lr = ref.computeGradients(x, t, rows, true);
                double lg = gen.computeGradients(x, t, rows, true);
                double lp = plain.computeGradients(x, t, rows, true);
                scalar(lr, lg, "loss of step " + step + "\n" + text);
                assertEquals(lg, lp, "plain loops' loss of step " + step + ", bit for bit\n" + text);
                double lt = two.forwardBackward(par, x, t, rows, true);
                if (par.splitsByUnits(2)) {
                    // split by units, the products add the threads' shares: float32 tolerance, not bits
                    scalar(lg, lt, "loss on 2 threads");
                } else {
                    assertEquals(lg, lt, "loss on 2 threads");
                }
                for (int l = 0; l < model.layers().size(); l++) {
                    if (model.layers().get(l).trainable()) {
                        close(ref.weightGradient(l), gen.weightGradient(l), step == 0 ? TOLERANCE : after,
                                "weight gradient " + l + " of step " + step + "\n" + text);
                        assertArrayEquals(gen.weightGradient(l), plain.weightGradient(l),
                                "plain loops' weight gradient " + l + " of step " + step + ", bit for bit\n" + text);
                    }
                }
                ref.applyUpdate();
                gen.applyUpdate();
                plain.applyUpdate();
                two.step(par, x, rows, 1_000_000);
            }
        }
        for (int l = 0; l < model.layers().size(); l++) {
            close(ref.weights(l), gen.weights(l), after, "weights after steps, layer " + l + "\n" + text);
            assertArrayEquals(gen.weights(l), plain.weights(l), "plain-loop weights after steps, layer " + l
                    + ", bit for bit\n" + text);
            if (par.splitsByUnits(2)) {
                close(gen.weights(l), par.weights(l), after, "2-thread weights after steps, layer " + l);
            } else {
                assertArrayEquals(gen.weights(l), par.weights(l), "2-thread weights after steps, layer " + l);
            }
            if (model.layers().get(l).hasBias()) {
                close(new double[][] {ref.bias(l)}, new double[][] {gen.bias(l)}, after, "bias after steps\n" + text);
            }
        }
    }

    private static double[][] outputs(Net net, double[][] x) {
        double[][] out = new double[x.length][net.outputSize()];
        net.predict(x, x.length, out);
        return out;
    }

    private static Class<?> compile(com.palantir.javapoet.JavaFile source) {
        try {
            return ClassCompiler.compile(source, Net.class.getClassLoader());
        } catch (ClassCompiler.GeneratedCodeException e) {
            throw new AssertionError(e.getMessage() + "\n" + e.source(), e);
        }
    }

    private static Net instance(Class<?> c, int capacity) {
        try {
            return (Net) c.getConstructor(int.class).newInstance(capacity);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Parameters near zero are compared at an absolute 1e-8 (tolerance × 1e-4). */
    private static void close(double[][] expected, double[][] actual, double tolerance, String what) {
        PropertyTest.close(expected, actual, tolerance, 1e-4, what);
    }

    private static void scalar(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= TOLERANCE * Math.max(Math.abs(expected), 1e-30),
                what + ": " + expected + " vs " + actual);
    }
}
