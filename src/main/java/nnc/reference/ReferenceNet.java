package nnc.reference;

import nnc.train.Arrays2;
import nnc.train.Net;

import java.util.List;
import java.util.SplittableRandom;
import nnc.model.Activation;
import nnc.model.Layer;
import nnc.model.Loss;
import nnc.model.Network;
import nnc.model.Optimizer;

/**
 * The reference implementation: forward and backward passes written as plain loops over the model description,
 * one sample at a time, for obviousness rather than speed. It is the oracle the generated classes are tested
 * against and the baseline the benchmark compares them with.
 */
public final class ReferenceNet implements Net {
    private final Network net;
    private final int layers;
    private final int capacity;
    private final double[][][] w;        // [layer][neuron][input]
    private final double[][] b;          // [layer][neuron]
    private final double[][][] gw;       // [layer][neuron][input]
    private final double[][] gb;         // [layer][neuron]
    private final Trace[] traces;        // [row] of the last forwardBackward
    private final double[][][] deltas;   // [row][layer][neuron] of the last forwardBackward
    private final double[][][] m1w;      // first optimizer state (momentum, mean, sum of squares)
    private final double[][] m1b;
    private final double[][][] m2w;      // second optimizer state (adam's v)
    private final double[][] m2b;
    private final double[][][] mask;     // [layer][row][input] inverted-dropout multipliers
    private final double[][] outputs;    // [row][output] of the last forward pass
    private final double[] rowLoss;      // [row] of the last forwardBackward
    private SplittableRandom random = new SplittableRandom(1);
    private double lr;
    private long step;
    private int batchRows = 1;
    private boolean training;

    public ReferenceNet(Network net, int capacity) {
        this.net = net;
        this.layers = net.layers().size();
        this.capacity = capacity;
        w = new double[layers][][];
        b = new double[layers][];
        gw = new double[layers][][];
        gb = new double[layers][];
        traces = new Trace[capacity];
        deltas = new double[capacity][layers][];
        m1w = new double[layers][][];
        m1b = new double[layers][];
        m2w = new double[layers][][];
        m2b = new double[layers][];
        mask = new double[layers][][];
        for (Layer l : net.layers()) {
            int i = l.index();
            w[i] = new double[l.units()][l.inputs()];
            b[i] = new double[l.units()];
            gw[i] = new double[l.units()][l.inputs()];
            gb[i] = new double[l.units()];
            m1w[i] = new double[l.units()][l.inputs()];
            m1b[i] = new double[l.units()];
            m2w[i] = new double[l.units()][l.inputs()];
            m2b[i] = new double[l.units()];
            mask[i] = new double[capacity][l.inputs()];
        }
        outputs = new double[capacity][net.outputSize()];
        rowLoss = new double[capacity];
        lr = net.optimizer() == null ? 0 : net.optimizer().lr();
    }

    @Override public int inputSize() { return net.inputSize(); }
    @Override public int outputSize() { return net.outputSize(); }
    @Override public int layerCount() { return layers; }
    @Override public int capacity() { return capacity; }

    @Override
    public double[][] weights(int l) {
        return Arrays2.copy(w[l]);
    }

    @Override
    public double[] bias(int l) {
        return net.layers().get(l).hasBias() ? b[l].clone() : null;
    }

    @Override
    public void setWeights(int l, double[][] values) {
        w[l] = Arrays2.copy(values);
    }

    @Override
    public void setBias(int l, double[] values) {
        b[l] = values.clone();
    }

    // ---- forward -------------------------------------------------------------------------------------------

    /** Activations of one sample: a[0] is the input, a[l+1] the output of layer l; s[l] the pre-activations. */
    private record Trace(double[][] s, double[][] a, double[][] in) {
    }

    private Trace forward(double[] x, int row) {
        double[][] s = new double[layers][];
        double[][] a = new double[layers + 1][];
        double[][] in = new double[layers][];
        a[0] = x;
        Trace trace = new Trace(s, a, in);
        for (Layer layer : net.layers()) {
            int l = layer.index();
            double[] input = a[l].clone();
            if (training && layer.inputDropout() > 0) {
                for (int k = 0; k < input.length; k++) {
                    input[k] *= mask[l][row][k];
                }
            }
            in[l] = input;
            s[l] = new double[layer.units()];
            for (int j = 0; j < layer.units(); j++) {
                double sum = layer.hasBias() ? b[l][j] : 0;
                for (int k = 0; k < layer.inputs(); k++) {
                    sum += w[l][j][k] * input[k];
                }
                s[l][j] = sum;
            }
            a[l + 1] = activate(layer, s[l]);
        }
        System.arraycopy(a[layers], 0, outputs[row], 0, a[layers].length);
        return trace;
    }

    static double[] activate(Layer layer, double[] s) {
        double[] y = new double[s.length];
        if (layer.activation() == Activation.SOFTMAX) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : s) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int j = 0; j < s.length; j++) {
                y[j] = Math.exp(s[j] - max);
                sum += y[j];
            }
            for (int j = 0; j < s.length; j++) {
                y[j] /= sum;
            }
            return y;
        }
        for (int j = 0; j < s.length; j++) {
            y[j] = layer.activation().apply(s[j], layer.alpha());
        }
        return y;
    }

    // ---- loss ----------------------------------------------------------------------------------------------

    /** The loss of one sample: the sum of the loss's terms over the outputs. */
    static double loss(Loss loss, double[] y, double[] t) {
        double sum = 0;
        for (int j = 0; j < y.length; j++) {
            sum += loss.term(y[j], t[j], y.length);
        }
        return sum;
    }

    @Override
    public void predict(double[][] x, int rows, double[][] out) {
        training = false;
        for (int r = 0; r < rows; r++) {
            Trace tr = forward(x[r], r);
            System.arraycopy(tr.a()[layers], 0, out[r], 0, net.outputSize());
        }
    }

    @Override
    public void output(int row, double[] out) {
        System.arraycopy(outputs[row], 0, out, 0, out.length);
    }

    @Override
    public double loss(double[][] x, double[][] t, int rows) {
        training = false;
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += loss(net.loss(), forward(x[r], r).a()[layers], t[r]);
        }
        return sum / rows;
    }

    // ---- backward ------------------------------------------------------------------------------------------

    @Override
    public void beginBatch(int rows, boolean training) {
        this.batchRows = rows;
        this.training = training;
        if (!training) {
            return;
        }
        for (Layer layer : net.layers()) {
            double p = layer.inputDropout();
            if (p > 0) {
                for (int r = 0; r < rows; r++) {
                    for (int k = 0; k < layer.inputs(); k++) {
                        mask[layer.index()][r][k] = random.nextDouble() < p ? 0 : 1 / (1 - p);
                    }
                }
            }
        }
    }

    @Override
    public double forwardBackward(double[][] x, double[][] t, int from, int to) {
        double lossSum = 0;
        for (int r = from; r < to; r++) {
            Trace tr = forward(x[r], r);
            traces[r] = tr;
            double[] y = tr.a()[layers];
            rowLoss[r] = loss(net.loss(), y, t[r]);
            lossSum += rowLoss[r];
            double[] delta = outputDelta(y, t[r], tr.s()[layers - 1]);
            deltas[r][layers - 1] = delta;
            for (int l = layers - 1; l > net.firstTrainable(); l--) {
                // δˡ⁻¹ = (Wᵀ δˡ) ⊙ dropout mask ⊙ f′(sˡ⁻¹)
                Layer layer = net.layers().get(l);
                Layer below = net.layers().get(l - 1);
                double[] next = new double[layer.inputs()];
                for (int k = 0; k < layer.inputs(); k++) {
                    double sum = 0;
                    for (int j = 0; j < layer.units(); j++) {
                        sum += w[l][j][k] * delta[j];
                    }
                    double m = training && layer.inputDropout() > 0 ? mask[l][r][k] : 1;
                    next[k] = sum * m * below.activation().derivative(tr.s()[l - 1][k], tr.a()[l][k], below.alpha());
                }
                delta = next;
                deltas[r][l - 1] = delta;
            }
        }
        return lossSum;
    }

    @Override
    public double lossSum(int rows) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += rowLoss[r];
        }
        return sum;
    }

    /** The reference does all the work in part 0: ∂J/∂W = Σ_rows δ aᵀ, ∂J/∂b = Σ_rows δ. */
    @Override
    public void gradient(double[][] x, int part, int parts) {
        if (part != 0) {
            return;
        }
        for (Layer layer : net.layers()) {
            int l = layer.index();
            if (!layer.trainable()) {
                continue;
            }
            Arrays2.fill(gw[l], 0);
            java.util.Arrays.fill(gb[l], 0);
            for (int r = 0; r < batchRows; r++) {
                double[] delta = deltas[r][l];
                double[] in = traces[r].in()[l];
                for (int j = 0; j < layer.units(); j++) {
                    for (int k = 0; k < layer.inputs(); k++) {
                        gw[l][j][k] += delta[j] * in[k];
                    }
                    gb[l][j] += delta[j];
                }
            }
        }
    }

    /** δ at the output layer for one sample, already divided by the batch size. */
    private double[] outputDelta(double[] y, double[] t, double[] s) {
        Layer out = net.output();
        Loss loss = net.loss();
        int k = y.length;
        double[] delta = new double[k];
        if (loss.fused()) {
            // softmax + cross-entropy and sigmoid + binary cross-entropy: δ = y − t
            for (int j = 0; j < k; j++) {
                delta[j] = (y[j] - t[j]) / batchRows;
            }
            return delta;
        }
        double[] g = new double[k];
        for (int j = 0; j < k; j++) {
            g[j] = loss.gradient(y[j], t[j], k) / batchRows;
        }
        if (out.activation() == Activation.SOFTMAX) {
            // Jacobian-vector product of softmax: δ_i = y_i (g_i − Σ_k g_k y_k)
            double dot = 0;
            for (int j = 0; j < k; j++) {
                dot += g[j] * y[j];
            }
            for (int j = 0; j < k; j++) {
                delta[j] = y[j] * (g[j] - dot);
            }
        } else {
            for (int j = 0; j < k; j++) {
                delta[j] = g[j] * out.activation().derivative(s[j], y[j], out.alpha());
            }
        }
        return delta;
    }

    /** The gradient of a weight including regularization: g + λ₂·w + λ₁·sign(w). */
    private double regularized(int l, int j, int k) {
        double v = w[l][j][k];
        return gw[l][j][k] + net.l2() * v + net.l1() * Math.signum(v);
    }

    @Override
    public double[][] weightGradient(int l) {
        if (!net.layers().get(l).trainable()) {
            return null;
        }
        double[][] g = new double[w[l].length][w[l][0].length];
        for (int j = 0; j < g.length; j++) {
            for (int k = 0; k < g[j].length; k++) {
                g[j][k] = regularized(l, j, k);
            }
        }
        return g;
    }

    @Override
    public double[] biasGradient(int l) {
        Layer layer = net.layers().get(l);
        return layer.trainable() && layer.hasBias() ? gb[l].clone() : null;
    }

    // ---- optimizer -----------------------------------------------------------------------------------------

    @Override
    public void beginUpdate() {
        step++;
        if (step % Optimizer.FLUSH_EVERY == 0) {
            for (double[][][] state : List.of(m1w, m2w)) {
                for (double[][] layer : state) {
                    for (double[] row : layer) {
                        flushTiny(row);
                    }
                }
            }
            for (double[][] state : List.of(m1b, m2b)) {
                for (double[] row : state) {
                    flushTiny(row);
                }
            }
        }
    }

    /** Optimizer state too small to matter is set to zero before it becomes subnormal (see Optimizer.FLUSH_EVERY). */
    private static void flushTiny(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (Math.abs(values[i]) < Optimizer.TINY_STATE) {
                values[i] = 0;
            }
        }
    }

    /** The reference does all the work in part 0. */
    @Override
    public double updateSlice(int part, int parts) {
        Optimizer o = net.optimizer();
        if (o == null || part != 0) {
            return 0;
        }
        double moved = 0;
        for (Layer layer : net.layers()) {
            int l = layer.index();
            if (!layer.trainable()) {
                continue;
            }
            for (int j = 0; j < layer.units(); j++) {
                for (int k = 0; k < layer.inputs(); k++) {
                    double before = w[l][j][k];
                    w[l][j][k] = update(o, before, regularized(l, j, k), m1w[l][j], m2w[l][j], k);
                    moved += (w[l][j][k] - before) * (w[l][j][k] - before);
                }
                if (layer.hasBias()) {
                    double before = b[l][j];
                    b[l][j] = update(o, before, gb[l][j], m1b[l], m2b[l], j);
                    moved += (b[l][j] - before) * (b[l][j] - before);
                }
            }
        }
        return moved;
    }

    /** One parameter's update; {@code m1[i]} and {@code m2[i]} hold its optimizer state. */
    private double update(Optimizer o, double theta, double g, double[] m1, double[] m2, int i) {
        if (o instanceof Optimizer.Sgd sgd) {
            m1[i] = sgd.momentum() * m1[i] + g;
            return theta - lr * (sgd.nesterov() ? g + sgd.momentum() * m1[i] : m1[i]);
        } else if (o instanceof Optimizer.Gd) {
            return theta - lr * g;
        } else if (o instanceof Optimizer.RmsProp rms) {
            m1[i] = rms.rho() * m1[i] + (1 - rms.rho()) * g * g;
            return theta - lr * g / (Math.sqrt(m1[i]) + rms.eps());
        } else if (o instanceof Optimizer.AdaGrad ada) {
            m1[i] = m1[i] + g * g;
            return theta - lr * g / (Math.sqrt(m1[i]) + ada.eps());
        } else if (o instanceof Optimizer.AdamW w) {
            return adam(theta * (1 - lr * w.weightDecay()), g, m1, m2, i, w.beta1(), w.beta2(), w.eps());
        } else if (o instanceof Optimizer.Adam adam) {
            return adam(theta, g, m1, m2, i, adam.beta1(), adam.beta2(), adam.eps());
        } else if (o instanceof Optimizer.AdaMax max) {
            m1[i] = max.beta1() * m1[i] + (1 - max.beta1()) * g;
            m2[i] = Math.max(max.beta2() * m2[i], Math.abs(g) + max.eps());
            return theta - lr / (1 - Math.pow(max.beta1(), step)) * m1[i] / m2[i];
        }
        throw new IllegalArgumentException("no reference update for " + o.name());
    }

    private double adam(double theta, double g, double[] m, double[] v, int i, double beta1, double beta2,
                        double eps) {
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        double mHat = m[i] / (1 - Math.pow(beta1, step));
        double vHat = v[i] / (1 - Math.pow(beta2, step));
        return theta - lr * mHat / (Math.sqrt(vHat) + eps);
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    @Override
    public void setSeed(long seed) {
        random = new SplittableRandom(seed);
    }
}
