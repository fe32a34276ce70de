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
 * Usage: Bench [--skip-reference] [--threads N] [CONFIG...]   or   Bench --cold RUNS
 */
public final class Bench {
    record Outcome(double medianMs, double samplesPerS, double finalLoss, double testAccuracy) {
    }

    public static void main(String[] args) throws Exception {
        boolean reference = true;
        int threads = 2;
        List<String> configs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--skip-reference" -> reference = false;
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--cold" -> {
                    coldRuns(Integer.parseInt(args[++i]));
                    return;
                }
                default -> configs.add(args[i]);
            }
        }
        if (configs.isEmpty()) {
            configs = List.of("A", "B", "C", "D");
        }
        System.out.printf(Locale.ROOT, "nnc benchmark: %s, %d cores, java %s%n", System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-6s %-14s %10s %12s %10s %12s %10s %8s %10s %8s  %s%n", "config", "net",
                "gen ms/ep", "gen samp/s", "ref ms/ep", "ref/gen", "gen loss", "gen acc", "ref loss", "ref acc",
                "agreement");
        warmUp();
        for (String c : configs) {
            Network net = load(Path.of("bench", c + ".nn"));
            Data data = Data.load(net);
            Outcome gen = train(net, data, generated(net, data), 1);
            Outcome ref = reference ? train(net, data, new ReferenceNet(net, Trainer.batchSize(net,
                    data.train.rows())), 1) : null;
            String arch = arch(net);
            String agreement = ref == null ? "-" : String.format(Locale.ROOT, "loss %.1e, acc %s",
                    Math.abs(gen.finalLoss() - ref.finalLoss()) / Math.abs(ref.finalLoss()),
                    gen.testAccuracy() == ref.testAccuracy() ? "equal" : "DIFFERENT");
            System.out.printf(Locale.ROOT, "%-6s %-14s %10.2f %,12.0f %10s %12s %10.6f %8.4f %10s %8s  %s%n", c,
                    arch, gen.medianMs(), gen.samplesPerS(), ref == null ? "-" : String.format(Locale.ROOT, "%.1f",
                            ref.medianMs()), ref == null ? "-" : String.format(Locale.ROOT, "%.1fx",
                            ref.medianMs() / gen.medianMs()), gen.finalLoss(), gen.testAccuracy(),
                    ref == null ? "-" : String.format(Locale.ROOT, "%.6f", ref.finalLoss()),
                    ref == null ? "-" : String.format(Locale.ROOT, "%.4f", ref.testAccuracy()), agreement);
            if (threads > 1) {
                Outcome par = train(net, data, generated(net, data), threads);
                System.out.printf(Locale.ROOT, "%-6s %-14s %10.2f %,12.0f %10s %12s %10.6f %8.4f %10s %8s  %s%n",
                        c + "/" + threads + "t", arch, par.medianMs(), par.samplesPerS(), "-",
                        String.format(Locale.ROOT, "%.2fx vs 1t", gen.medianMs() / par.medianMs()), par.finalLoss(),
                        par.testAccuracy(), "-", "-", String.format(Locale.ROOT, "loss %.1e vs 1 thread",
                                Math.abs(par.finalLoss() - gen.finalLoss()) / Math.abs(gen.finalLoss())));
            }
        }
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
        train(net, data, generated(net, data), 1);
    }

    /** Wall time of {@code ./nnc run models/digits.nn}, each in a new JVM, split into the phases it reports. */
    static void coldRuns(int runs) throws Exception {
        System.out.printf("Cold run of ./nnc run models/digits.nn (%d runs):%n", runs);
        for (int i = 0; i < runs; i++) {
            Process p = new ProcessBuilder("./nnc", "run", "models/digits.nn", "--json")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long start = System.nanoTime();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int exit = p.waitFor();
            long wall = (System.nanoTime() - start) / 1_000_000;
            if (exit != 0) {
                System.out.printf("  run %d failed with exit %d%n", i + 1, exit);
                continue;
            }
            var phases = com.google.gson.JsonParser.parseString(out).getAsJsonObject().getAsJsonObject("timing")
                    .getAsJsonObject("phases_ms");
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  wall %d ms:", wall));
            double inside = 0;
            for (var e : phases.entrySet()) {
                line.append(String.format(Locale.ROOT, " %s %.0f,", e.getKey(), e.getValue().getAsDouble()));
                inside += e.getValue().getAsDouble();
            }
            line.append(String.format(Locale.ROOT, " report and exit %.0f", wall - inside));
            System.out.println(line);
        }
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

    static Net generated(Network net, Data data) throws Exception {
        Class<?> c = ClassCompiler.compile(Generator.generate(net, new Generator.Options("", true, nnc.codegen.VectorLanes.available())),
                Net.class.getClassLoader());
        return (Net) c.getConstructor(int.class).newInstance(Trainer.batchSize(net, data.train.rows()));
    }

    static Outcome train(Network model, Data data, Net net, int threads) {
        Initializer.initialize(net, model, model.train().seed());
        Trainer.Result r;
        try (Workers workers = new Workers(threads, model.parameterCount())) {
            r = new Trainer(net, model.withTrain(model.train().withThreads(threads)), data,
                    new Trainer.Listener() { }).train(workers);
        }
        double[] ms = r.history().stream().skip(2).mapToDouble(Trainer.Epoch::ms).sorted().toArray();
        double median = ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
        Metrics test = Metrics.evaluate(net, data.test, data.task, data.classes);
        double last = r.history().get(r.history().size() - 1).loss();
        return new Outcome(median, data.train.rows() / (median / 1000), last, test.accuracy());
    }
}
