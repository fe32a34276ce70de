package nnc.report;

import nnc.data.Data;
import nnc.train.Metrics;
import nnc.train.RunResult;
import nnc.train.Trainer;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import nnc.data.Targets;
import nnc.model.Layer;
import nnc.model.Network;
import nnc.model.Optimizer;

/** The human-readable report of {@code nnc run}: summary, one line per epoch, test figures, timing. */
public final class Report {
    private final PrintStream out;
    /** Whether the last line printed was blank (so that --quiet, with no epoch lines, prints one, not two). */
    private boolean afterBlank;

    public Report(PrintStream out) {
        this.out = out;
    }

    /** A table of the layers, like Keras' {@code summary()}. */
    public void summary(Network net, String sourceName) {
        out.printf(Locale.ROOT, "Model: %s (%s)%n", net.name(), sourceName);
        String rule = "-".repeat(58);
        out.println(rule);
        out.printf(Locale.ROOT, "%-10s %-12s %8s %12s%n", "Layer", "Activation", "Output", "Parameters");
        out.println(rule);
        out.printf(Locale.ROOT, "%-10s %-12s %8d %12s%n", "input", "", net.inputSize(), "0");
        long trainable = 0;
        for (Layer l : net.layers()) {
            String note = (l.trainable() ? "" : "frozen") + (l.inputDropout() > 0
                    ? (l.trainable() ? "" : ", ") + "dropout " + l.inputDropout() + " on its input" : "");
            out.printf(Locale.ROOT, "%-10s %-12s %8d %,12d%s%n", l.name(), l.activation().canonicalName(),
                    l.units(), l.parameterCount(), note.isEmpty() ? "" : "  " + note);
            trainable += l.trainable() ? l.parameterCount() : 0;
        }
        out.println(rule);
        out.printf(Locale.ROOT, "Total parameters: %,d (trainable %,d)%n", net.parameterCount(), trainable);
        out.printf(Locale.ROOT, "Loss: %s   Optimizer: %s%n", net.lossGiven() ? net.loss().displayName() : "none",
                describe(net.optimizer()));
        if (net.train().precision() == nnc.model.Precision.FLOAT32) {
            out.println("Precision: float32 (within float rounding of float64, not bit for bit)");
        }
    }

    /** The optimizer as the summary shows it: {@code sgd(lr=0.05, momentum=0.9)}. */
    public static String describe(Optimizer o) {
        if (o == null) {
            return "none (every layer is frozen)";
        }
        if (o instanceof Optimizer.Sgd sgd) {
            return String.format(Locale.ROOT, "sgd(lr=%s, momentum=%s%s)", sgd.lr(), sgd.momentum(),
                    sgd.nesterov() ? ", nesterov" : "");
        } else if (o instanceof Optimizer.Gd gd) {
            return String.format(Locale.ROOT, "gd(lr=%s, tolerance=%s)", gd.lr(), gd.tolerance());
        } else if (o instanceof Optimizer.RmsProp rms) {
            return String.format(Locale.ROOT, "rmsprop(lr=%s, rho=%s)", rms.lr(), rms.rho());
        } else if (o instanceof Optimizer.AdamW adamw) {
            return String.format(Locale.ROOT, "adamw(lr=%s, weight_decay=%s)", adamw.lr(), adamw.weightDecay());
        }
        return String.format(Locale.ROOT, "%s(lr=%s)", o.name(), o.lr());
    }

    public void data(Data data, int batch, int threads, boolean split) {
        out.printf(Locale.ROOT, "Data: %s; %s, batch %d%s%n", data.description, data.task.name()
                .toLowerCase(Locale.ROOT), batch, threads > 1 && split ? ", " + threads + " threads" : "");
        if (threads > 1 && !split) {
            out.printf(Locale.ROOT, "(threads = %d: batches of this network are too small to gain from being split; "
                    + "it trains on 1 thread)%n", threads);
        }
        out.println();
        afterBlank = true;
    }

    /**
     * One line per epoch, written on the training's own time: formatted by {@link #fixed} rather than
     * {@code String.format}, whose pattern parsing, run by the interpreter in the first epochs, took 16 ms of config
     * A's 200 ms of training (30 epochs, a fresh process).
     */
    public void epoch(Trainer.Epoch e, int epochs) {
        String count = String.valueOf(epochs);
        String number = String.valueOf(e.epoch());
        StringBuilder line = new StringBuilder("epoch ").append(" ".repeat(Math.max(0, 3 - number.length())))
                .append(number).append('/').append(count).append("  loss ").append(fixed(e.loss()));
        if (!Double.isNaN(e.accuracy())) {
            line.append("  acc ").append(fixed(e.accuracy()));
        }
        if (!Double.isNaN(e.valLoss())) {
            line.append("  val_loss ").append(fixed(e.valLoss()));
        }
        if (!Double.isNaN(e.valAccuracy())) {
            line.append("  val_acc ").append(fixed(e.valAccuracy()));
        }
        line.append("  ").append(Math.round(e.ms())).append(" ms");
        out.println(line);
        afterBlank = false;
    }

    /**
     * {@code v} with 4 decimals, as {@code String.format("%.4f", v)} writes it: half up from the shortest decimal
     * that reads back as v ({@link Double#toString}), a minus sign kept on values that round to zero, and NaN and
     * the infinities as Java writes them.
     */
    static String fixed(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        String digits = new java.math.BigDecimal(Double.toString(Math.abs(v)))
                .setScale(4, java.math.RoundingMode.HALF_UP).toPlainString();
        return (v < 0 || v == 0 && 1 / v < 0 ? "-" : "") + digits;
    }

    public void result(RunResult r) {
        if (r.training().stopReason() != null) {
            out.println(r.training().stopReason());
            afterBlank = false;
        }
        if (!afterBlank) {
            out.println();
        }
        test(r.test(), r.data().targets, r.data().test.rows(), r.model().lossGiven());
        out.printf(Locale.ROOT, "Timing: compile %.0f ms, train %.0f ms (%.1f ms/epoch, %,.0f samples/s)%n",
                r.compileMs(), r.training().trainMs(), r.msPerEpoch(), r.samplesPerSecond());
    }

    /**
     * The test figures: accuracy and confusion matrix, or the error metrics in the target's units (with one line
     * per output when there are several); the loss only where the model names one.
     */
    public void test(Metrics m, Targets targets, int n, boolean lossGiven) {
        String loss = lossGiven ? String.format(Locale.ROOT, "loss %.4f  ", m.loss()) : "";
        List<String> names = targets.names();
        if (targets.classification()) {
            long correct = Math.round(m.accuracy() * n);
            out.printf(Locale.ROOT, "Test: %saccuracy %.4f (%d/%d%s)%n", loss, m.accuracy(), correct, n,
                    targets.multiLabel() ? " rows with every label right" : "");
            if (targets.multiLabel()) {
                int width = width(names);
                for (int j = 0; j < names.size(); j++) {
                    out.printf(Locale.ROOT, "  %-" + width + "s  accuracy %.4f%n", names.get(j), m.accuracyEach()[j]);
                }
            } else {
                confusion(m.confusion());
            }
            return;
        }
        out.printf(Locale.ROOT, "Test: %smse %.4f  mae %.4f  r2 %.4f (%d rows%s)%n", loss, m.mse(), m.mae(), m.r2(),
                n, names.size() > 1 ? "; each the mean over " + names.size() + " outputs" : "");
        if (names.size() > 1) {
            int width = width(names);
            for (int j = 0; j < names.size(); j++) {
                out.printf(Locale.ROOT, "  %-" + width + "s  mse %.4f  mae %.4f  r2 %.4f%n", names.get(j),
                        m.mseEach()[j], m.maeEach()[j], m.r2Each()[j]);
            }
        }
    }

    private static int width(List<String> names) {
        return names.stream().mapToInt(String::length).max().orElse(1);
    }

    private void confusion(int[][] c) {
        out.println();
        out.println("Confusion matrix (rows: true class, columns: predicted class)");
        int width = 4;
        for (int[] row : c) {
            for (int v : row) {
                width = Math.max(width, String.valueOf(v).length() + 1);
            }
        }
        StringBuilder head = new StringBuilder("      ");
        for (int j = 0; j < c.length; j++) {
            head.append(String.format("%" + width + "d", j));
        }
        out.println(head);
        for (int i = 0; i < c.length; i++) {
            StringBuilder line = new StringBuilder(String.format("%5d ", i));
            for (int j = 0; j < c.length; j++) {
                line.append(String.format("%" + width + "d", c[i][j]));
            }
            out.println(line);
        }
    }
}
