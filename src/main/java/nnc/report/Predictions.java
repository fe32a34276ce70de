package nnc.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nnc.data.Targets;
import nnc.train.Metrics;

/**
 * What {@code nnc predict} prints, in one of three formats. {@code text}: one line per row, for people.
 * {@code csv}: a header, then one row per input row: the input's own target columns first where it has them,
 * then the prediction: the class and the probability of each class ({@code class,p0,p1,…}; {@code class,p1} for
 * a single sigmoid unit), each label's 0/1 prediction and probability, or the outputs ({@code predicted_NAME}).
 * {@code json}: one object with the model, the task, the output names and a {@code predictions} array.
 */
public final class Predictions {
    public enum Format { TEXT, CSV, JSON }

    private Predictions() {
    }

    /**
     * @param outputs one output row per input row, in the targets' units
     * @param known   the input's own target values, one row per input row, or null when it has none
     * @param knownNames the names of those target columns
     */
    public static String render(Format format, String model, Targets targets, double[][] outputs, double[][] known,
                                List<String> knownNames) {
        return switch (format) {
            case TEXT -> text(targets, outputs, known);
            case CSV -> csv(targets, outputs, known, knownNames);
            case JSON -> json(model, targets, outputs, known, knownNames);
        };
    }

    private static String text(Targets targets, double[][] outputs, double[][] known) {
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < outputs.length; r++) {
            double[] y = outputs[r];
            if (outputs.length > 1) {
                s.append(String.format(Locale.ROOT, "row %d: ", r + 1));
            }
            if (targets.classification() && !targets.multiLabel()) {
                int c = Metrics.predictedClass(y);
                double p = y.length == 1 ? (c == 1 ? y[0] : 1 - y[0]) : y[c];
                s.append(String.format(Locale.ROOT, "class %d (p = %.4f)", c, p));
                if (y.length > 1) {
                    s.append("  probabilities:");
                    for (double v : y) {
                        s.append(String.format(Locale.ROOT, " %.4f", v));
                    }
                }
            } else if (targets.multiLabel()) {
                for (int j = 0; j < y.length; j++) {
                    s.append(j > 0 ? "  " : "").append(String.format(Locale.ROOT, "%s %d (p = %.4f)",
                            targets.names().get(j), y[j] > 0.5 ? 1 : 0, y[j]));
                }
            } else {
                for (int j = 0; j < y.length; j++) {
                    s.append(j > 0 ? " " : "").append(String.format(Locale.ROOT, "%.6g", y[j]));
                }
            }
            if (known != null) {
                s.append("  (target");
                for (double v : known[r]) {
                    s.append(' ').append(number(v));
                }
                s.append(')');
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** The prediction columns' names. */
    static List<String> header(Targets targets, int outputs) {
        List<String> h = new ArrayList<>();
        if (targets.classification() && !targets.multiLabel()) {
            h.add("class");
            for (int c = outputs == 1 ? 1 : 0; c < Math.max(2, outputs); c++) {
                h.add("p" + c);
            }
        } else if (targets.multiLabel()) {
            for (String n : targets.names()) {
                h.add("predicted_" + column(n));
            }
            for (String n : targets.names()) {
                h.add("p_" + column(n));
            }
        } else {
            for (String n : targets.names()) {
                h.add("predicted_" + column(n));
            }
        }
        return h;
    }

    private static String csv(Targets targets, double[][] outputs, double[][] known, List<String> knownNames) {
        StringBuilder s = new StringBuilder();
        List<String> header = new ArrayList<>();
        if (known != null) {
            knownNames.forEach(n -> header.add(column(n)));
        }
        header.addAll(header(targets, outputs.length == 0 ? targets.outputs() : outputs[0].length));
        s.append(String.join(",", header)).append('\n');
        for (int r = 0; r < outputs.length; r++) {
            List<String> cells = new ArrayList<>();
            if (known != null) {
                for (double v : known[r]) {
                    cells.add(number(v));
                }
            }
            double[] y = outputs[r];
            if (targets.classification() && !targets.multiLabel()) {
                cells.add(String.valueOf(Metrics.predictedClass(y)));
            } else if (targets.multiLabel()) {
                for (double v : y) {
                    cells.add(v > 0.5 ? "1" : "0");
                }
            }
            for (double v : y) {
                cells.add(number(v));
            }
            s.append(String.join(",", cells)).append('\n');
        }
        return s.toString();
    }

    private static String json(String model, Targets targets, double[][] outputs, double[][] known,
                               List<String> knownNames) {
        JsonObject o = new JsonObject();
        o.addProperty("model", model);
        o.addProperty("task", targets.classification() ? "classification" : "regression");
        JsonArray names = new JsonArray();
        targets.names().forEach(names::add);
        o.add("targets", names);
        JsonArray rows = new JsonArray();
        for (int r = 0; r < outputs.length; r++) {
            JsonObject p = new JsonObject();
            double[] y = outputs[r];
            if (targets.classification() && !targets.multiLabel()) {
                p.addProperty("class", Metrics.predictedClass(y));
                p.add("probabilities", array(y.length == 1 ? new double[] {1 - y[0], y[0]} : y));
            } else if (targets.multiLabel()) {
                JsonArray labels = new JsonArray();
                for (double v : y) {
                    labels.add(v > 0.5 ? 1 : 0);
                }
                p.add("labels", labels);
                p.add("probabilities", array(y));
            } else {
                p.add("outputs", array(y));
            }
            if (known != null) {
                p.add("target", array(known[r]));
            }
            rows.add(p);
        }
        o.add("predictions", rows);
        return JsonReport.json(o) + "\n";
    }

    private static JsonArray array(double[] values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    /** A number as Java writes it, exactly (whole numbers without ".0"). */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** A name fit for a CSV header cell: no commas, quotes or line breaks. */
    private static String column(String name) {
        return name.replaceAll("[,\"\\r\\n]", "_");
    }
}
