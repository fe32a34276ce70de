package nnc.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nnc.model.Layer;
import nnc.model.Network;

/** The report's drawings, each an inline SVG element: curves, histograms, heat maps, scatter plots, images. */
final class Charts {
    static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22", "#17becf"};
    private static final double W = 560;
    private static final double H = 300;
    private static final double LEFT = 64;
    private static final double RIGHT = 120;
    private static final double TOP = 30;
    private static final double BOTTOM = 44;

    private Charts() {
    }

    /** One curve: y over x; NaN values are left out. */
    record Series(String name, double[] xs, double[] ys) {
    }

    /** A plot area with its axes: data to pixel coordinates, ticks and titles drawn. */
    private static final class Frame {
        final Svg svg;
        final double x0;
        final double x1;
        final double y0;
        final double y1;
        final boolean logY;

        Frame(String title, String xTitle, String yTitle, double[] xRange, double[] yRange, boolean logY) {
            this.svg = new Svg(W, H, title);
            this.logY = logY;
            double[] xt = ticks(xRange[0], xRange[1]);
            double[] yt = logY ? logTicks(yRange[0], yRange[1]) : ticks(yRange[0], yRange[1]);
            x0 = Math.min(xRange[0], xt[0]);
            x1 = Math.max(xRange[1], xt[xt.length - 1]);
            y0 = logY ? Math.log10(yt[0]) : yt[0];
            y1 = logY ? Math.log10(yt[yt.length - 1]) : yt[yt.length - 1];
            svg.text(W / 2, 18, title, "middle", 14);
            svg.frame(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM, "#888");
            for (double t : xt) {
                double px = px(t);
                svg.line(px, H - BOTTOM, px, H - BOTTOM + 4, "#888", 1);
                svg.text(px, H - BOTTOM + 16, label(t), "middle", 11);
            }
            for (double t : yt) {
                double py = py(t);
                svg.line(LEFT, py, W - RIGHT, py, "#eee", 1);
                svg.text(LEFT - 6, py + 4, label(t), "end", 11);
            }
            svg.text(LEFT + (W - LEFT - RIGHT) / 2, H - 8, xTitle, "middle", 12);
            svg.verticalText(16, TOP + (H - TOP - BOTTOM) / 2, yTitle, 12);
        }

        double px(double x) {
            return LEFT + (x1 == x0 ? 0.5 : (x - x0) / (x1 - x0)) * (W - LEFT - RIGHT);
        }

        double py(double y) {
            double v = logY ? Math.log10(y) : y;
            return H - BOTTOM - (y1 == y0 ? 0.5 : (v - y0) / (y1 - y0)) * (H - TOP - BOTTOM);
        }

        void legend(int i, String name, String color) {
            double y = TOP + 8 + 18 * i;
            svg.line(W - RIGHT + 10, y, W - RIGHT + 30, y, color, 3);
            svg.text(W - RIGHT + 36, y + 4, name, "start", 12);
        }
    }

    /** Curves on shared axes; {@code logY} draws the values' logarithm (values ≤ 0 are then left out). */
    static String lines(String title, String xTitle, String yTitle, List<Series> series, boolean logY) {
        double[] xr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] yr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Series s : series) {
            for (int i = 0; i < s.xs().length; i++) {
                if (usable(s.ys()[i], logY)) {
                    extend(xr, s.xs()[i]);
                    extend(yr, s.ys()[i]);
                }
            }
        }
        if (xr[0] > xr[1]) {
            return "<p class=\"none\">no figures to draw</p>";
        }
        Frame f = new Frame(title, xTitle, yTitle, xr, yr, logY);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            double[] px = new double[s.xs().length];
            double[] py = new double[s.xs().length];
            for (int i = 0; i < px.length; i++) {
                boolean ok = usable(s.ys()[i], logY);
                px[i] = ok ? f.px(s.xs()[i]) : Double.NaN;
                py[i] = ok ? f.py(s.ys()[i]) : Double.NaN;
            }
            String color = COLORS[k % COLORS.length];
            f.svg.polyline(px, py, color, "series-" + cssName(s.name()));
            if (px.length == 1 && Double.isFinite(px[0])) {
                f.svg.circle(px[0], py[0], 3, color, color);
            }
            f.legend(k, s.name(), color);
        }
        return f.svg.render();
    }

    /** Two histograms over the same bins (for example a layer's weights at the start and at the end). */
    static String histogram(String title, double[] first, String firstName, double[] second, String secondName) {
        double[] range = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double v : first) {
            extend(range, v);
        }
        for (double v : second) {
            extend(range, v);
        }
        if (range[0] == range[1]) {
            range[0] -= 0.5;
            range[1] += 0.5;
        }
        int bins = 40;
        int[] a = bin(first, range, bins);
        int[] b = bin(second, range, bins);
        int max = 1;
        for (int i = 0; i < bins; i++) {
            max = Math.max(max, Math.max(a[i], b[i]));
        }
        Frame f = new Frame(title, "weight value", "weights", range, new double[] {0, max}, false);
        double step = (range[1] - range[0]) / bins;
        String[] fills = {"#1f77b499", "#ff7f0e99"};
        int[][] counts = {a, b};
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < bins; i++) {
                if (counts[k][i] > 0) {
                    double xl = f.px(range[0] + i * step);
                    double xr = f.px(range[0] + (i + 1) * step);
                    double yt = f.py(counts[k][i]);
                    f.svg.rect(xl, yt, Math.max(xr - xl - 0.5, 0.5), f.py(0) - yt, fills[k]);
                }
            }
        }
        f.legend(0, firstName, COLORS[0]);
        f.legend(1, secondName, COLORS[1]);
        return f.svg.render();
    }

    private static int[] bin(double[] values, double[] range, int bins) {
        int[] counts = new int[bins];
        for (double v : values) {
            int i = (int) ((v - range[0]) / (range[1] - range[0]) * bins);
            counts[Math.max(0, Math.min(bins - 1, i))]++;
        }
        return counts;
    }

    /** The confusion matrix as a heat map: each cell's colour is its share of its row (true class). */
    static String confusion(int[][] c) {
        int k = c.length;
        double cell = Math.max(18, Math.min(44, 440.0 / k));
        double left = 60;
        double top = 56;
        double size = cell * k;
        Svg svg = new Svg(left + size + 20, top + size + 20, "confusion matrix");
        svg.text(left + size / 2, 18, "predicted class", "middle", 12);
        svg.verticalText(16, top + size / 2, "true class", 12);
        for (int i = 0; i < k; i++) {
            long rowSum = 0;
            for (int v : c[i]) {
                rowSum += v;
            }
            svg.text(left + cell * i + cell / 2, top - 8, Integer.toString(i), "middle", 11);
            svg.text(left - 8, top + cell * i + cell / 2 + 4, Integer.toString(i), "end", 11);
            for (int j = 0; j < k; j++) {
                double share = rowSum == 0 ? 0 : c[i][j] / (double) rowSum;
                svg.rect(left + cell * j, top + cell * i, cell, cell, heat(share),
                        "true " + i + ", predicted " + j + ": " + c[i][j]);
                if (c[i][j] > 0 && cell >= 20) {
                    svg.text(left + cell * j + cell / 2, top + cell * i + cell / 2 + 4, Integer.toString(c[i][j]),
                            "middle", Math.min(12, cell / 2.6), share > 0.5 ? "#fff" : "#000");
                }
            }
        }
        svg.frame(left, top, size, size, "#888");
        return svg.render();
    }

    /** White to dark blue as {@code share} goes from 0 to 1. */
    static String heat(double share) {
        double s = Math.max(0, Math.min(1, share));
        int r = (int) Math.round(255 - s * (255 - 8));
        int g = (int) Math.round(255 - s * (255 - 48));
        int b = (int) Math.round(255 - s * (255 - 107));
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    /** Points (x, y), at most {@code limit} of them (evenly taken), with the line y = x when {@code diagonal}. */
    static String scatter(String title, String xTitle, String yTitle, double[] xs, double[] ys, boolean diagonal) {
        double[] xr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] yr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < xs.length; i++) {
            extend(xr, xs[i]);
            extend(yr, ys[i]);
        }
        if (diagonal) {
            double lo = Math.min(xr[0], yr[0]);
            double hi = Math.max(xr[1], yr[1]);
            xr = new double[] {lo, hi};
            yr = new double[] {lo, hi};
        }
        if (yr[0] > 0) {
            yr[0] = diagonal ? yr[0] : 0;
        }
        Frame f = new Frame(title, xTitle, yTitle, xr, yr, false);
        if (diagonal) {
            f.svg.line(f.px(f.x0), f.py(f.x0), f.px(f.x1), f.py(f.x1), "#d62728", 1);
        } else {
            f.svg.line(f.px(f.x0), f.py(0), f.px(f.x1), f.py(0), "#d62728", 1);
        }
        int limit = 3000;
        int step = Math.max(1, (xs.length + limit - 1) / limit);
        for (int i = 0; i < xs.length; i += step) {
            f.svg.circle(f.px(xs[i]), f.py(ys[i]), 2, "#1f77b4", "none");
        }
        return f.svg.render();
    }

    /**
     * An image of {@code rows × cols} values (row by row), {@code px} pixels a value, with a caption below. Gray:
     * {@code lo} is white and {@code hi} black; diverging: negative blue, zero white, positive red, scaled by the
     * largest magnitude.
     */
    static String image(double[] v, int rows, int cols, double px, boolean diverging, double lo, double hi,
                        String caption) {
        double captionHeight = caption.isEmpty() ? 0 : 14;
        Svg svg = new Svg(cols * px, rows * px + captionHeight, caption.isEmpty() ? "image" : caption);
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double x = v[r * cols + c];
                svg.rect(c * px, r * px, px, px, diverging ? diverging(max == 0 ? 0 : x / max) : gray(x, lo, hi));
            }
        }
        if (!caption.isEmpty()) {
            svg.text(cols * px / 2, rows * px + 11, caption, "middle", 10);
        }
        return svg.render();
    }

    static String gray(double x, double lo, double hi) {
        double t = hi > lo ? (x - lo) / (hi - lo) : 0;
        int g = (int) Math.round(255 * (1 - Math.max(0, Math.min(1, t))));
        return String.format(Locale.ROOT, "#%02x%02x%02x", g, g, g);
    }

    /** −1 blue, 0 white, +1 red. */
    static String diverging(double t) {
        double s = Math.max(-1, Math.min(1, t));
        int fade = (int) Math.round(255 * (1 - Math.abs(s)));
        return s >= 0 ? String.format(Locale.ROOT, "#ff%02x%02x", fade, fade)
                : String.format(Locale.ROOT, "#%02x%02xff", fade, fade);
    }

    /** Units at most this many are drawn one by one; wider layers as a block. */
    static final int MAX_DRAWN_UNITS = 16;

    /**
     * The network: one column per layer (input first), each unit a circle where the layer is small (lines for
     * every connection between two small layers) and a block where it is wide; under each, its name, size,
     * activation and parameter count.
     */
    static String network(Network net) {
        List<Layer> layers = net.layers();
        int columns = layers.size() + 1;
        double colWidth = 150;
        double top = 20;
        double height = 300;
        Svg svg = new Svg(colWidth * columns, top + height + 64, "the network: " + net.name());
        List<int[]> sizes = new ArrayList<>();
        sizes.add(new int[] {net.inputSize()});
        for (Layer l : layers) {
            sizes.add(new int[] {l.units()});
        }
        double[][] ys = new double[columns][];
        for (int c = 0; c < columns; c++) {
            int n = sizes.get(c)[0];
            if (n <= MAX_DRAWN_UNITS) {
                ys[c] = new double[n];
                for (int i = 0; i < n; i++) {
                    ys[c][i] = top + height * (i + 0.5) / n;
                }
            }
        }
        for (int c = 1; c < columns; c++) {
            double xa = colWidth * (c - 0.5);
            double xb = colWidth * (c + 0.5);
            if (ys[c - 1] != null && ys[c] != null) {
                for (double ya : ys[c - 1]) {
                    for (double yb : ys[c]) {
                        svg.line(xa, ya, xb, yb, "#bbb", 0.7);
                    }
                }
            } else {
                double[] a = span(ys[c - 1], sizes.get(c - 1)[0], top, height);
                double[] b = span(ys[c], sizes.get(c)[0], top, height);
                svg.line(xa + 20, a[0], xb - 20, b[0], "#bbb", 1);
                svg.line(xa + 20, a[1], xb - 20, b[1], "#bbb", 1);
                svg.line(xa + 20, (a[0] + a[1]) / 2, xb - 20, (b[0] + b[1]) / 2, "#bbb", 1);
            }
        }
        for (int c = 0; c < columns; c++) {
            double x = colWidth * (c + 0.5);
            int n = sizes.get(c)[0];
            String color = c == 0 ? "#dddddd" : c == columns - 1 ? "#ffbf80" : "#9ecae1";
            if (ys[c] != null) {
                double r = Math.min(12, height / n / 2.5);
                for (double y : ys[c]) {
                    svg.circle(x, y, r, color, "#555");
                }
            } else {
                double[] s = span(null, n, top, height);
                svg.rect(x - 20, s[0], 40, s[1] - s[0], color, n + " units");
                svg.frame(x - 20, s[0], 40, s[1] - s[0], "#555");
                svg.text(x, (s[0] + s[1]) / 2 + 4, Integer.toString(n), "middle", 12);
            }
            double y = top + height + 18;
            if (c == 0) {
                svg.text(x, y, "input", "middle", 13);
                svg.text(x, y + 16, shape(net), "middle", 11);
            } else {
                Layer l = layers.get(c - 1);
                svg.text(x, y, l.name(), "middle", 13);
                svg.text(x, y + 16, l.units() + " " + l.activation().canonicalName(), "middle", 11);
                svg.text(x, y + 31, String.format(Locale.ROOT, "%,d parameters", l.parameterCount())
                        + (l.trainable() ? "" : ", frozen"), "middle", 11);
            }
        }
        return svg.render();
    }

    /** The vertical extent of a column: its units' span, or a block whose height grows with the log of its size. */
    private static double[] span(double[] unitYs, int n, double top, double height) {
        if (unitYs != null) {
            return new double[] {unitYs[0], unitYs[unitYs.length - 1]};
        }
        double h = Math.min(height, height * (0.35 + 0.65 * Math.log(n) / Math.log(4096)));
        double mid = top + height / 2;
        return new double[] {mid - h / 2, mid + h / 2};
    }

    static String shape(Network net) {
        List<Integer> dims = net.inputShape();
        if (dims == null || dims.size() < 2) {
            return net.inputSize() + " features";
        }
        StringBuilder b = new StringBuilder();
        for (int d : dims) {
            b.append(b.length() == 0 ? "" : " × ").append(d);
        }
        return b + " = " + net.inputSize();
    }

    /** Round tick values (1, 2 or 5 times a power of ten) covering [lo, hi]. */
    static double[] ticks(double lo, double hi) {
        if (!(hi > lo)) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        double first = Math.floor(lo / step + 1e-9) * step;
        double last = Math.ceil(hi / step - 1e-9) * step;
        int n = (int) Math.round((last - first) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = clean(first + i * step);
        }
        return t;
    }

    /** Powers of ten covering [lo, hi] (both positive). */
    static double[] logTicks(double lo, double hi) {
        int a = (int) Math.floor(Math.log10(lo));
        int b = (int) Math.ceil(Math.log10(hi));
        if (b == a) {
            b++;
        }
        double[] t = new double[b - a + 1];
        for (int i = 0; i < t.length; i++) {
            t[i] = Math.pow(10, a + i);
        }
        return t;
    }

    private static double clean(double v) {
        return Math.abs(v) < 1e-12 ? 0 : Double.parseDouble(String.format(Locale.ROOT, "%.10g", v));
    }

    static String label(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.0e", v);
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static boolean usable(double y, boolean logY) {
        return Double.isFinite(y) && (!logY || y > 0);
    }

    private static void extend(double[] range, double v) {
        if (Double.isFinite(v)) {
            range[0] = Math.min(range[0], v);
            range[1] = Math.max(range[1], v);
        }
    }

    static String cssName(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
