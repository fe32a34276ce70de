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
    private TrainConfig d = TrainConfig.defaults();
    private double validation;
    private Target target = d.target();
    private Network.Task task;
    private Normalize normalize = d.normalize();
    private int epochs = d.epochs();
    private int batch = d.batch();
    private boolean shuffle = d.shuffle();
    private long seed = d.seed();
    private int earlyStop;
    private Schedule schedule = d.schedule();
    private int threads = d.threads();

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
                earlyStop, schedule, threads);
    }

    @Override
    void entry(String key, Ast.Value v) {
        switch (key) {
            case "data" -> data = data(v);
            case "test" -> test = test(v);
            case "validation" -> validation = fraction(v, "validation", 0, validation);
            case "target" -> target = target(v);
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
            default -> {
                threads = atLeast(v, 1, threads);
                if (threads > MAX_THREADS) {
                    values.error(v.pos(), "threads must be at most " + MAX_THREADS);
                    threads = 1;
                }
            }
        }
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

    private Target target(Ast.Value v) {
        if (v instanceof Ast.Num) {
            Integer i = values.whole(v);
            if (i != null && i < 0) {
                values.error(v.pos(), "a target column index must not be negative");
            }
            return i == null || i < 0 ? target : new Target(Target.Kind.INDEX, i, null);
        }
        if (v instanceof Ast.Str s) {
            return new Target(Target.Kind.HEADER, -1, s.value());
        }
        String name = word(v, "last, first, a column index or a header name");
        if (name == null) {
            return target;
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
        if (name == null) {
            return normalize;
        }
        return switch (name) {
            case "none" -> new Normalize(Normalize.Kind.NONE, 1);
            case "minmax" -> new Normalize(Normalize.Kind.MINMAX, 1);
            case "standard" -> new Normalize(Normalize.Kind.STANDARD, 1);
            default -> {
                values.error(v.pos(), Suggest.unknown("normalization", name, java.util.List.of("none", "minmax",
                        "standard")));
                yield normalize;
            }
        };
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
