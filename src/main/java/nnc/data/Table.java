package nnc.data;

import java.util.List;

/**
 * Rows of numbers read from a data source, before any split: {@code features[row]} and the raw target values of
 * each row, {@code target[row][k]} for the k-th target column (none when the table was read without a target).
 * {@code rowNumbers[row]} is the row's 1-based line in its file and {@code targetColumns[k]} the 1-based column
 * of the k-th target (for messages).
 */
public record Table(String source, List<String> featureNames, double[][] features, double[][] target,
                    int[] rowNumbers, int[] targetColumns, List<String> targetNames) {
    public int rows() {
        return features.length;
    }

    public int columns() {
        return featureNames.size();
    }

    /** The number of target columns. */
    public int targets() {
        return targetColumns.length;
    }

    /** The rows at the given indices, in that order. */
    public Table select(int[] indices) {
        double[][] f = new double[indices.length][];
        double[][] t = new double[indices.length][];
        int[] lines = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            f[i] = features[indices[i]];
            t[i] = target[indices[i]];
            lines[i] = rowNumbers[indices[i]];
        }
        return new Table(source, featureNames, f, t, lines, targetColumns, targetNames);
    }
}
