package nnc.api;

/**
 * A multilayer-perceptron regressor with scikit-learn's defaults (see {@link MLP}): relu hidden layers, an
 * identity output, the squared error, Adam.
 *
 * <pre>{@code
 * MLPRegressor m = new MLPRegressor(new int[] {32}, 0.01, 200);
 * m.train(X, y);
 * double r2 = m.score(Xtest, ytest);
 * }</pre>
 */
public final class MLPRegressor extends MLP<MLPRegressor> {
    /** One hidden layer of 100 units, learning rate 0.001, 10 epochs. */
    public MLPRegressor() {
        this(new int[] {100}, 0.001, 10);
    }

    /** Hidden layer sizes in order, Adam's step size, and epochs; see {@link MLP} for the defaults of the rest. */
    public MLPRegressor(int[] hiddenLayerSizes, double learningRate, int maxIter) {
        super(hiddenLayerSizes, learningRate, maxIter);
    }

    /**
     * Trains a new model on raw rows and their target values (previous training is discarded).
     *
     * @throws NncException when the rows are ragged, hold a value that is not finite, or training diverges
     */
    public MLPRegressor train(double[][] X, double[] y) {
        checkLength(X, y == null ? -1 : y.length);
        Model model = fitModel(modelText("MLPRegressor", X[0].length, 1, "identity", "mse", X.length));
        trained = model.train(X, y);
        return this;
    }

    /** The predicted value of each raw row. */
    public double[] predict(double[][] X) {
        double[][] out = fitted().predict(X);
        double[] y = new double[out.length];
        for (int r = 0; r < y.length; r++) {
            y[r] = out[r][0];
        }
        return y;
    }

    /** The coefficient of determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² on these rows. */
    public double score(double[][] X, double[] y) {
        return fitted().evaluate(X, y).r2();
    }
}
