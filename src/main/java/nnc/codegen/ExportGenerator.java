package nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.lang.model.element.Modifier;
import nnc.model.Activation;
import nnc.model.Layer;
import nnc.model.Network;

/**
 * Writes a standalone predictor: one class, JDK only, holding trained weights and the input normalization, with
 * {@code predict} (and {@code classify} for classification). Its arithmetic is that of the training class, so it
 * predicts exactly what {@code nnc predict} prints; for a float32 network its weights and activations are floats
 * and each product term is a fused multiply-add in ascending order, as in the float32 training class's Vector API
 * kernels (on a JVM without the Vector API module, the training class has plain loops, a multiplication and an
 * addition per term, and the two may differ in the last bit).
 */
public final class ExportGenerator {
    /** Java string constants are limited to 65535 bytes: weights are stored in chunks below that. */
    private static final int CHUNK = 60_000;

    private ExportGenerator() {
    }

    /**
     * Trained values: per layer weights [neuron][input] and bias (null when none), plus normalization; for
     * regression targets that were scaled for training, {@code targetOffset} and {@code targetScale} map the
     * outputs back to the targets' units as y / scale + offset (both null when the targets were not scaled).
     */
    public record Trained(List<double[][]> weights, List<double[]> biases, double[] offset, double[] scale,
                          boolean classification, double[] targetOffset, double[] targetScale) {
        public Trained(List<double[][]> weights, List<double[]> biases, double[] offset, double[] scale,
                       boolean classification) {
            this(weights, biases, offset, scale, classification, null, null);
        }
    }

    public static JavaFile generate(Network net, Trained t, String packageName) {
        NumberType num = NumberType.of(net.train().precision());
        TypeSpec.Builder type = TypeSpec.classBuilder(net.name())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("The trained network $L, exported by nnc: call {@link #predict(double[])}$L.\n"
                        + "Inputs are raw feature values; they are normalized here as (x − OFFSET) · SCALE.\n",
                        net.name(), t.classification() ? " or {@link #classify(double[])}" : "");
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        type.addField(FieldSpec.builder(int.class, "INPUTS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", net.inputSize()).build());
        type.addField(FieldSpec.builder(int.class, "OUTPUTS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .initializer("$L", net.outputSize()).build());
        List<double[]> blocks = new ArrayList<>();
        blocks.add(t.offset());
        blocks.add(t.scale());
        for (Layer l : net.layers()) {
            for (double[] row : t.weights().get(l.index())) {
                blocks.add(row);
            }
            if (l.hasBias()) {
                blocks.add(t.biases().get(l.index()));
            }
        }
        type.addField(FieldSpec.builder(TypeName.get(double[].class), "OFFSET", Modifier.PRIVATE, Modifier.STATIC,
                Modifier.FINAL).build());
        type.addField(FieldSpec.builder(TypeName.get(double[].class), "SCALE", Modifier.PRIVATE, Modifier.STATIC,
                Modifier.FINAL).build());
        for (Layer l : net.layers()) {
            int k = l.index() + 1;
            type.addField(FieldSpec.builder(num.matrix, "W" + k, Modifier.PRIVATE,
                    Modifier.STATIC, Modifier.FINAL).addJavadoc("Layer $L: $L × $L, $L.\n", k, l.units(), l.inputs(),
                    l.activation().canonicalName()).build());
            if (l.hasBias()) {
                type.addField(FieldSpec.builder(num.vector, "B" + k, Modifier.PRIVATE,
                        Modifier.STATIC, Modifier.FINAL).build());
            }
        }
        if (t.targetScale() != null) {
            type.addField(targetArray("TARGET_OFFSET", t.targetOffset()));
            type.addField(targetArray("TARGET_SCALE", t.targetScale()));
        }
        type.addStaticBlock(staticInit(net, num));
        type.addMethod(decode(blocks));
        if (!num.isDouble()) {
            type.addMethod(MethodSpec.methodBuilder("floats").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(float[].class).addParameter(double[].class, "v").addParameter(int.class, "from")
                    .addParameter(int.class, "count")
                    .addJavadoc("count values of v from {@code from} as floats (they were floats when saved: exactly).\n")
                    .addStatement("float[] f = new float[count]")
                    .beginControlFlow("for (int i = 0; i < count; i++)")
                    .addStatement("f[i] = (float) v[from + i]")
                    .endControlFlow()
                    .addStatement("return f").build());
        }
        type.addMethod(predict(net, t.targetScale() != null, num));
        if (t.classification()) {
            type.addMethod(MethodSpec.methodBuilder("classify").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                    .returns(int.class).addParameter(double[].class, "x")
                    .addJavadoc("The predicted class: the largest output$L.\n",
                            net.outputSize() == 1 ? " (here: output > 0.5)" : "")
                    .addStatement("double[] y = predict(x)")
                    .addCode(net.outputSize() == 1 ? CodeBlock.of("return y[0] > 0.5 ? 1 : 0;\n") : CodeBlock.builder()
                            .addStatement("int best = 0")
                            .beginControlFlow("for (int j = 1; j < y.length; j++)")
                            .beginControlFlow("if (y[j] > y[best])")
                            .addStatement("best = j")
                            .endControlFlow().endControlFlow()
                            .addStatement("return best").build())
                    .build());
        }
        Formulas.addHelpers(type, net.layers().stream().map(Layer::activation).toList(), false,
                NumberType.DOUBLE);
        return JavaFile.builder(packageName, type.build())
                .addFileComment("Exported by nnc from model $L with trained weights.", net.name())
                .indent("    ").build();
    }

    /** The next {@code count} values from {@code at} (for float, {@code at} moves on in a statement of its own). */
    private static String take(NumberType num, int count) {
        return num.isDouble() ? "java.util.Arrays.copyOfRange(v, at, at += " + count + ")"
                : "floats(v, at, " + count + ")";
    }

    private static CodeBlock staticInit(Network net, NumberType num) {
        CodeBlock.Builder c = CodeBlock.builder();
        c.addStatement("double[] v = values()");
        c.addStatement("int at = 0");
        c.addStatement("OFFSET = java.util.Arrays.copyOfRange(v, at, at += INPUTS)");
        c.addStatement("SCALE = java.util.Arrays.copyOfRange(v, at, at += INPUTS)");
        for (Layer l : net.layers()) {
            int k = l.index() + 1;
            c.addStatement("W$L = new $L[$L][]", k, num.name, l.units());
            c.beginControlFlow("for (int j = 0; j < $L; j++)", l.units());
            c.addStatement("W$L[j] = $L", k, take(num, l.inputs()));
            if (!num.isDouble()) {
                c.addStatement("at += $L", l.inputs());
            }
            c.endControlFlow();
            if (l.hasBias()) {
                c.addStatement("B$L = $L", k, take(num, l.units()));
                if (!num.isDouble()) {
                    c.addStatement("at += $L", l.units());
                }
            }
        }
        return c.build();
    }

    /** The parameters as Base64 of big-endian doubles, in string chunks, decoded once when the class loads. */
    private static MethodSpec decode(List<double[]> blocks) {
        int count = blocks.stream().mapToInt(b -> b.length).sum();
        ByteBuffer bytes = ByteBuffer.allocate(count * 8);
        for (double[] b : blocks) {
            for (double v : b) {
                bytes.putDouble(v);
            }
        }
        String all = Base64.getEncoder().encodeToString(bytes.array());
        MethodSpec.Builder m = MethodSpec.methodBuilder("values").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(double[].class)
                .addJavadoc("All $L parameters (normalization, then each layer's weight rows and bias), exactly.\n",
                        count)
                .addStatement("StringBuilder text = new StringBuilder($L)", all.length());
        for (int i = 0; i < all.length(); i += CHUNK) {
            m.addStatement("text.append($S)", all.substring(i, Math.min(all.length(), i + CHUNK)));
        }
        return m.addStatement("java.nio.DoubleBuffer d = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder()"
                        + ".decode(text.toString())).asDoubleBuffer()")
                .addStatement("double[] v = new double[d.remaining()]")
                .addStatement("d.get(v)")
                .addStatement("return v").build();
    }

    /** A few values written out exactly (Java's shortest decimal form of a double reads back as the same bits). */
    private static FieldSpec targetArray(String name, double[] values) {
        CodeBlock.Builder init = CodeBlock.builder().add("{");
        for (int j = 0; j < values.length; j++) {
            init.add(j > 0 ? ", $L" : "$L", Double.toString(values[j]));
        }
        return FieldSpec.builder(TypeName.get(double[].class), name, Modifier.PRIVATE, Modifier.STATIC,
                Modifier.FINAL).initializer(init.add("}").build()).build();
    }

    private static MethodSpec predict(Network net, boolean scaledTargets, NumberType num) {
        boolean dbl = num.isDouble();
        MethodSpec.Builder m = MethodSpec.methodBuilder("predict").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(double[].class).addParameter(double[].class, "x")
                .addJavadoc("The network's outputs for one row of $L raw features.\n", net.inputSize())
                .beginControlFlow("if (x.length != INPUTS)")
                .addStatement("throw new IllegalArgumentException(\"expected \" + INPUTS + \" inputs, got \" + x.length)")
                .endControlFlow()
                .addStatement("$L a0 = new $L[INPUTS]", num.array(), num.name)
                .beginControlFlow("for (int k = 0; k < INPUTS; k++)")
                .addStatement("a0[k] = $L", num.store("(x[k] - OFFSET[k]) * SCALE[k]"))
                .endControlFlow();
        for (Layer l : net.layers()) {
            int k = l.index() + 1;
            m.addComment("layer $L: a$L = $L(W$L·a$L + b$L)", k, k, l.activation().canonicalName(), k, k - 1, k);
            m.addStatement("$L a$L = new $L[$L]", num.array(), k, num.name, l.units());
            m.beginControlFlow("for (int j = 0; j < $L; j++)", l.units());
            String acc = dbl ? "s" : "sum";
            m.addStatement("$L $L = $L", num.name, acc, l.hasBias() ? "B" + k + "[j]" : num.lit(0));
            m.addStatement("$L w = W$L[j]", num.array(), k);
            m.beginControlFlow("for (int i = 0; i < $L; i++)", l.inputs());
            if (dbl) {
                m.addStatement("$L = $L + a$L[i] * w[i]", acc, acc, k - 1);
            } else {
                m.addStatement("$L = Math.fma(a$L[i], w[i], $L)", acc, k - 1, acc);
            }
            m.endControlFlow();
            if (!dbl && l.activation() != Activation.SOFTMAX) {
                m.addStatement("double s = sum");
            }
            m.addStatement("a$L[j] = $L", k, l.activation() == Activation.SOFTMAX ? acc
                    : num.store(Formulas.activation(l.activation(), l.alpha())));
            m.endControlFlow();
            if (l.activation() == Activation.SOFTMAX) {
                m.addStatement("double max = Double.NEGATIVE_INFINITY")
                        .beginControlFlow("for ($L v : a$L)", num.name, k).addStatement("max = Math.max(max, v)")
                        .endControlFlow()
                        .addStatement("double sum = 0")
                        .beginControlFlow("for (int j = 0; j < $L; j++)", l.units())
                        .addStatement("a$L[j] = $L", k, num.store("Math.exp(a" + k + "[j] - max)"))
                        .addStatement("sum += a$L[j]", k)
                        .endControlFlow()
                        .beginControlFlow("for (int j = 0; j < $L; j++)", l.units())
                        .addStatement("a$L[j] /= sum", k)
                        .endControlFlow();
            }
        }
        int last = net.layers().size();
        String y = "a" + last;
        if (!dbl) {
            m.addStatement("double[] y = new double[OUTPUTS]");
            m.beginControlFlow("for (int j = 0; j < OUTPUTS; j++)").addStatement("y[j] = a$L[j]", last)
                    .endControlFlow();
            y = "y";
        }
        if (scaledTargets) {
            m.addComment("the targets were scaled for training: back to their own units")
                    .beginControlFlow("for (int j = 0; j < OUTPUTS; j++)")
                    .addStatement("$L[j] = $L[j] / TARGET_SCALE[j] + TARGET_OFFSET[j]", y, y)
                    .endControlFlow();
        }
        return m.addStatement("return $L", y).build();
    }
}
