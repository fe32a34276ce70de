package nnc.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;

/**
 * Emits the matrix loops of the generated class. Every product has the shape
 * {@code C[i][0..n) += Σ_p a(i,p) · B[p][0..n)}: the innermost loop runs along a row of {@code C} and a row of
 * {@code B} (an axpy over {@code double[][]} rows, which C2 vectorizes), with {@code n} a compile-time constant.
 * Rows of C are taken {@link #ROWS} at a time and rows of B {@link #DEPTH} at a time (register blocking), and the
 * reduction runs in tiles of {@link #TILE} rows of B that stay in the L2 cache.
 *
 * <p>Each element still receives its terms in ascending {@code p}, so the result is the same, bit for bit, as the
 * plain loop {@code for p: c += a·b}: in double one multiplication and one addition at a time, in float one
 * {@code Math.fma} at a time, as the Vector API kernels and the exported predictor compute, so that a float32 class
 * on a JVM without the Vector API module (the plain loops) gives the same figures as with it. C2 vectorizes those
 * fused multiply-adds in blocks of 3 rows × 2 of B at every width and in blocks of 3 × 4 at some only (2-core
 * Sapphire Rapids, JDK 17; see {@link #depth}), so without the module config D trains in float32 at 124 ms per
 * epoch (137 with a separate multiplication and addition in blocks of 3 × 4, 455 with fused ones), B at 16 (18, 38),
 * A and C as fast; with the module, at 60–72 and 8–9 on the vector kernels.
 */
final class Kernels {
    /**
     * Rows of C per block. With {@link #DEPTH} = 4 that is 12 multiply-adds per inner iteration: measured on the
     * benchmark, 3 × 4 beat 3 × 3, 4 × 3, 2 × 4 and smaller blocks, and C2 (JDK 17) stops vectorizing the loop
     * beyond 12 (4 × 4, 5 × 3, 6 × 2: 2.5 times slower).
     */
    static final int ROWS = 3;
    /** Rows of B per block (but see {@link #depth}). */
    static final int DEPTH = 4;

    /**
     * Rows of B per block of the plain kernel for rows {@code width} wide: {@link #DEPTH}, or 2 for float rows wider
     * than {@link #NARROW_FLOATS}. C2 (JDK 17) vectorizes a block of 3 rows × 4 chained {@code Math.fma} only at some
     * widths, and in training at none of the wide ones (float32 without the Vector API module, ms per epoch: D 477,
     * B 41), where it vectorizes 3 × 2 (D 124, B 16; in isolation 54–68 GFLOP/s for rows 96–512 floats wide, where
     * 3 × 4 ran scalar at 16 for 96–144, and 3 × 3 at 16 for every width). Narrow rows keep 3 × 4 (A 4.0 ms per epoch
     * against 4.8, C 5.4 against 7.9). Terms still reach each element in ascending p: the same bits.
     */
    static int depth(NumberType num, int width) {
        return num.isDouble() || width <= NARROW_FLOATS ? DEPTH : 2;
    }
    /** Rows of B per reduction tile (48 rows of 512 doubles are 192 KiB). */
    static final int TILE = 48;

    /**
     * Rows (and reduction length) of the calls that let the JIT compile the Vector API kernels: more than two blocks
     * of rows and a remainder, for every block height (3 and 4 rows in double and 3 in float with AVX2, then 1; 6,
     * then 4 and 1 in float with AVX-512: 17 = 2 · 6 + 4 + 1), so that every loop of the kernels runs.
     */
    static final int WARM_ROWS = 17;

    /** Bytes of gradient rows that one chunk of the gradient-and-update pass keeps in the L2 cache. */
    static final int CHUNK_BYTES = 256 * 1024;

    private Kernels() {
    }

    /**
     * Weight rows per chunk for rows of {@code units} gradients of {@code bytes} bytes each: a multiple of
     * {@link #ROWS}, at least ROWS.
     */
    static int chunkRows(int units, int bytes) {
        return Math.max(ROWS, CHUNK_BYTES / bytes / units / ROWS * ROWS);
    }

    /**
     * The product with plain loops (see the class comment), in elements of {@code num}, taking the rows of B
     * {@code depth} at a time (hi − lo a multiple of it: {@link KernelCalls} gives the rows left over to a kernel
     * of depth 1). Its rows go {@link #ROWS}
     * at a time, the last block too: past the last row, the block reads that row again and writes the row
     * {@link #sink} (which nothing reads) instead of C. One loop over rows then serves any number of rows, and C2
     * has half the loops to compile (digits: C2 spent 210 ms on the generated class, against 273 with a loop for
     * the remaining rows; the same bits, and steady batches as fast).
     */
    static CodeBlock multiplyAdd(Product p, NumberType num, int depth) {
        String c = p.into();
        String a = p.scalars();
        boolean aByP = p.scalarsByP();
        String b = p.stream();
        String n = p.width();
        String to = p.rowsTo();
        CodeBlock.Builder code = CodeBlock.builder();
        code.add("// reduction in tiles of $L rows of $L, which stay in the L2 cache while every row of $L uses them\n",
                TILE, b, c);
        code.beginControlFlow("for (int p0 = $L; p0 < $L; p0 += $L)", p.reduceFrom(), p.reduceTo(), TILE);
        code.addStatement("int p1 = Math.min(p0 + $L, $L)", TILE, p.reduceTo());
        code.add("// $L rows of $L at a time; rows past $L read its last row and write $L\n", ROWS, c, to,
                sink(n));
        code.beginControlFlow("for (int i = $L; i < $L; i += $L)", p.rowsFrom(), to, ROWS);
        code.addStatement("int " + list(ROWS - 1, r -> row(r + 1) + " = Math.min(i + " + (r + 1) + ", " + to
                + " - 1)"));
        code.addStatement(num.array() + " " + list(ROWS, r -> "c" + r + " = " + (r == 0 ? c + "[i]"
                : "i + " + r + " < " + to + " ? " + c + "[" + row(r) + "] : " + sink(n))));
        if (!aByP) {
            code.addStatement(num.array() + " " + list(ROWS, r -> "ai" + r + " = " + a + "[" + row(r) + "]"));
        }
        code.beginControlFlow("for (int p = p0; p < p1; p$L)", depth > 1 ? " += " + depth : "++");
        depthBlock(code, num, a, aByP, b, n, ROWS, depth);
        code.endControlFlow();
        code.endControlFlow();
        code.endControlFlow();
        return code.build();
    }

    /** The row that the plain kernels for rows {@code width} wide write past the last row of C. */
    static String sink(String width) {
        return "SINK_" + width;
    }

    /** The index of row r of a block: i, i1, i2, ... */
    private static String row(int r) {
        return r == 0 ? "i" : "i" + r;
    }

    /** {@code rows} × {@code depth} scalars, then the j loop. */
    private static void depthBlock(CodeBlock.Builder code, NumberType num, String a, boolean aByP, String b, String n,
                                   int rows, int depth) {
        for (int r = 0; r < rows; r++) {
            int row = r;
            code.addStatement(num.name + " " + list(depth, q -> "e" + row + q + " = " + (aByP
                    ? a + "[p" + plus(q) + "][" + row(row) + "]" : "ai" + row + "[p" + plus(q) + "]")));
        }
        code.addStatement(num.array() + " " + list(depth, q -> "bp" + q + " = " + b + "[p" + plus(q) + "]"));
        code.beginControlFlow("for (int j = 0; j < $L; j++)", n);
        if (rows > 1) {
            code.addStatement(num.name + " " + list(depth, q -> "v" + q + " = bp" + q + "[j]"));
        }
        for (int r = 0; r < rows; r++) {
            String acc = "c" + r + "[j]";
            String sum = acc;
            for (int q = 0; q < depth; q++) {
                String e = "e" + r + q;
                String bq = rows > 1 ? "v" + q : "bp" + q + "[j]";
                sum = num.isDouble() ? sum + " + " + e + " * " + bq : "Math.fma(" + e + ", " + bq + ", " + sum + ")";
            }
            code.addStatement(acc + " = " + sum);
        }
        code.endControlFlow();
    }

    /**
     * Widest rows the vector kernel is used for. Measured per epoch on 1 thread against the plain kernel: 32-wide
     * rows (config A) 2.9 vs 3.3 ms, 128 (B) 21–24 vs 26 ms, 256 (64-256-256-10, batch 128) 61–66 vs 71–74 ms; but
     * 512 (D) 224–234 vs 205–216 ms, where the plain kernel with padded rows streams B faster.
     */
    static final int VECTOR_MAX_WIDTH = 256;
    /**
     * Units of the widest layer of a float32 class that still has no Vector API kernels: its products run on the
     * plain loops of {@code Math.fma}, which C2 vectorizes at these widths (see the class comment) and which need no
     * compilation before the first batch (the vector kernels' took 290-340 ms of configs A and C, 12 methods each).
     * Measured on the 2-core Sapphire Rapids, float32, fresh processes, 3 rounds: whole training of A (32 and 10
     * wide) 148-190 ms against 364-437 with the vector kernels, steady epochs 2.8-3.3 against 2.6-3.2; C (32, 32,
     * 10) 254-330 against 551-571, 5.5-7.1 against 7.6-8.5. B and D (128 and 512 wide) keep their vector kernels for
     * every width: their 10-wide products on the plain loops gained nothing cold (B 668-781 ms against 682-736) and
     * ran B's steady epochs at 9.5-9.7 against 8.5-8.6.
     */
    static final int NARROW_FLOATS = 64;
    /** Bytes of B rows a reduction tile of the vector kernel keeps in the L2 cache. */
    static final int VECTOR_TILE_BYTES = 512 * 1024;
    /** Rows of B per reduction tile of the vector kernel with fused multiply-adds (see {@link #fusedRows}). */
    static final int FMA_TILE = 64;

    /**
     * The same product as {@link #multiplyAdd}, written with the Vector API: a block of rows × vectors of C is held
     * in registers while p runs over a tile of B's rows, so the inner loop
     * only loads B and multiplies; C is read and written once per tile.
     *
     * <p>In double, each element still receives its terms in ascending p, one multiplication and one addition at a
     * time (no fused multiply-add): the result is the same, bit for bit, as the plain loop. In float, each term is
     * a fused multiply-add (still in ascending p), twice the arithmetic per instruction, and a tile of B's rows is
     * short enough that the columns a block reads stay in the L1 cache; the kernel is then split in methods by
     * block height ({@link #fusedDispatch}, {@link #fusedRows}).
     *
     * <p>The last vector may cover padding columns past {@code width}: every row of C and B has at least enough of
     * them (zeros in B, so C's stay zero) to fill it.
     *
     * @param doubleLanes doubles per vector of the preferred species (4: 256 bits, 8: 512 bits)
     */
    static CodeBlock vectorMultiplyAdd(Product p, int doubleLanes) {
        return tiles(p, doubleLanes, NumberType.DOUBLE, new int[] {blockRows(doubleLanes, NumberType.DOUBLE), 1});
    }

    /**
     * Rows of C per register block of the Vector API kernel. Measured on configs A-C in double: with 8 lanes
     * (AVX-512, 32 registers) 4 × 4 beat 3 × 4, 5 × 4, 6 × 4, 4 × 2, 6 × 2; with 4 lanes (AVX2, 16 registers) 3 × 3 beat
     * 4 × 3 (which spills: B 38 against 31 ms), 4 × 2, 2 × 4, 3 × 2. In float with fused multiply-adds, 512-wide rows
     * of D's shapes in isolation (Sapphire Rapids, GFLOP/s of a 219 peak; tile of B's rows): 6 × 4 / 64 rows 143,
     * 4 × 4 / 64 128, 4 × 4 / 256 94, 8 × 2 / 64 136, 12 × 2 / 96 135, 14 × 2 / 96 137 (the same multiplications and
     * additions unfused: 92).
     */
    static int blockRows(int doubleLanes, NumberType num) {
        return doubleLanes >= 8 ? num.isDouble() ? 4 : 6 : 3;
    }

    /**
     * One method of a fused (float) kernel ({@link #fusedRows}): blocks of {@code height} rows, over the panels of
     * 4 whole vectors of columns, or over the panel of the vectors left over ({@code rest}).
     */
    record FusedPart(int height, boolean rest) {
        String suffix() {
            return "Rows" + height + (rest ? "Rest" : "");
        }
    }

    /**
     * The methods of a fused kernel for rows {@code width} wide, in the order the kernel calls them on its rows: the
     * full blocks, then smaller ones ({@link #fusedHeights}), then one row (one row alone loads a vector of B per
     * fused multiply-add and runs at about half speed, which shows where a thread's share of rows is not a multiple
     * of the block's: D on 2 threads 62 ms per epoch against 65), each over the whole panels and the rest panel.
     * Methods of one block shape each keep C1 within its registers: a method with all three heights (128 wide), or
     * with a whole panel and a rest (112 wide), ran C1's linear scan out of virtual registers, and a kernel left on
     * C1's code runs boxed (config B 150–260 ms per epoch against 9).
     */
    static java.util.List<FusedPart> fusedParts(int width, int doubleLanes) {
        int lanes = NumberType.FLOAT.lanes(doubleLanes * 64);
        int used = vectorsIn(width, lanes);
        int vectors = panelVectors(doubleLanes);
        java.util.List<FusedPart> parts = new java.util.ArrayList<>();
        for (int h : fusedHeights(doubleLanes)) {
            if (used >= vectors) {
                parts.add(new FusedPart(h, false));
            }
            if (used % vectors > 0) {
                parts.add(new FusedPart(h, true));
            }
        }
        return parts;
    }

    /**
     * Below blocks of 3 rows (AVX2), the rows left over are one or two, never both in one call: one at a time, so
     * that a single warm-up call ({@link #WARM_ROWS}) runs every method. Below blocks of 6 (AVX-512), an even count
     * of rows is cut into blocks of 6 and of 4 ({@link #fusedDispatch}), and an odd one has one row left: a block of
     * 4 rows runs at nearly the speed of one of 6 (its 16 fused multiply-adds per p load 4 vectors and broadcast 4
     * scalars), where the 2-row blocks it replaces ran at a third of it (8 per 6 loads; D in float32 on 1 thread,
     * steady epochs 2.6 ms of 75 in them, a 128-row batch being 21 blocks of 6 and one of 2).
     */
    private static int[] fusedHeights(int doubleLanes) {
        int rows = blockRows(doubleLanes, NumberType.FLOAT);
        return rows > 3 ? new int[] {rows, 4, 1} : new int[] {rows, 1};
    }

    /** Vectors of {@code lanes} that cover a row of {@code columns} (the last may run into its padding). */
    private static int vectorsIn(int columns, int lanes) {
        return (columns + lanes - 1) / lanes;
    }

    /** Floats per panel of the fused kernels: the columns a call for some of the columns starts at a multiple of. */
    static int panelWidth(int doubleLanes) {
        return panelVectors(doubleLanes) * NumberType.FLOAT.lanes(doubleLanes * 64);
    }

    /** Vectors of columns per register block (and panel). */
    private static int panelVectors(int doubleLanes) {
        return doubleLanes >= 8 ? 4 : 3;
    }

    /**
     * The fused kernel {@code name}: the reduction in tiles of {@link #FMA_TILE} rows of B, each over its panels of
     * columns; each panel's tile of B is copied to this thread's scratch ({@link #packTile}), and every block height's
     * method ({@code partsName + part.suffix()}) runs its rows on that copy. With {@code finish} the kernel also
     * finishes a relu layer where its caller asks ({@code out}: relu of each panel of C after the tile, which the
     * caller gives for the last tile only; {@code keep}: C ⊙ relu′(keep) after the reduction). A kernel of a
     * transposed B computes the columns [j0, j1) of C (a delta split by units).
     */
    static CodeBlock fusedDispatch(String name, String partsName, Product p, int doubleLanes, boolean finish) {
        CodeBlock.Builder code = CodeBlock.builder();
        java.util.List<FusedPart> parts = fusedParts(p.columns(), doubleLanes);
        int[] heights = fusedHeights(doubleLanes);
        int lanes = NumberType.FLOAT.lanes(doubleLanes * 64);
        int vectors = panelVectors(doubleLanes);
        int block = vectors * lanes;
        int used = vectorsIn(p.columns(), lanes);
        int whole = used / vectors * block;
        String from = p.rowsFrom();
        // the rows each height takes: [bounds[h], bounds[h + 1])
        java.util.List<String> bounds = new java.util.ArrayList<>(java.util.List.of(from));
        if (heights.length == 3) {
            int h = heights[0];
            code.add("// the even count of rows in blocks of $L and of 4 (8 = 4 + 4 where $L + 2 would leave 2), "
                    + "then one\n", h, h);
            code.addStatement("int even = ($L - $L) & ~1", p.rowsTo(), from);
            code.add("// back = 1 where even % $L == 2 and even >= 8, else 0: arithmetic, as a branch that the warm-up's\n"
                    + "// calls never take would be compiled as a trap, and the first batch to take it would run this "
                    + "method interpreted\n", h);
            code.addStatement("int left = even % $L", h);
            code.addStatement("int back = (((left ^ 2) - 1) & (7 - even)) >>> 31");
            code.addStatement("int i$L = $L + even - left - $L * back", h, from, h);
            code.addStatement("int i4 = i$L + ((even - (i$L - $L)) & ~3)", h, h, from);
            bounds.add("i" + h);
            bounds.add("i4");
        } else {
            int h = heights[0];
            code.addStatement("int i$L = $L + ($L - $L) / $L * $L", h, from, p.rowsTo(), from, h, h);
            bounds.add("i" + h);
        }
        bounds.add(p.rowsTo());
        code.beginControlFlow("if ($L == $L)", p.rowsTo(), from).addStatement("return").endControlFlow();
        code.beginControlFlow("if ($L >= $L)", p.reduceFrom(), p.reduceTo());
        code.add("// no terms: each row is its start\n");
        code.beginControlFlow("for (int i = $L; start != null && i < $L; i++)", from, p.rowsTo());
        code.addStatement("System.arraycopy(start, 0, $L[i], 0, $L)", p.into(), p.columns());
        code.endControlFlow();
        code.addStatement("return");
        code.endControlFlow();
        code.add("// each panel's tile of $L is copied to this thread's scratch, from where its elements start on "
                + "cache lines\n", p.streamTransposed() ? p.stream() + "ᵀ" : p.stream());
        code.addStatement("$L pk = $T.floats($L)", NumberType.FLOAT.array(), TILES, PACK_SLACK + FMA_TILE * block);
        code.addStatement("int pf = $T.alignedFrom()", TILES);
        code.add("// reduction in tiles of $L rows of B (in the L1 cache), each term a fused multiply-add\n",
                FMA_TILE);
        code.add("// the first tile starts each row of $L from start (where given), the others from the row itself\n",
                p.into());
        code.addStatement("$L first = start", NumberType.FLOAT.array());
        code.beginControlFlow("for (int p0 = $L; p0 < $L; p0 += $L)", p.reduceFrom(), p.reduceTo(), FMA_TILE);
        code.addStatement("int p1 = Math.min(p0 + $L, $L)", FMA_TILE, p.reduceTo());
        for (boolean rest : new boolean[] {false, true}) {
            int panelVectors = rest ? used % vectors : vectors;
            if (panelVectors == 0 || !rest && whole == 0) {
                continue;
            }
            if (rest) {
                code.add("{\n$>");
                code.addStatement("int j = $L", whole);
            } else if (p.streamTransposed()) {
                code.beginControlFlow("for (int j = j0; j < Math.min(j1, $L); j += $L)", whole, block);
            } else {
                code.beginControlFlow("for (int j = 0; j < $L; j += $L)", whole, block);
            }
            packTile(code, p, lanes, panelVectors, rest ? p.columns() - whole : block);
            for (int h = 0; h < heights.length; h++) {
                FusedPart part = new FusedPart(heights[h], rest);
                if (parts.contains(part)) {
                    code.addStatement("$L$L($L, $L, pk, pf, j, $L, $L, p0, p1, first)", partsName, part.suffix(),
                            p.into(), p.scalars(), bounds.get(h), bounds.get(h + 1));
                }
            }
            if (finish) {
                code.add("// a relu layer's activations from this panel of $L, while it is in the L1 cache\n", p.into());
                code.beginControlFlow("for (int i = $L; out != null && i < $L; i++)", from, p.rowsTo());
                code.addStatement("float[] ci = $L[i], oi = out[i]", p.into());
                code.beginControlFlow("for (int q = j; q < j + $L; q += $L)", panelVectors * lanes, lanes);
                code.addStatement("$T v = $T.fromArray(SPECIES, ci, q)", VECTOR, VECTOR);
                code.addStatement("$L.intoArray(oi, q)", Formulas.vectorIfPositive(ZERO_VECTOR, "v", "v"));
                code.endControlFlow();
                code.endControlFlow();
            }
            if (rest) {
                code.add("$<}\n");
            } else {
                code.endControlFlow();
            }
        }
        code.addStatement("first = null");
        code.endControlFlow();
        if (finish) {
            code.add("// a relu layer's delta, row by row (s is read in order)\n");
            code.beginControlFlow("for (int i = $L; keep != null && i < $L; i++)", from, p.rowsTo());
            code.addStatement("float[] ci = $L[i], si = keep[i]", p.into());
            if (p.streamTransposed()) {
                code.beginControlFlow("for (int j = j0; j < j1; j += $L)", lanes);
            } else {
                code.beginControlFlow("for (int j = 0; j < $L; j += $L)", used * lanes, lanes);
            }
            code.addStatement("$T v = $T.fromArray(SPECIES, ci, j)", VECTOR, VECTOR);
            code.addStatement("$L.intoArray(ci, j)", Formulas.vectorIfPositive(ZERO_VECTOR,
                    "FloatVector.fromArray(SPECIES, si, j)", "v"));
            code.endControlFlow();
            code.endControlFlow();
        }
        return code.build();
    }

    /**
     * A method of a fused kernel: rows [from, to), a whole number of blocks of the part's height, at panel j of a
     * tile p ∈ [p0, p1) of B copied to {@code pk} from {@code pf} on ({@link #fusedDispatch}); each block's
     * accumulators start from the row {@code start} where it is given (the first tile of a product that overwrites
     * C: a bias, or zeros), else from C's rows. Starting from a row rather than writing it into C's rows first (a
     * pass over C before the product) gives the same bits.
     */
    static CodeBlock fusedRows(Product p, int doubleLanes, FusedPart part) {
        int lanes = NumberType.FLOAT.lanes(doubleLanes * 64);
        int vectors = panelVectors(doubleLanes);
        int used = vectorsIn(p.columns(), lanes);
        int blockVectors = part.rest() ? used % vectors : Math.min(vectors, used);
        CodeBlock.Builder code = CodeBlock.builder();
        code.add("// $L × $L of $L stay in registers while p runs over the tile\n", count(part.height(), "row"),
                count(blockVectors, "vector"), p.into());
        panelRows(code, p, NumberType.FLOAT, lanes, blockVectors, new int[] {part.height()}, true);
        return code.build();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The double kernel's reduction in tiles of B's rows, each over its panels of columns and blocks of rows. */
    private static CodeBlock tiles(Product p, int doubleLanes, NumberType num, int[] heights) {
        int vectors = panelVectors(doubleLanes);
        int lanes = num.lanes(doubleLanes * 64);
        int tile = Math.max(16, VECTOR_TILE_BYTES / num.bytes / p.columns());
        CodeBlock.Builder code = CodeBlock.builder();
        int used = vectorsIn(p.columns(), lanes);
        code.add("// reduction in tiles of $L rows of $L (in the L2 cache); $L × $L of $L stay in registers\n",
                tile, p.stream(), count(heights[0], "row"), count(Math.min(vectors, used), "vector"), p.into());
        code.beginControlFlow("for (int p0 = $L; p0 < $L; p0 += $L)", p.reduceFrom(), p.reduceTo(), tile);
        code.addStatement("int p1 = Math.min(p0 + $L, $L)", tile, p.reduceTo());
        panels(code, p, num, lanes, vectors, heights);
        code.endControlFlow();
        return code.build();
    }

    /**
     * The loops within a tile of B's rows: a panel of {@code vectors} vectors of columns at a time (the last one may
     * run into the zero columns that pad every row to a whole vector), and within it every row of C, so that the
     * panel's tile of B is read from the cache by every block of rows rather than streamed by each.
     */
    private static void panels(CodeBlock.Builder code, Product p, NumberType num, int lanes, int vectors,
                               int[] heights) {
        int used = vectorsIn(p.columns(), lanes);
        int block = vectors * lanes;
        int whole = used / vectors * block;
        if (whole > 0) {
            code.beginControlFlow("for (int j = 0; j < $L; j += $L)", whole, block);
            panelRows(code, p, num, lanes, vectors, heights, false);
            code.endControlFlow();
        }
        if (used % vectors > 0) {
            code.add("{\n$>");
            code.addStatement("int j = $L", whole);
            panelRows(code, p, num, lanes, used % vectors, heights, false);
            code.add("$<}\n");
        }
    }

    /** Every row of C at panel j, in blocks of each height in turn (the last height 1, or the rows a multiple of it). */
    private static void panelRows(CodeBlock.Builder code, Product p, NumberType num, int lanes, int vectors,
                                  int[] heights, boolean pack) {
        code.addStatement("int i = $L", p.rowsFrom());
        for (int height : heights) {
            code.beginControlFlow(height == 1 ? "for (; i < $L; i++)" : "for (; i + $L < $L; i += $L)",
                    height == 1 ? new Object[] {p.rowsTo()} : new Object[] {height - 1, p.rowsTo(), height});
            code.addStatement(num.array() + " " + list(height, r -> "c" + r + " = " + p.into() + "[i" + plus(r) + "]"));
            if (pack) {
                code.addStatement(num.array() + " " + list(height, r -> "s" + r + " = start == null ? c" + r
                        + " : start"));
            }
            if (!p.scalarsByP()) {
                code.addStatement(num.array() + " " + list(height, r -> "ai" + r + " = " + p.scalars() + "[i" + plus(r)
                        + "]"));
            }
            vectorBlock(code, num, p.scalars(), p.scalarsByP(), p.stream(), height, vectors, lanes, pack);
            code.endControlFlow();
        }
    }

    /**
     * {@code rows} × {@code vectors} accumulators at column j: load, run p over the tile, store (in float each term
     * a fused multiply-add).
     */
    private static void vectorBlock(CodeBlock.Builder code, NumberType num, String a, boolean aByP, String b,
                                    int rows, int vectors, int lanes, boolean pack) {
        boolean fma = !num.isDouble();
        ClassName vector = num.vectorClass;
        for (int r = 0; r < rows; r++) {
            int row = r;
            code.addStatement("$T " + list(vectors, v -> "r" + row + v + " = $T.fromArray(SPECIES, " + (pack ? "s"
                    : "c") + row + ", j" + plus(v * lanes) + ")"), repeat(vector, 1 + vectors));
        }
        code.beginControlFlow("for (int p = p0; p < p1; p++)");
        // B's row p: from the packed tile, or where it lies
        String row = pack ? "pk" : "brow";
        String at = pack ? "o" : "j";
        if (pack) {
            code.addStatement("int o = $L", packedRow(vectors * lanes));
        } else {
            code.addStatement(num.array() + " brow = $L[p]", b);
        }
        code.addStatement("$T " + list(vectors, v -> "bv" + v + " = $T.fromArray(SPECIES, " + row + ", " + at
                + plus(v * lanes) + ")"), repeat(vector, 1 + vectors));
        for (int r = 0; r < rows; r++) {
            code.addStatement("$T ev$L = $T.broadcast(SPECIES, $L)", vector, r, vector, scalar(a, aByP, r));
            StringBuilder line = new StringBuilder();
            for (int v = 0; v < vectors; v++) {
                line.append(v == 0 ? "" : "; ").append("r").append(r).append(v).append(" = ");
                line.append(fma ? "bv" + v + ".fma(ev" + r + ", r" + r + v + ")"
                        : "r" + r + v + ".add(bv" + v + ".mul(ev" + r + "))");
            }
            code.addStatement(line.toString());
        }
        code.endControlFlow();
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < vectors; v++) {
                code.addStatement("r$L$L.intoArray(c$L, j$L)", r, v, r, plus(v * lanes));
            }
        }
    }

    /**
     * The vector of zeros, written where it is used: made once before a loop, it was a call C2 sometimes left out of
     * line, which then allocated at each call (seen in 3 of 4 runs); within the loop C2 inlines it and hoists it.
     */
    private static final String ZERO_VECTOR = "FloatVector.zero(SPECIES)";
    private static final ClassName VECTOR = NumberType.FLOAT.vectorClass;

    /** The runtime's scratch for packed tiles. */
    private static final ClassName TILES = ClassName.get("nnc.train", "Tiles");
    /** Floats of scratch before the first that starts a cache line (at most 15). */
    private static final int PACK_SLACK = 16;

    /**
     * Copies the panel's tile of B, rows [p0, p1) and {@code vectors} vectors of columns from j ({@code columns} of
     * them B's, the rest zeros), to pk from pf on: contiguous, each vector on a cache line of its own. Measured on
     * D's 512-wide rows in float32 (2-core Sapphire Rapids), in isolation: the 6 × 4 block at 158-161 GFLOP/s on
     * the copy against 123-125 on B's rows in place (where a vector straddles two lines unless its row happens to
     * lie on a 48-byte boundary); in training, see {@code nnc.train.Tiles}. A transposed B (the weights, for the
     * deltas) is transposed here, tile by tile, rather than kept as a transposed copy of the weights.
     */
    private static void packTile(CodeBlock.Builder code, Product p, int lanes, int vectors, int columns) {
        int floats = vectors * lanes;
        String b = p.stream();
        if (!p.streamTransposed()) {
            code.add("// this panel's tile of $L, contiguous, each vector on a cache line\n", b);
            code.beginControlFlow("for (int p = p0; p < p1; p++)");
            code.addStatement("float[] brow = $L[p]", b);
            code.addStatement("int o = $L", packedRow(floats));
            for (int v = 0; v < vectors; v++) {
                code.addStatement("$T.fromArray(SPECIES, brow, j$L).intoArray(pk, o$L)",
                        NumberType.FLOAT.vectorClass, plus(v * lanes), plus(v * lanes));
            }
            code.endControlFlow();
            return;
        }
        code.add("// this panel's tile of $Lᵀ: row p of the copy is column p of $L's rows j to j + $L\n", b, b,
                columns - 1);
        code.beginControlFlow("for (int q = 0; q < $L; q++)", columns);
        code.addStatement("float[] bcol = $L[j + q]", b);
        code.beginControlFlow("for (int p = p0; p < p1; p++)");
        code.addStatement("pk[$L + q] = bcol[p]", packedRow(floats));
        code.endControlFlow();
        code.endControlFlow();
        if (columns < floats) {
            code.add("// past $L's last row, zeros (the padding columns of C stay zero)\n", b);
            code.beginControlFlow("for (int p = p0; p < p1; p++)");
            code.addStatement("int o = $L", packedRow(floats));
            code.addStatement("java.util.Arrays.fill(pk, o + $L, o + $L, 0f)", columns, floats);
            code.endControlFlow();
        }
    }

    /** Where tile row p starts in the scratch pk, for rows of {@code floats} floats. */
    private static String packedRow(int floats) {
        return "pf + (p - p0) * " + floats;
    }

    /** The scalar a(i + r, p). */
    private static String scalar(String a, boolean aByP, int r) {
        return aByP ? a + "[p][i" + plus(r) + "]" : "ai" + r + "[p]";
    }

    private static Object[] repeat(Object o, int times) {
        Object[] all = new Object[times];
        java.util.Arrays.fill(all, o);
        return all;
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
