package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nnc.TestModels;
import nnc.model.Network;
import nnc.model.Optimizer;
import nnc.train.Net;
import org.junit.jupiter.api.Test;

/** Optimizer state that decays towards zero is set to zero before it becomes subnormal, in the same steps everywhere. */
class TinyStateTest {
    @Test
    void decayingMomentumIsFlushedToZeroLikeTheReference() throws Exception {
        // momentum 0.01: the state of weights from input 0 shrinks a hundredfold per step once that input is 0
        Network model = TestModels.network("model Tiny {\n input 2\n dense 3 tanh\n dense 1 identity\n loss mse\n"
                + " optimizer sgd(lr = 0.1, momentum = 0.01)\n init uniform(low = -0.5, high = 0.5)\n}\n");
        Net gen = TestModels.generated(model, 2);
        Net ref = TestModels.reference(model, 2);
        for (Net n : new Net[] {gen, ref}) {
            nnc.train.Initializer.initialize(n, model, 3);
        }
        double[][] t = {{0.5}, {-0.25}};
        double smallest = Double.MAX_VALUE;
        for (int step = 0; step < 10 * Optimizer.FLUSH_EVERY; step++) {
            double[][] x = {{step == 0 ? 1.0 : 0.0, 0.3}, {step == 0 ? -1.0 : 0.0, -0.7}};
            assertEquals(ref.trainBatch(x, t, 2), gen.trainBatch(x, t, 2), "loss of step " + step);
            double m = momentum(gen)[0][0];
            if (m != 0) {
                smallest = Math.min(smallest, Math.abs(m));
            }
        }
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(ref.weights(l), gen.weights(l), "weights of layer " + l);
        }
        assertEquals(0.0, momentum(gen)[0][0], "the momentum of a weight whose input stayed 0");
        assertTrue(smallest >= Double.MIN_NORMAL, "the momentum never became subnormal: smallest " + smallest);
    }

    /**
     * The float32 class flushes its state below 1e-30 (on the bits): with momentum 0.5, never a subnormal float,
     * and zero in the end.
     */
    @Test
    void float32MomentumIsFlushedBeforeItBecomesSubnormal() throws Exception {
        Network model = TestModels.network("model Tiny {\n input 2\n dense 3 tanh\n dense 1 identity\n loss mse\n"
                + " optimizer sgd(lr = 0.1, momentum = 0.5)\n init uniform(low = -0.5, high = 0.5)\n"
                + " train { precision = float32 }\n}\n");
        Net gen = TestModels.generated(model, 2);
        nnc.train.Initializer.initialize(gen, model, 3);
        double[][] t = {{0.5}, {-0.25}};
        float smallest = Float.MAX_VALUE;
        boolean negative = false;
        for (int step = 0; step < 20 * Optimizer.FLUSH_EVERY; step++) {
            double[][] x = {{step == 0 ? 1.0 : 0.0, 0.3}, {step == 0 ? -1.0 : 0.0, -0.7}};
            gen.trainBatch(x, t, 2);
            var field = gen.getClass().getDeclaredField("mw1");
            field.setAccessible(true);
            for (float m : ((float[][]) field.get(gen))[0]) {
                if (m != 0) {
                    smallest = Math.min(smallest, Math.abs(m));
                    negative |= m < 0;
                }
            }
        }
        var field = gen.getClass().getDeclaredField("mw1");
        field.setAccessible(true);
        float[] row = ((float[][]) field.get(gen))[0];
        assertArrayEquals(new float[row.length], row, "the momentum of weights whose input stayed 0");
        assertTrue(smallest >= Float.MIN_NORMAL, "the momentum never became subnormal: smallest " + smallest);
        assertTrue(negative, "negative states were flushed too");
    }

    private static double[][] momentum(Net net) throws ReflectiveOperationException {
        var field = net.getClass().getDeclaredField("mw1");
        field.setAccessible(true);
        return (double[][]) field.get(net);
    }
}
