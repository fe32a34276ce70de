package nnc.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nnc.check.Frontend;
import nnc.codegen.Generator;
import nnc.data.Data;
import nnc.model.Layer;
import nnc.model.InputFile;
import nnc.model.Network;
import nnc.model.TrainConfig;
import nnc.model.UserError;
import nnc.report.WeightsFile;
import nnc.syntax.Reporter;
import nnc.syntax.SourceFile;
import nnc.train.Net;
import nnc.train.Trainer;

/**
 * A checked {@code .nn} model: the network and its train block, ready to train, to load weights into, or to
 * compile to Java. Instances are immutable; the {@code with...} methods return changed copies, as the command
 * line's {@code --epochs}, {@code --batch}, {@code --seed}, {@code --threads} and {@code --data} options do.
 *
 * <pre>{@code
 * Model model = Model.load(Path.of("models/iris.nn"));
 * TrainedModel trained = model.train();
 * double[][] probabilities = trained.predict(new double[][] {{5.1, 3.5, 1.4, 0.2}});
 * }</pre>
 */
public final class Model {
    /** Larger source files are refused before parsing. */
    public static final long MAX_SOURCE_BYTES = 16L << 20;

    private final Network network;
    private final String displayName;

    private Model(Network network, String displayName) {
        this.network = network;
        this.displayName = displayName;
    }

    /**
     * Reads and checks a {@code .nn} file. Relative data paths in it resolve against the file's folder.
     *
     * @throws NncException with the file's diagnostics (exit status 1), or when the file cannot be read (2)
     */
    public static Model load(Path file) {
        try {
            // a folder, a device or a pipe is refused before a byte is read: /dev/zero or a FIFO would not end
            InputFile.check(file, MAX_SOURCE_BYTES, (MAX_SOURCE_BYTES >> 20) + " MiB in a .nn file", UserError.USAGE);
        } catch (UserError e) {
            throw usage(e.getMessage());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw usage(file + ": cannot be read (" + e.getMessage() + ")");
        }
        Reporter reporter = new Reporter();
        SourceFile source = SourceFile.decode(file.toString(), file.toAbsolutePath(), bytes, reporter);
        return check(Frontend.compile(source, reporter), file.toString());
    }

    /**
     * Checks model text. Relative data paths in it resolve against the working directory.
     *
     * @param displayName the name diagnostics give the text, such as {@code "iris.nn"}
     * @param text        the {@code .nn} source
     * @throws NncException with the diagnostics (exit status 1)
     */
    public static Model parse(String displayName, String text) {
        return check(Frontend.compile(displayName, text), displayName);
    }

    /** Checks model text, named {@code model.nn} in diagnostics. See {@link #parse(String, String)}. */
    public static Model parse(String text) {
        return parse("model.nn", text);
    }

    private static Model check(Frontend.Result result, String displayName) {
        if (!result.ok()) {
            List<NncException.Diagnostic> list = new ArrayList<>();
            for (nnc.syntax.Diagnostic d : result.reporter().diagnostics()) {
                list.add(new NncException.Diagnostic(displayName, d.pos().line(), d.pos().column(), d.message()));
            }
            throw new NncException(UserError.SOURCE, result.reporter().render(result.source()), list, null);
        }
        return new Model(result.network(), displayName);
    }

    /**
     * A model from a network already checked by nnc's lower layers (for tools built on them, such as the command
     * line after applying its overrides).
     */
    public static Model of(Network network, String displayName) {
        return new Model(network, displayName);
    }

    static NncException usage(String message) {
        return NncException.of(UserError.usage(message));
    }

    /** The model's name: its {@code model Name} and the generated class's name. */
    public String name() {
        return network.name();
    }

    /** The number of input features. */
    public int inputSize() {
        return network.inputSize();
    }

    /** The number of output units. */
    public int outputSize() {
        return network.outputSize();
    }

    /** The number of weights and biases. */
    public long parameterCount() {
        return network.parameterCount();
    }

    /** One line as {@code nnc check} prints it after the file name, e.g. {@code model Iris, 4 → 16 tanh → 3 softmax, 99 parameters}. */
    public String summary() {
        StringBuilder arch = new StringBuilder(String.valueOf(network.inputSize()));
        for (Layer l : network.layers()) {
            arch.append(" → ").append(l.units()).append(' ').append(l.activation().canonicalName());
        }
        return String.format("model %s, %s, %,d parameters", network.name(), arch, network.parameterCount());
    }

    /** The name diagnostics and reports give the model's source (its path, or the display name of its text). */
    public String displayName() {
        return displayName;
    }

    /** The checked network, for tools built on nnc's lower layers. */
    public Network network() {
        return network;
    }

    /** A copy that trains for {@code epochs} epochs. */
    public Model withEpochs(int epochs) {
        return with(positive("epochs", epochs).withEpochs(epochs));
    }

    /** A copy that trains on mini-batches of {@code rows} rows. */
    public Model withBatch(int rows) {
        return with(positive("batch", rows).withBatch(rows));
    }

    /** A copy with another seed for the splits, initial weights, shuffles and dropout masks. */
    public Model withSeed(long seed) {
        return with(network.train().withSeed(seed));
    }

    /** A copy that splits each mini-batch over {@code threads} threads (the figures stay the same). */
    public Model withThreads(int threads) {
        if (threads > 256) {
            throw usage("threads must be at most 256, not " + threads);
        }
        return with(positive("threads", threads).withThreads(threads));
    }

    /**
     * A copy whose generated class computes in {@code precision}: float64 (the default) agrees bit for bit with
     * the reference implementation, float32 within float rounding.
     */
    public Model withPrecision(nnc.model.Precision precision) {
        return with(network.train().withPrecision(precision));
    }

    /** A copy that trains on this CSV file instead of the data its train block names. */
    public Model withData(Path csv) {
        return with(network.train().withData(new TrainConfig.DataSource(null, csv.toAbsolutePath().normalize())));
    }

    private TrainConfig positive(String what, int value) {
        if (value < 1) {
            throw usage(what + " must be at least 1, not " + value);
        }
        return network.train();
    }

    private Model with(TrainConfig train) {
        return new Model(network.withTrain(train), displayName);
    }

    /**
     * Trains on the data the train block names (split into training, validation and test rows as it says), from
     * the starting weights its seed draws. Same model, data and seed: the same weights, bit for bit.
     *
     * @throws NncException for data errors (exit status 3) or when training diverges (4)
     */
    public TrainedModel train() {
        return train(new Trainer.Listener() { });
    }

    /** {@link #train()}, telling {@code listener} of every batch and epoch (for a progress display). */
    public TrainedModel train(Trainer.Listener listener) {
        return NncException.call(() -> TrainedModel.train(this, Data.load(network), listener));
    }

    /**
     * Loads the data the train block names (with the normalization and target scaling of {@code start}, when
     * given), generates and compiles the class and sets the starting weights: the seed's, or {@code start}'s.
     * {@link Training#train} then runs the epochs; {@code prepare(null).train(listener, false)} is {@link #train()}.
     *
     * @param start weights read by {@link WeightsFile#load} to start from, or null
     * @throws NncException for data errors (exit status 3)
     */
    public Training prepare(WeightsFile.Content start) {
        return NncException.call(() -> {
            long t = System.nanoTime();
            Data d = start == null ? Data.load(network)
                    : Data.load(network, WeightsFile.normalizer(start), WeightsFile.targets(start, network));
            return Training.of(this, d, start, (System.nanoTime() - t) / 1e6);
        });
    }

    /**
     * The figures of saved weights on every row of a labelled CSV file, or on the test rows of the model's own
     * data when {@code csv} is null, evaluated as {@code nnc run} evaluates them (the same sums, the same bits).
     *
     * @throws NncException for data errors (exit status 3)
     */
    public Scores evaluate(WeightsFile.Content weights, Path csv) {
        return NncException.call(() -> {
            nnc.data.Normalizer norm = WeightsFile.normalizer(weights);
            nnc.data.Targets targets = WeightsFile.targets(weights, network);
            Data.Part part;
            int capacity;
            if (csv != null) {
                part = Data.labelled(csv, network, targets, norm);
                capacity = Trainer.batchSize(network, part.rows());
            } else {
                Data d = Data.load(network, norm, targets);
                part = d.test;
                capacity = Trainer.batchSize(network, d.train.rows());
            }
            Net n = Compiled.compile(network, capacity).net();
            WeightsFile.apply(weights, n);
            return new Scores(nnc.train.Metrics.evaluate(n, part, targets), targets, part.rows());
        });
    }

    /**
     * The network's class as {@code nnc compile} writes it: standalone (the JDK alone), plain loops, each method
     * naming its {@code .nn} line; with {@code readable}, one plain loop per formula, for reading.
     *
     * @param source the {@code .nn} file's name for the comments, or null for line numbers alone
     */
    public com.palantir.javapoet.JavaFile source(String packageName, boolean readable, String source) {
        Generator.Options options = new Generator.Options(packageName, false, 0, source);
        return readable ? nnc.codegen.ReadableGenerator.generate(network, options) : Generator.generate(network,
                options);
    }

    /**
     * Checks the generated class's gradients against central differences of its loss, on {@code samples} rows of
     * the model's training data (seeded random rows when it names none), at the weights its seed draws, for at most
     * {@code maxEntries} entries per layer. A float32 model's gradients are compared with differences taken by its
     * float64 class at the same weights.
     *
     * @throws NncException for data errors, or when the data has fewer than {@code samples} rows
     */
    public GradientCheck gradientCheck(int samples, int maxEntries) {
        return NncException.call(() -> {
            double[][] x = new double[samples][];
            double[][] t = new double[samples][];
            String from = checkBatch(x, t);
            Net net = Compiled.compile(network, samples).net();
            nnc.train.Initializer.initialize(net, network, network.train().seed());
            Net differences = network.train().precision() == nnc.model.Precision.FLOAT32
                    ? Compiled.compile(network.withTrain(network.train().withPrecision(
                            nnc.model.Precision.FLOAT64)), samples).net() : net;
            return new GradientCheck(from, nnc.train.GradCheck.run(net, differences, network, x, t, samples,
                    maxEntries, network.train().seed()));
        });
    }

    /** Fills the batch from the model's data, or with seeded random rows when it names none; says which. */
    private String checkBatch(double[][] x, double[][] t) {
        int samples = x.length;
        if (network.train().data() != null) {
            Data d = Data.load(network);
            if (d.train.rows() < samples) {
                throw UserError.usage("a gradient check of " + samples + " samples needs as many training rows; the "
                        + "training data has only " + d.train.rows());
            }
            for (int r = 0; r < samples; r++) {
                x[r] = d.train.x()[r];
                t[r] = d.train.t()[r];
            }
            return "from " + network.train().data().describe();
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(network.train().seed());
        boolean classes = network.task(false) == Network.Task.CLASSIFICATION;
        int k = network.outputSize();
        for (int r = 0; r < samples; r++) {
            x[r] = new double[network.inputSize()];
            for (int i = 0; i < x[r].length; i++) {
                x[r][i] = random.nextGaussian();
            }
            t[r] = new double[k];
            if (classes) {
                t[r][k == 1 ? 0 : random.nextInt(k)] = k == 1 ? random.nextInt(2) : 1;
            } else {
                for (int j = 0; j < k; j++) {
                    t[r][j] = random.nextGaussian();
                }
            }
        }
        return "random inputs";
    }

    /**
     * The outputs of saved weights for raw feature rows (normalized as when they were trained), in the targets'
     * units: class probabilities, or regression values scaled back. The class is generated and compiled for at
     * most 1024 rows at a time.
     *
     * @param raw rows of {@code inputSize()} raw feature values
     */
    public double[][] predict(WeightsFile.Content weights, double[][] raw) {
        return NncException.call(() -> {
            Net n = Compiled.compile(network, Math.max(1, Math.min(raw.length, 1024))).net();
            WeightsFile.apply(weights, n);
            return nnc.train.Predictor.predict(n, WeightsFile.normalizer(weights), WeightsFile.targets(weights,
                    network), raw);
        });
    }

    /**
     * The standalone predictor of saved weights, as {@code nnc export} writes it (no class is compiled); the
     * package is taken as given.
     */
    public com.palantir.javapoet.JavaFile predictorSource(WeightsFile.Content weights, String packageName) {
        List<double[][]> w = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (WeightsFile.LayerWeights l : weights.layers()) {
            w.add(l.weights());
            b.add(l.bias());
        }
        WeightsFile.Norm t = weights.targetNormalization();
        return nnc.codegen.ExportGenerator.generate(network, new nnc.codegen.ExportGenerator.Trained(w, b,
                weights.normalization().offset(), weights.normalization().scale(),
                "classification".equals(weights.task()), t == null ? null : t.offset(), t == null ? null : t.scale()),
                packageName);
    }

    /**
     * Trains a one-output regression model on arrays: every row trains (less the train block's validation
     * fraction). Inputs are normalized (and targets scaled) as the train block says, with statistics of these rows.
     *
     * @param x raw feature rows, {@code inputSize()} values each
     * @param y one target value per row
     */
    public TrainedModel train(double[][] x, double[] y) {
        return train(x, Checks.columns(y));
    }

    /** Trains a regression model on arrays, one target column per output. See {@link #train(double[][], double[])}. */
    public TrainedModel train(double[][] x, double[][] y) {
        Checks.checkRows(this, x, y.length);
        return NncException.call(() -> TrainedModel.train(this,
                Data.fromArrays(network, Network.Task.REGRESSION, x, y), new Trainer.Listener() { }));
    }

    /**
     * Trains a classifier on arrays: labels are class numbers 0..K−1 (0 or 1 for a single sigmoid output).
     * See {@link #train(double[][], double[])}.
     */
    public TrainedModel train(double[][] x, int[] labels) {
        Checks.checkRows(this, x, labels.length);
        return NncException.call(() -> TrainedModel.train(this,
                Data.fromArrays(network, Network.Task.CLASSIFICATION, x, Checks.columns(Checks.toDoubles(labels))),
                new Trainer.Listener() { }));
    }

    /**
     * The model with the weights of a file that {@code nnc run --save} or {@link TrainedModel#saveWeights} wrote.
     *
     * @throws NncException when the file cannot be read or does not fit this model (exit status 3)
     */
    public TrainedModel withWeights(Path weightsFile) {
        return NncException.call(() -> TrainedModel.load(this, WeightsFile.load(weightsFile, network)));
    }

    /**
     * The Java source of the model's training class, as {@code nnc compile} writes it: it depends on the JDK
     * alone and starts with the weights written in the model (zeros elsewhere).
     *
     * @param packageName the class's package, or {@code ""} for none
     */
    public String javaSource(String packageName) {
        return Generator.generate(network, new Generator.Options(Checks.checkPackage(packageName), false)).toString();
    }

    /** Writes {@link #javaSource} to {@code dir/package/Name.java}; returns the file written. */
    public Path writeJava(Path dir, String packageName) {
        return Checks.write(Generator.generate(network, new Generator.Options(Checks.checkPackage(packageName),
                false)), dir);
    }

    /** The model with weights already read and checked by {@link WeightsFile#load}. */
    public TrainedModel withWeights(WeightsFile.Content weights) {
        return NncException.call(() -> TrainedModel.load(this, weights));
    }

    /**
     * A new, in-memory compiled instance of the model's training class, with room for batches of
     * {@code capacity} rows and every weight zero: the lowest layer nnc's training runs on.
     */
    public Net newNet(int capacity) {
        return NncException.call(() -> Compiled.compile(network, capacity).net());
    }

    @Override
    public String toString() {
        return displayName + ": " + summary();
    }
}
