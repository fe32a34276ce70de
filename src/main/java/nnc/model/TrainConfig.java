package nnc.model;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code train} block with defaults filled in.
 *
 * @param data       where the data comes from, or null when the file names none
 * @param test       the test rows: a file, a fraction of {@code data}, or null for the default
 * @param validation fraction of the training rows held out for validation
 * @param target     which columns hold the target: one for a class label or a single regression value, several
 *                   for several outputs (one output unit per column)
 * @param task       the task, or null to derive it ({@link Network#task})
 * @param normalize  input normalization
 * @param epochs     number of epochs
 * @param batch      mini-batch size; {@link #ALL} for full batch
 * @param shuffle    shuffle the training rows every epoch
 * @param seed       seed of every random choice
 * @param earlyStop  patience in epochs on validation loss; 0 = off
 * @param schedule   learning-rate schedule
 * @param threads    data-parallel threads over the mini-batch
 * @param normalizeTarget scaling of regression targets for training (none, minmax, standard), fitted on the
 *                   training rows; predictions and reported figures are mapped back
 * @param precision  the number type of the generated class ({@link Precision#FLOAT64} by default)
 */
public record TrainConfig(DataSource data, TestSplit test, double validation, List<Target> target,
                          Network.Task task, Normalize normalize, int epochs, int batch, boolean shuffle, long seed,
                          int earlyStop, Schedule schedule, int threads, Normalize normalizeTarget,
                          Precision precision) {
    public static final int ALL = 0;

    public static TrainConfig defaults() {
        return new TrainConfig(null, null, 0, List.of(Target.LAST), null,
                new Normalize(Normalize.Kind.MINMAX, 1), 20, 32, true, 1, 0,
                new Schedule(Schedule.Kind.CONSTANT, 0, 0), 1, new Normalize(Normalize.Kind.NONE, 1), Precision.FLOAT64);
    }

    /** Whether the targets are scaled for training. */
    public boolean scalesTarget() {
        return normalizeTarget.kind() != Normalize.Kind.NONE;
    }

    /** Either a built-in set ({@code digits, xor, and, or, not}) or a CSV file. */
    public record DataSource(String builtin, Path file) {
        public boolean isBuiltin() {
            return builtin != null;
        }

        public String describe() {
            return builtin != null ? builtin : file.toString();
        }
    }

    /** A test file, or a fraction of the data carved off as the test set. */
    public record TestSplit(Path file, double fraction) {
    }

    /** One target column: the last, the first, a 0-based index or a header name. */
    public record Target(Kind kind, int index, String header) {
        public enum Kind { LAST, FIRST, INDEX, HEADER }

        public static final Target LAST = new Target(Kind.LAST, -1, null);

        public String describe() {
            return switch (kind) {
                case LAST -> "last";
                case FIRST -> "first";
                case INDEX -> String.valueOf(index);
                case HEADER -> header;
            };
        }
    }

    public record Normalize(Kind kind, double factor) {
        public enum Kind { NONE, MINMAX, STANDARD, SCALE }
    }

    public record Schedule(Kind kind, double a, double b) {
        public enum Kind { CONSTANT, STEP, EXPONENTIAL, COSINE }

        /** The learning rate for 0-based {@code epoch} of {@code epochs}. */
        public double rate(double lr, int epoch, int epochs) {
            return switch (kind) {
                case CONSTANT -> lr;
                case STEP -> lr * Math.pow(b, Math.floor(epoch / a));
                case EXPONENTIAL -> lr * Math.pow(a, epoch);
                case COSINE -> lr * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs));
            };
        }
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(data, test, validation, target, task, normalize, e, batch, shuffle, seed, earlyStop,
                schedule, threads, normalizeTarget, precision);
    }

    public TrainConfig withBatch(int b) {
        return new TrainConfig(data, test, validation, target, task, normalize, epochs, b, shuffle, seed, earlyStop,
                schedule, threads, normalizeTarget, precision);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(data, test, validation, target, task, normalize, epochs, batch, shuffle, s, earlyStop,
                schedule, threads, normalizeTarget, precision);
    }

    public TrainConfig withThreads(int t) {
        return new TrainConfig(data, test, validation, target, task, normalize, epochs, batch, shuffle, seed,
                earlyStop, schedule, t, normalizeTarget, precision);
    }

    public TrainConfig withData(DataSource d) {
        return new TrainConfig(d, test, validation, target, task, normalize, epochs, batch, shuffle, seed, earlyStop,
                schedule, threads, normalizeTarget, precision);
    }

    public TrainConfig withPrecision(Precision p) {
        return new TrainConfig(data, test, validation, target, task, normalize, epochs, batch, shuffle, seed,
                earlyStop, schedule, threads, normalizeTarget, p);
    }
}
