package nnc.model;

/**
 * One dense layer: {@code a = act(W·x + b)} with W of {@code units × inputs}.
 *
 * @param index        0-based position among the dense layers
 * @param inputs       size of the layer's input
 * @param units        number of neurons
 * @param activation   activation function
 * @param alpha        the activation's parameter (leaky_relu, elu); 0 when unused
 * @param init         initializer for the weights when {@code weights} is null
 * @param weights      starting (or fixed) weights, {@code units × inputs}, or null
 * @param bias         starting (or fixed) bias, {@code units}, or null (zeros)
 * @param trainable    false: the layer is frozen
 * @param hasBias      false: the layer has no bias vector
 * @param inputDropout inverted-dropout rate applied to this layer's input while training (0: none)
 * @param line         source line of the {@code dense} statement, for reports
 */
public record Layer(int index, int inputs, int units, Activation activation, double alpha, Init init,
                    double[][] weights, double[] bias, boolean trainable, boolean hasBias, double inputDropout,
                    int line) {

    public long parameterCount() {
        return (long) units * inputs + (hasBias ? units : 0);
    }

    /** A one-word name used in generated code and reports: {@code dense1}, {@code dense2}, ... */
    public String name() {
        return "dense" + (index + 1);
    }
}
