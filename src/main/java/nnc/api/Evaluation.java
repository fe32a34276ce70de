package nnc.api;

import nnc.train.Metrics;

/**
 * Figures of a trained model on a set of rows (evaluation mode: no dropout).
 *
 * @param rows      the number of rows
 * @param loss      the mean loss, without regularization; NaN for a model without a loss (every layer frozen)
 * @param accuracy  the fraction of rows classified right (classification; NaN for regression)
 * @param confusion {@code confusion[actual][predicted]} row counts (classification; null for regression)
 * @param mse       the mean squared error (regression; NaN for classification)
 * @param mae       the mean absolute error (regression; NaN for classification)
 * @param r2        the coefficient of determination R² (regression; NaN for classification or constant targets)
 */
public record Evaluation(int rows, double loss, double accuracy, int[][] confusion, double mse, double mae,
                         double r2) {
    static Evaluation of(Metrics m, int rows, boolean lossGiven) {
        return new Evaluation(rows, lossGiven ? m.loss() : Double.NaN, m.accuracy(), m.confusion(), m.mse(), m.mae(),
                m.r2());
    }
}
