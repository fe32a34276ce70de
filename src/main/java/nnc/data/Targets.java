package nnc.data;

import java.util.List;
import nnc.model.Network;

/**
 * How a network's outputs relate to the targets of its data: the task, the number of classes, whether several 0/1
 * labels are predicted independently, the target columns' names, and the scaling of regression targets (the
 * network learns {@code (t − offset) · scale}; its outputs map back through {@link Normalizer#invert}).
 *
 * @param task       classification or regression
 * @param outputs    the network's output units
 * @param classes    classes of a single-label classification (at least 2); 2 for independent labels; 0 for
 *                   regression
 * @param multiLabel several independent 0/1 labels, one per output unit
 * @param names      the target columns' names, one per output (a single class label has one)
 * @param scaler     the regression targets' scaling ({@code none} for classification)
 */
public record Targets(Network.Task task, int outputs, int classes, boolean multiLabel, List<String> names, Normalizer scaler) {

    public boolean classification() {
        return task == Network.Task.CLASSIFICATION;
    }

    /** The network's output row in the target's own units (a copy; classification outputs are returned as is). */
    public double[] toTargetUnits(double[] y) {
        return classification() ? y.clone() : scaler.invert(y);
    }
}
