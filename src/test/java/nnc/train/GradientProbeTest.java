package nnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import nnc.TestModels;
import nnc.data.Data;
import nnc.model.Network;
import org.junit.jupiter.api.Test;

/** Looking at each epoch's last gradient (for the report) leaves training unchanged, bit for bit. */
class GradientProbeTest {
    private static final String MODEL = """
            model Probe {
                input [8, 8]
                dense 12 tanh
                dropout 0.2
                dense 10 softmax
                loss cross_entropy
                optimizer adam(lr = 0.01)
                regularize l2(1e-3)
                train { data = digits  epochs = 3  batch = 100  seed = 7 }
            }
            """;

    @Test
    void theProbeSeesOneGradientPerEpochAndChangesNoBit() {
        Network model = TestModels.network(MODEL);
        Data data = Data.load(model);
        int batch = Trainer.batchSize(model, data.train.rows());
        Net plain = TestModels.generated(model, batch);
        Net probed = TestModels.generated(model, batch);
        Initializer.initialize(plain, model, 7);
        Initializer.initialize(probed, model, 7);
        Trainer.Result a = new Trainer(plain, model, data, new Trainer.Listener() { }).train(new Workers());
        List<double[]> norms = new ArrayList<>();
        Trainer.Result b = new Trainer(probed, model, data, new Trainer.Listener() { })
                .probe((epoch, net) -> norms.add(net.weightGradient(0)[0].clone())).train(new Workers());
        assertEquals(3, norms.size());
        for (double[] g : norms) {
            assertTrue(java.util.Arrays.stream(g).anyMatch(v -> v != 0), "a real gradient");
        }
        for (int e = 0; e < 3; e++) {
            assertEquals(a.history().get(e).loss(), b.history().get(e).loss(), 0.0);
        }
        for (int l = 0; l < 2; l++) {
            double[][] wa = plain.weights(l);
            double[][] wb = probed.weights(l);
            for (int i = 0; i < wa.length; i++) {
                assertArrayEquals(wa[i], wb[i], 0.0, "layer " + l + " row " + i);
            }
            assertArrayEquals(plain.bias(l), probed.bias(l), 0.0);
        }
    }
}
