package nnc.codegen;

import com.palantir.javapoet.CodeBlock;

/**
 * Emits the matrix loops of the generated class. Every product has the shape
 * {@code C[i][0..n) += Σ_p a(i,p) · B[p][0..n)}: the innermost loop runs along a row of {@code C} and a row of
 * {@code B} (an axpy over {@code double[][]} rows, which C2 vectorizes), with {@code n} a compile-time constant.
 * Rows of C are taken {@link #ROWS} at a time and rows of B {@link #DEPTH} at a time (register blocking), and the
 * reduction runs in tiles of {@link #TILE} rows of B that stay in the L2 cache.
 *
 * <p>Each element still receives its terms in ascending {@code p}, one addition at a time, so the result is the
 * same, bit for bit, as the plain loop {@code for p: c += a·b}.
 */
final class Kernels {
    /**
     * Rows of C per block. With {@link #DEPTH} = 4 that is 12 multiply-adds per inner iteration: measured on the
     * benchmark, 3 × 4 beat 3 × 3, 4 × 3, 2 × 4 and smaller blocks, and C2 (JDK 17) stops vectorizing the loop
     * beyond 12 (4 × 4, 5 × 3, 6 × 2: 2.5 times slower).
     */
    static final int ROWS = 3;
    /** Rows of B per block. */
    static final int DEPTH = 4;
    /** Rows of B per reduction tile (48 rows of 512 doubles are 192 KiB). */
    static final int TILE = 48;

    /** Bytes of gradient rows that one chunk of the gradient-and-update pass keeps in the L2 cache. */
    static final int CHUNK_BYTES = 256 * 1024;

    private Kernels() {
    }

    /** Weight rows per chunk for rows of {@code units} gradients: a multiple of {@link #ROWS}, at least ROWS. */
    static int chunkRows(int units) {
        return Math.max(ROWS, CHUNK_BYTES / 8 / units / ROWS * ROWS);
    }

    /**
     * @param c     the accumulated matrix (rows i)
     * @param a     the scalar source: {@code a[i][p]}, or {@code a[p][i]} when {@code aByP}
     * @param aByP  whether {@code a} is indexed [p][i]
     * @param b     the streamed matrix (rows p)
     * @param iFrom first row of C (an expression)
     * @param iTo   end of the rows of C (exclusive)
     * @param pFrom first row of B
     * @param pTo   end of the rows of B (exclusive)
     * @param n     row length of C and B (a constant name)
     */
    static CodeBlock multiplyAdd(String c, String a, boolean aByP, String b, String iFrom, String iTo,
                                 String pFrom, String pTo, String n) {
        CodeBlock.Builder code = CodeBlock.builder();
        code.add("// reduction in tiles of $L rows of $L, which stay in the L2 cache while every row of $L uses them\n",
                TILE, b, c);
        code.beginControlFlow("for (int p0 = $L; p0 < $L; p0 += $L)", pFrom, pTo, TILE);
        code.addStatement("int p1 = Math.min(p0 + $L, $L)", TILE, pTo);
        code.addStatement("int i = $L", iFrom);
        code.add("// $L rows of $L at a time\n", ROWS, c);
        code.beginControlFlow("for (; i + $L < $L; i += $L)", ROWS - 1, iTo, ROWS);
        rowBlock(code, c, a, aByP, b, n, ROWS);
        code.endControlFlow();
        code.beginControlFlow("for (; i < $L; i++)", iTo);
        rowBlock(code, c, a, aByP, b, n, 1);
        code.endControlFlow();
        code.endControlFlow();
        return code.build();
    }

    /** The loops over p for {@code rows} rows of C starting at i. */
    private static void rowBlock(CodeBlock.Builder code, String c, String a, boolean aByP, String b, String n,
                                 int rows) {
        code.addStatement("double[] " + list(rows, r -> "c" + r + " = " + c + "[i" + plus(r) + "]"));
        if (!aByP) {
            code.addStatement("double[] " + list(rows, r -> "x" + r + " = " + a + "[i" + plus(r) + "]"));
        }
        code.addStatement("int p = p0");
        if (DEPTH > 1) {
            code.beginControlFlow("for (; p + $L < p1; p += $L)", DEPTH - 1, DEPTH);
            depthBlock(code, a, aByP, b, n, rows, DEPTH);
            code.endControlFlow();
        }
        code.beginControlFlow("for (; p < p1; p++)");
        depthBlock(code, a, aByP, b, n, rows, 1);
        code.endControlFlow();
    }

    /** {@code rows} × {@code depth} scalars, then the j loop. */
    private static void depthBlock(CodeBlock.Builder code, String a, boolean aByP, String b, String n, int rows,
                                   int depth) {
        for (int r = 0; r < rows; r++) {
            int row = r;
            code.addStatement("double " + list(depth, q -> "a" + row + q + " = " + (aByP
                    ? a + "[p" + plus(q) + "][i" + plus(row) + "]" : "x" + row + "[p" + plus(q) + "]")));
        }
        code.addStatement("double[] " + list(depth, q -> "b" + q + " = " + b + "[p" + plus(q) + "]"));
        code.beginControlFlow("for (int j = 0; j < $L; j++)", n);
        if (rows > 1) {
            code.addStatement("double " + list(depth, q -> "v" + q + " = b" + q + "[j]"));
        }
        for (int r = 0; r < rows; r++) {
            StringBuilder sum = new StringBuilder("c" + r + "[j] = c" + r + "[j]");
            for (int q = 0; q < depth; q++) {
                sum.append(" + a").append(r).append(q).append(" * ").append(rows > 1 ? "v" + q : "b" + q + "[j]");
            }
            code.addStatement(sum.toString());
        }
        code.endControlFlow();
    }

    private static String plus(int k) {
        return k == 0 ? "" : " + " + k;
    }

    private static String list(int count, java.util.function.IntFunction<String> item) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < count; k++) {
            s.append(k == 0 ? "" : ", ").append(item.apply(k));
        }
        return s.toString();
    }
}
