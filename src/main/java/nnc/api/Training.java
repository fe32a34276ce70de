package nnc.api;

import nnc.data.Data;
import nnc.model.Network;
import nnc.report.WeightsFile;
import nnc.train.Initializer;
import nnc.train.Net;
import nnc.train.Trainer;
import nnc.train.Workers;

/**
 * A model with its data loaded and split, its class generated and compiled, and its starting weights set: what
 * {@link Model#prepare} returns, so that a caller can show the data and the batch layout before the epochs run.
 */
public final class Training {
    private final Model model;
    private final Data data;
    private final Compiled compiled;
    private final int batchRows;
    private final double dataMs;

    private Training(Model model, Data data, Compiled compiled, int batchRows, double dataMs) {
        this.model = model;
        this.data = data;
        this.compiled = compiled;
        this.batchRows = batchRows;
        this.dataMs = dataMs;
    }

    /** Compiles the class for batches of the data's training rows and sets the starting weights. */
    static Training of(Model model, Data data, WeightsFile.Content start, double dataMs) {
        Network network = model.network();
        int batchRows = Trainer.batchSize(network, data.train.rows());
        Compiled compiled = Compiled.compile(network, batchRows);
        Initializer.initialize(compiled.net(), network, network.train().seed());
        if (start != null) {
            WeightsFile.apply(start, compiled.net());
        }
        return new Training(model, data, compiled, batchRows, dataMs);
    }

    /** The model being trained. */
    public Model model() {
        return model;
    }

    /** The data, split into training, validation and test rows and normalized. */
    public Data data() {
        return data;
    }

    /** Rows in a mini-batch. */
    public int batchRows() {
        return batchRows;
    }

    /** Whether each mini-batch is split over the train block's threads (small batches stay on one). */
    public boolean splitsBatches() {
        Network n = model.network();
        return Workers.splits(n.train().threads(), batchRows, n.parameterCount());
    }

    /** Milliseconds spent reading and splitting the data. */
    public double dataMs() {
        return dataMs;
    }

    /** Milliseconds spent generating and compiling the network's class. */
    public double compileMs() {
        return compiled.compileMs();
    }

    Net net() {
        return compiled.net();
    }

    /**
     * Runs the epochs (none when every layer is frozen) and evaluates the test rows.
     *
     * @param listener told of every batch and epoch (for a progress display)
     * @param record   whether to record what the report page draws (weights and gradients over the epochs)
     * @throws NncException when training diverges (exit status 4)
     */
    public TrainedModel train(Trainer.Listener listener, boolean record) {
        return NncException.call(() -> TrainedModel.train(this, listener, record));
    }
}
