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
 * predicts exactly what {@code nnc predict} prints.
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
            type.addField(FieldSpec.builder(TypeName.get(double[][].class), "W" + k, Modifier.PRIVATE,
                    Modifier.STATIC, Modifier.FINAL).addJavadoc("Layer $L: $L × $L, $L.\n", k, l.units(), l.inputs(),
                    l.activation().canonicalName()).build());
            if (l.hasBias()) {
                type.addField(FieldSpec.builder(TypeName.get(double[].class), "B" + k, Modifier.PRIVATE,
                        Modifier.STATIC, Modifier.FINAL).build());
            }
        }
        if (t.targetScale() != null) {
            type.addField(targetArray("TARGET_OFFSET", t.targetOffset()));
            type.addField(targetArray("TARGET_SCALE", t.targetScale()));
        }
        type.addStaticBlock(staticInit(net, blocks));
        type.addMethod(decode(blocks));
        type.addMethod(predict(net, t.targetScale() != null));
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
        Formulas.addHelpers(type, net.layers().stream().map(Layer::activation).toList());
        return JavaFile.builder(packageName, type.build())
                .addFileComment("Exported by nnc from model $L with trained weights.", net.name())
                .indent("    ").build();
    }

    private static CodeBlock staticInit(Network net, List<double[]> blocks) {
        CodeBlock.Builder c = CodeBlock.builder();
        c.addStatement("double[] v = values()");
        c.addStatement("int at = 0");
        c.addStatement("OFFSET = java.util.Arrays.copyOfRange(v, at, at += INPUTS)");
        c.addStatement("SCALE = java.util.Arrays.copyOfRange(v, at, at += INPUTS)");
        for (Layer l : net.layers()) {
            int k = l.index() + 1;
            c.addStatement("W$L = new double[$L][]", k, l.units());
            c.beginControlFlow("for (int j = 0; j < $L; j++)", l.units());
            c.addStatement("W$L[j] = java.util.Arrays.copyOfRange(v, at, at += $L)", k, l.inputs());
            c.endControlFlow();
            if (l.hasBias()) {
                c.addStatement("B$L = java.util.Arrays.copyOfRange(v, at, at += $L)", k, l.units());
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

    private static MethodSpec predict(Network net, boolean scaledTargets) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("predict").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(double[].class).addParameter(double[].class, "x")
                .addJavadoc("The network's outputs for one row of $L raw features.\n", net.inputSize())
                .beginControlFlow("if (x.length != INPUTS)")
                .addStatement("throw new IllegalArgumentException(\"expected \" + INPUTS + \" inputs, got \" + x.length)")
                .endControlFlow()
                .addStatement("double[] a0 = new double[INPUTS]")
                .beginControlFlow("for (int k = 0; k < INPUTS; k++)")
                .addStatement("a0[k] = (x[k] - OFFSET[k]) * SCALE[k]")
                .endControlFlow();
        for (Layer l : net.layers()) {
            int k = l.index() + 1;
            m.addComment("layer $L: a$L = $L(W$L·a$L + b$L)", k, k, l.activation().canonicalName(), k, k - 1, k);
            m.addStatement("double[] a$L = new double[$L]", k, l.units());
            m.beginControlFlow("for (int j = 0; j < $L; j++)", l.units());
            m.addStatement("double s = $L", l.hasBias() ? "B" + k + "[j]" : "0.0");
            m.addStatement("double[] w = W$L[j]", k);
            m.beginControlFlow("for (int i = 0; i < $L; i++)", l.inputs());
            m.addStatement("s = s + a$L[i] * w[i]", k - 1);
            m.endControlFlow();
            m.addStatement("a$L[j] = $L", k, l.activation() == Activation.SOFTMAX ? "s"
                    : Formulas.activation(l.activation(), l.alpha()));
            m.endControlFlow();
            if (l.activation() == Activation.SOFTMAX) {
                m.addStatement("double max = Double.NEGATIVE_INFINITY")
                        .beginControlFlow("for (double v : a$L)", k).addStatement("max = Math.max(max, v)")
                        .endControlFlow()
                        .addStatement("double sum = 0")
                        .beginControlFlow("for (int j = 0; j < $L; j++)", l.units())
                        .addStatement("a$L[j] = Math.exp(a$L[j] - max)", k, k)
                        .addStatement("sum += a$L[j]", k)
                        .endControlFlow()
                        .beginControlFlow("for (int j = 0; j < $L; j++)", l.units())
                        .addStatement("a$L[j] /= sum", k)
                        .endControlFlow();
            }
        }
        if (scaledTargets) {
            m.addComment("the targets were scaled for training: back to their own units")
                    .beginControlFlow("for (int j = 0; j < OUTPUTS; j++)")
                    .addStatement("a$L[j] = a$L[j] / TARGET_SCALE[j] + TARGET_OFFSET[j]", net.layers().size(),
                            net.layers().size())
                    .endControlFlow();
        }
        return m.addStatement("return a$L", net.layers().size()).build();
    }
}
