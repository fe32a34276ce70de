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
