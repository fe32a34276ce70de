package nnc.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nnc.data.Data;
import nnc.data.Normalizer;
import nnc.model.Layer;
import nnc.model.Network;
import nnc.train.Metrics;
import nnc.train.Net;
import nnc.train.RunResult;
import nnc.train.Trainer;

/**
 * The training report page of {@code nnc run --report}: one self-contained HTML file (inline style and SVG, no
 * script, nothing fetched from elsewhere) drawn from the run's own figures.
 */
public final class HtmlReport {
    /** Misclassified test samples drawn, at most. */
    static final int MISCLASSIFIED = 32;
    /** First-layer units drawn as images, at most. */
    static final int UNIT_IMAGES = 256;

    private final StringBuilder page = new StringBuilder(1 << 16);
    private final RunResult run;
    private final Net net;
    private final Recording recording;

    private Network model() {
        return run.model();
    }

    private Data data() {
        return run.data();
    }

    private HtmlReport(RunResult run, Net net, Recording recording) {
        this.run = run;
        this.net = net;
        this.recording = recording;
    }

    /**
     * The page.
     *
     * @param run       the finished run
     * @param source    the .nn file's name as the user gave it
     * @param net       the trained net (its weights are the end weights)
     * @param recording the start weights and gradient norms, or null when there was no training
     * @param explain   the derivation text of {@code nnc explain}, or null
     */
    public static String render(RunResult run, String source, Net net, Recording recording, String explain) {
        return new HtmlReport(run, net, recording).build(source, explain);
    }

    private String build(String source, String explain) {
        String title = "nnc report: " + model().name();
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>").append(STYLE).append("</style></head>\n<body>\n");
        page.append("<h1>").append(esc(model().name())).append("</h1>\n<p class=\"sub\">").append(esc(source))
                .append(" · ").append(esc(data().description)).append(" · ")
                .append(esc(data().task.name().toLowerCase(Locale.ROOT))).append("</p>\n");
        headline();
        modelSection();
        trainingSection();
        testSection();
        if (model().inputShape() != null && model().inputShape().size() == 2) {
            imageSections();
        }
        weightSections();
        if (explain != null) {
            section("explain", "The derivation for this network");
            page.append("<pre>").append(esc(explain)).append("</pre>\n");
        }
        timingSection();
        page.append("</body></html>\n");
        return page.toString();
    }

    private void headline() {
        Metrics m = run.test();
        page.append("<p class=\"headline\" id=\"headline\">");
        if (data().task == Network.Task.CLASSIFICATION) {
            page.append(String.format(Locale.ROOT, "test accuracy <b>%.4f</b>", m.accuracy()));
            if (model().lossGiven()) {
                page.append(String.format(Locale.ROOT, " · test loss %.4f", m.loss()));
            }
        } else {
            page.append(String.format(Locale.ROOT, "test R² <b>%.4f</b> · MSE %.4g · MAE %.4g", m.r2(), m.mse(),
                    m.mae()));
        }
        page.append(String.format(Locale.ROOT, " · %d epochs · %,d parameters</p>%n", run.training().epochsRun(),
                model().parameterCount()));
    }

    private void modelSection() {
        section("model", "The model");
        page.append("<table class=\"num\" id=\"summary\"><tr><th>layer</th><th>activation</th><th>output</th><th>parameters</th>"
                + "<th>notes</th></tr>\n");
        row("input", "", Integer.toString(model().inputSize()), "0", Charts.shape(model()));
        for (Layer l : model().layers()) {
            String notes = (l.trainable() ? "" : "frozen ") + (l.inputDropout() > 0 ? "dropout " + l.inputDropout()
                    + " on its input " : "") + (l.hasBias() ? "" : "no bias ") + "(line " + l.line() + ")";
            row(l.name(), l.activation().canonicalName(), Integer.toString(l.units()),
                    String.format(Locale.ROOT, "%,d", l.parameterCount()), notes.trim());
        }
        page.append("</table>\n<p>loss ").append(esc(model().lossGiven() ? model().loss().displayName() : "none"))
                .append(" · optimizer ").append(esc(optimizer())).append(regularization()).append("</p>\n");
        page.append("<div class=\"figure\" id=\"network\">").append(Charts.network(model())).append("</div>\n");
    }

    private String optimizer() {
        return nnc.report.Report.describe(model().optimizer());
    }

    private String regularization() {
        String s = (model().l2() > 0 ? " · l2(" + plain(model().l2()) + ")" : "")
                + (model().l1() > 0 ? " · l1(" + plain(model().l1()) + ")" : "");
        return esc(s);
    }

    private void trainingSection() {
        List<Trainer.Epoch> h = run.training().history();
        section("training", "Training");
        if (h.isEmpty()) {
            page.append("<p>").append(esc(String.valueOf(run.training().stopReason()))).append("</p>\n");
            return;
        }
        double[] epochs = h.stream().mapToDouble(Trainer.Epoch::epoch).toArray();
        boolean validation = !data().validation.isEmpty();
        List<Charts.Series> loss = new ArrayList<>();
        loss.add(new Charts.Series("training", epochs, h.stream().mapToDouble(Trainer.Epoch::loss).toArray()));
        if (validation) {
            loss.add(new Charts.Series("validation", epochs, h.stream().mapToDouble(Trainer.Epoch::valLoss).toArray()));
        }
        page.append("<div class=\"row\"><div class=\"figure\" id=\"loss-curve\">")
                .append(Charts.lines("loss", "epoch", "loss", loss, false)).append("</div>\n");
        if (data().task == Network.Task.CLASSIFICATION) {
            List<Charts.Series> acc = new ArrayList<>();
            acc.add(new Charts.Series("training", epochs, h.stream().mapToDouble(Trainer.Epoch::accuracy).toArray()));
            if (validation) {
                acc.add(new Charts.Series("validation", epochs,
                        h.stream().mapToDouble(Trainer.Epoch::valAccuracy).toArray()));
            }
            page.append("<div class=\"figure\" id=\"accuracy-curve\">")
                    .append(Charts.lines("accuracy", "epoch", "accuracy", acc, false)).append("</div>\n");
        }
        page.append("<div class=\"figure\" id=\"lr-curve\">").append(Charts.lines("learning rate", "epoch", "lr",
                List.of(new Charts.Series("lr", epochs, h.stream().mapToDouble(Trainer.Epoch::lr).toArray())), false))
                .append("</div></div>\n");
        if (run.training().stopReason() != null) {
            page.append("<p>").append(esc(run.training().stopReason())).append("</p>\n");
        }
        page.append("<details id=\"epochs\"><summary>per-epoch figures</summary>\n<table class=\"num\"><tr>"
                + "<th>epoch</th><th>loss</th>");
        boolean cls = data().task == Network.Task.CLASSIFICATION;
        page.append(cls ? "<th>accuracy</th>" : "").append(validation ? "<th>validation loss</th>" : "")
                .append(validation && cls ? "<th>validation accuracy</th>" : "").append("<th>lr</th><th>ms</th></tr>\n");
        for (Trainer.Epoch e : h) {
            page.append("<tr><td>").append(e.epoch()).append("</td>").append(cell("%.4f", e.loss()));
            page.append(cls ? cell("%.4f", e.accuracy()) : "").append(validation ? cell("%.4f", e.valLoss()) : "")
                    .append(validation && cls ? cell("%.4f", e.valAccuracy()) : "").append(cell("%.4g", e.lr()))
                    .append(cell("%.1f", e.ms())).append("</tr>\n");
        }
        page.append("</table></details>\n");
    }

    private void testSection() {
        section("test", "Test results");
        if (data().task == Network.Task.CLASSIFICATION && run.test().confusion() == null) {
            page.append("<p>Independent 0/1 labels: the test figures per label are in the text report.</p>\n");
        } else if (data().task == Network.Task.CLASSIFICATION) {
            int[][] c = run.test().confusion();
            page.append("<div class=\"row\"><div class=\"figure\" id=\"confusion\">").append(Charts.confusion(c))
                    .append("</div>\n<div><table class=\"num\" id=\"per-class\"><tr><th>class</th><th>precision</th>"
                            + "<th>recall</th><th>F1</th><th>test rows</th></tr>\n");
            for (int j = 0; j < c.length; j++) {
                double[] prf = precisionRecallF1(c, j);
                long support = 0;
                for (int v : c[j]) {
                    support += v;
                }
                page.append("<tr><td>").append(j).append("</td>").append(cell("%.4f", prf[0]))
                        .append(cell("%.4f", prf[1])).append(cell("%.4f", prf[2])).append("<td>").append(support)
                        .append("</td></tr>\n");
            }
            page.append("</table></div></div>\n");
        } else {
            double[][] out = outputs(data().test);
            List<Double> truth = new ArrayList<>();
            List<Double> predicted = new ArrayList<>();
            for (int r = 0; r < out.length; r++) {
                double[] y = data().targets.toTargetUnits(out[r]);
                for (int j = 0; j < y.length; j++) {
                    truth.add(data().test.values()[r][j]);
                    predicted.add(y[j]);
                }
            }
            double[] t = truth.stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = predicted.stream().mapToDouble(Double::doubleValue).toArray();
            double[] residual = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                residual[i] = y[i] - t[i];
            }
            page.append("<div class=\"row\"><div class=\"figure\" id=\"predicted-vs-true\">")
                    .append(Charts.scatter("predicted against true", "true value", "predicted", t, y, true))
                    .append("</div>\n<div class=\"figure\" id=\"residuals\">")
                    .append(Charts.scatter("residuals", "true value", "predicted − true", t, residual, false))
                    .append("</div></div>\n");
        }
    }

    /** Precision, recall and F1 of class {@code j} (NaN where undefined: no row predicted or none true). */
    static double[] precisionRecallF1(int[][] c, int j) {
        long predicted = 0;
        long actual = 0;
        for (int i = 0; i < c.length; i++) {
            predicted += c[i][j];
            actual += c[j][i];
        }
        double p = predicted == 0 ? Double.NaN : c[j][j] / (double) predicted;
        double r = actual == 0 ? Double.NaN : c[j][j] / (double) actual;
        double f = p + r > 0 ? 2 * p * r / (p + r) : Double.NaN;
        return new double[] {p, r, f};
    }

    private void imageSections() {
        int rows = model().inputShape().get(0);
        int cols = model().inputShape().get(1);
        double px = Math.max(2, Math.min(8, 64.0 / Math.max(rows, cols)));
        double[][] raw = raw(data().test.x(), data().normalizer);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] r : raw) {
            for (double v : r) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (data().test.labels() != null) {
            double[][] out = outputs(data().test);
            section("misclassified", "Misclassified test samples");
            page.append("<p>The first test rows the network gets wrong, in the order of the test data: true class → "
                    + "predicted class (its probability).</p>\n<div class=\"gallery\">");
            int shown = 0;
            for (int r = 0; r < out.length && shown < MISCLASSIFIED; r++) {
                int predicted = Metrics.predictedClass(out[r]);
                int label = data().test.labels()[r];
                if (predicted != label) {
                    double p = out[r].length == 1 ? (predicted == 1 ? out[r][0] : 1 - out[r][0]) : out[r][predicted];
                    page.append("<div class=\"sample\">").append(Charts.image(raw[r], rows, cols, px, false, lo, hi,
                            String.format(Locale.ROOT, "%d → %d (%.2f)", label, predicted, p))).append("</div>");
                    shown++;
                }
            }
            page.append("</div>\n");
            if (shown == 0) {
                page.append("<p>None: every test row is classified correctly.</p>\n");
            }
        }
        section("first-layer", "What each first-layer unit looks at");
        double[][] w = net.weights(0);
        page.append("<p>The weights of each unit of ").append(model().layers().get(0).name())
                .append(" laid out as the input image: red adds to the unit's sum, blue subtracts.")
                .append(w.length > UNIT_IMAGES ? " The first " + UNIT_IMAGES + " of " + w.length + " units." : "")
                .append("</p>\n<div class=\"gallery\">");
        for (int u = 0; u < Math.min(w.length, UNIT_IMAGES); u++) {
            page.append("<div class=\"unit\">").append(Charts.image(w[u], rows, cols, px * 0.75, true, 0, 0,
                    "unit " + (u + 1))).append("</div>");
        }
        page.append("</div>\n");
    }

    /** The rows in the data's own units: normalization undone (a column constant in training shows its value). */
    static double[][] raw(double[][] x, Normalizer n) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = new double[x[r].length];
            for (int c = 0; c < x[r].length; c++) {
                out[r][c] = n.scale()[c] == 0 ? n.offset()[c] : x[r][c] / n.scale()[c] + n.offset()[c];
            }
        }
        return out;
    }

    private void weightSections() {
        section("weights", "Weights at the start and at the end");
        page.append("<div class=\"row\">");
        for (Layer l : model().layers()) {
            double[] end = flatten(net.weights(l.index()));
            double[] start = recording == null ? end : flatten(recording.startWeights(l.index()));
            page.append("<div class=\"figure\" id=\"hist-").append(l.name()).append("\">")
                    .append(Charts.histogram(l.name() + " weights (" + l.units() + " × " + l.inputs() + ")", start,
                            "start", end, "end")).append("</div>\n");
        }
        page.append("</div>\n");
        if (recording != null && !recording.gradientNorms().isEmpty()) {
            section("gradients", "Gradient norm per epoch");
            page.append("<p>‖∂J/∂W‖ of each layer (weights and bias together), for the last batch of each epoch.</p>\n");
            List<double[]> g = recording.gradientNorms();
            double[] epochs = new double[g.size()];
            for (int e = 0; e < epochs.length; e++) {
                epochs[e] = e + 1;
            }
            List<Charts.Series> series = new ArrayList<>();
            for (Layer l : model().layers()) {
                if (l.trainable()) {
                    series.add(new Charts.Series(l.name(), epochs, g.stream().mapToDouble(v -> v[l.index()])
                            .toArray()));
                }
            }
            page.append("<div class=\"figure\" id=\"gradient-norms\">")
                    .append(Charts.lines("gradient norm", "epoch", "‖∂J/∂W‖ (log scale)", series, true))
                    .append("</div>\n");
        }
    }

    private void timingSection() {
        section("timing", "Timing");
        page.append(String.format(Locale.ROOT, "<p>compile %.0f ms · train %.0f ms (%.1f ms per epoch, %,.0f samples "
                + "per second, %d thread%s)</p>%n", run.compileMs(), run.training().trainMs(), run.msPerEpoch(),
                run.samplesPerSecond(), run.threads(), run.threads() == 1 ? "" : "s"));
        if (run.phases() != null && !run.phases().isEmpty()) {
            page.append("<table class=\"num\"><tr><th>phase</th><th>ms</th></tr>\n");
            for (Map.Entry<String, Double> e : run.phases().entrySet()) {
                page.append("<tr><td>").append(esc(e.getKey())).append("</td>").append(cell("%.0f", e.getValue()))
                        .append("</tr>\n");
            }
            page.append("</table>\n");
        }
    }

    /** The net's outputs for every row of a part (evaluation mode). */
    private double[][] outputs(Data.Part part) {
        int n = part.rows();
        int cap = net.capacity();
        double[][] out = new double[n][net.outputSize()];
        double[][] xb = new double[cap][];
        double[][] ob = new double[cap][];
        for (int from = 0; from < n; from += cap) {
            int rows = Math.min(cap, n - from);
            System.arraycopy(part.x(), from, xb, 0, rows);
            System.arraycopy(out, from, ob, 0, rows);
            net.predict(xb, rows, ob);
        }
        return out;
    }

    private static double[] flatten(double[][] w) {
        int n = 0;
        for (double[] r : w) {
            n += r.length;
        }
        double[] f = new double[n];
        int k = 0;
        for (double[] r : w) {
            System.arraycopy(r, 0, f, k, r.length);
            k += r.length;
        }
        return f;
    }

    private void section(String id, String title) {
        page.append("<h2 id=\"").append(id).append("\">").append(esc(title)).append("</h2>\n");
    }

    private void row(String... cells) {
        page.append("<tr>");
        for (String c : cells) {
            page.append("<td>").append(esc(c)).append("</td>");
        }
        page.append("</tr>\n");
    }

    private static String cell(String format, double v) {
        return "<td>" + (Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v)) + "</td>";
    }

    /** A number as written in a .nn file: {@code 0.0001}, not {@code 1.0E-4}. */
    static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String esc(String s) {
        return Svg.text(s);
    }

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;"
            + "padding:0 1em;color:#222}h1{margin-bottom:0}.sub{color:#666;margin-top:.2em}"
            + ".headline{font-size:1.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}"
            + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.2em .6em}"
            + "th{background:#f4f4f4}table.num td{text-align:right}#summary td:nth-child(-n+2),#summary td:last-child"
            + "{text-align:left}.row{display:flex;flex-wrap:wrap;gap:1em;"
            + "align-items:flex-start}.figure svg{max-width:100%;height:auto}svg text{font-family:system-ui,"
            + "sans-serif}.gallery{display:flex;flex-wrap:wrap;gap:.6em}.sample,.unit{text-align:center}"
            + "pre{background:#f8f8f8;padding:1em;overflow-x:auto;font-size:.9em}summary{cursor:pointer}";
}
