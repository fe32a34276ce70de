package nnc.api;

import java.util.Arrays;

/**
 * A multilayer-perceptron classifier with scikit-learn's defaults (see {@link MLP}): relu hidden layers; for two
 * classes one logistic output and the binary log loss, for more a softmax output and the log loss; Adam.
 * Classes are the labels 0..K−1, K = the largest label in the training data + 1 (at least 2).
 *
 * <pre>{@code
 * MLPClassifier m = new MLPClassifier(new int[] {64}, 0.001, 50);
 * m.train(X, labels);
 * int[] predicted = m.predict(Xtest);
 * double accuracy = m.score(Xtest, labelsTest);
 * }</pre>
 */
public final class MLPClassifier extends MLP<MLPClassifier> {
    /** One hidden layer of 100 units, learning rate 0.001, 10 epochs. */
    public MLPClassifier() {
        this(new int[] {100}, 0.001, 10);
    }

    /** Hidden layer sizes in order, Adam's step size, and epochs; see {@link MLP} for the defaults of the rest. */
    public MLPClassifier(int[] hiddenLayerSizes, double learningRate, int maxIter) {
        super(hiddenLayerSizes, learningRate, maxIter);
    }

    /**
     * Trains a new model on raw rows and their labels 0..K−1 (previous training is discarded).
     *
     * @throws NncException when a label is negative, the rows are ragged or hold a value that is not finite, or
     *                      training diverges
     */
    public MLPClassifier train(double[][] X, int[] y) {
        checkLength(X, y == null ? -1 : y.length);
        int min = Arrays.stream(y).min().orElse(0);
        if (min < 0) {
            throw Model.usage("label " + min + " is negative: labels are class numbers 0..K-1");
        }
        int classes = Math.max(2, Arrays.stream(y).max().orElse(0) + 1);
        String text = classes == 2
                ? modelText("MLPClassifier", X[0].length, 1, "logistic", "binary_cross_entropy", X.length)
                : modelText("MLPClassifier", X[0].length, classes, "softmax", "cross_entropy", X.length);
        trained = fitModel(text).train(X, y);
        return this;
    }

    /** The predicted class of each raw row. */
    public int[] predict(double[][] X) {
        return fitted().predictClasses(X);
    }

    /** Class probabilities: one row of K values per raw row (for two classes: P(0), P(1)). */
    public double[][] predictProba(double[][] X) {
        double[][] out = fitted().predict(X);
        if (out.length > 0 && out[0].length == 1) {
            for (int r = 0; r < out.length; r++) {
                out[r] = new double[] {1 - out[r][0], out[r][0]};
            }
        }
        return out;
    }

    /** The fraction of rows whose predicted class is their label. */
    public double score(double[][] X, int[] y) {
        return fitted().evaluate(X, y).accuracy();
    }
}
