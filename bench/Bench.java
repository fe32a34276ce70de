import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import nnc.check.Frontend;
import nnc.codegen.ClassCompiler;
import nnc.codegen.Generator;
import nnc.model.Network;
import nnc.data.Data;
import nnc.train.Initializer;
import nnc.train.Metrics;
import nnc.train.Net;
import nnc.reference.ReferenceNet;
import nnc.train.Trainer;
import nnc.train.Workers;

/**
 * The nnc benchmark: trains configs A-D (bench/*.nn) with the generated class and with the plain reference
 * implementation, from the same initial weights and the same batch order, and prints per-epoch times side by
 * side. Run it with bench/run (see README).
 *
 * Usage: Bench [--skip-reference] [--threads N] [CONFIG...]   or   Bench --cold [CONFIG...]
 *
 * <p>{@code --cold} prints the cold table instead: per config, one fresh {@code ./nnc run} process (first epoch,
 * whole training, warm-up, the process's phases) beside, in the same run, PyTorch's whole training from the same
 * initial weights and batches ({@code bench/torch_train.py}, when {@code python3 -c "import torch"} works), the
 * hand-written naive Java MLP's (the peers' {@code naive-java}, in {@code $NNC_PEERS}, default
 * {@code ../shared/peers}) and the reference implementation's, each in a fresh process; then the wall time of
 * {@code ./nnc run models/digits.nn} against the same model as a PyTorch script ({@code bench/digits_torch.py}).
 */
public final class Bench {
    record Outcome(double medianMs, double samplesPerS, double finalLoss, double testAccuracy) {
    }

    /** Where bench/run compiles the benchmark's classes. */
    static final String CLASSES = "target/bench-classes";

    static String classPath() {
        return "target/nnc.jar" + java.io.File.pathSeparator + CLASSES;
    }

    /** Steady-state goals against PyTorch in the same precision (its time / nnc's), per config. */
    static final java.util.Map<String, Double> GOAL_F64 = java.util.Map.of("D", 1.2);
    static final java.util.Map<String, Double> GOAL_F32 = java.util.Map.of("A", 3.0, "B", 3.0, "C", 3.0, "D", 1.2);

    public static void main(String[] args) throws Exception {
        boolean reference = true;
        int threads = 2;
        List<String> precisions = List.of("float64");
        boolean header = true;
        double[] peak = {Double.NaN, Double.NaN};
        List<String> configs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--skip-reference" -> reference = false;
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--precision" -> precisions = List.of(args[++i]);
                case "--no-header" -> header = false;
                case "--peak" -> {
                    peak[0] = Double.parseDouble(args[++i]);
                    peak[1] = Double.parseDouble(args[++i]);
                }
                case "--cold" -> {
                    Cold.table(Arrays.asList(args).subList(i + 1, args.length));
                    return;
                }
                case "--reference-once" -> {
                    referenceOnce(args[++i]);
                    return;
                }
                default -> configs.add(args[i]);
            }
        }
        if (configs.isEmpty()) {
            configs = List.of("A", "B", "C", "D");
        }
        String torchNote = header ? Cold.torchNote() : null;
        boolean torch = Cold.haveTorch();
        String head = "%-5s %-7s %-14s %7s %9s %7s %6s %9s %13s %9s %7s %10s %7s  %s%n";
        if (header) {
            System.out.printf(Locale.ROOT, "Steady: median ms per epoch from the third epoch on, of the second of two"
                    + " trainings, 1 thread unless said; %s, %d cores, java %s, load average %s%n", Cold.cpuModel(),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    Cold.loadAverage());
            if (torchNote != null) {
                System.out.println(torchNote);
            }
            System.out.printf(Locale.ROOT, head, "cfg", "prec", "net", "GFLOP", "nnc ms", "GFLOP/s", "peak",
                    "torch ms", "torch/nnc", "ref ms", "ref/nnc", "loss", "acc", "agreement with the reference");
        }
        warmUp();
        List<String> rows = new ArrayList<>();
        for (String c : configs) {
            Network net = load(Path.of("bench", c + ".nn"));
            Data data = Data.load(net);
            double gflop = flopsPerEpoch(net, data.train.rows()) / 1e9;
            Path dir = torch ? Cold.export(c) : null;
            Outcome ref = null;
            for (String precision : precisions) {
                boolean f64 = precision.equals("float64");
                Outcome gen = steady(net, data, precision, 1);
                if (reference && ref == null) {   // after the generated class's first run, as a user's run has it
                    ref = referenceOutcome(c, net, data);
                }
                double torchMs = torch ? torchMedianMs(dir, precision) : Double.NaN;
                Double goal = (f64 ? GOAL_F64 : GOAL_F32).get(c);
                rows.add(String.format(Locale.ROOT, head, c, precision, arch(net), fixed(gflop, 2),
                        fixed(gen.medianMs(), 2), fixed(gflop / gen.medianMs() * 1000, 1),
                        Double.isNaN(peak[f64 ? 0 : 1]) ? "-" : String.format(Locale.ROOT, "%.0f%%",
                                100 * gflop / gen.medianMs() * 1000 / peak[f64 ? 0 : 1]),
                        fixed(torchMs, 2), goal(torchMs / gen.medianMs(), goal), ref == null ? "-"
                                : fixed(ref.medianMs(), 1), ref == null ? "-" : String.format(Locale.ROOT, "%.1fx",
                                ref.medianMs() / gen.medianMs()), fixed(gen.finalLoss(), 6),
                        fixed(gen.testAccuracy(), 4), agreement(gen, ref, f64)));
                System.out.print(rows.get(rows.size() - 1));
                if (threads > 1) {
                    Outcome par = steady(net, data, precision, threads);
                    rows.add(String.format(Locale.ROOT, head, c + "/" + threads + "t", precision, arch(net),
                            fixed(gflop, 2), fixed(par.medianMs(), 2), fixed(gflop / par.medianMs() * 1000, 1),
                            "-", "-", String.format(Locale.ROOT, "%.2fx vs 1t", gen.medianMs() / par.medianMs()),
                            "-", "-", fixed(par.finalLoss(), 6), fixed(par.testAccuracy(), 4),
                            String.format(Locale.ROOT, "loss %.1e vs 1 thread", Math.abs(par.finalLoss()
                                    - gen.finalLoss()) / Math.abs(gen.finalLoss()))));
                    System.out.print(rows.get(rows.size() - 1));
                }
            }
        }
    }

    static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static String goal(double ratio, Double goal) {
        return Double.isNaN(ratio) ? "-" : goal == null ? String.format(Locale.ROOT, "%.2fx", ratio)
                : String.format(Locale.ROOT, "%.2fx/%.1f %s", ratio, goal, ratio >= goal ? "met" : "no");
    }

    /** Where a run of the reference is kept for the next table of the same benchmark (bench/run clears it). */
    static final Path REFERENCE_RUNS = Path.of(CLASSES, "reference-runs");

    /**
     * The reference implementation's run of a config: trained here, or read back when this benchmark's other
     * precision table has already trained it (the reference runs in double either way; a run of D takes ~50 s).
     */
    static Outcome referenceOutcome(String config, Network net, Data data) throws IOException {
        Path kept = REFERENCE_RUNS.resolve(config);
        if (Files.exists(kept)) {
            String[] f = Files.readString(kept).trim().split(" ");
            return new Outcome(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]));
        }
        Outcome ref = train(net, data, new ReferenceNet(net, Trainer.batchSize(net, data.train.rows())), 1);
        Files.createDirectories(REFERENCE_RUNS);
        Files.writeString(kept, String.format(Locale.ROOT, "%.17g %.17g %.17g %.17g%n", ref.medianMs(),
                ref.samplesPerS(), ref.finalLoss(), ref.testAccuracy()));
        return ref;
    }

    static String agreement(Outcome gen, Outcome ref, boolean float64) {
        if (ref == null) {
            return "-";
        }
        double loss = Math.abs(gen.finalLoss() - ref.finalLoss()) / Math.abs(ref.finalLoss());
        double points = 100 * Math.abs(gen.testAccuracy() - ref.testAccuracy());
        return float64 ? String.format(Locale.ROOT, "loss %.1e, acc %s", loss, points == 0 ? "equal" : "DIFFERENT")
                : String.format(Locale.ROOT, "loss %.1e, acc %.2f pt apart", loss, points);
    }

    /**
     * Floating-point operations of one training epoch: per row, every layer's forward product and weight gradient,
     * and the delta product of every layer but the first (the input needs none), each in × out multiply-adds.
     */
    static double flopsPerEpoch(Network net, int rows) {
        double macs = 0;
        int in = net.inputSize();
        for (int l = 0; l < net.layers().size(); l++) {
            int out = net.layers().get(l).units();
            macs += (double) in * out * (l == 0 ? 2 : 3);
            in = out;
        }
        return 2 * macs * rows;
    }

    /** PyTorch's median epoch (third on) for the config written to {@code dir}, in {@code precision}. */
    static double torchMedianMs(Path dir, String precision) throws Exception {
        Cold.Ran t = Cold.run(List.of(Cold.python, "bench/torch_train.py", dir.toString(), precision), true);
        if (t.exit() != 0) {
            return Double.NaN;
        }
        var ms = t.json().getAsJsonArray("epoch_ms");
        double[] later = new double[ms.size() - 2];
        for (int i = 2; i < ms.size(); i++) {
            later[i - 2] = ms.get(i).getAsDouble();
        }
        return median(later);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * Trains a small network of its own for a few epochs first, so that the JIT has compiled the code every config
     * shares (training loop, data, the in-memory compiler, the Vector API's classes) before config A's epochs are
     * timed; each config still compiles and warms up its own class.
     */
    static void warmUp() throws Exception {
        String text = "model WarmUp {\n input 64\n dense 24 relu\n dense 10 softmax\n loss cross_entropy\n"
                + " optimizer sgd(lr = 0.05, momentum = 0.9)\n"
                + " train { data = digits; normalize = 0.0625; epochs = 8; batch = 32 }\n}\n";
        Network net = check(Path.of("warm-up.nn"), text);
        Data data = Data.load(net);
        train(net, data, generated(net, data, "float64"), 1);
    }

    /** Trains a config once with the reference implementation and prints its whole training time (for --cold). */
    static void referenceOnce(String config) throws Exception {
        Network net = load(Path.of("bench", config + ".nn"));
        Data data = Data.load(net);
        ReferenceNet ref = new ReferenceNet(net, Trainer.batchSize(net, data.train.rows()));
        Initializer.initialize(ref, net, net.train().seed());
        Trainer.Result r;
        try (Workers workers = new Workers(1, net.parameterCount())) {
            r = new Trainer(ref, net.withTrain(net.train().withThreads(1)), data, new Trainer.Listener() { })
                    .train(workers);
        }
        System.out.printf(Locale.ROOT, "{\"train_ms\": %.1f, \"first_ms\": %.1f, \"loss\": %.17g}%n", r.trainMs(),
                r.history().get(0).ms(), r.history().get(r.history().size() - 1).loss());
    }

    static Network load(Path file) throws IOException {
        return check(file, Files.readString(file));
    }

    static Network check(Path file, String text) {
        Frontend.Result r = Frontend.compile(new nnc.syntax.SourceFile(file.toString(), file.toAbsolutePath(), text),
                new nnc.syntax.Reporter());
        if (!r.ok()) {
            throw new IllegalStateException(r.reporter().render(r.source()));
        }
        return r.network();
    }

    static String arch(Network net) {
        StringBuilder s = new StringBuilder(String.valueOf(net.inputSize()));
        net.layers().forEach(l -> s.append('-').append(l.units()));
        return s.toString();
    }

    static Net generated(Network net, Data data, String precision) throws Exception {
        return instance(generatedClass(net, precision), net, data);
    }

    /** A new instance of a generated class, for the config's batches. */
    static Net instance(Class<?> c, Network net, Data data) throws Exception {
        return (Net) c.getConstructor(int.class).newInstance(Trainer.batchSize(net, data.train.rows()));
    }

    static Class<?> generatedClass(Network net, String precision) throws Exception {
        net = net.withTrain(net.train().withPrecision(nnc.model.Precision.of(precision)));
        return ClassCompiler.compile(Generator.generate(net, new Generator.Options("", true,
                nnc.codegen.VectorLanes.of(net.train().precision()))), Net.class.getClassLoader());
    }

    /**
     * Trains a config and returns its steady figures. The generated class is trained twice, each time a new
     * instance (fresh optimizer state) from the same initial weights, and the second run is measured: the first
     * one gives the JIT every method of the class to compile (tiered compilation takes 10–20 epochs to reach C2's
     * code, which is what the cold table measures).
     */
    static Outcome steady(Network model, Data data, String precision, int threads) throws Exception {
        Class<?> c = generatedClass(model, precision);
        train(model, data, instance(c, model, data), threads);
        return train(model, data, instance(c, model, data), threads);
    }

    static Outcome train(Network model, Data data, Net net, int threads) {
        Initializer.initialize(net, model, model.train().seed());
        Trainer.Result r;
        try (Workers workers = new Workers(threads, model.parameterCount())) {
            r = new Trainer(net, model.withTrain(model.train().withThreads(threads)), data,
                    new Trainer.Listener() { }).train(workers);
        }
        double median = median(r.history().stream().skip(2).mapToDouble(Trainer.Epoch::ms).toArray());
        Metrics test = Metrics.evaluate(net, data.test, data.targets);
        double last = r.history().get(r.history().size() - 1).loss();
        return new Outcome(median, data.train.rows() / (median / 1000), last, test.accuracy());
    }
}
