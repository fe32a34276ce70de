package nnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import nnc.TestModels;
import nnc.data.Data;
import nnc.model.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A float64 class with Vector API kernels starts on its plain loops and moves to the vector kernels once they are
 * compiled; when it moves does not change a bit of the training. A float32 class has only its vector kernels (fused
 * multiply-adds, where a layer is wider than 64 units): they are compiled before it first trains.
 */
class VectorKernelsTest {
    private static Network model(String precision) {
        return TestModels.network("model V {\n input 64\n dense 24 relu\n dense 10 softmax\n loss cross_entropy\n"
                + " optimizer adam\n train { data = digits; batch = 32; epochs = 1; precision = " + precision
                + " }\n}\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"float64"})
    void switchingHalfwayGivesTheSameWeightsAsPlainLoops(String precision) {
        Network m = model(precision);
        Net hybrid = TestModels.generatedUnswitched(m, 32);
        assumeTrue(hybrid.hasVectorKernels(), "the JVM has no Vector API module");
        Net plain = TestModels.generatedPlain(m, 32);
        assertFalse(plain.hasVectorKernels());
        Data data = Data.load(m);
        Initializer.initialize(hybrid, m, 1);
        Initializer.initialize(plain, m, 1);
        Trainer.Listener quiet = new Trainer.Listener() { };
        // an epoch as training starts (on the plain loops, the switch may come at any batch), then one on the
        // vector kernels; the plain class trains the same two epochs
        new Trainer(hybrid, m, data, quiet).train(new Workers());
        hybrid.useVectorKernels();
        assertTrue(hybrid.usesVectorKernels());
        new Trainer(hybrid, m, data, quiet).train(new Workers());
        new Trainer(plain, m, data, quiet).train(new Workers());
        new Trainer(plain, m, data, quiet).train(new Workers());
        for (int l = 0; l < 2; l++) {
            double[][] w = hybrid.weights(l);
            double[][] v = plain.weights(l);
            for (int r = 0; r < w.length; r++) {
                assertArrayEquals(v[r], w[r], 0.0, "layer " + l + " row " + r);
            }
            assertArrayEquals(plain.bias(l), hybrid.bias(l), 0.0, "layer " + l + " bias");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"float64"})
    void theWarmUpSwitchesOnceTheKernelsAreCompiled(String precision) {
        Net net = TestModels.generatedUnswitched(model(precision), 32);
        assumeTrue(net.hasVectorKernels(), "the JVM has no Vector API module");
        assertFalse(net.usesVectorKernels());
        assertTrue(VectorKernels.warmAndSwitch(net), "the vector kernels never ran without allocating");
        assertTrue(net.usesVectorKernels());
    }

    @Test
    void aFloat32ClassIsCompiledBeforeItTrains() {
        Network m = TestModels.network("model W {\n input 64\n dense 100 relu\n dense 10 softmax\n"
                + " loss cross_entropy\n optimizer sgd\n train { data = digits; batch = 32; epochs = 1;"
                + " precision = float32 }\n}\n");
        Net net = TestModels.generatedUnswitched(m, 32);
        assumeTrue(net.hasVectorKernels(), "the JVM has no Vector API module");
        assertTrue(net.usesVectorKernels(), "on its vector kernels from the start");
        VectorKernels.start(net);
        com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        net.warmVectorKernels();
        assertEquals(0, bean.getCurrentThreadAllocatedBytes() - before,
                "after start, the kernels run compiled (a boxed run allocates)");
    }
}
