package nnc.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nnc.model.Network;
import nnc.data.Csv;
import nnc.train.Metrics;
import nnc.train.Net;
import nnc.data.Normalizer;
import nnc.data.Table;
import nnc.model.UserError;
import nnc.report.WeightsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "predict", mixinStandardHelpOptions = true, description = "Load trained weights and print predictions.")
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelFile model;

    @Mixin
    WeightsOption weightsFile;

    @Option(names = "--input", paramLabel = "CSV", description = "rows to predict (a target column, if present, is "
            + "ignored)")
    Path input;

    @Parameters(index = "1..*", paramLabel = "VALUE", description = "one row of raw feature values")
    List<String> values = new ArrayList<>();

    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        if ((input == null) == values.isEmpty()) {
            throw UserError.usage("give either --input CSV or the feature values of one row");
        }
        Network net = model.load(main);
        WeightsFile.Content content = weightsFile.load(net);
        double[][] raw = input != null ? readCsv(net) : new double[][] {parseValues(net)};
        List<double[]> outputs = predict(net, content, raw);
        boolean classification = "classification".equals(content.task());
        for (int r = 0; r < outputs.size(); r++) {
            double[] y = outputs.get(r);
            StringBuilder line = new StringBuilder();
            if (outputs.size() > 1) {
                line.append(String.format(Locale.ROOT, "row %d: ", r + 1));
            }
            if (classification) {
                int c = Metrics.predictedClass(y);
                double p = y.length == 1 ? (c == 1 ? y[0] : 1 - y[0]) : y[c];
                line.append(String.format(Locale.ROOT, "class %d (p = %.4f)", c, p));
                if (y.length > 1) {
                    line.append("  probabilities:");
                    for (double v : y) {
                        line.append(String.format(Locale.ROOT, " %.4f", v));
                    }
                }
            } else {
                for (int j = 0; j < y.length; j++) {
                    line.append(j > 0 ? " " : "").append(String.format(Locale.ROOT, "%.6g", y[j]));
                }
            }
            main.out.println(line);
        }
        return 0;
    }

    /** The network's outputs for raw (not yet normalized) rows. */
    static List<double[]> predict(Network net, WeightsFile.Content content, double[][] raw) {
        Normalizer norm = WeightsFile.normalizer(content);
        int cap = Math.max(1, Math.min(raw.length, 1024));
        Net n = Session.compile(net, cap).net();
        WeightsFile.apply(content, n);
        List<double[]> outputs = new ArrayList<>();
        double[][] xb = new double[cap][];
        double[][] out = new double[cap][net.outputSize()];
        for (int from = 0; from < raw.length; from += cap) {
            int rows = Math.min(cap, raw.length - from);
            for (int r = 0; r < rows; r++) {
                xb[r] = norm.apply(raw[from + r]);
            }
            n.predict(xb, rows, out);
            for (int r = 0; r < rows; r++) {
                outputs.add(out[r].clone());
            }
        }
        return outputs;
    }

    private double[][] readCsv(Network net) {
        Table all = Csv.read(input, null);
        if (all.columns() == net.inputSize()) {
            return all.features();
        }
        if (all.columns() == net.inputSize() + 1) {
            return Csv.read(input, net.train().target()).features();
        }
        throw UserError.data(input + ": the rows have " + all.columns() + " columns but model " + net.name()
                + " has " + net.inputSize() + " inputs");
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
