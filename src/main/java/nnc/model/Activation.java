package nnc.model;

import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * The activation functions of the language, one row each: f and f′ side by side, in the two forms the project
 * needs. The functions ({@link #apply}, {@link #derivative}) are what the reference implementation and the tests
 * evaluate; the templates ({@link #expression}, {@link #derivativeTimesG}) are the Java expressions the generated
 * classes compute. {@link #derivativeReads} says whether f′ is written in the pre-activation s or in the activation
 * y = f(s), for both forms. {@code RuleTableTest} compiles every template and checks it against its function.
 *
 * <p>Templates are Java expressions in {@code s} (f), in {@code g} and {@code s} or {@code y} (g·f′), and in
 * {@code {alpha}}, which the code generator replaces by the layer's α as a literal. They may call the generated
 * helpers {@code sigmoid}, {@code ifPositive} ({@code s > 0 ? v : w} without a branch), {@code geluDerivative} and
 * {@code mishDerivative},
 * and read the constant {@code GELU_C}: the same arithmetic as {@link Functions}.
 */
public enum Activation {
    IDENTITY(List.of("identity", "linear"), false, Reads.NOTHING,
            (s, a) -> s, "s",
            (x, a) -> 1, "g", "identity′ = 1"),
    STEP(List.of("step"), false, Reads.NOTHING,
            (s, a) -> s > 0 ? 1 : 0, "s > 0 ? 1.0 : 0.0",
            (x, a) -> 0, "0.0", "step′ = 0"),
    SIGMOID(List.of("sigmoid", "logistic"), false, Reads.Y,
            (s, a) -> Functions.sigmoid(s), "sigmoid(s)",
            (y, a) -> y * (1 - y), "g * (y * (1 - y))", "σ′ = y·(1 − y)"),
    TANH(List.of("tanh"), false, Reads.Y,
            (s, a) -> Math.tanh(s), "Math.tanh(s)",
            (y, a) -> 1 - y * y, "g * (1 - y * y)", "tanh′ = 1 − y²"),
    RELU(List.of("relu"), true, Reads.S,
            (s, a) -> s > 0 ? s : 0, "ifPositive(s, s, 0)",
            (s, a) -> s > 0 ? 1 : 0, "ifPositive(s, g, 0)", "relu′ = 1 if s > 0, else 0"),
    LEAKY_RELU(List.of("leaky_relu"), true, Reads.S,
            (s, a) -> s > 0 ? s : a * s, "ifPositive(s, s, {alpha} * s)",
            (s, a) -> s > 0 ? 1 : a, "g * ifPositive(s, 1.0, {alpha})", "leaky_relu′ = 1 if s > 0, else α"),
    ELU(List.of("elu"), true, Reads.S,
            (s, a) -> s > 0 ? s : a * (Math.exp(s) - 1), "s > 0 ? s : {alpha} * (Math.exp(s) - 1)",
            (s, a) -> s > 0 ? 1 : a * Math.exp(s), "g * (s > 0 ? 1.0 : {alpha} * Math.exp(s))",
            "elu′ = 1 if s > 0, else α·eˢ"),
    GELU(List.of("gelu"), true, Reads.S,
            (s, a) -> 0.5 * s * (1 + Math.tanh(Functions.GELU_C * (s + 0.044715 * s * s * s))),
            "0.5 * s * (1 + Math.tanh(GELU_C * (s + 0.044715 * s * s * s)))",
            (s, a) -> Functions.geluDerivative(s), "g * geluDerivative(s)",
            "gelu′ = ½(1 + t) + ½·s·(1 − t²)·c·(1 + 3·0.044715·s²), t = tanh(c·(s + 0.044715·s³)), c = √(2/π)"),
    SILU(List.of("silu", "swish"), true, Reads.S,
            (s, a) -> s * Functions.sigmoid(s), "s * sigmoid(s)",
            (s, a) -> Functions.sigmoid(s) * (1 + s * (1 - Functions.sigmoid(s))),
            "g * (sigmoid(s) * (1 + s * (1 - sigmoid(s))))", "silu′ = σ(s)·(1 + s·(1 − σ(s)))"),
    SOFTPLUS(List.of("softplus"), true, Reads.S,
            (s, a) -> Functions.softplus(s), "Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s)))",
            (s, a) -> Functions.sigmoid(s), "g * sigmoid(s)", "softplus′ = σ(s)"),
    /** λ·s for s > 0, else λ·α·(eˢ − 1), with PyTorch's λ and α ({@link Functions#SELU_LAMBDA}). */
    SELU(List.of("selu"), true, Reads.S,
            (s, a) -> s > 0 ? Functions.SELU_LAMBDA * s : Functions.SELU_LAMBDA * Functions.SELU_ALPHA * Math.expm1(s),
            "s > 0 ? 1.0507009873554805 * s : 1.0507009873554805 * 1.6732632423543772 * Math.expm1(s)",
            (s, a) -> s > 0 ? Functions.SELU_LAMBDA : Functions.SELU_LAMBDA * Functions.SELU_ALPHA * Math.exp(s),
            "g * (s > 0 ? 1.0507009873554805 : 1.0507009873554805 * 1.6732632423543772 * Math.exp(s))",
            "selu′ = λ if s > 0, else λ·α·eˢ"),
    MISH(List.of("mish"), true, Reads.S,
            (s, a) -> s * Math.tanh(Functions.softplus(s)),
            "s * Math.tanh(Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s))))",
            (s, a) -> Functions.mishDerivative(s), "g * mishDerivative(s)",
            "mish′ = t + s·(1 − t²)·σ(s), t = tanh(softplus(s))"),
    /** Not element-wise: the code generator and the reference implementation compute it over whole rows. */
    SOFTMAX(List.of("softmax"), false, Reads.NOTHING, null, null, null, null,
            "softmax′: δᵢ = yᵢ·(gᵢ − Σₖ gₖ·yₖ)");

    /** What f′ is written in. */
    public enum Reads {
        /** a constant: f′ reads neither s nor y */
        NOTHING,
        /** the pre-activation s */
        S,
        /** the activation y = f(s) */
        Y
    }

    private final List<String> names;
    private final boolean prefersHeInit;
    private final Reads derivativeReads;
    private final DoubleBinaryOperator f;
    private final String expression;
    private final DoubleBinaryOperator df;
    private final String derivativeTimesG;
    private final String derivativeText;

    Activation(List<String> names, boolean prefersHeInit, Reads derivativeReads, DoubleBinaryOperator f,
               String expression, DoubleBinaryOperator df, String derivativeTimesG, String derivativeText) {
        this.names = names;
        this.prefersHeInit = prefersHeInit;
        this.derivativeReads = derivativeReads;
        this.f = f;
        this.expression = expression;
        this.df = df;
        this.derivativeTimesG = derivativeTimesG;
        this.derivativeText = derivativeText;
    }

    /** The canonical name first, then aliases. */
    public List<String> names() {
        return names;
    }

    public String canonicalName() {
        return names.get(0);
    }

    /** The relu family, whose layers start from he initialization unless told otherwise. */
    public boolean prefersHeInit() {
        return prefersHeInit;
    }

    /** Whether f applies to each element on its own (all but softmax). */
    public boolean elementWise() {
        return f != null;
    }

    /** What f′ reads: s, y or neither. */
    public Reads derivativeReads() {
        return derivativeReads;
    }

    /** f(s) with parameter α (leaky_relu, elu; ignored by the others). */
    public double apply(double s, double alpha) {
        return f.applyAsDouble(s, alpha);
    }

    /** f′ at pre-activation s with activation y = f(s): each row reads the one {@link #derivativeReads} names. */
    public double derivative(double s, double y, double alpha) {
        return df.applyAsDouble(derivativeReads == Reads.Y ? y : s, alpha);
    }

    /** f(s) as a Java expression template in {@code s} (see the class comment). */
    public String expression() {
        return expression;
    }

    /** g·f′ as a Java expression template in {@code g} and {@code s} or {@code y} (see the class comment). */
    public String derivativeTimesG() {
        return derivativeTimesG;
    }

    /** f′ in closed form, for comments and reports: {@code tanh′ = 1 − y²}. */
    public String derivativeText() {
        return derivativeText;
    }
}
