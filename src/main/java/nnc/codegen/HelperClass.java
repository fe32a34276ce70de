package nnc.codegen;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/** The small array helpers nested in every generated class, so that it depends on the JDK alone. */
final class HelperClass {
    private HelperClass() {
    }

    private static final TypeName MATRIX = TypeName.get(double[][].class);

    static TypeSpec spec() {
        return TypeSpec.classBuilder("Helpers").addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Array helpers used outside the training loop's hot paths.\n")
                .addMethod(helper("regularizedTransposed").returns(MATRIX)
                        .addJavadoc("The gradient as [neuron][input], with l2·w + l1·sign(w) added.\n")
                        .addParameter(MATRIX, "g").addParameter(MATRIX, "w")
                        .addParameter(double.class, "l2").addParameter(double.class, "l1")
                        .addStatement("double[][] t = new double[g[0].length][g.length]")
                        .beginControlFlow("for (int i = 0; i < g.length; i++)")
                        .beginControlFlow("for (int j = 0; j < g[i].length; j++)")
                        .addStatement("t[j][i] = g[i][j] + l2 * w[i][j] + l1 * Math.signum(w[i][j])")
                        .endControlFlow().endControlFlow()
                        .addStatement("return t").build())
                .addMethod(helper("transpose")
                        .addJavadoc("dst[j][i] = src[i][j].\n")
                        .addParameter(MATRIX, "src").addParameter(MATRIX, "dst")
                        .addStatement("transposeRows(src, dst, 0, src.length)").build())
                .addMethod(helper("transposeRows")
                        .addJavadoc("dst[j][i] = src[i][j] for rows i0 ≤ i < i1, in 16 × 16 tiles.\n")
                        .addParameter(MATRIX, "src").addParameter(MATRIX, "dst")
                        .addParameter(int.class, "i0").addParameter(int.class, "i1")
                        .addStatement("int cols = src[0].length")
                        .beginControlFlow("for (int a = i0; a < i1; a += 16)")
                        .beginControlFlow("for (int b = 0; b < cols; b += 16)")
                        .addStatement("int aEnd = Math.min(i1, a + 16), bEnd = Math.min(cols, b + 16)")
                        .beginControlFlow("for (int i = a; i < aEnd; i++)")
                        .addStatement("double[] s = src[i]")
                        .beginControlFlow("for (int j = b; j < bEnd; j++)")
                        .addStatement("dst[j][i] = s[j]")
                        .endControlFlow().endControlFlow().endControlFlow().endControlFlow().build())
                .addMethod(helper("transposed").returns(MATRIX).addParameter(MATRIX, "a")
                        .addStatement("double[][] t = new double[a[0].length][a.length]")
                        .addStatement("transpose(a, t)")
                        .addStatement("return t").build())
                .addMethod(helper("transposeInto").addParameter(MATRIX, "src").addParameter(MATRIX, "dst")
                        .addJavadoc("Checks the shape, then dst[j][i] = src[i][j].\n")
                        .beginControlFlow("if (src.length != dst[0].length)")
                        .addStatement("throw new IllegalArgumentException(\"expected \" + dst[0].length + \" rows, "
                                + "got \" + src.length)")
                        .endControlFlow()
                        .beginControlFlow("for (double[] row : src)")
                        .beginControlFlow("if (row.length != dst.length)")
                        .addStatement("throw new IllegalArgumentException(\"expected \" + dst.length + \" columns, "
                                + "got \" + row.length)")
                        .endControlFlow()
                        .endControlFlow()
                        .addStatement("transpose(src, dst)").build())
                .addMethod(helper("copyInto").addParameter(MATRIX, "src").addParameter(MATRIX, "dst")
                        .beginControlFlow("for (int i = 0; i < dst.length; i++)")
                        .addStatement("System.arraycopy(src[i], 0, dst[i], 0, dst[i].length)")
                        .endControlFlow().build())
                .build();
    }

    private static MethodSpec.Builder helper(String name) {
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.STATIC);
    }
}
