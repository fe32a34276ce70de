package nnc.data;

import nnc.model.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
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
    /**
     * One part of the data, ready for the network: inputs normalized, targets {@code t} as the loss expects them
     * (one-hot classes, 0/1 labels, or regression values scaled as {@code normalize_target} says). {@code labels}
     * holds the class of each row for a single-label classification (null otherwise); {@code values} the raw
     * target values of each row, in the target's own units.
     */
    public record Part(String name, double[][] x, double[][] t, int[] labels, double[][] values) {
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
    /** How outputs relate to targets (task, classes, target names and scaling). */
    public final Targets targets;
    public final Part train;
    public final Part validation;
    public final Part test;
    public final String description;

    private Data(Targets targets, Normalizer normalizer, Part train, Part validation, Part test,
                 String description) {
        this.task = targets.task();
        this.classes = targets.classes();
        this.targets = targets;
        this.normalizer = normalizer;
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.description = description;
    }

    /** Loads and prepares the data named by the network's train block. */
    public static Data load(Network net) {
        return load(net, null, null);
    }

    /**
     * Loads the data named by the network's train block, split as for training, and prepares it with a given input
     * normalization and target scaling (those of saved weights) instead of fitting them; null fits them on the
     * training rows.
     */
    public static Data load(Network net, Normalizer normalization, Targets saved) {
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
        Normalizer norm = normalization != null ? normalization
                : Normalizer.fit(cfg.normalize(), all.features(), net.inputSize());
        if (saved != null && saved.task() != task) {
            throw UserError.data("the saved weights were trained for " + saved.task().name().toLowerCase(
                    java.util.Locale.ROOT) + ", but model " + net.name() + " on this data is "
                    + task.name().toLowerCase(java.util.Locale.ROOT));
        }
        Targets targets = saved != null ? saved : targets(net, task, all);
        String description = cfg.data().describe() + ": " + all.rows() + " training, "
                + (validation == null ? "" : validation.rows() + " validation, ") + test.rows() + " test rows";
        return new Data(targets, norm, part("train", all, targets, norm),
                validation == null ? empty(targets) : part("validation", validation, targets, norm),
                part("test", test, targets, norm), description);
    }

    /** The task, classes, names and (fitted on the training rows) scaling of the targets. */
    private static Targets targets(Network net, Network.Task task, Table train) {
        int k = net.outputSize();
        boolean multiLabel = task == Network.Task.CLASSIFICATION && train.targets() > 1;
        if (task == Network.Task.CLASSIFICATION) {
            return new Targets(task, k, multiLabel ? 2 : Math.max(2, k), multiLabel, train.targetNames(),
                    Normalizer.none(k));
        }
        return new Targets(task, k, 0, false, train.targetNames(),
                Normalizer.fitTarget(net.train().normalizeTarget(), train.target(), k));
    }

    /** Labelled rows read elsewhere (the {@code --data} of {@code nnc evaluate}), prepared as saved weights say. */
    public static Part part(String name, Table t, Network net, Targets targets, Normalizer norm) {
        check(net, targets.task(), t);
        return part(name, t, targets, norm);
    }

    /**
     * Labelled rows of a CSV file, with the model's target columns: {@code nnc evaluate --data}. The file must hold
     * the target columns.
     */
    public static Part labelled(Path file, Network net, Targets targets, Normalizer norm) {
        return part("data", Csv.read(file, net.train().target()), net, targets, norm);
    }

    /**
     * Rows to predict from a CSV file: the model's feature columns, and its target columns where the file has
     * them too (then kept in the table's targets, to be shown beside the predictions).
     */
    public static Table rowsToPredict(Path file, Network net) {
        Table all = Csv.read(file, (List<Target>) null);
        if (all.columns() == net.inputSize()) {
            return all;
        }
        int k = net.train().target().size();
        if (all.columns() == net.inputSize() + k) {
            return Csv.read(file, net.train().target());
        }
        throw UserError.data(file + ": the rows have " + all.columns() + " columns but model " + net.name()
                + " has " + net.inputSize() + " inputs (" + (net.inputSize() + k) + " with "
                + (k == 1 ? "the target" : "its " + k + " targets") + ")");
    }

    /**
     * Data given as arrays rather than named by the train block: every row is a training row (less the validation
     * fraction, if the train block sets one); there is no test part. {@code target[row]} holds the row's target
     * values as a CSV file's target columns would: a class label, independent 0/1 labels, or regression values.
     */
    public static Data fromArrays(Network net, Network.Task task, double[][] features, double[][] target) {
        TrainConfig cfg = net.train();
        Table all = table("the training arrays", features, target);
        Table validation = null;
        if (cfg.validation() > 0) {
            Table[] split = split(all, cfg.validation(), new SplittableRandom(cfg.seed()));
            all = split[0];
            validation = split[1];
            check(net, task, validation);
        }
        check(net, task, all);
        Normalizer norm = Normalizer.fit(cfg.normalize(), all.features(), net.inputSize());
        Targets targets = targets(net, task, all);
        return new Data(targets, norm, part("train", all, targets, norm),
                validation == null ? empty(targets) : part("validation", validation, targets, norm),
                empty(targets), all.rows() + " training rows"
                + (validation == null ? "" : ", " + validation.rows() + " validation"));
    }

    /** Rows given as arrays (as {@link #fromArrays} takes them), checked and prepared as {@code targets} say. */
    public static Part fromArrays(String source, Network net, Targets targets, Normalizer norm, double[][] features,
                                  double[][] target) {
        return part(source, table(source, features, target), net, targets, norm);
    }

    private static Table table(String source, double[][] features, double[][] target) {
        int columns = features.length == 0 ? 0 : features[0].length;
        int k = target.length == 0 ? 1 : target[0].length;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            names.add("x" + (c + 1));
        }
        List<String> targetNames = new ArrayList<>();
        int[] targetColumns = new int[k];
        for (int j = 0; j < k; j++) {
            targetNames.add(k == 1 ? "y" : "y" + (j + 1));
            targetColumns[j] = columns + j + 1;
        }
        return new Table(source, names, features, target,
                java.util.stream.IntStream.rangeClosed(1, features.length).toArray(), targetColumns, targetNames);
    }

    private static Part empty(Targets targets) {
        return new Part("validation", new double[0][], new double[0][], targets.multiLabel() ? null : new int[0],
                new double[0][]);
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
            throw UserError.data(t.source() + ": the rows have " + t.columns() + " feature columns (plus "
                    + (t.targets() == 1 ? "the target" : t.targets() + " targets") + ") but model " + net.name()
                    + " has " + net.inputSize() + " inputs");
        }
        int k = net.outputSize();
        if (task == Network.Task.CLASSIFICATION && t.targets() == 1) {
            int max = k == 1 ? 1 : k - 1;
            for (int r = 0; r < t.rows(); r++) {
                double v = t.target()[r][0];
                if (v != Math.rint(v) || v < 0 || v > max) {
                    throw UserError.data(t.source() + ":" + t.rowNumbers()[r] + ":" + t.targetColumns()[0]
                            + ": label " + fmt(v) + " is not a class of this model (expected a whole number from 0 "
                            + "to " + max + ")");
                }
            }
        } else if (task == Network.Task.CLASSIFICATION) {
            if (t.targets() != k) {
                throw UserError.data(t.source() + ": " + t.targets() + " target columns are " + t.targets()
                        + " independent labels, but model " + net.name() + " has " + k + " outputs");
            }
            for (int r = 0; r < t.rows(); r++) {
                for (int j = 0; j < k; j++) {
                    double v = t.target()[r][j];
                    if (v != 0 && v != 1) {
                        throw UserError.data(t.source() + ":" + t.rowNumbers()[r] + ":" + t.targetColumns()[j]
                                + ": label " + fmt(v) + " of '" + t.targetNames().get(j) + "' is not 0 or 1");
                    }
                }
            }
        } else if (t.targets() != k) {
            throw UserError.data(t.source() + ": model " + net.name() + " has " + k + " outputs, one per target "
                    + "column, but the train block names " + t.targets() + (k > 1 && t.targets() == 1
                    ? " (list them: target = [...])" : ""));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static Part part(String name, Table t, Targets targets, Normalizer norm) {
        double[][] x = norm.apply(t.features());
        double[][] out = new double[t.rows()][];
        int[] labels = null;
        if (targets.classification() && !targets.multiLabel()) {
            int k = targets.outputs();
            labels = new int[t.rows()];
            for (int r = 0; r < t.rows(); r++) {
                labels[r] = (int) t.target()[r][0];
                out[r] = new double[k];
                if (k == 1) {
                    out[r][0] = labels[r];
                } else {
                    out[r][labels[r]] = 1;
                }
            }
        } else if (targets.classification()) {
            for (int r = 0; r < t.rows(); r++) {
                out[r] = t.target()[r].clone();
            }
        } else {
            for (int r = 0; r < t.rows(); r++) {
                out[r] = targets.scaler().apply(t.target()[r]);
            }
        }
        return new Part(name, x, out, labels, t.target());
    }

    /** The built-in data sets. */
    static final class Builtin {
        private Builtin() {
        }

        /** {train, test} of a built-in set. */
        static Table[] load(String name) {
            return switch (name) {
                case "digits" -> new Table[] {resource("tra"), resource("tes")};
                case "xor" -> truth("xor", 2, (a, b) -> a ^ b);
                case "and" -> truth("and", 2, (a, b) -> a & b);
                case "or" -> truth("or", 2, (a, b) -> a | b);
                default -> truth("not", 1, (a, b) -> 1 - a);
            };
        }

        /** Features per digits row (8 × 8 cells, counts 0..16), then its label. */
        static final int DIGITS_FEATURES = 64;

        /**
         * A part of the digits set as nnc ships it: {@code optdigits.PART.u8.gz}, one byte a cell, 65 cells a row
         * (64 features and the label), the same rows as UCI's {@code optdigits.PART.csv.gz} beside it, read as that
         * CSV file would be (columns unnamed, the last one the target) but without parsing 365,000 numbers on every
         * start.
         */
        private static Table resource(String part) {
            String file = "optdigits." + part + ".u8.gz";
            byte[] cells;
            try (InputStream in = Data.class.getResourceAsStream("/nnc/data/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("built-in data " + file + " is missing from nnc");
                }
                cells = new GZIPInputStream(in).readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException("built-in data " + file + " cannot be read", e);
            }
            int width = DIGITS_FEATURES + 1;
            int rows = cells.length / width;
            double[][] features = new double[rows][DIGITS_FEATURES];
            double[][] target = new double[rows][1];
            int[] lines = new int[rows];
            for (int r = 0, at = 0; r < rows; r++) {
                double[] f = features[r];
                for (int c = 0; c < DIGITS_FEATURES; c++) {
                    f[c] = cells[at++];
                }
                target[r][0] = cells[at++];
                lines[r] = r + 1;
            }
            List<String> names = new ArrayList<>();
            for (int c = 0; c < DIGITS_FEATURES; c++) {
                names.add("column " + c);
            }
            return new Table("digits (optdigits." + part + ")", List.copyOf(names), features, target, lines,
                    new int[] {width}, List.of("column " + DIGITS_FEATURES));
        }

        private static Table[] truth(String name, int inputs, java.util.function.IntBinaryOperator f) {
            List<double[]> rows = new ArrayList<>();
            List<double[]> t = new ArrayList<>();
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < (inputs == 2 ? 2 : 1); b++) {
                    rows.add(inputs == 2 ? new double[] {a, b} : new double[] {a});
                    t.add(new double[] {f.applyAsInt(a, b)});
                }
            }
            List<String> names = inputs == 2 ? List.of("a", "b") : List.of("a");
            Table table = new Table(name, names, rows.toArray(new double[0][]), t.toArray(new double[0][]),
                    java.util.stream.IntStream.rangeClosed(1, rows.size()).toArray(), new int[] {inputs + 1},
                    List.of(name));
            return new Table[] {table, table};
        }
    }
}
