package nnc.model;

/**
 * The scalar functions that several activation rules share, as the reference implementation evaluates them. The
 * generated classes carry the same arithmetic as private helpers of the same names; {@code RuleTableTest} checks,
 * bit for bit, that both agree.
 */
public final class Functions {
    private Functions() {
    }

    /** √(2/π), gelu's constant. */
    public static final double GELU_C = Math.sqrt(2 / Math.PI);
    /** selu's λ, as PyTorch's {@code torch.nn.SELU}. */
    public static final double SELU_LAMBDA = 1.0507009873554805;
    /** selu's α, as PyTorch's {@code torch.nn.SELU}. */
    public static final double SELU_ALPHA = 1.6732632423543772;

    /** σ(s) = 1 / (1 + e^(−s)), computed without overflow: e^(−|s|) never exceeds 1. */
    public static double sigmoid(double s) {
        double e = Math.exp(-Math.abs(s));
        return s >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    /** ln(1 + e^s) = max(s, 0) + ln(1 + e^(−|s|)), computed without overflow. */
    public static double softplus(double s) {
        return Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s)));
    }

    /** gelu′(s) of the tanh form, with t = tanh(√(2/π)·(s + 0.044715·s³)). */
    public static double geluDerivative(double s) {
        double t = Math.tanh(GELU_C * (s + 0.044715 * s * s * s));
        return 0.5 * (1 + t) + 0.5 * s * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * s * s);
    }

    /** mish′(s) = tanh(softplus(s)) + s·(1 − tanh²(softplus(s)))·σ(s), since softplus′ = σ. */
    public static double mishDerivative(double s) {
        double t = Math.tanh(softplus(s));
        return t + s * (1 - t * t) * sigmoid(s);
    }
}
