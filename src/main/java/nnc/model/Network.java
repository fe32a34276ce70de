package nnc.model;

import java.nio.file.Path;
import java.util.List;

/**
 * A checked network: everything the code generator and the runtime need, nothing they must re-check.
 *
 * @param name       the model name (also the generated class name)
 * @param inputShape the {@code input} dims as written
 * @param layers     the dense layers in order; the last is the output layer
 * @param loss       the loss; a frozen model written without one has {@link Loss#NONE} ({@code lossGiven} is then
 *                   false and no loss figure is reported)
 * @param optimizer  the optimizer, or null when every layer is frozen
 * @param l1         l1 regularization strength (0: off)
 * @param l2         l2 regularization strength (0: off)
 * @param train      the train block (defaults filled in)
 * @param sourceDir  folder of the .nn file, against which relative data paths resolve
 * @param lossGiven  whether the file names a loss (a model whose layers are all frozen needs none)
 */
public record Network(String name, List<Integer> inputShape, List<Layer> layers, Loss loss, Optimizer optimizer,
                      double l1, double l2, TrainConfig train, Path sourceDir, boolean lossGiven) {

    /** A network whose file names its loss. */
    public Network(String name, List<Integer> inputShape, List<Layer> layers, Loss loss, Optimizer optimizer,
                   double l1, double l2, TrainConfig train, Path sourceDir) {
        this(name, inputShape, layers, loss, optimizer, l1, l2, train, sourceDir, true);
    }

    public int inputSize() {
        return layers.get(0).inputs();
    }

    public int outputSize() {
        return output().units();
    }

    public Layer output() {
        return layers.get(layers.size() - 1);
    }

    public long parameterCount() {
        return layers.stream().mapToLong(Layer::parameterCount).sum();
    }

    public boolean anyTrainable() {
        return layers.stream().anyMatch(Layer::trainable);
    }

    public boolean hasDropout() {
        return layers.stream().anyMatch(l -> l.inputDropout() > 0);
    }

    /** The first layer that needs a backward pass (layers before it are frozen and need no deltas). */
    public int firstTrainable() {
        for (Layer l : layers) {
            if (l.trainable()) {
                return l.index();
            }
        }
        return layers.size();
    }

    /** The task: explicit in the train block, else classification for class losses and built-in data. */
    public Task task(boolean builtinData) {
        if (train.task() != null) {
            return train.task();
        }
        return lossGiven && loss.impliesClassification() || builtinData ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    /** Returns a copy with a different train configuration (command-line overrides). */
    public Network withTrain(TrainConfig newTrain) {
        return new Network(name, inputShape, layers, loss, optimizer, l1, l2, newTrain, sourceDir, lossGiven);
    }

    public enum Task { CLASSIFICATION, REGRESSION }
}
