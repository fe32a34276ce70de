package nnc.cli;

import java.nio.file.Path;
import nnc.data.Data;
import nnc.data.Normalizer;
import nnc.data.Targets;
import nnc.model.Network;
import nnc.report.JsonReport;
import nnc.report.Report;
import nnc.report.WeightsFile;
import nnc.train.Metrics;
import nnc.train.Net;
import nnc.train.Trainer;
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
        Network net = load();
        WeightsFile.Content content = weightsFile.load(net);
        Normalizer norm = WeightsFile.normalizer(content);
        Targets targets = WeightsFile.targets(content, net);
        Data.Part part;
        int capacity;
        if (data != null) {
            part = Data.labelled(data, net, targets, norm);
            capacity = Trainer.batchSize(net, part.rows());
        } else {
            Data d = Data.load(net, norm, targets);
            part = d.test;
            capacity = Trainer.batchSize(net, d.train.rows());   // as run evaluates: the same sums, the same bits
        }
        Net n = Session.compile(net, capacity).net();
        WeightsFile.apply(content, n);
        Metrics m = Metrics.evaluate(n, part, targets);
        String source = data != null ? data.toString() : net.train().data().describe() + " (test rows)";
        if (json.json) {
            main.out.println(JsonReport.evaluation(net, weightsFile.weights.toString(), source, targets, m,
                    part.rows()));
        } else {
            main.out.printf("Model: %s (%s), weights %s%nData: %s%n", net.name(), model, weightsFile.weights,
                    source);
            new Report(main.out).test(m, targets, part.rows(), net.lossGiven());
        }
        return 0;
    }
}
