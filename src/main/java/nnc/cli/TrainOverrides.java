package nnc.cli;

import java.nio.file.Path;
import nnc.api.Model;
import nnc.model.Precision;
import nnc.model.UserError;
import picocli.CommandLine.Option;

/** The options of {@code run} that override the train block: epochs, batch, seed, threads, precision and data. */
final class TrainOverrides {
    @Option(names = "--epochs", paramLabel = "N", description = "override the train block's epochs")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "override the train block's batch size")
    Integer batch;

    @Option(names = "--seed", paramLabel = "N", description = "override the train block's seed")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "data-parallel threads (default: the train block's)")
    Integer threads;

    @Option(names = "--precision", paramLabel = "float32|float64",
            description = "the number type of the generated class (default: the train block's, else float64)")
    String precision;

    @Option(names = "--data", paramLabel = "PATH", description = "train on this CSV file instead")
    Path data;

    /** Refuses counts below 1 and more than 256 threads, before the model is read (exit 2). */
    void check() {
        ModelCommand.positive("--epochs", epochs);
        ModelCommand.positive("--batch", batch);
        ModelCommand.positive("--threads", threads);
        if (threads != null && threads > 256) {
            throw UserError.usage("--threads must be at most 256, not " + threads);
        }
        if (precision != null && Precision.of(precision) == null) {
            throw UserError.usage("--precision must be float32 or float64, not '" + precision + "'");
        }
    }

    /** The model with the options given applied. */
    Model apply(Model model) {
        Model m = model;
        if (epochs != null) {
            m = m.withEpochs(epochs);
        }
        if (batch != null) {
            m = m.withBatch(batch);
        }
        if (seed != null) {
            m = m.withSeed(seed);
        }
        if (threads != null) {
            m = m.withThreads(threads);
        }
        if (precision != null) {
            m = m.withPrecision(Precision.of(precision));
        }
        return data != null ? m.withData(data) : m;
    }
}
