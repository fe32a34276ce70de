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

/** The cold table: what a user waits for, one fresh process per figure (see {@link Bench}). */
final class Cold {
    /** Speed-up targets of whole training against PyTorch float64 and against the naive Java MLP, per config. */
    static final java.util.Map<String, double[]> TARGETS = java.util.Map.of("A", new double[] {2, 2},
            "B", new double[] {1.5, 4}, "C", new double[] {2, 2}, "D", new double[] {1.2, 6});
    static final double WARMUP_TARGET_MS = 100;

    record Ran(String out, long wallMs, int exit) {
        com.google.gson.JsonObject json() {
            String line = out.strip();
            return com.google.gson.JsonParser.parseString(line.substring(line.lastIndexOf("\n{") + 1))
                    .getAsJsonObject();
        }
    }

    static Ran run(List<String> command, boolean torchEnv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (torchEnv) {
            // this machine may set both for old OpenBLAS builds; unset, OpenBLAS uses the processor's own kernels
            pb.environment().remove("OPENBLAS_CORETYPE");
            pb.environment().remove("OPENBLAS_L2_SIZE");
            pb.environment().put("OMP_NUM_THREADS", "1");
        }
        return run(pb);
    }

    /** Runs a prepared process, its standard error discarded: what it printed, its wall time and exit status. */
    static Ran run(ProcessBuilder pb) throws Exception {
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return new Ran(out, (System.nanoTime() - start) / 1_000_000, exit);
    }

    /** The Python that has PyTorch: python3 on the PATH, else the system's (a PATH may lead to another one). */
    static String python = "python3";

    /** Why the PyTorch figures are missing or not what a user would see, or null when they are. */
    static String torchNote() throws Exception {
        if (!haveTorch()) {
            return "  (PyTorch: python3 -c \"import torch\" fails; apt-get install python3-torch libopenblas0-pthread)";
        }
        // Debian's torch runs on whichever BLAS the system provides; the reference BLAS is many times slower
        String probe = "import torch; a = torch.ones(64, 64, dtype=torch.float64); a @ a; "
                + "print('openblas' in open('/proc/self/maps').read().lower())";
        Ran r = run(List.of(python, "-c", probe), true);
        return r.exit() == 0 && r.out().strip().endsWith("True") ? null
                : "  (PyTorch runs on the reference BLAS, not OpenBLAS: its figures are far below a user's;"
                + " apt-get install libopenblas0-pthread)";
    }

    static boolean haveTorch() throws Exception {
        for (String p : List.of("python3", "/usr/bin/python3")) {
            if (run(List.of(p, "-c", "import torch"), true).exit() == 0) {
                python = p;
                return true;
            }
        }
        return false;
    }

    static void table(List<String> configs) throws Exception {
        if (configs.isEmpty()) {
            configs = List.of("A", "B", "C", "D");
        }
        String torchNote = torchNote();
        boolean torch = haveTorch();
        Path peers = Path.of(System.getenv().getOrDefault("NNC_PEERS", "../shared/peers"));
        Path naive = naiveClasses(peers);
        System.out.println("Cold: one fresh process per figure, 1 thread, float64; whole training = every epoch, the"
                + " first included; warm-up = whole training - epochs x median of the later half of the epochs");
        System.out.printf(Locale.ROOT, "  %s, %d cores, java %s, load average %s%n", cpuModel(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage());
        if (torchNote != null) {
            System.out.println(torchNote);
        }
        if (naive == null) {
            System.out.println("  (naive Java: " + peers + "/naive-java not found; set NNC_PEERS to the peers' folder)");
        }
        System.out.printf(Locale.ROOT, "%-3s %9s %9s %8s %9s %9s %9s %9s %14s %14s  %s%n", "cfg", "1st ep ms",
                "train ms", "warm-up", "torch ms", "naive ms", "ref ms", "ref 1st", "vs torch/goal",
                "vs naive/goal", "nnc process phases ms (wall); loss check");
        for (String c : configs) {
            Ran nnc = run(List.of("./nnc", "run", "bench/" + c + ".nn", "--json"), false);
            if (nnc.exit() != 0) {
                System.out.printf("%-3s ./nnc run failed with exit %d%n", c, nnc.exit());
                continue;
            }
            var j = nnc.json();
            var timing = j.getAsJsonObject("timing");
            var history = j.getAsJsonArray("history");
            double first = history.get(0).getAsJsonObject().get("ms").getAsDouble();
            double train = timing.get("train_ms").getAsDouble();
            double warm = timing.get("warmup_ms").getAsDouble();
            double loss = history.get(history.size() - 1).getAsJsonObject().get("loss").getAsDouble();
            StringBuilder phases = new StringBuilder();
            double inside = 0;
            for (var e : timing.getAsJsonObject("phases_ms").entrySet()) {
                phases.append(String.format(Locale.ROOT, "%s %.0f, ", e.getKey(), e.getValue().getAsDouble()));
                inside += e.getValue().getAsDouble();
            }
            phases.append(String.format(Locale.ROOT, "rest %.0f (%d)", nnc.wallMs() - inside, nnc.wallMs()));

            double torchMs = Double.NaN;
            String check = "";
            if (torch) {
                Path dir = export(c);
                Ran t = run(List.of(python, "bench/torch_train.py", dir.toString()), true);
                if (t.exit() == 0) {
                    var tj = t.json();
                    torchMs = tj.get("train_ms").getAsDouble();
                    var tl = tj.getAsJsonArray("loss");
                    double tLoss = tl.get(tl.size() - 1).getAsDouble();
                    check = String.format(Locale.ROOT, "; final loss nnc %.6g torch %.6g (%.0e)", loss, tLoss,
                            Math.abs(loss - tLoss) / Math.abs(tLoss));
                } else {
                    check = "; torch failed (exit " + t.exit() + ")";
                }
            }
            double naiveMs = Double.NaN;
            if (naive != null) {
                List<String> cmd = List.of("java", "-Xms1g", "-Xmx4g", "-cp", naive.toString(), "bench.Bench",
                        "--system", "naive", "--config", c, "--seed", "42");
                Ran n = runIn(cmd, peers.resolve("../data"));
                if (n.exit() == 0) {
                    naiveMs = n.json().get("train_wall_s").getAsDouble() * 1000;
                }
            }
            Ran ref = run(List.of("java", "-XX:+UseSerialGC", "-cp", Bench.classPath(),
                    "Bench", "--reference-once", c), false);
            double refMs = ref.exit() == 0 ? ref.json().get("train_ms").getAsDouble() : Double.NaN;
            double refFirst = ref.exit() == 0 ? ref.json().get("first_ms").getAsDouble() : Double.NaN;
            double[] goal = TARGETS.getOrDefault(c, new double[] {Double.NaN, Double.NaN});
            System.out.printf(Locale.ROOT, "%-3s %9.0f %9.0f %8.0f %9s %9s %9.0f %9.0f %14s %14s  %s%s%n", c, first,
                    train, warm, num(torchMs), num(naiveMs), refMs, refFirst, ratio(torchMs / train, goal[0]),
                    ratio(naiveMs / train, goal[1]), phases, check);
        }
        System.out.printf(Locale.ROOT, "goal: warm-up under %.0f ms on each config; ratios are the other's whole"
                + " training / nnc's (above 1: nnc is faster)%n", WARMUP_TARGET_MS);
        digits(torch);
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    /** The 1, 5 and 15 minute load averages: figures taken on a busy machine are not comparable. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static Ran runIn(List<String> command, Path peersData) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PEERS_DATA_DIR", peersData.toString());
        return run(pb);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String ratio(double r, double goal) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx/%.1fx %s", r, goal, r >= goal ? "met" : "no");
    }

    /** The naive Java MLP's classes, compiled into target/ once; null when the peers' sources are not there. */
    static Path naiveClasses(Path peers) throws Exception {
        Path src = peers.resolve("naive-java/src");
        if (!Files.isDirectory(src)) {
            return null;
        }
        Path classes = Path.of("target", "bench-naive");
        if (!Files.exists(classes.resolve("bench/Bench.class"))) {
            List<String> cmd = new ArrayList<>(List.of("javac", "-d", classes.toString()));
            try (var files = Files.walk(src)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> cmd.add(f.toString()));
            }
            if (run(cmd, false).exit() != 0) {
                return null;
            }
        }
        return classes;
    }

    /**
     * Writes what PyTorch needs to train config {@code c} exactly as nnc does: the training rows as nnc loaded and
     * normalized them, nnc's initial weights, and each epoch's row order (the Trainer's shuffle, replayed).
     */
    static Path export(String c) throws Exception {
        Network net = Bench.load(Path.of("bench", c + ".nn"));
        Data data = Data.load(net);
        Path dir = Path.of("target", "bench-cold", c);
        Files.createDirectories(dir);
        int n = data.train.rows();
        ReferenceNet ref = new ReferenceNet(net, 1);
        Initializer.initialize(ref, net, net.train().seed());
        var sizes = new com.google.gson.JsonArray();
        var acts = new com.google.gson.JsonArray();
        sizes.add(net.inputSize());
        for (int l = 0; l < net.layers().size(); l++) {
            sizes.add(net.layers().get(l).units());
            acts.add(net.layers().get(l).activation().name().toLowerCase(Locale.ROOT));
            doubles(dir.resolve("w" + l + ".f64"), ref.weights(l));
            doubles(dir.resolve("b" + l + ".f64"), new double[][] {ref.bias(l)});
        }
        doubles(dir.resolve("x.f64"), data.train.x());
        doubles(dir.resolve("t.f64"), data.train.t());
        int epochs = net.train().epochs();
        int[] all = new int[epochs * n];
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        java.util.SplittableRandom order = new java.util.SplittableRandom(net.train().seed());
        for (int e = 0; e < epochs; e++) {
            Data.shuffle(perm, order);
            System.arraycopy(perm, 0, all, e * n, n);
        }
        ints(dir.resolve("perm.i32"), all);
        ints(dir.resolve("labels.i32"), data.train.labels());
        var meta = new com.google.gson.JsonObject();
        meta.addProperty("rows", n);
        meta.add("sizes", sizes);
        meta.add("activations", acts);
        meta.addProperty("loss", net.loss().kind().name().toLowerCase(Locale.ROOT));
        meta.addProperty("epochs", epochs);
        meta.addProperty("batch", Trainer.batchSize(net, n));
        var o = new com.google.gson.JsonObject();
        var opt = net.optimizer();
        o.addProperty("kind", opt.name());
        o.addProperty("lr", opt.lr());
        if (opt instanceof nnc.model.Optimizer.Sgd sgd) {
            o.addProperty("momentum", sgd.momentum());
        } else if (opt instanceof nnc.model.Optimizer.Adam adam) {
            o.addProperty("beta1", adam.beta1());
            o.addProperty("beta2", adam.beta2());
            o.addProperty("eps", adam.eps());
        } else {
            throw new IllegalArgumentException("the benchmark's PyTorch side has sgd and adam only, not " + opt.name());
        }
        meta.add("optimizer", o);
        Files.writeString(dir.resolve("meta.json"), meta.toString());
        return dir;
    }

    static void doubles(Path file, double[][] rows) throws IOException {
        int count = 0;
        for (double[] r : rows) {
            count += r.length;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * count).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (double[] r : rows) {
            for (double v : r) {
                b.putDouble(v);
            }
        }
        Files.write(file, b.array());
    }

    static void ints(Path file, int[] values) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        Files.write(file, b.array());
    }

    /**
     * The whole ./nnc run models/digits.nn, process start to exit: the first use of this build (no class-data
     * archive yet: this run writes it), the first run of the model (the archive, no kept class), a second run of the
     * unchanged model; beside the same model as a PyTorch script, run twice.
     */
    static void digits(boolean torch) throws Exception {
        System.out.println();
        System.out.println("Cold: the whole ./nnc run models/digits.nn, process start to exit (ms)");
        String[] names = {"first use of this build (writes the class-data archive)", "first run of the model",
                "second run, model unchanged"};
        long[] wall = new long[3];
        for (int i = 0; i < 3; i++) {
            if (i == 0) {
                delete(Path.of("target", "nnc.jsa"));
            }
            if (i <= 1) {
                delete(Path.of("target", "cache"));
            }
            Ran r = run(List.of("./nnc", "run", "models/digits.nn", "--json"), false);
            wall[i] = r.wallMs();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  nnc, %s: wall %d", names[i],
                    r.wallMs()));
            if (r.exit() == 0) {
                var timing = r.json().getAsJsonObject("timing");
                double inside = 0;
                line.append(" (");
                for (var e : timing.getAsJsonObject("phases_ms").entrySet()) {
                    line.append(String.format(Locale.ROOT, "%s %.0f, ", e.getKey(), e.getValue().getAsDouble()));
                    inside += e.getValue().getAsDouble();
                }
                line.append(String.format(Locale.ROOT, "rest %.0f; warm-up %.0f)", r.wallMs() - inside,
                        timing.get("warmup_ms").getAsDouble()));
            } else {
                line.append(" failed with exit ").append(r.exit());
            }
            System.out.println(line);
        }
        if (torch) {
            long best = Long.MAX_VALUE;
            for (int i = 1; i <= 2; i++) {
                Ran t = run(List.of(python, "bench/digits_torch.py"), true);
                System.out.printf(Locale.ROOT, "  PyTorch script (bench/digits_torch.py), run %d: wall %d%s%n", i,
                        t.wallMs(), t.exit() == 0 ? "" : " failed with exit " + t.exit());
                best = Math.min(best, t.wallMs());
            }
            System.out.printf(Locale.ROOT, "  nnc / PyTorch's faster run: first run of the model %.2f, second run %.2f"
                    + " (goal: at most 0.50, and the second run faster than the first)%n", wall[1] / (double) best,
                    wall[2] / (double) best);
        }
    }

    static void delete(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (var files = Files.list(p)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
