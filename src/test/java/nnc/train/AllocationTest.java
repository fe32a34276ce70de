package nnc.train;

import nnc.data.Data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import nnc.TestModels;
import nnc.model.Network;
import org.junit.jupiter.api.Test;

/** The training loop allocates nothing per batch: only a few bytes per epoch for its history. */
class AllocationTest {
    @Test
    void trainingAllocatesNothingPerBatch() {
        Network base = TestModels.network("model A {\n input 64\n dense 32 relu\n dropout 0.2\n dense 10 softmax\n"
                + " loss cross_entropy\n optimizer adam\n regularize l2(1e-4)\n"
                + " train { data = digits; batch = 32; validation = 0.1 }\n}\n");
        Data data = Data.load(base);
        Net net = TestModels.generated(base, 32);
        Trainer few = new Trainer(net, base.withTrain(base.train().withEpochs(3)), data, new Trainer.Listener() { });
        Trainer many = new Trainer(net, base.withTrain(base.train().withEpochs(13)), data, new Trainer.Listener() { });
        int batches = (data.train.rows() + 31) / 32;
        // Until the JIT has compiled the generated methods, interpreted Vector API code boxes its vectors (megabytes
        // per epoch on a slow machine); that only shrinks as compilation goes on. So the least difference of several
        // rounds is the loop's own allocation: per epoch the history entry and the validation pass's buffers (about
        // 4 KB here), nothing that scales with the batches (a stream built once per batch made this about 52 KB).
        double perEpoch = Double.MAX_VALUE;
        for (int round = 0; round < 8 && perEpoch >= 8192; round++) {
            long a = allocated(net, base, few);
            long b = allocated(net, base, many);
            perEpoch = Math.min(perEpoch, (b - a) / 10.0);
        }
        assertTrue(perEpoch < 8192, "bytes allocated per epoch: " + perEpoch + " over " + batches + " batches");
    }

    private static long allocated(Net net, Network model, Trainer trainer) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        Initializer.initialize(net, model, 1);
        long before = bean.getThreadAllocatedBytes(id);
        trainer.train(new Workers());
        return bean.getThreadAllocatedBytes(id) - before;
    }
}
