package nnc.codegen;

import com.palantir.javapoet.CodeBlock;

/**
 * Emits the matrix loops of the generated class. Every product has the shape
 * {@code C[i][0..n) += Σ_p a(i,p) · B[p][0..n)}: the innermost loop runs along a row of {@code C} and a row of
 * {@code B} (an axpy over {@code double[][]} rows, which C2 vectorizes), with {@code n} a compile-time constant.
 * Rows of C and rows of B are taken three at a time (register blocking: 9 multiply-adds per inner iteration).
 *
 * <p>Each element still receives its terms in ascending {@code p}, one addition at a time, so the result is the
 * same, bit for bit, as the plain loop {@code for p: c += a·b}.
 */
final class Kernels {
    /** Rows of B per reduction tile (a multiple of 3; 48 rows of 512 doubles are 192 KiB). */
    static final int TILE = 48;

    private Kernels() {
    }

    /**
     * @param c       the accumulated matrix (rows i)
     * @param a       the scalar source: {@code a[i][p]}, or {@code a[p][i]} when {@code aByP}
     * @param aByP    whether {@code a} is indexed [p][i]
     * @param b       the streamed matrix (rows p)
     * @param iFrom   first row of C (an expression)
     * @param iTo     end of the rows of C (exclusive)
     * @param pFrom   first row of B
     * @param pTo     end of the rows of B (exclusive)
     * @param n       row length of C and B (a constant name)
     */
    static CodeBlock multiplyAdd(String c, String a, boolean aByP, String b, String iFrom, String iTo,
                                 String pFrom, String pTo, String n) {
        CodeBlock.Builder code = CodeBlock.builder();
        code.add("// reduction in tiles of $L rows of $L, which stay in the L2 cache while every row of $L uses them\n",
                TILE, b, c);
        code.beginControlFlow("for (int p0 = $L; p0 < $L; p0 += $L)", pFrom, pTo, TILE);
        code.addStatement("int p1 = Math.min(p0 + $L, $L)", TILE, pTo);
        pFrom = "p0";
        pTo = "p1";
        code.addStatement("int i = $L", iFrom);
        code.beginControlFlow("for (; i + 2 < $L; i += 3)", iTo);
        code.addStatement("double[] c0 = $L[i], c1 = $L[i + 1], c2 = $L[i + 2]", c, c, c);
        if (!aByP) {
            code.addStatement("double[] x0 = $L[i], x1 = $L[i + 1], x2 = $L[i + 2]", a, a, a);
        }
        code.addStatement("int p = $L", pFrom);
        code.beginControlFlow("for (; p + 2 < $L; p += 3)", pTo);
        code.add(scalars(a, aByP, 3, 3));
        code.addStatement("double[] b0 = $L[p], b1 = $L[p + 1], b2 = $L[p + 2]", b, b, b);
        code.beginControlFlow("for (int j = 0; j < $L; j++)", n);
        code.addStatement("double v0 = b0[j], v1 = b1[j], v2 = b2[j]");
        code.addStatement("c0[j] = c0[j] + a00 * v0 + a01 * v1 + a02 * v2");
        code.addStatement("c1[j] = c1[j] + a10 * v0 + a11 * v1 + a12 * v2");
        code.addStatement("c2[j] = c2[j] + a20 * v0 + a21 * v1 + a22 * v2");
        code.endControlFlow();
        code.endControlFlow();
        code.beginControlFlow("for (; p < $L; p++)", pTo);
        code.add(scalars(a, aByP, 3, 1));
        code.addStatement("double[] b0 = $L[p]", b);
        code.beginControlFlow("for (int j = 0; j < $L; j++)", n);
        code.addStatement("double v0 = b0[j]");
        code.addStatement("c0[j] += a00 * v0");
        code.addStatement("c1[j] += a10 * v0");
        code.addStatement("c2[j] += a20 * v0");
        code.endControlFlow();
        code.endControlFlow();
        code.endControlFlow();

        code.beginControlFlow("for (; i < $L; i++)", iTo);
        code.addStatement("double[] c0 = $L[i]", c);
        if (!aByP) {
            code.addStatement("double[] x0 = $L[i]", a);
        }
        code.addStatement("int p = $L", pFrom);
        code.beginControlFlow("for (; p + 2 < $L; p += 3)", pTo);
        code.add(scalars(a, aByP, 1, 3));
        code.addStatement("double[] b0 = $L[p], b1 = $L[p + 1], b2 = $L[p + 2]", b, b, b);
        code.beginControlFlow("for (int j = 0; j < $L; j++)", n);
        code.addStatement("c0[j] = c0[j] + a00 * b0[j] + a01 * b1[j] + a02 * b2[j]");
        code.endControlFlow();
        code.endControlFlow();
        code.beginControlFlow("for (; p < $L; p++)", pTo);
        code.add(scalars(a, aByP, 1, 1));
        code.addStatement("double[] b0 = $L[p]", b);
        code.beginControlFlow("for (int j = 0; j < $L; j++)", n);
        code.addStatement("c0[j] += a00 * b0[j]");
        code.endControlFlow();
        code.endControlFlow();
        code.endControlFlow();
        code.endControlFlow();
        return code.build();
    }

    /** Declares {@code a<r><q>} = a(i + r, p + q) for the block. */
    private static CodeBlock scalars(String a, boolean aByP, int rows, int cols) {
        CodeBlock.Builder code = CodeBlock.builder();
        for (int r = 0; r < rows; r++) {
            StringBuilder line = new StringBuilder("double ");
            for (int q = 0; q < cols; q++) {
                if (q > 0) {
                    line.append(", ");
                }
                line.append("a").append(r).append(q).append(" = ");
                if (aByP) {
                    line.append(a).append("[p").append(q == 0 ? "" : " + " + q).append("][i")
                            .append(r == 0 ? "" : " + " + r).append("]");
                } else {
                    line.append("x").append(r).append("[p").append(q == 0 ? "" : " + " + q).append("]");
                }
            }
            code.addStatement(line.toString());
        }
        return code.build();
    }
}
