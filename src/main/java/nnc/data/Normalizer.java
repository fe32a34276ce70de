package nnc.data;

import nnc.model.TrainConfig.Normalize;

/**
 * Input normalization as {@code x' = (x − offset) · scale}, per feature, fitted on training rows only.
 * A feature that is constant on the training rows maps to 0 (minmax, standard).
 */
public record Normalizer(String kind, double[] offset, double[] scale) {

    public static Normalizer fit(Normalize spec, double[][] rows, int features) {
        double[] offset = new double[features];
        double[] scale = new double[features];
        switch (spec.kind()) {
            case NONE -> java.util.Arrays.fill(scale, 1);
            case SCALE -> java.util.Arrays.fill(scale, spec.factor());
            case MINMAX -> {
                for (int c = 0; c < features; c++) {
                    double min = Double.POSITIVE_INFINITY;
                    double max = Double.NEGATIVE_INFINITY;
                    for (double[] r : rows) {
                        min = Math.min(min, r[c]);
                        max = Math.max(max, r[c]);
                    }
                    offset[c] = min;
                    scale[c] = max > min ? 1 / (max - min) : 0;
                }
            }
            case STANDARD -> {
                for (int c = 0; c < features; c++) {
                    double mean = 0;
                    for (double[] r : rows) {
                        mean += r[c];
                    }
                    mean /= rows.length;
                    double var = 0;
                    for (double[] r : rows) {
                        var += (r[c] - mean) * (r[c] - mean);
                    }
                    double std = Math.sqrt(var / rows.length);
                    offset[c] = mean;
                    scale[c] = std > 0 ? 1 / std : 0;
                }
            }
        }
        return new Normalizer(spec.kind().name().toLowerCase(java.util.Locale.ROOT), offset, scale);
    }

    /**
     * The scaling of regression targets: as {@link #fit}, but a column that is constant on the training rows keeps
     * scale 1 (it maps to 0 and back), so that every scaled value maps back to the target's units.
     */
    public static Normalizer fitTarget(Normalize spec, double[][] rows, int columns) {
        Normalizer n = fit(spec, rows, columns);
        for (int c = 0; c < columns; c++) {
            if (n.scale[c] == 0) {
                n.scale[c] = 1;
            }
        }
        return n;
    }

    /** The identity on {@code columns} values. */
    public static Normalizer none(int columns) {
        return fit(new Normalize(Normalize.Kind.NONE, 1), new double[0][], columns);
    }

    /** Maps a normalized row back: {@code x = x' / scale + offset} (every scale must be non-zero). */
    public double[] invert(double[] y) {
        double[] x = new double[y.length];
        for (int c = 0; c < y.length; c++) {
            x[c] = y[c] / scale[c] + offset[c];
        }
        return x;
    }

    public double[] apply(double[] x) {
        double[] y = new double[x.length];
        for (int c = 0; c < x.length; c++) {
            y[c] = (x[c] - offset[c]) * scale[c];
        }
        return y;
    }

    public double[][] apply(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            out[r] = apply(rows[r]);
        }
        return out;
    }
}
