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
        long few = allocated(base.withTrain(base.train().withEpochs(3)), data);
        long many = allocated(base.withTrain(base.train().withEpochs(13)), data);
        double perEpoch = (many - few) / 10.0;
        int batches = (data.train.rows() + 31) / 32;
        // per epoch: the history entry and the validation pass's buffers (about 4 KB here); nothing that scales
        // with the batches (a stream built once per batch made this about 52 KB)
        assertTrue(perEpoch < 8192, "bytes allocated per epoch: " + perEpoch + " over " + batches + " batches");
    }

    private static long allocated(Network model, Data data) {
        Net net = TestModels.generated(model, 32);
        Initializer.initialize(net, model, 1);
        Trainer trainer = new Trainer(net, model, data, new Trainer.Listener() { });
        trainer.train(new Workers());
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        Initializer.initialize(net, model, 1);
        long before = bean.getThreadAllocatedBytes(id);
        trainer.train(new Workers());
        return bean.getThreadAllocatedBytes(id) - before;
    }
}
