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
                .addMethod(helper("matrix").returns(MATRIX)
                        .addJavadoc("A rows × cols matrix whose rows have 6 to 13 columns of zeros after the cols real ones: the\n"
                                + "vector kernels may run over them in whole vectors of up to 8 doubles, and each row object is a\n"
                                + "whole number of 64-byte cache lines (length 6 mod 8), so consecutive rows start at the same offset\n"
                                + "in a line and are never 4 KiB apart (the 512-wide products ran up to 18% faster so).\n")
                        .addParameter(int.class, "rows").addParameter(int.class, "cols")
                        .addStatement("double[][] m = new double[rows][]")
                        .beginControlFlow("for (int i = 0; i < rows; i++)")
                        .addStatement("m[i] = new double[((cols + 7) & ~7) + 6]")
                        .endControlFlow()
                        .addStatement("return m").build())
                .addMethod(helper("flushTiny")
                        .addJavadoc("Sets the entries of columns j < cols smaller in magnitude than $L to zero.\n",
                                Generator.lit(nnc.model.Optimizer.TINY_STATE))
                        .addParameter(MATRIX, "a").addParameter(int.class, "cols")
                        .beginControlFlow("for (double[] row : a)")
                        .addStatement("flushTiny(row, cols)")
                        .endControlFlow().build())
                .addMethod(helper("flushTiny")
                        .addParameter(TypeName.get(double[].class), "row").addParameter(int.class, "cols")
                        .beginControlFlow("for (int j = 0; j < cols; j++)")
                        .beginControlFlow("if (Math.abs(row[j]) < $L)", Generator.lit(nnc.model.Optimizer.TINY_STATE))
                        .addStatement("row[j] = 0.0")
                        .endControlFlow().endControlFlow().build())
                .addMethod(helper("regularizedTransposed").returns(MATRIX)
                        .addJavadoc("The rows × cols gradient as [neuron][input], with l2·w + l1·sign(w) added.\n")
                        .addParameter(MATRIX, "g").addParameter(MATRIX, "w").addParameter(int.class, "rows")
                        .addParameter(int.class, "cols").addParameter(double.class, "l2").addParameter(double.class, "l1")
                        .addStatement("double[][] t = new double[cols][rows]")
                        .beginControlFlow("for (int i = 0; i < rows; i++)")
                        .beginControlFlow("for (int j = 0; j < cols; j++)")
                        .addStatement("t[j][i] = g[i][j] + l2 * w[i][j] + l1 * Math.signum(w[i][j])")
                        .endControlFlow().endControlFlow()
                        .addStatement("return t").build())
                .addMethod(helper("transposeRows")
                        .addJavadoc("dst[j][i] = src[i][j] for rows i0 ≤ i < i1 and columns j < cols, in 16 × 16 tiles.\n")
                        .addParameter(MATRIX, "src").addParameter(MATRIX, "dst")
                        .addParameter(int.class, "i0").addParameter(int.class, "i1").addParameter(int.class, "cols")
                        .beginControlFlow("for (int a = i0; a < i1; a += 16)")
                        .beginControlFlow("for (int b = 0; b < cols; b += 16)")
                        .addStatement("int aEnd = Math.min(i1, a + 16), bEnd = Math.min(cols, b + 16)")
                        .beginControlFlow("for (int i = a; i < aEnd; i++)")
                        .addStatement("double[] s = src[i]")
                        .beginControlFlow("for (int j = b; j < bEnd; j++)")
                        .addStatement("dst[j][i] = s[j]")
                        .endControlFlow().endControlFlow().endControlFlow().endControlFlow().build())
                .addMethod(helper("transposed").returns(MATRIX)
                        .addJavadoc("A new cols × rows matrix t[j][i] = a[i][j].\n")
                        .addParameter(MATRIX, "a").addParameter(int.class, "rows").addParameter(int.class, "cols")
                        .addStatement("double[][] t = new double[cols][rows]")
                        .addStatement("transposeRows(a, t, 0, rows, cols)")
                        .addStatement("return t").build())
                .addMethod(helper("transposeInto")
                        .addJavadoc("Checks that src is cols × rows, then dst[i][j] = src[j][i].\n")
                        .addParameter(MATRIX, "src").addParameter(MATRIX, "dst").addParameter(int.class, "rows")
                        .addParameter(int.class, "cols")
                        .beginControlFlow("if (src.length != cols)")
                        .addStatement("throw new IllegalArgumentException(\"expected \" + cols + \" rows, got \" + src.length)")
                        .endControlFlow()
                        .beginControlFlow("for (double[] row : src)")
                        .beginControlFlow("if (row.length != rows)")
                        .addStatement("throw new IllegalArgumentException(\"expected \" + rows + \" columns, got \" + row.length)")
                        .endControlFlow()
                        .endControlFlow()
                        .addStatement("transposeRows(src, dst, 0, cols, rows)").build())
                .addMethod(helper("copyInto")
                        .addJavadoc("dst[i][j] = src[i][j] for j < cols.\n")
                        .addParameter(MATRIX, "src").addParameter(MATRIX, "dst").addParameter(int.class, "cols")
                        .beginControlFlow("for (int i = 0; i < dst.length; i++)")
                        .addStatement("System.arraycopy(src[i], 0, dst[i], 0, cols)")
                        .endControlFlow().build())
                .build();
    }

    private static MethodSpec.Builder helper(String name) {
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.STATIC);
    }
}
