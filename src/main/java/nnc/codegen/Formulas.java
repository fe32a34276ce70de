package nnc.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.Collection;
import javax.lang.model.element.Modifier;
import nnc.model.Activation;
import nnc.model.Loss;

/**
 * The rows of {@link Activation} and {@link Loss.Kind} as code: their expression templates with the parameters
 * filled in, and the helpers those expressions call ({@link nnc.model.Functions}' arithmetic, written out).
 */
final class Formulas {
    private Formulas() {
    }

    /** f(s) as an expression of {@code s}; not for softmax, which needs the whole row. */
    static String activation(Activation act, double alpha) {
        return fill(act, act.expression(), alpha);
    }

    /** g · f′ as an expression of {@code g} and the {@code s} or {@code y} the row's f′ reads. */
    static String derivativeTimesG(Activation act, double alpha) {
        return fill(act, act.derivativeTimesG(), alpha);
    }

    private static String fill(Activation act, String template, double alpha) {
        if (template == null) {
            throw new IllegalStateException(act.canonicalName() + " is not element-wise");
        }
        return template.replace("{alpha}", Generator.lit(alpha));
    }

    /** The loss term of one output, with {@code k} the name of the number of outputs. */
    static String lossTerm(Loss loss, String k) {
        return fill(loss, loss.kind().termExpression(), k);
    }

    /** ∂L/∂y of one output (not yet divided by the batch size); not for the fused losses. */
    static String lossGradient(Loss loss, String k) {
        if (loss.fused()) {
            throw new IllegalStateException("fused loss");
        }
        return fill(loss, loss.kind().gradientExpression(), k);
    }

    private static String fill(Loss loss, String template, String k) {
        return template.replace("{k}", k).replace("{delta}", Generator.lit(loss.delta()))
                .replace("{over}", Generator.lit(loss.over())).replace("{under}", Generator.lit(loss.under()));
    }

    /**
     * The type an element-wise formula of {@code act} computes in, in a class of number type {@code num}: double,
     * except where f and g·f′ only pick one of s, g and 0 (relu, identity), which is exact in any type: a float
     * class then computes them in float, which C2 vectorizes (relu′ over 128 × 512 floats: 37 µs a batch against
     * about 1,000 through double and back), with the same bits.
     */
    static String localType(Activation act, NumberType num) {
        return num.isDouble() || !(act == Activation.RELU || act == Activation.IDENTITY) ? "double" : num.name;
    }

    /**
     * Whether a float class with fused Vector API kernels ({@link KernelCalls#vectorOnly}) has its products compute
     * the element loops of {@code act} ({@link Product#relu}, {@link Product#reluDerivativeOf}): relu, whose f and
     * g·f′ only pick s or g, or zero ({@link #vectorIfPositive}).
     */
    static boolean fusesIntoProducts(Activation act) {
        return act == Activation.RELU;
    }

    /**
     * relu's f and g·f′ on vectors of floats, {@code ifPositive(s, v, 0)} lane by lane: the lanes where the vector
     * {@code s} is positive keep {@code v} (s itself for f, g for g·f′), the others (s ≤ 0, −0 and NaN) are
     * {@code zero}'s +0, as the scalar templates give them: the same bits.
     */
    static CodeBlock vectorIfPositive(String zero, String s, String v) {
        return CodeBlock.of("$L.blend($L, $L.compare($T.GT, 0f))", zero, v, s, VECTOR_OPERATORS);
    }

    private static final ClassName VECTOR_OPERATORS = ClassName.get("jdk.incubator.vector", "VectorOperators");

    /** Declarations of the {@code s} or {@code y} of element j that the derivative of {@code act} reads. */
    static String derivativeInputs(Activation act, NumberType num, String sRow, String yRow) {
        String type = localType(act, num);
        return switch (act.derivativeReads()) {
            case S -> type + " s = " + sRow + "[j]";
            case Y -> type + " y = " + yRow + "[j]";
            case NOTHING -> null;
        };
    }

    /**
     * Adds the helpers that the network's activations' expressions call ({@code ifPositive} also for dropout masks;
     * in a float class, also its float form, for relu).
     */
    static void addHelpers(TypeSpec.Builder type, Collection<Activation> used, boolean dropoutMasks, NumberType num) {
        StringBuilder all = new StringBuilder();
        for (Activation a : used) {
            if (a.elementWise()) {
                all.append(a.expression()).append('\n').append(a.derivativeTimesG()).append('\n');
            }
        }
        String code = all.toString();
        if (code.contains("GELU_C")) {
            type.addField(FieldSpec.builder(double.class, "GELU_C", Modifier.PRIVATE, Modifier.STATIC,
                    Modifier.FINAL).initializer("Math.sqrt(2 / Math.PI)").build());
        }
        if (code.contains("geluDerivative(")) {
            type.addMethod(MethodSpec.methodBuilder("geluDerivative").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(double.class).addParameter(double.class, "s")
                    .addStatement("double t = Math.tanh(GELU_C * (s + 0.044715 * s * s * s))")
                    .addStatement("return 0.5 * (1 + t) + 0.5 * s * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * s * s)")
                    .build());
        }
        if (code.contains("ifPositive(") || dropoutMasks) {
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
        if (!num.isDouble() && used.contains(Activation.RELU)) {
            type.addMethod(MethodSpec.methodBuilder("ifPositive").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(float.class).addParameter(float.class, "s").addParameter(float.class, "v")
                    .addParameter(float.class, "w")
                    .addJavadoc("{@code s > 0 ? v : w} for floats, as the double one.\n")
                    .addStatement("int b = Float.floatToRawIntBits(s) - 1")
                    .addStatement("int mask = ((b - 0x7F800000) & ~b) >> 31")
                    .addStatement("return Float.intBitsToFloat(Float.floatToRawIntBits(v) & mask"
                            + " | Float.floatToRawIntBits(w) & ~mask)").build());
        }
        if (code.contains("mishDerivative(")) {
            type.addMethod(MethodSpec.methodBuilder("mishDerivative").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(double.class).addParameter(double.class, "s")
                    .addJavadoc("mish′(s) = t + s·(1 − t²)·σ(s) with t = tanh(softplus(s)).\n")
                    .addStatement("double t = Math.tanh(Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s))))")
                    .addStatement("return t + s * (1 - t * t) * sigmoid(s)").build());
        }
        if (code.contains("sigmoid(") || code.contains("mishDerivative(")) {
            type.addMethod(MethodSpec.methodBuilder("sigmoid").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(double.class).addParameter(double.class, "s")
                    .addJavadoc("σ(s) = 1 / (1 + e^(−s)), computed without overflow: e^(−|s|) never exceeds 1.\n")
                    .addStatement("double e = Math.exp(-Math.abs(s))")
                    .addStatement("return s >= 0 ? 1 / (1 + e) : e / (1 + e)").build());
        }
    }
}
