package nnc.api;

import nnc.data.Targets;
import nnc.train.Metrics;

/**
 * Figures of saved weights on labelled rows, as {@code nnc evaluate} reports them (see {@link Model#evaluate}).
 *
 * @param metrics the figures, in the form the reports print
 * @param targets how the outputs relate to the targets
 * @param rows    the rows evaluated
 */
public record Scores(Metrics metrics, Targets targets, int rows) {
    /** The figures as an {@link Evaluation}. */
    public Evaluation evaluation(boolean lossGiven) {
        return Evaluation.of(metrics, rows, lossGiven);
    }
}
