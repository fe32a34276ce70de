package nnc.check;

import java.nio.file.Path;
import nnc.model.Network;
import nnc.model.TrainConfig;
import nnc.model.TrainConfig.DataSource;
import nnc.model.TrainConfig.Normalize;
import nnc.model.TrainConfig.Schedule;
import nnc.model.TrainConfig.Target;
import nnc.model.TrainConfig.TestSplit;
import nnc.syntax.Ast;

/** Reads the {@code train} block into a {@link TrainConfig}, defaults filled in. */
final class TrainBlock extends BlockReader {
    private final Path sourceDir;
    private TrainConfig.DataSource data;
    private TestSplit test;
    private Ast.Value dataValue;
    private Ast.Value testValue;
    private TrainConfig d = TrainConfig.defaults();
    private double validation;
    private java.util.List<Target> target = d.target();
    /** Where the {@code target} value is written, or null when the block leaves it out. */
    nnc.syntax.Pos targetPos;
    /** Whether the {@code target} value had an error (already reported). */
    boolean targetBad;
    private Normalize normalizeTarget = d.normalizeTarget();
    /** Where the {@code normalize_target} value is written, or null. */
    nnc.syntax.Pos normalizeTargetPos;
    private Network.Task task;
    private Normalize normalize = d.normalize();
    private int epochs = d.epochs();
    private int batch = d.batch();
    private boolean shuffle = d.shuffle();
    private long seed = d.seed();
    private int earlyStop;
    private Schedule schedule = d.schedule();
    private int threads = d.threads();
    private nnc.model.Precision precision = d.precision();

    /** The most threads a run may ask for. */
    static final int MAX_THREADS = 256;

    TrainBlock(Values values, Path sourceDir) {
        super(values, "the train block", Catalog.TRAIN_KEYS);
        this.sourceDir = sourceDir;
    }

    TrainConfig read(Ast.Block block) {
        readEntries(block);
        for (Ast.Entry e : block.entries()) {
            if (e.key().equals("early_stop") && earlyStop > 0 && validation == 0) {
                values.error(e.keyPos(), "early_stop watches the validation loss: it needs 'validation' greater "
                        + "than 0");
            }
        }
        return new TrainConfig(data, test, validation, target, task, normalize, epochs, batch, shuffle, seed,
                earlyStop, schedule, threads, normalizeTarget, precision);
    }

    @Override
    void entry(String key, Ast.Value v) {
        switch (key) {
            case "data" -> {
                data = data(v);
                dataValue = v;
            }
            case "test" -> {
                test = test(v);
                testValue = v;
            }
            case "validation" -> validation = fraction(v, "validation", 0, validation);
            case "target" -> {
                targetPos = v.pos();
                target = targets(v);
            }
            case "normalize_target" -> {
                normalizeTargetPos = v.pos();
                normalizeTarget = normalizeTarget(v);
            }
            case "task" -> {
                String name = word(v, "classification or regression");
                if ("classification".equals(name)) {
                    task = Network.Task.CLASSIFICATION;
                } else if ("regression".equals(name)) {
                    task = Network.Task.REGRESSION;
                } else if (name != null) {
                    values.error(v.pos(), "task must be classification or regression, not '" + name + "'");
                }
            }
            case "normalize" -> normalize = normalize(v);
            case "epochs" -> epochs = atLeast(v, 1, epochs);
            case "batch" -> {
                if (v instanceof Ast.CallValue c && c.call().name().equals("all") && c.call().args().isEmpty()) {
                    batch = TrainConfig.ALL;
                } else {
                    batch = atLeast(v, 1, batch);
                }
            }
            case "shuffle" -> shuffle = !Boolean.FALSE.equals(values.bool(v));
            case "seed" -> {
                Long s = values.wholeLong(v);
                seed = s == null ? seed : s;
            }
            case "early_stop" -> earlyStop = atLeast(v, 1, earlyStop);
            case "schedule" -> schedule = schedule(v);
            case "precision" -> {
                String name = word(v, "float32 or float64");
                nnc.model.Precision p = name == null ? null : nnc.model.Precision.of(name);
                if (p != null) {
                    precision = p;
                } else if (name != null) {
                    values.error(v.pos(), Suggest.unknown("precision", name, nnc.model.Precision.NAMES));
                }
            }
            default -> {
                threads = atLeast(v, 1, threads);
                if (threads > MAX_THREADS) {
                    values.error(v.pos(), "threads must be at most " + MAX_THREADS);
                    threads = 1;
                }
            }
        }
    }

    /**
     * Reports a data or test file whose first line has a column count that cannot fit {@code inputs} features and
     * the target column (or one column per output, for several targets).
     */
    void checkColumns(int inputs, int outputs) {
        if (data != null && data.file() != null) {
            checkColumns(data.file(), dataValue, inputs, outputs);
        }
        if (test != null && test.file() != null) {
            checkColumns(test.file(), testValue, inputs, outputs);
        }
    }

    private void checkColumns(Path file, Ast.Value where, int inputs, int outputs) {
        int columns = DataColumns.of(file);
        if (columns < 0 || columns == inputs + 1 || columns == inputs + outputs) {
            return;
        }
        values.error(where.pos(), "the rows of " + file.getFileName() + " have " + columns + " column"
                + (columns == 1 ? "" : "s") + ", so " + (columns - 1) + " input feature" + (columns == 2 ? "" : "s")
                + " besides the target, but the model's input has " + inputs);
    }

    private DataSource data(Ast.Value v) {
        if (v instanceof Ast.Str s) {
            return new DataSource(null, sourceDir.resolve(s.value()).normalize());
        }
        if (v instanceof Ast.CallValue c && c.call().args().isEmpty()) {
            if (Catalog.BUILTIN_DATA.contains(c.call().name())) {
                return new DataSource(c.call().name(), null);
            }
            values.error(v.pos(), Suggest.unknown("data set", c.call().name(), Catalog.BUILTIN_DATA)
                    + " (a CSV file is written as a path in quotes)");
            return null;
        }
        values.error(v.pos(), "expected a built-in data set (" + String.join(", ", Catalog.BUILTIN_DATA)
                + ") or a CSV path in quotes, but found " + Values.describe(v));
        return null;
    }

    private TestSplit test(Ast.Value v) {
        if (v instanceof Ast.Str s) {
            return new TestSplit(sourceDir.resolve(s.value()).normalize(), 0);
        }
        if (v instanceof Ast.Num) {
            double f = fraction(v, "test", Double.MIN_VALUE, 0);
            return f > 0 ? new TestSplit(null, f) : null;
        }
        values.error(v.pos(), "expected a CSV path in quotes or a fraction, but found " + Values.describe(v));
        return null;
    }

    /** A number in [low, 1). */
    private double fraction(Ast.Value v, String what, double low, double fallback) {
        Double f = values.number(v);
        if (f == null) {
            return fallback;
        }
        if (!(f >= low && f < 1)) {
            values.error(v.pos(), what + " must be a fraction " + (low > 0 ? "greater than" : "at least")
                    + " 0 and less than 1, but is " + ((Ast.Num) v).text());
            return fallback;
        }
        return f;
    }

    private int atLeast(Ast.Value v, int min, int fallback) {
        Integer n = values.whole(v);
        if (n == null) {
            return fallback;
        }
        if (n < min) {
            values.error(v.pos(), "expected a whole number of at least " + min + " but found " + n);
            return fallback;
        }
        return n;
    }

    private String word(Ast.Value v, String expected) {
        if (v instanceof Ast.CallValue c && c.call().args().isEmpty()) {
            return c.call().name();
        }
        values.error(v.pos(), "expected " + expected + " but found " + Values.describe(v));
        return null;
    }

    /** One target column, or a list of them (one per output). */
    private java.util.List<Target> targets(Ast.Value v) {
        int before = values.errorCount();
        java.util.List<Target> t = targetList(v);
        targetBad = values.errorCount() > before;
        return t;
    }

    private java.util.List<Target> targetList(Ast.Value v) {
        if (!(v instanceof Ast.ListValue list)) {
            Target t = target(v);
            return t == null ? target : java.util.List.of(t);
        }
        if (list.items().isEmpty()) {
            values.error(v.pos(), "a target list needs at least one column");
            return target;
        }
        java.util.List<Target> out = new java.util.ArrayList<>();
        for (Ast.Value item : list.items()) {
            Target t = item instanceof Ast.ListValue ? null : target(item);
            if (item instanceof Ast.ListValue) {
                values.error(item.pos(), "a target list holds column names or indices, not lists");
            }
            if (t == null) {
                return target;
            }
            if (out.contains(t)) {
                values.error(item.pos(), "target column '" + t.describe() + "' is listed twice");
                return target;
            }
            out.add(t);
        }
        return java.util.List.copyOf(out);
    }

    private Normalize normalizeTarget(Ast.Value v) {
        String name = word(v, "none, minmax or standard");
        return name == null ? normalizeTarget : scaling(v, name, "target normalization", normalizeTarget);
    }

    /** {@code none}, {@code minmax} or {@code standard}; anything else is an error and gives {@code fallback}. */
    private Normalize scaling(Ast.Value v, String name, String what, Normalize fallback) {
        return switch (name) {
            case "none" -> new Normalize(Normalize.Kind.NONE, 1);
            case "minmax" -> new Normalize(Normalize.Kind.MINMAX, 1);
            case "standard" -> new Normalize(Normalize.Kind.STANDARD, 1);
            default -> {
                values.error(v.pos(), Suggest.unknown(what, name, java.util.List.of("none", "minmax", "standard")));
                yield fallback;
            }
        };
    }

    /** One target column; null after an error. */
    private Target target(Ast.Value v) {
        if (v instanceof Ast.Num) {
            Integer i = values.whole(v);
            if (i != null && i < 0) {
                values.error(v.pos(), "a target column index must not be negative");
            }
            return i == null || i < 0 ? null : new Target(Target.Kind.INDEX, i, null);
        }
        if (v instanceof Ast.Str s) {
            return new Target(Target.Kind.HEADER, -1, s.value());
        }
        String name = word(v, "last, first, a column index, a header name or a list of these");
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "last" -> new Target(Target.Kind.LAST, -1, null);
            case "first" -> new Target(Target.Kind.FIRST, -1, null);
            default -> new Target(Target.Kind.HEADER, -1, name);
        };
    }

    private Normalize normalize(Ast.Value v) {
        if (v instanceof Ast.Num) {
            Double f = values.number(v);
            if (f != null && !(f > 0)) {
                values.error(v.pos(), "a normalize factor must be greater than 0");
                return normalize;
            }
            return f == null ? normalize : new Normalize(Normalize.Kind.SCALE, f);
        }
        String name = word(v, "none, minmax, standard or a number");
        return name == null ? normalize : scaling(v, name, "normalization", normalize);
    }

    private Schedule schedule(Ast.Value v) {
        if (!(v instanceof Ast.CallValue c)) {
            values.error(v.pos(), "expected a schedule (constant, step(every, factor), exponential(gamma), cosine)"
                    + " but found " + Values.describe(v));
            return schedule;
        }
        Signature sig = Catalog.SCHEDULES.signature(c.call().name());
        if (sig == null) {
            values.error(c.call().namePos(), Suggest.unknown("schedule", c.call().name(),
                    Catalog.SCHEDULES.names()));
            return schedule;
        }
        var a = sig.bind(c.call(), values);
        if (a == null) {
            return schedule;
        }
        return switch (c.call().name()) {
            case "step" -> {
                int every = (Integer) a.get("every");
                double factor = (Double) a.get("factor");
                if (every < 1 || !(factor > 0)) {
                    values.error(c.pos(), "step needs every ≥ 1 and factor > 0");
                }
                yield new Schedule(Schedule.Kind.STEP, Math.max(1, every), factor);
            }
            case "exponential" -> {
                double gamma = (Double) a.get("gamma");
                if (!(gamma > 0)) {
                    values.error(c.pos(), "exponential needs gamma > 0");
                }
                yield new Schedule(Schedule.Kind.EXPONENTIAL, gamma, 0);
            }
            case "cosine" -> new Schedule(Schedule.Kind.COSINE, 0, 0);
            default -> new Schedule(Schedule.Kind.CONSTANT, 0, 0);
        };
    }
}
