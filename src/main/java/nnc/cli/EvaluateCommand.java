package nnc.cli;

import java.nio.file.Path;
import nnc.api.Model;
import nnc.api.Scores;
import nnc.model.Network;
import nnc.report.JsonReport;
import nnc.report.Report;
import nnc.report.WeightsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "The test figures of saved weights on "
        + "labelled data (the model's test data by default).")
final class EvaluateCommand extends ModelCommand {
    @Mixin
    WeightsOption weightsFile;

    @Option(names = "--data", paramLabel = "CSV", description = "evaluate on every row of this labelled CSV file "
            + "instead of the model's test data")
    Path data;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        Network loaded = load();
        WeightsFile.Content content = weightsFile.load(loaded);
        Network net = WeightsFile.inTrainedPrecision(content, loaded);
        Scores scores = Session.call(() -> Model.of(net, model.toString()).evaluate(content, data), main.err);
        String source = data != null ? data.toString() : net.train().data().describe() + " (test rows)";
        if (json.json) {
            main.out.println(JsonReport.evaluation(net, weightsFile.weights.toString(), source, scores.targets(),
                    scores.metrics(), scores.rows()));
        } else {
            main.out.printf("Model: %s (%s), weights %s%nData: %s%n", net.name(), model, weightsFile.weights,
                    source);
            new Report(main.out).test(scores.metrics(), scores.targets(), scores.rows(), net.lossGiven());
        }
        return 0;
    }
}
