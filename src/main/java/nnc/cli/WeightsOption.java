package nnc.cli;

import java.nio.file.Path;
import nnc.model.Network;
import nnc.report.WeightsFile;
import picocli.CommandLine.Option;

/** {@code --weights FILE}: weights saved by {@code nnc run --save}. */
final class WeightsOption {
    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "weights saved by 'nnc run --save'")
    Path weights;

    /** Reads the file and checks it against the model (exit 3 when it does not fit). */
    WeightsFile.Content load(Network net) {
        return WeightsFile.load(weights, net);
    }
}
