package nnc.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nnc.model.Network;
import nnc.model.TrainConfig;
import nnc.data.Data;
import nnc.train.Initializer;
import nnc.report.JsonReport;
import nnc.report.OutputFile;
import nnc.train.Metrics;
import nnc.report.Plot;
import nnc.report.Report;
import nnc.train.RunResult;
import nnc.train.Trainer;
import nnc.report.WeightsFile;
import nnc.train.Workers;
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
        java.util.Map<String, Double> phases = new java.util.LinkedHashMap<>();
        phases.put("jvm_start", (double) (System.currentTimeMillis()
                - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()));
        long t0 = System.nanoTime();
        Network net = overrides.apply(nnc.api.Model.of(load(), model.toString())).network();
        long t1 = System.nanoTime();
        phases.put("parse_check", (t1 - t0) / 1e6);
        checkOutputs(net);
        WeightsFile.Content start = weights == null ? null : WeightsFile.load(weights, net);
        Data d = start == null ? Data.load(net)
                : Data.load(net, WeightsFile.normalizer(start), WeightsFile.targets(start, net));
        phases.put("data", (System.nanoTime() - t1) / 1e6);
        int batchRows = Trainer.batchSize(net, d.train.rows());
        int threadCount = net.train().threads();
        Session.Loaded loaded = Session.compile(net, batchRows);
        phases.put("generate_compile", loaded.compileMs());
        Initializer.initialize(loaded.net(), net, net.train().seed());
        if (start != null) {
            WeightsFile.apply(start, loaded.net());
        }

        PrintStream report = json ? main.err : main.out;
        Report human = new Report(report);
        if (!json) {
            human.summary(net, model.toString());
            human.data(d, batchRows, threadCount,
                    Workers.splits(threadCount, batchRows, net.parameterCount()));
        }
        Report epochs = quiet ? null : json ? new Report(main.err) : human;
        nnc.report.html.Recording recording = reportFile == null ? null
                : nnc.report.html.Recording.start(loaded.net());
        Trainer.Result training = net.anyTrainable() ? train(net, d, loaded, epochs, recording)
                : new Trainer.Result(List.of(), 0, "every layer is frozen: the model is evaluated without training", 0);
        phases.put("train", training.trainMs());
        long t2 = System.nanoTime();
        Metrics test = Metrics.evaluate(loaded.net(), d.test, d.targets);
        phases.put("evaluate", (System.nanoTime() - t2) / 1e6);
        RunResult result = new RunResult(net, d, training, test, loaded.compileMs(), threadCount, phases);
        if (json) {
            main.out.println(JsonReport.render(result));
        } else {
            human.result(result);
        }
        if (save != null) {
            WeightsFile.save(save, net, loaded.net(), d.normalizer, d.targets);
            report.println("saved weights to " + save);
        }
        if (plot != null) {
            Plot.write(plot, net.name(), training.history(), d.task == Network.Task.CLASSIFICATION);
            report.println("saved plot to " + plot);
        }
        if (reportFile != null) {
            OutputFile.writeString("--report", reportFile, nnc.report.html.HtmlReport.render(result, model.toString(),
                    loaded.net(), net.anyTrainable() ? recording : null,
                    nnc.report.Explain.render(net, model.toString(), d.train.rows())));
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

    private Trainer.Result train(Network net, Data d, Session.Loaded loaded, Report human,
                                 Trainer.GradientProbe probe) {
        try (Workers workers = new Workers(net.train().threads(), net.parameterCount());
             Progress progress = Progress.create(main.out, main.err, jsonOption.json ? main.err : main.out, human,
                     net.train().epochs(), human != null)) {
            return new Trainer(loaded.net(), net, d, progress).probe(probe).train(workers);
        }
    }
}
