package nnc.data;

import nnc.model.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import nnc.model.Network;
import nnc.model.TrainConfig;
import nnc.model.TrainConfig.Target;

/**
 * The data a run trains and evaluates on: loaded, checked against the model, split into train / validation /
 * test, normalized with statistics of the training rows, and with targets encoded as the loss expects.
 */
public final class Data {
    /** One part of the data, ready for the network. {@code labels} is set for classification. */
    public record Part(String name, double[][] x, double[][] t, int[] labels, double[] values) {
        public int rows() {
            return x.length;
        }

        public boolean isEmpty() {
            return x.length == 0;
        }
    }

    public final Network.Task task;
    public final int classes;
    public final Normalizer normalizer;
    public final Part train;
    public final Part validation;
    public final Part test;
    public final String description;

    private Data(Network.Task task, int classes, Normalizer normalizer, Part train, Part validation, Part test,
                 String description) {
        this.task = task;
        this.classes = classes;
        this.normalizer = normalizer;
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.description = description;
    }

    /** Loads and prepares the data named by the network's train block. */
    public static Data load(Network net) {
        TrainConfig cfg = net.train();
        if (cfg.data() == null) {
            throw UserError.usage("model " + net.name() + " names no data: add 'data = ...' to its train block or "
                    + "pass --data PATH");
        }
        Network.Task task = net.task(cfg.data().isBuiltin());
        Table all;
        Table test;
        if (cfg.data().isBuiltin()) {
            Table[] builtin = Builtin.load(cfg.data().builtin());
            all = builtin[0];
            test = builtin[1];
        } else {
            all = Csv.read(cfg.data().file(), cfg.target());
            test = null;
        }
        SplittableRandom random = new SplittableRandom(cfg.seed());
        if (cfg.test() != null && cfg.test().file() != null) {
            test = Csv.read(cfg.test().file(), cfg.target());
        } else if (cfg.test() != null || test == null) {
            double fraction = cfg.test() != null ? cfg.test().fraction() : 0.2;
            Table[] split = split(all, fraction, random);
            all = split[0];
            test = split[1];
        }
        Table validation = null;
        if (cfg.validation() > 0) {
            Table[] split = split(all, cfg.validation(), random);
            all = split[0];
            validation = split[1];
        }
        check(net, task, all);
        check(net, task, test);
        if (validation != null) {
            check(net, task, validation);
        }
        if (all.rows() == 0) {
            throw UserError.data(all.source() + ": no rows are left for training after the test and validation "
                    + "splits");
        }
        Normalizer norm = Normalizer.fit(cfg.normalize(), all.features(), net.inputSize());
        int classes = task == Network.Task.CLASSIFICATION ? Math.max(2, net.outputSize()) : 0;
        String description = cfg.data().describe() + ": " + all.rows() + " training, "
                + (validation == null ? "" : validation.rows() + " validation, ") + test.rows() + " test rows";
        return new Data(task, classes, norm, part("train", all, net, task, norm),
                validation == null ? empty() : part("validation", validation, net, task, norm),
                part("test", test, net, task, norm), description);
    }

    private static Part empty() {
        return new Part("validation", new double[0][], new double[0][], new int[0], new double[0]);
    }

    /** Shuffles (seeded) and carves off the last {@code fraction} of the rows: returns {rest, carved}. */
    static Table[] split(Table t, double fraction, SplittableRandom random) {
        int n = t.rows();
        int carved = (int) Math.round(n * fraction);
        if (carved < 1 || carved >= n) {
            throw UserError.data(t.source() + ": " + n + " rows are too few to hold out a fraction of " + fraction);
        }
        int[] perm = permutation(n, random);
        int[] keep = java.util.Arrays.copyOfRange(perm, 0, n - carved);
        int[] out = java.util.Arrays.copyOfRange(perm, n - carved, n);
        java.util.Arrays.sort(keep);
        java.util.Arrays.sort(out);
        return new Table[] {t.select(keep), t.select(out)};
    }

    /** A seeded Fisher–Yates permutation of 0..n−1. */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, random);
        return p;
    }

    public static void shuffle(int[] p, SplittableRandom random) {
        for (int i = p.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
    }

    private static void check(Network net, Network.Task task, Table t) {
        if (t.columns() != net.inputSize()) {
            throw UserError.data(t.source() + ": the rows have " + t.columns() + " feature columns (plus the target)"
                    + " but model " + net.name() + " has " + net.inputSize() + " inputs");
        }
        int k = net.outputSize();
        if (task == Network.Task.CLASSIFICATION) {
            int max = k == 1 ? 1 : k - 1;
            for (int r = 0; r < t.rows(); r++) {
                double v = t.target()[r];
                if (v != Math.rint(v) || v < 0 || v > max) {
                    throw UserError.data(t.source() + ":" + t.rowNumbers()[r] + ":" + t.targetColumn() + ": label "
                            + fmt(v)
                            + " is not a class of this model (expected a whole number from 0 to " + max + ")");
                }
            }
        } else if (k != 1) {
            throw UserError.data(t.source() + ": a regression target is one column, but model " + net.name()
                    + " has " + k + " outputs");
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static Part part(String name, Table t, Network net, Network.Task task, Normalizer norm) {
        int k = net.outputSize();
        double[][] x = norm.apply(t.features());
        double[][] targets = new double[t.rows()][k];
        int[] labels = null;
        if (task == Network.Task.CLASSIFICATION) {
            labels = new int[t.rows()];
            for (int r = 0; r < t.rows(); r++) {
                labels[r] = (int) t.target()[r];
                if (k == 1) {
                    targets[r][0] = labels[r];
                } else {
                    targets[r][labels[r]] = 1;
                }
            }
        } else {
            for (int r = 0; r < t.rows(); r++) {
                targets[r][0] = t.target()[r];
            }
        }
        return new Part(name, x, targets, labels, t.target());
    }

    /** The built-in data sets. */
    static final class Builtin {
        private Builtin() {
        }

        /** {train, test} of a built-in set. */
        static Table[] load(String name) {
            return switch (name) {
                case "digits" -> new Table[] {resource("optdigits.tra.csv.gz"), resource("optdigits.tes.csv.gz")};
                case "xor" -> truth("xor", 2, (a, b) -> a ^ b);
                case "and" -> truth("and", 2, (a, b) -> a & b);
                case "or" -> truth("or", 2, (a, b) -> a | b);
                default -> truth("not", 1, (a, b) -> 1 - a);
            };
        }

        private static Table resource(String file) {
            try (InputStream in = Data.class.getResourceAsStream("/nnc/data/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("built-in data " + file + " is missing from nnc");
                }
                return Csv.read("digits (" + file.replace(".csv.gz", "") + ")", new GZIPInputStream(in),
                        new Target(Target.Kind.LAST, -1, null));
            } catch (IOException e) {
                throw new IllegalStateException("built-in data " + file + " cannot be read", e);
            }
        }

        private static Table[] truth(String name, int inputs, java.util.function.IntBinaryOperator f) {
            List<double[]> rows = new ArrayList<>();
            List<Double> t = new ArrayList<>();
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < (inputs == 2 ? 2 : 1); b++) {
                    rows.add(inputs == 2 ? new double[] {a, b} : new double[] {a});
                    t.add((double) f.applyAsInt(a, b));
                }
            }
            List<String> names = inputs == 2 ? List.of("a", "b") : List.of("a");
            Table table = new Table(name, names, rows.toArray(new double[0][]),
                    t.stream().mapToDouble(Double::doubleValue).toArray(),
                    java.util.stream.IntStream.rangeClosed(1, rows.size()).toArray(), inputs + 1);
            return new Table[] {table, table};
        }
    }
}
