package nnc.codegen;

import static nnc.codegen.Names.MATRIX;
import static nnc.codegen.Names.VECTOR;
import static nnc.codegen.Names.k;
import static nnc.codegen.Names.lit;
import static nnc.codegen.Names.n;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.function.Function;
import javax.lang.model.element.Modifier;
import nnc.model.Layer;
import nnc.model.Optimizer;

/**
 * The readable class's parameter access ([unit][input], one row per neuron as in the {@code .nn} file, while the
 * class keeps w[input][unit]), the learning rate and seed, and its few array helpers, written as plain loops.
 */
final class ReadableAccess {
    private ReadableAccess() {
    }

    static void addTo(Plan plan, TypeSpec.Builder type) {
        String l2 = plan.net.l2() != 0 ? "L2" : "0.0";
        String l1 = plan.net.l1() != 0 ? "L1" : "0.0";
        type.addMethod(switchOver(plan, access(plan, "weights", MATRIX), "a copy of W[l]ᵀ, units × inputs",
                l -> "return transposed(w" + k(l) + ")", "throw new IllegalArgumentException(\"no layer \" + l)"));
        type.addMethod(switchOver(plan, access(plan, "bias", VECTOR), "a copy of b[l], or null",
                l -> "return " + (l.hasBias() ? "java.util.Arrays.copyOf(b" + k(l) + ", " + n(k(l)) + ")" : "null"),
                "throw new IllegalArgumentException(\"no layer \" + l)"));
        type.addMethod(switchOver(plan, access(plan, "setWeights", TypeName.VOID).addParameter(MATRIX, "w"),
                "W[l] = wᵀ, w given units × inputs", l -> "transposeInto(w, w" + k(l) + "); return",
                "throw new IllegalArgumentException(\"no layer \" + l)"));
        type.addMethod(switchOver(plan, access(plan, "setBias", TypeName.VOID).addParameter(VECTOR, "b"),
                "b[l] = b", l -> l.hasBias() ? "System.arraycopy(b, 0, b" + k(l) + ", 0, " + n(k(l)) + "); return"
                        : null, "throw new IllegalArgumentException(\"layer \" + l + \" has no bias\")"));
        type.addMethod(switchOver(plan, access(plan, "weightGradient", MATRIX), "(dW[l] + λ₂·W[l] + λ₁·sign(W[l]))ᵀ",
                l -> l.trainable() ? "return penalized(dW" + k(l) + ", w" + k(l) + ", " + l2 + ", " + l1 + ")" : null,
                "return null"));
        type.addMethod(switchOver(plan, access(plan, "biasGradient", VECTOR), "a copy of db[l], or null",
                l -> l.trainable() ? "return " + (l.hasBias() ? "java.util.Arrays.copyOf(db" + k(l) + ", " + n(k(l)) + ")" : "null") : null,
                "return null"));
        type.addMethod(plan.method("setLearningRate", TypeName.VOID).addParameter(double.class, "rate")
                .addComment("lr, from the schedule, once per epoch").addStatement("lr = rate").build());
        type.addMethod(plan.method("setSeed", TypeName.VOID).addParameter(long.class, "seed")
                .addComment(plan.net.hasDropout() ? "the dropout masks' random numbers" : "no dropout: nothing is random")
                .addCode(plan.net.hasDropout() ? "this.random = new java.util.SplittableRandom(seed);\n" : "").build());
        helpers(type);
    }

    /** {@code switch (l)} over the layers, one case per layer where {@code body} gives one (null: none). */
    private static MethodSpec switchOver(Plan plan, MethodSpec.Builder m, String what, Function<Layer, String> body,
                                         String otherwise) {
        m.addComment("$L (layer l + 1 in the formulas)", what);
        m.beginControlFlow("switch (l)");
        for (Layer l : plan.net.layers()) {
            String code = body.apply(l);
            if (code != null) {
                m.addStatement("case $L: $L", l.index(), code);
            }
        }
        m.addStatement("default: $L", otherwise);
        return m.endControlFlow().build();
    }

    private static MethodSpec.Builder access(Plan plan, String name, TypeName returns) {
        return plan.method(name, returns).addParameter(int.class, "l");
    }

    private static MethodSpec.Builder helper(String name, String comment) {
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC).addComment(comment);
    }

    private static void helpers(TypeSpec.Builder type) {
        type.addMethod(helper("transposed", "t[j][i] = a[i][j], a new matrix").returns(MATRIX)
                .addParameter(MATRIX, "a")
                .addStatement("double[][] t = new double[a[0].length][a.length]")
                .beginControlFlow("for (int i = 0; i < a.length; i++)")
                .beginControlFlow("for (int j = 0; j < a[0].length; j++)").addStatement("t[j][i] = a[i][j]")
                .endControlFlow().endControlFlow()
                .addStatement("return t").build());
        type.addMethod(helper("transposeInto", "dst[i][j] = src[j][i], once src's shape is checked")
                .addParameter(MATRIX, "src").addParameter(MATRIX, "dst")
                .beginControlFlow("if (src.length != dst[0].length)")
                .addStatement("throw new IllegalArgumentException(\"expected \" + dst[0].length + \" rows, got \" "
                        + "+ src.length)")
                .endControlFlow()
                .beginControlFlow("for (int j = 0; j < src.length; j++)")
                .beginControlFlow("if (src[j].length != dst.length)")
                .addStatement("throw new IllegalArgumentException(\"expected \" + dst.length + \" columns, got \" "
                        + "+ src[j].length)")
                .endControlFlow()
                .beginControlFlow("for (int i = 0; i < dst.length; i++)").addStatement("dst[i][j] = src[j][i]")
                .endControlFlow().endControlFlow().build());
        type.addMethod(helper("penalized", "t[j][i] = g[i][j] + l2·w[i][j] + l1·sign(w[i][j]), a new matrix")
                .returns(MATRIX).addParameter(MATRIX, "g").addParameter(MATRIX, "w")
                .addParameter(double.class, "l2").addParameter(double.class, "l1")
                .addStatement("double[][] t = new double[g[0].length][g.length]")
                .beginControlFlow("for (int i = 0; i < g.length; i++)")
                .beginControlFlow("for (int j = 0; j < g[0].length; j++)")
                .addStatement("t[j][i] = g[i][j] + l2 * w[i][j] + l1 * Math.signum(w[i][j])")
                .endControlFlow().endControlFlow()
                .addStatement("return t").build());
        String tiny = lit(Optimizer.TINY_STATE);
        type.addMethod(helper("flushTiny", "entries smaller in magnitude than " + tiny + " become 0")
                .addParameter(MATRIX, "a")
                .beginControlFlow("for (double[] row : a)").addStatement("flushTiny(row)").endControlFlow().build());
        type.addMethod(helper("flushTiny", "entries smaller in magnitude than " + tiny + " become 0")
                .addParameter(VECTOR, "row")
                .beginControlFlow("for (int j = 0; j < row.length; j++)")
                .beginControlFlow("if (Math.abs(row[j]) < $L)", tiny).addStatement("row[j] = 0.0")
                .endControlFlow().endControlFlow().build());
    }
}
