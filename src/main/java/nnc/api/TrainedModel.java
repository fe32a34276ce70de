package nnc.api;

import com.palantir.javapoet.JavaFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nnc.codegen.ExportGenerator;
import nnc.data.Data;
import nnc.data.Normalizer;
import nnc.data.Targets;
import nnc.model.Network;
import nnc.report.OnnxFile;
import nnc.report.OutputFile;
import nnc.report.WeightsFile;
import java.util.LinkedHashMap;
import java.util.Map;
import nnc.report.Explain;
import nnc.report.Plot;
import nnc.report.html.HtmlReport;
import nnc.report.html.Recording;
import nnc.train.Metrics;
import nnc.train.Net;
import nnc.train.Predictor;
import nnc.train.RunResult;
import nnc.train.Trainer;
import nnc.train.Workers;

/**
 * A model with weights: trained by {@link Model#train()} (or on arrays), or loaded by {@link Model#withWeights}.
 * It predicts from raw feature rows (normalized as in training), evaluates, saves its weights and exports itself
 * as a standalone Java predictor or an ONNX model. An instance is not safe for use by several threads at once.
 */
public final class TrainedModel {
    private final Model model;
    private final Net net;
    private final Normalizer normalizer;
    private final Targets targets;
    private final double compileMs;
    private final Run run;

    /** What training produced: absent for loaded weights. */
    private record Run(Trainer.Result training, Data data, Metrics test, double evaluateMs, Recording recording) {
    }

    private TrainedModel(Model model, Net net, Normalizer normalizer, Targets targets, double compileMs, Run run) {
        this.model = model;
        this.net = net;
        this.normalizer = normalizer;
        this.targets = targets;
        this.compileMs = compileMs;
        this.run = run;
    }

    static TrainedModel train(Model model, Data d, Trainer.Listener listener) {
        return train(Training.of(model, d, null, 0), listener, false);
    }

    static TrainedModel train(Training prepared, Trainer.Listener listener, boolean record) {
        Model model = prepared.model();
        Network network = model.network();
        Data d = prepared.data();
        Net net = prepared.net();
        Recording recording = record && network.anyTrainable() ? Recording.start(net) : null;
        Trainer.Result training;
        if (network.anyTrainable()) {
            try (Workers workers = new Workers(network.train().threads(), network.parameterCount())) {
                training = new Trainer(net, network, d, listener).probe(recording).train(workers);
            }
        } else {
            training = new Trainer.Result(List.of(), 0, "every layer is frozen: the model is evaluated without "
                    + "training", 0);
        }
        long t = System.nanoTime();
        Metrics test = Metrics.evaluate(net, d.test, d.targets);
        double evaluateMs = (System.nanoTime() - t) / 1e6;
        return new TrainedModel(model, net, d.normalizer, d.targets, prepared.compileMs(),
                new Run(training, d, test, evaluateMs, recording));
    }

    /** The model with saved weights, in the precision they were trained in. */
    static TrainedModel load(Model given, WeightsFile.Content content) {
        Model model = content.trainedIn() == given.network().train().precision() ? given
                : given.withPrecision(content.trainedIn());
        Compiled compiled = Compiled.compile(model.network(), 256);
        WeightsFile.apply(content, compiled.net());
        return new TrainedModel(model, compiled.net(), WeightsFile.normalizer(content),
                WeightsFile.targets(content, model.network()), compiled.compileMs(), null);
    }

    /** The model these weights belong to. */
    public Model model() {
        return model;
    }

    /** Whether the model classifies (else it regresses). */
    public boolean isClassifier() {
        return targets.classification();
    }

    /** The number of classes (at least 2) of a classifier, 2 for independent 0/1 labels; 0 for regression. */
    public int classes() {
        return targets.classes();
    }

    /** How the outputs relate to the targets: task, classes, target names, scaling of regression targets. */
    public Targets targets() {
        return targets;
    }

    /** The input normalization, fitted on the training rows: {@code x' = (x − offset) · scale}. */
    public Normalizer normalizer() {
        return normalizer;
    }

    /** Milliseconds spent generating and compiling the network's class. */
    public double compileMs() {
        return compileMs;
    }

    /** The per-epoch figures of training; empty for loaded weights or a frozen model. */
    public List<Trainer.Epoch> history() {
        return run == null ? List.of() : run.training().history();
    }

    /** Why training stopped before its last epoch (early stop, gd converged), if it did. */
    public Optional<String> stopReason() {
        return run == null ? Optional.empty() : Optional.ofNullable(run.training().stopReason());
    }

    /** What training produced, or null for loaded weights. */
    public Trainer.Result training() {
        return run == null ? null : run.training();
    }

    /** The data it trained on (split and normalized), or null for loaded weights. */
    public Data data() {
        return run == null ? null : run.data();
    }

    /** The figures on the test rows of the model's own data, when it trained on them. */
    public Optional<Evaluation> testEvaluation() {
        return run == null || run.data().test.isEmpty() ? Optional.empty()
                : Optional.of(Evaluation.of(run.test(), run.data().test.rows(), model.network().lossGiven()));
    }

    /**
     * Everything the reports of a training run show (the figures, the history, the timings), for the text,
     * JSON and page reports of {@code nnc.report}; null for loaded weights.
     *
     * @param phases milliseconds per phase of the caller, to which training's own are added (data,
     *               generate_compile, train, evaluate), in that order
     */
    public RunResult result(Map<String, Double> phases, double dataMs) {
        if (run == null) {
            return null;
        }
        Map<String, Double> all = new LinkedHashMap<>(phases);
        all.put("data", dataMs);
        all.put("generate_compile", compileMs);
        all.put("train", run.training().trainMs());
        all.put("evaluate", run.evaluateMs());
        return new RunResult(model.network(), run.data(), run.training(), run.test(), compileMs,
                model.network().train().threads(), all);
    }

    /** Draws the per-epoch curves to a {@code .png} or {@code .svg} file. */
    public void writePlot(Path file) {
        NncException.call(() -> {
            Plot.write(file, model.name(), history(), run != null ? run.data().task == Network.Task.CLASSIFICATION
                    : isClassifier());
            return null;
        });
    }

    /**
     * The self-contained report page of the training run ({@code nnc run --report}): figures, curves, the
     * recorded weights and gradients (when {@link Training#train} recorded them) and the derivation.
     *
     * @param result what {@link #result} gave, with the timings the page shows
     * @param source the name the page gives the model's source
     */
    public String reportPage(RunResult result, String source) {
        return NncException.call(() -> HtmlReport.render(result, source, net, run.recording(),
                Explain.render(model.network(), source, run.data().train.rows())));
    }

    /** The trained net itself (weights in the model's layout), for tools built on nnc's lower layers. */
    public Net net() {
        return net;
    }

    /**
     * The network's outputs for raw feature rows: class probabilities for a softmax classifier, P(class 1) for a
     * single sigmoid output (or each independent label), the predicted values for regression (in the targets'
     * own units), as {@code nnc predict} computes them.
     *
     * @param x raw rows of {@code inputSize()} finite values each
     * @return one row of {@code outputSize()} values per input row
     * @throws NncException when a row has the wrong length or a value that is not finite (exit status 2)
     */
    public double[][] predict(double[][] x) {
        Checks.checkRows(model, x, -1);
        return Predictor.predict(net, normalizer, targets, x);
    }

    /** The network's outputs for one raw feature row. See {@link #predict(double[][])}. */
    public double[] predict(double[] x) {
        return predict(new double[][] {x})[0];
    }

    /**
     * The predicted class of each raw row: the largest output, or output &gt; 0.5 for a single unit.
     *
     * @throws NncException for a regression model (exit status 2), or as {@link #predict(double[][])} does
     */
    public int[] predictClasses(double[][] x) {
        if (!isClassifier()) {
            throw Model.usage("model " + model.name() + " is a regression model: it predicts values, not classes");
        }
        if (targets.multiLabel()) {
            throw Model.usage("model " + model.name() + " predicts independent labels: read them from predict()");
        }
        double[][] y = predict(x);
        int[] c = new int[y.length];
        for (int r = 0; r < y.length; r++) {
            c[r] = Metrics.predictedClass(y[r]);
        }
        return c;
    }

    /** Loss, MSE, MAE and R² of a one-output regression model on raw rows and their target values. */
    public Evaluation evaluate(double[][] x, double[] y) {
        return evaluate(x, Checks.columns(y), Network.Task.REGRESSION);
    }

    /** Loss, MSE, MAE and R² of a regression model on raw rows and their target values (one column per output). */
    public Evaluation evaluate(double[][] x, double[][] y) {
        return evaluate(x, y, Network.Task.REGRESSION);
    }

    /** Loss, accuracy and confusion matrix of a classifier on raw rows and their labels (0..K−1). */
    public Evaluation evaluate(double[][] x, int[] labels) {
        return evaluate(x, Checks.columns(Checks.toDoubles(labels)), Network.Task.CLASSIFICATION);
    }

    private Evaluation evaluate(double[][] x, double[][] y, Network.Task asked) {
        Checks.checkRows(model, x, y.length);
        if (asked != targets.task()) {
            throw Model.usage("model " + model.name() + " is a " + targets.task().name().toLowerCase(
                    java.util.Locale.ROOT) + " model: evaluate it with " + (isClassifier() ? "int labels"
                    : "double targets"));
        }
        return NncException.call(() -> {
            Data.Part part = Data.fromArrays("the rows to evaluate", model.network(), targets, normalizer, x, y);
            return Evaluation.of(Metrics.evaluate(net, part, targets), x.length, model.network().lossGiven());
        });
    }

    /** Saves the weights and the normalization as JSON, in the format of {@code nnc run --save}. */
    public void saveWeights(Path file) {
        NncException.call(() -> {
            WeightsFile.save(file, model.network(), net, normalizer, targets);
            return null;
        });
    }

    /**
     * The Java source of a standalone predictor holding these weights, as {@code nnc export} writes it: it
     * depends on the JDK alone.
     *
     * @param packageName the class's package, or {@code ""} for none
     */
    public String exportJava(String packageName) {
        return javaFile(Checks.checkPackage(packageName)).toString();
    }

    /** Writes {@link #exportJava(String)} to {@code dir/package/Name.java}; returns the file written. */
    public Path exportJava(Path dir, String packageName) {
        return Checks.write(javaFile(Checks.checkPackage(packageName)), dir);
    }

    private JavaFile javaFile(String packageName) {
        Normalizer t = targets.scaler();
        boolean scaled = !isClassifier() && !"none".equals(t.kind());
        return ExportGenerator.generate(model.network(), new ExportGenerator.Trained(weights(), biases(),
                normalizer.offset(), normalizer.scale(), isClassifier(), scaled ? t.offset() : null,
                scaled ? t.scale() : null), packageName);
    }

    private List<double[][]> weights() {
        List<double[][]> w = new ArrayList<>();
        for (int l = 0; l < net.layerCount(); l++) {
            w.add(net.weights(l));
        }
        return w;
    }

    private List<double[]> biases() {
        List<double[]> b = new ArrayList<>();
        for (int l = 0; l < net.layerCount(); l++) {
            b.add(net.bias(l));
        }
        return b;
    }

    /**
     * The network as an ONNX model (opset {@value OnnxFile#OPSET}, float64): input {@code input} {@code [N,
     * inputs]} of raw features (the normalization is part of the graph), output {@code output} {@code [N, units]}
     * as {@link #predict(double[][])} gives it (regression targets scaled back to their units), and for a
     * single-label classifier {@code label}, the class of each row (int64).
     * The metadata holds the model name, task, classes and normalization. Every activation has an ONNX form.
     */
    public byte[] onnx() {
        String version = TrainedModel.class.getPackage().getImplementationVersion();
        return NncException.call(() -> OnnxFile.build(model.network(), weights(), biases(), normalizer,
                targets, version == null ? "development build" : version));
    }

    /** Writes {@link #onnx()} to {@code file}, whole or not at all. */
    public void exportOnnx(Path file) {
        byte[] bytes = onnx();
        NncException.call(() -> {
            OutputFile.write("onnx", file, out -> out.write(bytes));
            return null;
        });
    }
}
