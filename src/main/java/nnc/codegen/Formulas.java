package nnc.codegen;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import nnc.model.Activation;

/** The activation functions and their derivatives as Java expressions, for every class nnc writes. */
final class Formulas {
    private Formulas() {
    }

    /** f(s) as an expression of {@code s}; not for softmax, which needs the whole row. */
    static String activation(Activation act, double alphaValue) {
        String alpha = Generator.lit(alphaValue);
        return switch (act) {
            case IDENTITY -> "s";
            case STEP -> "s > 0 ? 1.0 : 0.0";
            case SIGMOID -> "sigmoid(s)";
            case TANH -> "Math.tanh(s)";
            case RELU -> "ifPositive(s, s, 0.0)";
            case LEAKY_RELU -> "ifPositive(s, s, " + alpha + " * s)";
            case ELU -> "s > 0 ? s : " + alpha + " * (Math.exp(s) - 1)";
            case GELU -> "0.5 * s * (1 + Math.tanh(GELU_C * (s + 0.044715 * s * s * s)))";
            case SILU -> "s * sigmoid(s)";
            case SOFTPLUS -> "Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s)))";
            case SOFTMAX -> throw new IllegalStateException("softmax is not element-wise");
        };
    }

    /** g · f′, with {@code s} the pre-activation and {@code y} the activation in scope. */
    static String derivativeTimes(Activation act, double alphaValue, String g) {
        String alpha = Generator.lit(alphaValue);
        return switch (act) {
            case IDENTITY -> g;
            case STEP -> "0.0";
            case SIGMOID -> g + " * (y * (1 - y))";
            case TANH -> g + " * (1 - y * y)";
            case RELU -> "ifPositive(s, " + g + ", 0.0)";
            case LEAKY_RELU -> g + " * ifPositive(s, 1.0, " + alpha + ")";
            case ELU -> g + " * (s > 0 ? 1.0 : " + alpha + " * Math.exp(s))";
            case GELU -> g + " * geluDerivative(s)";
            case SILU -> g + " * (sigmoid(s) * (1 + s * (1 - sigmoid(s))))";
            case SOFTPLUS -> g + " * sigmoid(s)";
            case SOFTMAX -> throw new IllegalStateException("softmax is not element-wise");
        };
    }

    /** Whether {@link #derivativeTimes} reads the pre-activation {@code s}. */
    static boolean derivativeUsesS(Activation act) {
        return switch (act) {
            case RELU, LEAKY_RELU, ELU, GELU, SILU, SOFTPLUS -> true;
            default -> false;
        };
    }

    /** Whether {@link #derivativeTimes} reads the activation {@code y}. */
    static boolean derivativeUsesY(Activation act) {
        return act == Activation.SIGMOID || act == Activation.TANH;
    }

    /** Declarations of the {@code s} and {@code y} of element j that the derivative of {@code act} reads. */
    static String derivativeInputs(Activation act, String sRow, String yRow) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (derivativeUsesS(act)) {
            parts.add("s = " + sRow + "[j]");
        }
        if (derivativeUsesY(act)) {
            parts.add("y = " + yRow + "[j]");
        }
        return parts.isEmpty() ? null : "double " + String.join(", ", parts);
    }

    /** Adds the helpers that the network's activations use: {@code sigmoid}, and GELU's constant and derivative. */
    static void addHelpers(TypeSpec.Builder type, java.util.Collection<Activation> used) {
        if (used.contains(Activation.GELU)) {
            type.addField(FieldSpec.builder(double.class, "GELU_C", Modifier.PRIVATE, Modifier.STATIC,
                    Modifier.FINAL).initializer("Math.sqrt(2 / Math.PI)").build());
            type.addMethod(MethodSpec.methodBuilder("geluDerivative").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(double.class).addParameter(double.class, "s")
                    .addStatement("double t = Math.tanh(GELU_C * (s + 0.044715 * s * s * s))")
                    .addStatement("return 0.5 * (1 + t) + 0.5 * s * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * s * s)")
                    .build());
        }
        if (used.contains(Activation.RELU) || used.contains(Activation.LEAKY_RELU)) {
            type.addMethod(MethodSpec.methodBuilder("ifPositive").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(double.class).addParameter(double.class, "s").addParameter(double.class, "v")
                    .addParameter(double.class, "w")
                    .addJavadoc("{@code s > 0 ? v : w}, bit for bit, without a branch: relu's signs follow no pattern a\n"
                            + "processor can predict, and a mispredicted branch per element cost more than the relu\n"
                            + "itself (config A ran 15–20% faster without them). The bits of s, less one, lie in\n"
                            + "[0, bits(+∞)) exactly when 0 < s ≤ +∞; the mask is then all ones, otherwise zero.\n")
                    .addStatement("long b = Double.doubleToRawLongBits(s) - 1")
                    .addStatement("long mask = ((b - 0x7FF0000000000000L) & ~b) >> 63")
                    .addStatement("return Double.longBitsToDouble(Double.doubleToRawLongBits(v) & mask"
                            + " | Double.doubleToRawLongBits(w) & ~mask)").build());
        }
        if (used.contains(Activation.SIGMOID) || used.contains(Activation.SILU)
                || used.contains(Activation.SOFTPLUS)) {
            type.addMethod(MethodSpec.methodBuilder("sigmoid").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(double.class).addParameter(double.class, "s")
                    .addJavadoc("σ(s) = 1 / (1 + e^(−s)), computed without overflow: e^(−|s|) never exceeds 1.\n")
                    .addStatement("double e = Math.exp(-Math.abs(s))")
                    .addStatement("return s >= 0 ? 1 / (1 + e) : e / (1 + e)").build());
        }
    }
}
