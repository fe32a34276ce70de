package nnc.api;

import java.util.Locale;

/**
 * What {@link MLPRegressor} and {@link MLPClassifier} share: a multilayer perceptron configured as
 * scikit-learn's {@code MLPRegressor} / {@code MLPClassifier} are by default — relu hidden layers, Adam with the
 * learning rate as its step size (β₁ 0.9, β₂ 0.999, ε 1e-8), mini-batches of min(200, n) shuffled rows,
 * {@code maxIter} epochs, an l2 penalty α = 1e-4 on the weights, Glorot-uniform starting weights, no input
 * scaling. It writes a {@code .nn} model for the data it is given ({@link #toNn()}) and trains the class nnc
 * generates for it. Differences from scikit-learn: biases start at 0, and every epoch runs (no tolerance stop).
 * Setters return {@code this}, so they chain.
 *
 * @param <S> the estimator's own type, which the setters return
 */
public abstract sealed class MLP<S extends MLP<S>> permits MLPRegressor, MLPClassifier {
    private final int[] hiddenLayerSizes;
    private final double learningRate;
    private final int maxIter;
    private String activation = "relu";
    private double alpha = 1e-4;
    private int batchSize;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private boolean shuffle = true;
    private long seed = 1;
    private String scaling = "none";
    private int threads = 1;
    private String nn;
    TrainedModel trained;

    MLP(int[] hiddenLayerSizes, double learningRate, int maxIter) {
        if (hiddenLayerSizes == null) {
            throw Model.usage("hiddenLayerSizes is null");
        }
        for (int h : hiddenLayerSizes) {
            if (h < 1) {
                throw Model.usage("every hidden layer needs at least 1 unit, not " + h);
            }
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw Model.usage("learningRate must be a positive number, not " + learningRate);
        }
        if (maxIter < 1) {
            throw Model.usage("maxIter must be at least 1, not " + maxIter);
        }
        this.hiddenLayerSizes = hiddenLayerSizes.clone();
        this.learningRate = learningRate;
        this.maxIter = maxIter;
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** The hidden layers' activation: {@code relu} (the default), {@code tanh}, {@code logistic} or {@code identity}. */
    public S setActivation(String name) {
        switch (name) {
            case "relu", "tanh", "logistic", "identity" -> activation = name;
            default -> throw Model.usage("activation " + name + ": use relu, tanh, logistic or identity");
        }
        return self();
    }

    /** The l2 penalty α on the weights (default 1e-4), as scikit-learn scales it: α/(2·batch rows)·Σw². */
    public S setAlpha(double alpha) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw Model.usage("alpha must be 0 or more, not " + alpha);
        }
        this.alpha = alpha;
        return self();
    }

    /** Rows per mini-batch; 0 (the default) means min(200, n). */
    public S setBatchSize(int rows) {
        if (rows < 0) {
            throw Model.usage("batchSize must be 0 (automatic) or more, not " + rows);
        }
        this.batchSize = rows;
        return self();
    }

    /** Adam's moment decay rates (defaults 0.9, 0.999) and ε (default 1e-8). */
    public S setAdam(double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0)) {
            throw Model.usage("Adam needs 0 ≤ beta1, beta2 < 1 and epsilon > 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        return self();
    }

    /** Whether to shuffle the rows every epoch (default true). */
    public S setShuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return self();
    }

    /** The seed of the starting weights and the shuffles (default 1): same data and seed, same model. */
    public S setRandomState(long seed) {
        this.seed = seed;
        return self();
    }

    /** Input scaling fitted on the training rows: {@code none} (the default, as scikit-learn), {@code standard} or {@code minmax}. */
    public S setScaling(String kind) {
        switch (kind) {
            case "none", "standard", "minmax" -> scaling = kind;
            default -> throw Model.usage("scaling " + kind + ": use none, standard or minmax");
        }
        return self();
    }

    /** Threads per mini-batch (default 1); the figures are the same for any count. */
    public S setThreads(int threads) {
        if (threads < 1 || threads > 256) {
            throw Model.usage("threads must be from 1 to 256, not " + threads);
        }
        this.threads = threads;
        return self();
    }

    /**
     * The {@code .nn} model text the last {@code train} call wrote and trained.
     *
     * @throws IllegalStateException before the first {@code train}
     */
    public String toNn() {
        if (nn == null) {
            throw new IllegalStateException("toNn() needs a train(X, y) first: the model's sizes come from the data");
        }
        return nn;
    }

    /** The trained model (to save, evaluate or export), or null before the first {@code train}. */
    public TrainedModel trainedModel() {
        return trained;
    }

    /** The model text for {@code features} inputs, {@code outputs} output units with {@code outputActivation}. */
    final String modelText(String name, int features, int outputs, String outputActivation, String loss, int rows) {
        int batch = batchSize == 0 ? Math.min(200, rows) : Math.min(batchSize, rows);
        // scikit-learn's penalty is alpha/(2·batch)·Σw² next to 0.5·mean squared error (regression) or the mean
        // log loss; nnc's mse has no 0.5, so its whole objective is scaled by 2 there, the penalty with it.
        double lambda = alpha / batch * ("mse".equals(loss) ? 2 : 1);
        StringBuilder s = new StringBuilder();
        s.append("# written by nnc.api.").append(name).append(" for ").append(rows).append(" rows\n");
        s.append("model ").append(name).append(" {\n");
        s.append("    input ").append(features).append("\n\n");
        int in = features;
        for (int h : hiddenLayerSizes) {
            s.append("    dense ").append(h).append(' ').append(activation).append(init(in, h)).append('\n');
            in = h;
        }
        s.append("    dense ").append(outputs).append(' ').append(outputActivation).append(init(in, outputs))
                .append("\n\n");
        s.append("    loss      ").append(loss).append('\n');
        s.append("    optimizer adam(lr = ").append(num(learningRate)).append(", beta1 = ").append(num(beta1))
                .append(", beta2 = ").append(num(beta2)).append(", eps = ").append(num(epsilon)).append(")\n");
        if (lambda > 0) {
            s.append("    regularize l2(").append(num(lambda)).append(")\n");
        }
        s.append("\n    train {\n");
        s.append("        task      = ").append("mse".equals(loss) ? "regression" : "classification").append('\n');
        s.append("        normalize = ").append(scaling).append('\n');
        s.append("        epochs    = ").append(maxIter).append('\n');
        s.append("        batch     = ").append(batch).append('\n');
        s.append("        shuffle   = ").append(shuffle).append('\n');
        s.append("        seed      = ").append(seed).append('\n');
        s.append("        threads   = ").append(threads).append('\n');
        s.append("    }\n}\n");
        return s.toString();
    }

    /** scikit-learn's Glorot-uniform bound: √(6/(in+out)), √(2/(in+out)) when the activation is logistic. */
    private String init(int in, int out) {
        double bound = Math.sqrt(("logistic".equals(activation) ? 2.0 : 6.0) / (in + out));
        return " { init = uniform(low = " + num(-bound) + ", high = " + num(bound) + ") }";
    }

    /** The shortest decimal that reads back as {@code v}, in the language's number syntax ({@code 1e-8}). */
    private static String num(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toString().toLowerCase(Locale.ROOT)
                .replace("e+", "e");
    }

    final Model fitModel(String text) {
        Model model = Model.parse(getClass().getSimpleName() + ".nn", text);
        nn = text;
        return model;
    }

    static void checkLength(double[][] x, int targets) {
        if (x == null) {
            throw Model.usage("X is null");
        }
        if (x.length != targets) {
            throw Model.usage("X has " + x.length + " rows but y has " + targets + " values");
        }
        if (x.length == 0 || x[0] == null || x[0].length == 0) {
            throw Model.usage("X has no rows or no columns");
        }
    }

    final TrainedModel fitted() {
        if (trained == null) {
            throw new IllegalStateException("predict and score need a train(X, y) first");
        }
        return trained;
    }
}
