package nnc.train;

/**
 * A trainable network: what the runtime needs from a generated class (and from the
 * reference implementation, {@code nnc.reference.ReferenceNet}).
 *
 * <p>Weights are exchanged in the layout of the {@code .nn} file: one row per neuron, one column per input.
 * A mini-batch is a {@code double[rows][inputs]} array with {@code rows ≤ capacity()}. Gradients are those of the
 * batch-mean loss. A training step has two phases that several threads can share: {@link #forwardBackward} for
 * slices of the batch rows (each row's outputs and deltas are independent of the others), then {@link #gradient}
 * and {@link #updateSlice} for parts of the weight rows (each weight's gradient sums over all batch rows in row
 * order). No slice or part depends on how the work was split, so the figures are the same for any thread count;
 * a class that can split the first phase by units instead ({@link #forwardBackwardByUnits}) adds the parts' shares
 * of its products, and its figures depend on the number of parts.
 */
public interface Net {
    int inputSize();

    int outputSize();

    int layerCount();

    /**
     * Whether the class has Vector API kernels beside its plain loops. It starts on the plain loops and takes the
     * vector kernels after {@link #useVectorKernels} (the same results, bit for bit); see {@link VectorKernels}.
     */
    default boolean hasVectorKernels() {
        return false;
    }

    /** Whether the products take the Vector API kernels now. */
    default boolean usesVectorKernels() {
        return false;
    }

    /** From now on the products take the Vector API kernels (every instance of the class). */
    default void useVectorKernels() {
    }

    /** Runs each Vector API kernel once on a few rows of the class's own scratch arrays. */
    default void warmVectorKernels() {
    }

    /** Largest number of rows a batch may have. */
    int capacity();

    /** A copy of layer {@code l}'s weights, {@code units × inputs}. */
    double[][] weights(int l);

    /** A copy of layer {@code l}'s bias, or null when it has none. */
    double[] bias(int l);

    void setWeights(int l, double[][] w);

    void setBias(int l, double[] b);

    /** Forward pass without dropout; {@code out[r]} receives the outputs of row r. */
    void predict(double[][] x, int rows, double[][] out);

    /** Copies the output of row {@code row} of the last forward pass into {@code out}. */
    void output(int row, double[] out);

    /** Mean loss over the rows, without dropout and without the regularization term. */
    double loss(double[][] x, double[][] t, int rows);

    /** Starts a batch of {@code rows} rows: the loss is averaged over them; draws dropout masks if training. */
    void beginBatch(int rows, boolean training);

    /**
     * Forward pass, loss and deltas (∂J/∂s of every layer) for rows {@code [from, to)} of the current batch.
     * Returns the sum of the per-row losses. Slices touch disjoint rows, so they may run on different threads.
     */
    double forwardBackward(double[][] x, double[][] t, int from, int to);

    /**
     * Whether {@link #forwardBackwardByUnits} may take the place of {@link #forwardBackward} for a batch split into
     * {@code parts}.
     */
    default boolean splitsByUnits(int parts) {
        return false;
    }

    /**
     * Forward pass, loss and deltas of the whole current batch, part {@code part} of {@code parts}, split by units
     * rather than by rows: this part takes the same share of each layer's input units as {@link #gradient} takes of
     * its weight rows, and the weights of those units are read and written by this part alone (the rows of the
     * weight matrices that a split by rows has every thread read, and one thread write, stay in one core's cache).
     * Each layer's product is a sum over the parts' inputs, added in part order (the figures depend on the number
     * of parts, and on nothing else); the activations, the loss and the output deltas are split by rows, the deltas
     * of the hidden layers by units. {@code sync} returns once every part has called it as often: between the
     * stages. Afterwards {@link #lossSum} adds the rows' losses as for {@link #forwardBackward}.
     */
    default void forwardBackwardByUnits(double[][] x, double[][] t, int part, int parts, Runnable sync) {
        throw new UnsupportedOperationException("this network splits its batches by rows only");
    }

    /**
     * The sum of the per-row losses of rows {@code [0, rows)} of the last forward pass, added in row order: the
     * same bits however {@link #forwardBackward} was split.
     */
    double lossSum(int rows);

    /**
     * The weight and bias gradients, summed over all rows of the current batch, for part {@code part} of
     * {@code parts} of every layer's weight rows (part 0 also takes the biases). Needs {@link #forwardBackward} for
     * every row of the batch first. Parts touch disjoint rows, so they may run on different threads.
     */
    void gradient(double[][] x, int part, int parts);

    /** Layer {@code l}'s weight gradient (regularization included), {@code units × inputs}. */
    double[][] weightGradient(int l);

    /** Layer {@code l}'s bias gradient, or null when it has none. */
    double[] biasGradient(int l);

    /** Starts an optimizer step: advances the step count that Adam's bias corrections use. */
    void beginUpdate();

    /**
     * The optimizer step for part {@code part} of {@code parts} of every layer's weight rows (part 0 also updates
     * the biases), from the gradient. For gd, returns this part's squared norm of the parameter change
     * (its stopping rule needs it); other optimizers may return 0.
     */
    double updateSlice(int part, int parts);

    /**
     * {@link #gradient} then {@link #updateSlice} for the same part (after {@link #beginUpdate}); a class may
     * interleave the two, a few weight rows at a time. Returns what updateSlice returns.
     */
    default double gradientAndUpdate(double[][] x, int part, int parts) {
        gradient(x, part, parts);
        return updateSlice(part, parts);
    }

    /** One optimizer step on one thread; for gd, returns the squared norm of the parameter change. */
    default double applyUpdate() {
        beginUpdate();
        return updateSlice(0, 1);
    }

    void setLearningRate(double lr);

    /** Seeds the dropout masks. */
    void setSeed(long seed);

    /** Gradient of the batch-mean loss on one thread; returns the mean loss. */
    default double computeGradients(double[][] x, double[][] t, int rows, boolean training) {
        beginBatch(rows, training);
        double loss = forwardBackward(x, t, 0, rows) / rows;
        gradient(x, 0, 1);
        return loss;
    }

    /** One training step on one thread; returns the batch's mean loss before the step. */
    default double trainBatch(double[][] x, double[][] t, int rows) {
        double loss = computeGradients(x, t, rows, true);
        applyUpdate();
        return loss;
    }
}
