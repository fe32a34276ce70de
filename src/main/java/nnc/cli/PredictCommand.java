package nnc.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nnc.api.Model;
import nnc.data.Data;
import nnc.data.Table;
import nnc.data.Targets;
import nnc.model.Network;
import nnc.model.UserError;
import nnc.report.Predictions;
import nnc.report.WeightsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "predict", mixinStandardHelpOptions = true, description = "Load trained weights and print predictions.")
final class PredictCommand extends ModelCommand {
    @Mixin
    WeightsOption weightsFile;

    @Option(names = "--input", paramLabel = "CSV", description = "rows to predict (target columns, if present, are "
            + "shown beside the predictions)")
    Path input;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text, csv (one row per "
            + "input row) or json (one object); default: ${DEFAULT-VALUE}")
    String format;

    @Parameters(index = "1..*", paramLabel = "VALUE", description = "one row of raw feature values")
    List<String> values = new ArrayList<>();

    @Override
    public Integer call() {
        Predictions.Format f = format(format);
        if ((input == null) == values.isEmpty()) {
            throw UserError.usage("give either --input CSV or the feature values of one row");
        }
        Network loaded = load();
        WeightsFile.Content content = weightsFile.load(loaded);
        Network net = WeightsFile.inTrainedPrecision(content, loaded);
        Table rows = input != null ? Data.rowsToPredict(input, net) : null;
        double[][] raw = rows != null ? rows.features() : new double[][] {parseValues(net)};
        Targets targets = WeightsFile.targets(content, net);
        double[][] outputs = Session.call(() -> Model.of(net, model.toString()).predict(content, raw), main.err);
        boolean known = rows != null && rows.targets() > 0;
        main.out.print(Predictions.render(f, net.name(), targets, outputs, known ? rows.target() : null,
                known ? rows.targetNames() : List.of()));
        return 0;
    }

    static Predictions.Format format(String name) {
        return switch (name) {
            case "text" -> Predictions.Format.TEXT;
            case "csv" -> Predictions.Format.CSV;
            case "json" -> Predictions.Format.JSON;
            default -> throw UserError.usage("--format " + name + ": expected text, csv or json");
        };
    }

    private double[] parseValues(Network net) {
        List<String> cells = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split("[,\\s]+")) {
                if (!part.isEmpty()) {
                    cells.add(part);
                }
            }
        }
        if (cells.size() != net.inputSize()) {
            throw UserError.usage("model " + net.name() + " takes " + net.inputSize() + " values, but "
                    + cells.size() + " were given");
        }
        double[] x = new double[cells.size()];
        for (int i = 0; i < x.length; i++) {
            try {
                x[i] = Double.parseDouble(cells.get(i));
            } catch (NumberFormatException e) {
                throw UserError.usage("value " + (i + 1) + " ('" + cells.get(i) + "') is not a number");
            }
            if (!Double.isFinite(x[i])) {
                throw UserError.usage("value " + (i + 1) + " ('" + cells.get(i) + "') is not a finite number");
            }
        }
        return x;
    }
}
