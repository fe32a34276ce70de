package nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/** The small array helpers nested in every generated class, so that it depends on the JDK alone. */
final class HelperClass {
    private HelperClass() {
    }

    private static final TypeName DOUBLES = TypeName.get(double[][].class);

    /** The helpers for arrays of {@code num}; a float class also gets the conversions at the {@code Net} boundary. */
    static TypeSpec spec(NumberType num) {
        TypeName matrix = num.matrix;
        boolean dbl = num.isDouble();
        TypeSpec.Builder type = TypeSpec.classBuilder("Helpers")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Array helpers used outside the training loop's hot paths.\n")
                .addMethod(helper("matrix").returns(matrix)
                        .addJavadoc(dbl ? "A rows × cols matrix whose rows have 6 to 13 columns of zeros after the cols real ones: the\n"
                                + "vector kernels may run over them in whole vectors of up to 8 doubles, and each row object is a\n"
                                + "whole number of 64-byte cache lines (length 6 mod 8), so consecutive rows start at the same offset\n"
                                + "in a line and are never 4 KiB apart (the 512-wide products ran up to 18% faster so).\n"
                                : "A rows × cols matrix whose rows have 12 to 27 columns of zeros after the cols real ones: the\n"
                                + "vector kernels may run over them in whole vectors of up to 16 floats, and each row object is a\n"
                                + "whole number of 64-byte cache lines (length 12 mod 16).\n")
                        .addParameter(int.class, "rows").addParameter(int.class, "cols")
                        .addStatement("$L[][] m = new $L[rows][]", num.name, num.name)
                        .beginControlFlow("for (int i = 0; i < rows; i++)")
                        .addStatement("m[i] = new $L[((cols + $L) & ~$L) + $L]", num.name, num.perLine() - 1,
                                num.perLine() - 1, num.rowTail())
                        .endControlFlow()
                        .addStatement("return m").build())
                .addMethod(helper("flushTiny")
                        .addJavadoc("Sets the entries of columns j < cols smaller in magnitude than $L to zero.\n",
                                num.lit(num.tinyState()))
                        .addParameter(matrix, "a").addParameter(int.class, "cols")
                        .beginControlFlow("for ($L row : a)", num.array())
                        .addStatement("flushTiny(row, cols)")
                        .endControlFlow().build())
                .addMethod(helper("flushTiny")
                        .addJavadoc("As {@code row[j] = Math.abs(row[j]) < $L ? 0 : row[j]}, on the bits: the magnitude's "
                                + "bits less the bound's\nare negative exactly when it is smaller, and their sign "
                                + "masks the value (a loop without a branch;\nwith one it ran at ~3 ns an "
                                + "element).\n", num.lit(num.tinyState()))
                        .addParameter(num.vector, "row").addParameter(int.class, "cols")
                        .beginControlFlow("for (int j = 0; j < cols; j++)")
                        .addCode(dbl ? CodeBlock.builder()
                                .addStatement("long bits = Double.doubleToRawLongBits(row[j])")
                                .addStatement("long tiny = ((bits & 0x7FFF_FFFF_FFFF_FFFFL) - 0x$LL) >> 63",
                                        Long.toHexString(Double.doubleToRawLongBits(num.tinyState())).toUpperCase())
                                .addStatement("row[j] = Double.longBitsToDouble(bits & ~tiny)").build()
                                : CodeBlock.builder()
                                .addStatement("int bits = Float.floatToRawIntBits(row[j])")
                                .addStatement("int tiny = ((bits & 0x7FFF_FFFF) - 0x$L) >> 31",
                                        Integer.toHexString(Float.floatToRawIntBits((float) num.tinyState()))
                                                .toUpperCase())
                                .addStatement("row[j] = Float.intBitsToFloat(bits & ~tiny)").build())
                        .endControlFlow().build())
                .addMethod(helper("regularizedTransposed").returns(DOUBLES)
                        .addJavadoc("The rows × cols gradient as [neuron][input], with l2·w + l1·sign(w) added.\n")
                        .addParameter(matrix, "g").addParameter(matrix, "w").addParameter(int.class, "rows")
                        .addParameter(int.class, "cols").addParameter(double.class, "l2").addParameter(double.class, "l1")
                        .addStatement("double[][] t = new double[cols][rows]")
                        .beginControlFlow("for (int i = 0; i < rows; i++)")
                        .beginControlFlow("for (int j = 0; j < cols; j++)")
                        .addStatement("t[j][i] = g[i][j] + l2 * w[i][j] + l1 * Math.signum(w[i][j])")
                        .endControlFlow().endControlFlow()
                        .addStatement("return t").build())
                .addMethod(helper("transposeRows")
                        .addJavadoc("dst[j][i] = src[i][j] for rows i0 ≤ i < i1 and columns j < cols, in 16 × 16 tiles.\n")
                        .addParameter(matrix, "src").addParameter(matrix, "dst")
                        .addParameter(int.class, "i0").addParameter(int.class, "i1").addParameter(int.class, "cols")
                        .beginControlFlow("for (int a = i0; a < i1; a += 16)")
                        .beginControlFlow("for (int b = 0; b < cols; b += 16)")
                        .addStatement("int aEnd = Math.min(i1, a + 16), bEnd = Math.min(cols, b + 16)")
                        .beginControlFlow("for (int i = a; i < aEnd; i++)")
                        .addStatement("$L s = src[i]", num.array())
                        .beginControlFlow("for (int j = b; j < bEnd; j++)")
                        .addStatement("dst[j][i] = s[j]")
                        .endControlFlow().endControlFlow().endControlFlow().endControlFlow().build())
                .addMethod(helper("transposed").returns(DOUBLES)
                        .addJavadoc("A new cols × rows matrix t[j][i] = a[i][j].\n")
                        .addParameter(matrix, "a").addParameter(int.class, "rows").addParameter(int.class, "cols")
                        .addStatement("double[][] t = new double[cols][rows]")
                        .addCode(dbl ? CodeBlock.of("transposeRows(a, t, 0, rows, cols);\n")
                                : loops("rows", "cols", "t[j][i] = a[i][j]"))
                        .addStatement("return t").build())
                .addMethod(helper("transposeInto")
                        .addJavadoc("Checks that src is cols × rows, then dst[i][j] = src[j][i].\n")
                        .addParameter(DOUBLES, "src").addParameter(matrix, "dst").addParameter(int.class, "rows")
                        .addParameter(int.class, "cols")
                        .beginControlFlow("if (src.length != cols)")
                        .addStatement("throw new IllegalArgumentException(\"expected \" + cols + \" rows, got \" + src.length)")
                        .endControlFlow()
                        .beginControlFlow("for (double[] row : src)")
                        .beginControlFlow("if (row.length != rows)")
                        .addStatement("throw new IllegalArgumentException(\"expected \" + rows + \" columns, got \" + row.length)")
                        .endControlFlow()
                        .endControlFlow()
                        .addCode(dbl ? CodeBlock.of("transposeRows(src, dst, 0, cols, rows);\n")
                                : loops("rows", "cols", "dst[i][j] = (float) src[j][i]")).build())
                .addMethod(helper("copyInto")
                        .addJavadoc("dst[i][j] = src[i][j] for j < cols.\n")
                        .addParameter(DOUBLES, "src").addParameter(matrix, "dst").addParameter(int.class, "cols")
                        .addCode(dbl ? CodeBlock.builder().beginControlFlow("for (int i = 0; i < dst.length; i++)")
                                .addStatement("System.arraycopy(src[i], 0, dst[i], 0, cols)").endControlFlow().build()
                                : loops("dst.length", "cols", "dst[i][j] = (float) src[i][j]")).build());
        if (!dbl) {
            conversions(type);
        }
        return type.build();
    }

    /** {@code for i < rows: for j < cols: statement}. */
    private static CodeBlock loops(String rows, String cols, String statement) {
        return CodeBlock.builder().beginControlFlow("for (int i = 0; i < $L; i++)", rows)
                .beginControlFlow("for (int j = 0; j < $L; j++)", cols).addStatement(statement)
                .endControlFlow().endControlFlow().build();
    }

    /** A float class's conversions from and to the doubles of the {@code Net} contract. */
    private static void conversions(TypeSpec.Builder type) {
        TypeName floats = TypeName.get(float[].class);
        TypeName doubles = TypeName.get(double[].class);
        type.addMethod(helper("round")
                .addJavadoc("Rows [from, to) and columns [c0, c1) of x rounded to float into y.\n")
                .addParameter(DOUBLES, "x").addParameter(TypeName.get(float[][].class), "y")
                .addParameter(int.class, "from").addParameter(int.class, "to").addParameter(int.class, "c0")
                .addParameter(int.class, "c1")
                .beginControlFlow("for (int i = from; i < to; i++)")
                .addStatement("double[] xi = x[i]")
                .addStatement("float[] yi = y[i]")
                .beginControlFlow("for (int j = c0; j < c1; j++)")
                .addStatement("yi[j] = (float) xi[j]")
                .endControlFlow().endControlFlow().build());
        type.addMethod(helper("round").addJavadoc("dst[j] = (float) src[j] for j < n.\n")
                .addParameter(doubles, "src").addParameter(floats, "dst").addParameter(int.class, "n")
                .beginControlFlow("for (int j = 0; j < n; j++)")
                .addStatement("dst[j] = (float) src[j]")
                .endControlFlow().build());
        type.addMethod(helper("widen").addJavadoc("dst[j] = src[j] for j < n.\n")
                .addParameter(floats, "src").addParameter(doubles, "dst").addParameter(int.class, "n")
                .beginControlFlow("for (int j = 0; j < n; j++)")
                .addStatement("dst[j] = src[j]")
                .endControlFlow().build());
        type.addMethod(helper("widen").returns(doubles).addJavadoc("The first n entries of src as doubles.\n")
                .addParameter(floats, "src").addParameter(int.class, "n")
                .addStatement("double[] d = new double[n]")
                .addStatement("widen(src, d, n)")
                .addStatement("return d").build());
    }

    private static MethodSpec.Builder helper(String name) {
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.STATIC);
    }
}
