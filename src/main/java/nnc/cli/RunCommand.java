package nnc.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.api.Model;
import nnc.api.TrainedModel;
import nnc.api.Training;
import nnc.model.Network;
import nnc.model.TrainConfig;
import nnc.report.JsonReport;
import nnc.report.OutputFile;
import nnc.report.Plot;
import nnc.report.Report;
import nnc.report.WeightsFile;
import nnc.train.RunResult;
import nnc.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Compile in memory, train on the model's data and report test figures.")
final class RunCommand extends ModelCommand {
    @Mixin
    TrainOverrides overrides;

    @Option(names = "--save", paramLabel = "FILE", description = "save the trained weights (JSON)")
    Path save;

    @Option(names = "--plot", paramLabel = "FILE", description = "draw per-epoch curves (.png or .svg)")
    Path plot;

    @Option(names = "--report", paramLabel = "FILE", description = "write the training report page (.html)")
    Path reportFile;

    @Mixin
    JsonOption jsonOption;

    @Option(names = "--weights", paramLabel = "FILE", description = "start from weights saved by 'nnc run --save' "
            + "(and their normalization) instead of the initializer")
    Path weights;

    @Option(names = "--quiet", description = "print the summary and the final figures only")
    boolean quiet;

    @Override
    public Integer call() {
        overrides.check();
        boolean json = jsonOption.json;
        Map<String, Double> phases = new LinkedHashMap<>();
        phases.put("jvm_start", (double) (System.currentTimeMillis()
                - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()));
        long t0 = System.nanoTime();
        Model m = overrides.apply(Model.of(load(), model.toString()));
        Network net = m.network();
        phases.put("parse_check", (System.nanoTime() - t0) / 1e6);
        checkOutputs(net);
        WeightsFile.Content start = weights == null ? null : WeightsFile.load(weights, net);
        Training training = Session.call(() -> m.prepare(start), main.err);

        PrintStream report = json ? main.err : main.out;
        Report human = new Report(report);
        if (!json) {
            human.summary(net, model.toString());
            human.data(training.data(), training.batchRows(), net.train().threads(), training.splitsBatches());
        }
        Report epochs = quiet ? null : json ? new Report(main.err) : human;
        TrainedModel trained = net.anyTrainable() ? train(net, training, epochs)
                : Session.call(() -> training.train(new Trainer.Listener() { }, false), main.err);
        RunResult result = trained.result(phases, training.dataMs());
        if (json) {
            main.out.println(JsonReport.render(result));
        } else {
            human.result(result);
        }
        if (save != null) {
            Session.call(() -> {
                trained.saveWeights(save);
                return null;
            }, main.err);
            report.println("saved weights to " + save);
        }
        if (plot != null) {
            Session.call(() -> {
                trained.writePlot(plot);
                return null;
            }, main.err);
            report.println("saved plot to " + plot);
        }
        if (reportFile != null) {
            OutputFile.writeString("--report", reportFile, Session.call(() -> trained.reportPage(result,
                    model.toString()), main.err));
            report.println("saved report to " + reportFile);
        }
        return 0;
    }

    /** Every file this run reads: an output path naming one of them is refused. */
    List<Path> inputs(Network net) {
        List<Path> in = new ArrayList<>();
        in.add(model.file);
        TrainConfig t = net.train();
        if (t.data() != null && t.data().file() != null) {
            in.add(t.data().file());
        }
        if (t.test() != null && t.test().file() != null) {
            in.add(t.test().file());
        }
        if (weights != null) {
            in.add(weights);
        }
        return in;
    }

    /** Refuses an output path that cannot be written, before the data is read and the network trained. */
    private void checkOutputs(Network net) {
        List<Path> in = inputs(net);
        if (save != null) {
            OutputFile.check("--save", save, in);
        }
        if (plot != null) {
            OutputFile.check("--plot", plot, in, Plot.EXTENSIONS);
        }
        if (reportFile != null) {
            OutputFile.check("--report", reportFile, in, ".html", ".htm");
        }
    }

    private TrainedModel train(Network net, Training training, Report human) {
        try (Progress progress = Progress.create(main.out, main.err, jsonOption.json ? main.err : main.out, human,
                net.train().epochs(), human != null)) {
            return Session.call(() -> training.train(progress, reportFile != null), main.err);
        }
    }
}
