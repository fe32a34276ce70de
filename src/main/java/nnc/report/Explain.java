package nnc.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nnc.model.Layer;
import nnc.model.Loss;
import nnc.model.Network;
import nnc.model.Optimizer;
import nnc.model.TrainConfig;

/**
 * The derivation of backpropagation written out for one network (what {@code nnc explain} prints): the shapes, the
 * forward pass, the loss and its gradient at the output, the deltas and weight gradients, regularization, the
 * optimizer's update with its constants, the operation counts, and for each formula the method of the generated
 * class that computes it.
 *
 * <p>The notation is the lectures': a batch is a matrix with one row per sample, A[0] its inputs (n × inputs),
 * and layer l computes S[l] = A[l−1]·W[l] + b[l], A[l] = f(S[l]) with W[l] of inputs × units (the transpose of the
 * units × inputs block a {@code .nn} file writes). In the generated class these are {@code a0}, {@code wl},
 * {@code sl}, {@code al}, {@code dl} (δ), {@code gwl} (∂J/∂W).
 */
public final class Explain {
    private static final int FORMULA = 56;
    private static final int SHAPE = 14;

    private final StringBuilder out = new StringBuilder();
    private final Network net;

    private Explain(Network net) {
        this.net = net;
    }

    /**
     * The text.
     *
     * @param net       the checked network
     * @param source    the .nn file as the user named it
     * @param trainRows rows in the training part of its data, or -1 when unknown (the data could not be read)
     */
    public static String render(Network net, String source, int trainRows) {
        return new Explain(net).build(source, trainRows);
    }

    private String build(String source, int trainRows) {
        List<Layer> layers = net.layers();
        int last = layers.size();
        int batch = batch(trainRows);
        line("nnc explain: %s (%s), %s", net.name(), source, chain());
        line("n = rows in a batch while training: %s", batch > 0 ? batch + (trainRows > 0 && trainRows % batch != 0
                ? " (the last batch of an epoch has " + trainRows % batch + ")" : "") : "the batch size");
        line("");
        line("Shapes");
        row("A[0]   the input batch" + (net.inputShape().size() > 1 ? ", " + shapeText() + " images flattened row by row"
                : ""), "n × " + net.inputSize(), "");
        for (Layer l : layers) {
            int k = l.index() + 1;
            row(String.format(Locale.ROOT, "W[%d]   weights of %s (line %d)%s", k, l.name(), l.line(),
                    l.trainable() ? "" : ", frozen"), l.inputs() + " × " + l.units(), "w" + k);
            if (l.hasBias()) {
                row("b[" + k + "]   its bias, added to every row", "1 × " + l.units(), "b" + k);
            }
            row("S[" + k + "], A[" + k + "]   sums and activations", "n × " + l.units(), "s" + k + ", a" + k);
        }
        line("");
        line("Forward pass (for every batch, and for predictions)");
        for (Layer l : layers) {
            int k = l.index() + 1;
            String in = "A[" + (k - 1) + "]";
            line("  layer %d: dense %d %s (line %d)", k, l.units(), l.activation().canonicalName(), l.line());
            if (l.inputDropout() > 0) {
                row("X[" + k + "] = A[" + (k - 1) + "] ⊙ M[" + k + "]   (training only)", "n × " + l.inputs(),
                        "forward" + k);
                row("  M[" + k + "]: each entry 0 with probability " + plain(l.inputDropout()) + ", else 1/(1 − "
                        + plain(l.inputDropout()) + ")", "n × " + l.inputs(), "beginBatch");
                in = "X[" + k + "]";
            }
            row("S[" + k + "] = " + in + "·W[" + k + "]" + (l.hasBias() ? " + b[" + k + "]" : ""), "n × " + l.units(),
                    "forward" + k);
            row("A[" + k + "] = " + l.activation().canonicalName() + "(S[" + k + "])", "n × " + l.units(),
                    "forward" + k);
            row("  " + function(l), "", "");
        }
        line("");
        if (net.loss() == null || !net.anyTrainable()) {
            line("Every layer is frozen: nothing is trained, so there is no backward pass and no optimizer step.");
        } else {
            loss(layers.get(last - 1));
            backward(layers);
            regularization();
            optimizer();
        }
        line("");
        counts(trainRows, batch);
        return out.toString();
    }

    private void loss(Layer output) {
        int k = output.index() + 1;
        String y = "Y = A[" + k + "]";
        Loss loss = net.loss();
        line("Loss (J: the mean over the n rows of the batch; %s, T the targets, n × %d)", y, output.units());
        String name = loss.displayName();
        row("J = " + lossFormula(loss), "1 × 1", "lossAndDelta");
        line("");
        line("Backward pass: δ[l] = ∂J/∂S[l], row by row");
        boolean fused = loss.kind().fusesWith() == output.activation();
        if (fused) {
            row("δ[" + k + "] = (Y − T) / n", "n × " + output.units(), "lossAndDelta");
            line("    fused: %s", "softmax".equals(output.activation().canonicalName())
                    ? "∂J/∂Y = −T/(nY) times softmax's Jacobian (diag(Y) − YᵀY, row by row) collapses to (Y − T)/n,"
                    + "\n    so neither the Jacobian nor 1/Y is ever computed (no division by a tiny probability)"
                    : "∂J/∂Y = (Y − T)/(nY(1 − Y)) times sigmoid′ = Y(1 − Y) cancels to (Y − T)/n, so the division by"
                    + "\n    Y(1 − Y), tiny where the sigmoid saturates, is never computed");
        } else {
            row("G = ∂J/∂Y = " + lossGradient(loss, output.units()) + " / n", "n × " + output.units(), "lossAndDelta");
            if ("softmax".equals(output.activation().canonicalName())) {
                row("δ[" + k + "] = Y ⊙ (G − rowsum(G ⊙ Y))   (softmax's Jacobian times G)", "n × " + output.units(),
                        "lossAndDelta");
            } else {
                row("δ[" + k + "] = G ⊙ " + output.activation().canonicalName() + "′(S[" + k + "])",
                        "n × " + output.units(), "lossAndDelta");
            }
        }
    }

    private void backward(List<Layer> layers) {
        int first = net.firstTrainable();
        for (int i = layers.size() - 1; i >= first; i--) {
            Layer l = layers.get(i);
            int k = i + 1;
            String in = l.inputDropout() > 0 ? "X[" + k + "]" : "A[" + (k - 1) + "]";
            if (l.trainable()) {
                row("∂J/∂W[" + k + "] = " + in + "ᵀ·δ[" + k + "]", l.inputs() + " × " + l.units(), "gradient" + k);
                if (l.hasBias()) {
                    row("∂J/∂b[" + k + "] = column sums of δ[" + k + "]", "1 × " + l.units(), "gradient" + k);
                }
            }
            if (i > first) {
                Layer below = layers.get(i - 1);
                String mask = l.inputDropout() > 0 ? " ⊙ M[" + k + "]" : "";
                row("δ[" + (k - 1) + "] = (δ[" + k + "]·W[" + k + "]ᵀ)" + mask + " ⊙ "
                        + below.activation().canonicalName() + "′(S[" + (k - 1) + "])", "n × " + below.units(),
                        "backward" + k);
                row("  " + derivative(below), "", "");
            }
        }
        if (first > 0) {
            line("    layers 1 to %d are frozen: no δ below layer %d is needed", first, first + 1);
        }
    }

    private void regularization() {
        if (net.l2() == 0 && net.l1() == 0) {
            line("");
            line("No regularization: the update uses ∂J/∂W as it is.");
            return;
        }
        line("");
        line("Regularization (weights only, never biases; added to ∂J/∂W as each weight is updated)");
        for (Layer l : net.layers()) {
            if (!l.trainable()) {
                continue;
            }
            int k = l.index() + 1;
            if (net.l2() != 0) {
                row("l2: J + (λ/2)·ΣW[" + k + "]², λ = " + plain(net.l2()) + ": G[" + k + "] = ∂J/∂W[" + k + "] + λ·W["
                        + k + "]", l.inputs() + " × " + l.units(), "update" + k);
            }
            if (net.l1() != 0) {
                row("l1: J + λ·Σ|W[" + k + "]|, λ = " + plain(net.l1()) + ": G[" + k + "] = ∂J/∂W[" + k + "] + λ·sign(W["
                        + k + "])", l.inputs() + " × " + l.units(), "update" + k);
            }
        }
    }

    private void optimizer() {
        Optimizer o = net.optimizer();
        TrainConfig.Schedule schedule = net.train().schedule();
        line("");
        line("Optimizer step, once per batch, for every trainable W[l] and b[l] (G: its gradient, θ: the parameter)");
        line("  %s; learning rate %s", Report.describe(o), schedule(o.lr(), schedule));
        String lr = schedule.kind() == TrainConfig.Schedule.Kind.CONSTANT ? plain(o.lr()) : "lr";
        StringBuilder methods = new StringBuilder();
        for (Layer l : net.layers()) {
            if (l.trainable()) {
                methods.append(methods.length() == 0 ? "" : ", ").append("update").append(l.index() + 1);
            }
        }
        String method = methods.toString();
        for (String step : steps(o, lr)) {
            row(step, "", method);
        }
    }

    private List<String> steps(Optimizer optimizer, String lr) {
        List<String> s = new ArrayList<>();
        if (optimizer instanceof Optimizer.Sgd o) {
            if (o.momentum() == 0) {
                s.add("θ ← θ − " + lr + "·G");
            } else {
                String mu = plain(o.momentum());
                s.add("V ← " + mu + "·V + G   (V starts at 0)");
                s.add(o.nesterov() ? "θ ← θ − " + lr + "·(G + " + mu + "·V)   (Nesterov)" : "θ ← θ − " + lr + "·V");
            }
        } else if (optimizer instanceof Optimizer.Gd o) {
            s.add("θ ← θ − " + lr + "·G   (one batch: the whole training set)");
            s.add("stop when ‖Δθ‖ ≤ " + plain(o.tolerance()));
        } else if (optimizer instanceof Optimizer.RmsProp o) {
            s.add("S ← " + plain(o.rho()) + "·S + " + oneMinus(o.rho()) + "·G²");
            s.add("θ ← θ − " + lr + "·G / (√S + " + plain(o.eps()) + ")");
        } else if (optimizer instanceof Optimizer.AdaGrad o) {
            s.add("S ← S + G²");
            s.add("θ ← θ − " + lr + "·G / (√S + " + plain(o.eps()) + ")");
        } else if (optimizer instanceof Optimizer.AdamW o) {
            s.add("θ ← θ·(1 − " + lr + "·" + plain(o.weightDecay()) + ")   (decoupled weight decay)");
            adam(s, lr, o.beta1(), o.beta2(), o.eps());
        } else if (optimizer instanceof Optimizer.Adam o) {
            adam(s, lr, o.beta1(), o.beta2(), o.eps());
        } else if (optimizer instanceof Optimizer.AdaMax o) {
            s.add("M ← " + plain(o.beta1()) + "·M + " + oneMinus(o.beta1()) + "·G");
            s.add("U ← max(" + plain(o.beta2()) + "·U, |G| + " + plain(o.eps()) + ")");
            s.add("θ ← θ − (" + lr + "/(1 − " + plain(o.beta1()) + "ᵗ))·M / U");
        } else {
            s.add("θ ← θ − " + lr + "·(" + optimizer.name() + "'s step of G)");
        }
        return s;
    }

    private static void adam(List<String> s, String lr, double beta1, double beta2, double eps) {
        s.add("M ← " + plain(beta1) + "·M + " + oneMinus(beta1) + "·G");
        s.add("V ← " + plain(beta2) + "·V + " + oneMinus(beta2) + "·G²");
        s.add("θ ← θ − " + lr + "·M̂ / (√V̂ + " + plain(eps) + "),  M̂ = M/(1 − " + plain(beta1)
                + "ᵗ), V̂ = V/(1 − " + plain(beta2) + "ᵗ), t = step number");
    }

    private static String schedule(double lr, TrainConfig.Schedule s) {
        return switch (s.kind()) {
            case CONSTANT -> plain(lr) + ", constant";
            case STEP -> "lr = " + plain(lr) + "·" + plain(s.b()) + "^⌊e/" + plain(s.a()) + "⌋ in epoch e = 0, 1, …";
            case EXPONENTIAL -> "lr = " + plain(lr) + "·" + plain(s.a()) + "^e in epoch e = 0, 1, …";
            case COSINE -> "lr = " + plain(lr) + "·(1 + cos(π·e/E))/2 in epoch e = 0 … E−1 (cosine)";
        };
    }

    private void counts(int trainRows, int batch) {
        line("Counts");
        StringBuilder params = new StringBuilder();
        long forward = 0;
        long backward = 0;
        long gradient = 0;
        long trainable = 0;
        int first = net.firstTrainable();
        for (Layer l : net.layers()) {
            int k = l.index() + 1;
            long weights = (long) l.inputs() * l.units();
            params.append(params.length() == 0 ? "" : " + ").append(String.format(Locale.ROOT, "W[%d] %,d", k,
                    weights));
            if (l.hasBias()) {
                params.append(String.format(Locale.ROOT, " + b[%d] %,d", k, l.units()));
            }
            forward += weights;
            backward += l.index() > first ? weights : 0;
            gradient += l.trainable() ? weights : 0;
            trainable += l.trainable() ? l.parameterCount() : 0;
        }
        line("  parameters: %s = %,d (%,d trainable)", params, net.parameterCount(), trainable);
        line("  multiply-adds per sample: forward %,d (Σ inputs × units)", forward);
        if (net.anyTrainable() && net.loss() != null) {
            long perSample = forward + backward + gradient;
            line("    training adds δ %,d (δ·Wᵀ, every layer above the first trainable one) and ∂J/∂W %,d (Aᵀ·δ):"
                    + " %,d per sample", backward, gradient, perSample);
            if (trainRows > 0 && batch > 0) {
                long steps = (trainRows + batch - 1) / batch;
                line("  per epoch: %,d rows × %,d = %,d multiply-adds, and %,d optimizer step%s of %,d parameters",
                        trainRows, perSample, trainRows * perSample, steps, steps == 1 ? "" : "s", trainable);
            }
        }
    }

    // ---- formulas as text ----------------------------------------------------------------------------------------

    /** The activation and its derivative, by name (the names of the language's activation table). */
    static String function(Layer l) {
        String a = plain(l.alpha());
        return switch (l.activation().canonicalName()) {
            case "identity" -> "identity(s) = s";
            case "step" -> "step(s) = 1 if s > 0, else 0";
            case "sigmoid" -> "sigmoid(s) = σ(s) = 1/(1 + e^(−s))";
            case "tanh" -> "tanh(s) = (e^s − e^(−s))/(e^s + e^(−s))";
            case "relu" -> "relu(s) = max(0, s)";
            case "leaky_relu" -> "leaky_relu(s) = s if s > 0, else " + a + "·s";
            case "elu" -> "elu(s) = s if s > 0, else " + a + "·(e^s − 1)";
            case "gelu" -> "gelu(s) = 0.5·s·(1 + tanh(√(2/π)·(s + 0.044715·s³)))";
            case "silu" -> "silu(s) = s·σ(s)";
            case "softplus" -> "softplus(s) = ln(1 + e^s)";
            case "selu" -> "selu(s) = λ·s if s > 0, else λ·α·(e^s − 1), λ = 1.0507…, α = 1.6733…";
            case "mish" -> "mish(s) = s·tanh(softplus(s))";
            case "softmax" -> "softmax(s)_j = e^(s_j) / Σ_k e^(s_k), row by row (the row's largest s is subtracted "
                    + "first)";
            default -> l.activation().canonicalName() + "(s), element by element";
        };
    }

    /** The derivative of a hidden layer's activation. */
    static String derivative(Layer l) {
        String a = plain(l.alpha());
        return switch (l.activation().canonicalName()) {
            case "identity" -> "identity′(s) = 1";
            case "step" -> "step′(s) = 0 (no gradient: layers up to a step layer are frozen)";
            case "sigmoid" -> "sigmoid′(s) = σ(s)(1 − σ(s)) = A(1 − A), from the activations";
            case "tanh" -> "tanh′(s) = 1 − tanh²(s) = 1 − A², from the activations";
            case "relu" -> "relu′(s) = 1 if s > 0, else 0";
            case "leaky_relu" -> "leaky_relu′(s) = 1 if s > 0, else " + a;
            case "elu" -> "elu′(s) = 1 if s > 0, else " + a + "·e^s";
            case "gelu" -> "gelu′(s) = 0.5(1 + t) + 0.5·s·(1 − t²)·√(2/π)·(1 + 3·0.044715·s²), t = tanh(√(2/π)(s + "
                    + "0.044715·s³))";
            case "silu" -> "silu′(s) = σ(s)(1 + s(1 − σ(s)))";
            case "softplus" -> "softplus′(s) = σ(s)";
            case "selu" -> "selu′(s) = λ if s > 0, else λ·α·e^s";
            case "mish" -> "mish′(s) = tanh(sp) + s·σ(s)·(1 − tanh²(sp)), sp = softplus(s)";
            default -> l.activation().canonicalName() + "′(s)";
        };
    }

    static String lossFormula(Loss loss) {
        return switch (loss.displayName()) {
            case "cross_entropy" -> "−(1/n) Σ_rows Σ_j T_j·ln Y_j   (T one-hot; ln of at least 1e-12)";
            case "binary_cross_entropy" -> "−(1/n) Σ_rows Σ_j [T_j·ln Y_j + (1 − T_j)·ln(1 − Y_j)]";
            case "mse" -> "(1/n) Σ_rows (1/K) Σ_j (Y_j − T_j)²";
            case "mae" -> "(1/n) Σ_rows (1/K) Σ_j |Y_j − T_j|";
            case "huber" -> "(1/n) Σ_rows (1/K) Σ_j h(Y_j − T_j), h(r) = r²/2 if |r| ≤ " + plain(loss.delta())
                    + ", else " + plain(loss.delta()) + "·(|r| − " + plain(loss.delta() / 2) + ")";
            case "asymmetric" -> "(1/n) Σ_rows (1/K) Σ_j c·(T_j − Y_j)², c = " + plain(loss.over())
                    + " where Y > T (over), " + plain(loss.under()) + " elsewhere";
            default -> loss.displayName() + "(Y, T), averaged over the rows";
        };
    }

    /** ∂L/∂Y of one row (before the 1/n), for the losses that are not fused with their output activation. */
    static String lossGradient(Loss loss, int k) {
        return switch (loss.displayName()) {
            case "mse" -> "(2/" + k + ")·(Y − T)";
            case "mae" -> "(1/" + k + ")·sign(Y − T)";
            case "huber" -> "(1/" + k + ")·clip(Y − T, ±" + plain(loss.delta()) + ")";
            case "asymmetric" -> "(2/" + k + ")·c·(Y − T)";
            case "cross_entropy" -> "−T / Y";
            case "binary_cross_entropy" -> "(Y − T) / (Y(1 − Y))";
            default -> "∂L/∂Y";
        };
    }

    // ---- layout --------------------------------------------------------------------------------------------------

    private int batch(int trainRows) {
        TrainConfig t = net.train();
        boolean all = t.batch() == TrainConfig.ALL || net.optimizer() instanceof nnc.model.Optimizer.Gd;
        if (all) {
            return trainRows;
        }
        return trainRows > 0 ? Math.min(t.batch(), trainRows) : t.batch();
    }

    private String chain() {
        StringBuilder b = new StringBuilder(Integer.toString(net.inputSize()));
        for (Layer l : net.layers()) {
            b.append(" → ").append(l.units()).append(' ').append(l.activation().canonicalName());
        }
        return b.toString();
    }

    private String shapeText() {
        StringBuilder b = new StringBuilder();
        for (int d : net.inputShape()) {
            b.append(b.length() == 0 ? "" : " × ").append(d);
        }
        return b.toString();
    }

    private void row(String formula, String shape, String method) {
        StringBuilder b = new StringBuilder("    ").append(formula);
        if (!shape.isEmpty() || !method.isEmpty()) {
            pad(b, 4 + FORMULA);
            b.append(shape);
            if (!method.isEmpty()) {
                pad(b, 4 + FORMULA + SHAPE);
                b.append(method);
            }
        }
        out.append(b.toString().stripTrailing()).append('\n');
    }

    private static void pad(StringBuilder b, int column) {
        int len = b.codePointCount(0, b.length());
        b.append(" ".repeat(Math.max(2, column - len)));
    }

    private void line(String format, Object... args) {
        out.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
    }

    /** 1 − v as written in decimal: {@code 0.1} for 0.9, not {@code 0.09999999999999998}. */
    static String oneMinus(double v) {
        return BigDecimal.ONE.subtract(BigDecimal.valueOf(v)).stripTrailingZeros().toPlainString();
    }

    /** A number as a .nn file would write it: {@code 0.05}, {@code 0.0001}, {@code 1e-8}. */
    static String plain(double v) {
        if (v != 0 && Math.abs(v) < 1e-4) {
            return Double.toString(v).replace(".0E", "E").replace('E', 'e');
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
