package nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import javax.lang.model.element.Modifier;
import nnc.model.Layer;
import nnc.model.Network;

/**
 * The matrix-product kernels of a generated class: one static method per shape, written by {@link Kernels}, and the
 * calls of them that the layer methods make.
 */
final class KernelCalls {
    private final Network net;
    private final Generator.Options options;
    private final NumberType num;
    /** The kernels, by name, in the order first called. */
    private final java.util.Map<String, MethodSpec> kernels = new java.util.LinkedHashMap<>();
    /** The row widths of the plain kernels, each with its sink row ({@link Kernels#sink}). */
    private final java.util.Set<Integer> sinks = new java.util.TreeSet<>();
    /** The names of the Vector API kernels among them. */
    private final java.util.Set<String> vectorKernels = new java.util.LinkedHashSet<>();
    /** The names of the fused kernels among them that can finish a relu layer ({@link #finishes}). */
    private final java.util.Set<String> finishingKernels = new java.util.LinkedHashSet<>();
    /** The names of the kernels among them that take B transposed ({@link Product#streamTransposed}). */
    private final java.util.Map<String, Integer> transposedKernels = new java.util.LinkedHashMap<>();

    KernelCalls(Network net, Generator.Options options, NumberType num) {
        this.net = net;
        this.options = options;
        this.num = num;
    }

    /**
     * A call of the product's kernel: a static method of the class per shape (row width, and whether the scalars are
     * indexed [i][p] or [p][i]), shared by every product of that shape, so that each is compiled once and early
     * (it runs several times a batch). Its loops are plain loops, which C2 vectorizes. Where the Vector API was asked
     * for ({@link VectorLanes}) and pays at this width, the class also has the shape's Vector API kernel, and the
     * call takes it once {@code vectorKernels} is set: the runtime sets it when the JIT has compiled those kernels
     * (until then, Vector API code runs boxed, a hundred times slower); both give the same bits.
     */
    CodeBlock call(Product p) {
        String shape = (p.scalarsByP() ? "ByP" : "") + (p.streamTransposed() ? "T" : "") + p.columns();
        String product = p.scalars() + (p.scalarsByP() ? "ᵀ" : "") + " · " + p.stream();
        if (vectorOnly()) {
            return fusedCall(p, shape, product);
        }
        if (p.finishesRelu()) {
            throw new IllegalArgumentException("only the fused vector kernels finish a relu layer: " + p);
        }
        if (p.streamTransposed()) {
            throw new IllegalArgumentException("only the fused vector kernels take a transposed B: " + p);
        }
        CodeBlock.Builder call = CodeBlock.builder();
        if (p.start() != null) {
            call.add("// $L = $L\n", p.into(), p.start());
            call.beginControlFlow("for (int r = $L; r < $L; r++)", p.rowsFrom(), p.rowsTo());
            if (p.startsFromZero()) {
                call.addStatement("java.util.Arrays.fill($L[r], $L)", p.into(), num.lit(0));
            } else {
                call.addStatement("System.arraycopy($L, 0, $L[r], 0, $L)", p.start(), p.into(), p.width());
            }
            call.endControlFlow();
        }
        call.add("// $L += $L over p ∈ [$L, $L)\n", p.into(), product, p.reduceFrom(), p.reduceTo());
        CodeBlock plain = plainCalls(p, "product" + shape);
        if (!vectorPays(p.columns())) {
            return call.add(plain).build();
        }
        String vector = vector(p, shape);
        return call.beginControlFlow("if (vectorKernels)")
                .addStatement("$L($L)", vector, args(p, p.reduceFrom(), p.reduceTo()))
                .nextControlFlow("else")
                .add(plain)
                .endControlFlow()
                .build();
    }

    /**
     * The call of a fused kernel. A product that finishes a relu layer's forward pass ({@link Product#relu}) over
     * more than one tile of B's rows makes two: the tiles before the last, then the last tile, whose call writes
     * relu(C) from each panel of C as it is done (the kernel then has no branch on which tile is the last, which
     * the warm-up's one-tile calls would leave untaken: C2 compiles such a branch as a trap).
     */
    private CodeBlock fusedCall(Product p, String shape, String product) {
        String name = vector(p, shape);
        String start = p.startsFromZero() ? "ZEROS" : orNull(p.start());
        String what = p.start() == null ? "+= " : p.startsFromZero() ? "= " : "= " + p.start() + " + ";
        CodeBlock.Builder code = CodeBlock.builder();
        String finish = (!finishes(p) ? "" : ", " + orNull(p.relu()) + ", " + orNull(p.reluDerivativeOf()))
                + (!p.streamTransposed() ? "" : ", " + (p.columnsFrom() == null ? "0" : p.columnsFrom()) + ", "
                + (p.columnsTo() == null ? p.width() : p.columnsTo()));
        if (p.columnsFrom() != null && !p.streamTransposed()) {
            throw new IllegalArgumentException("only a product of a transposed B takes some columns: " + p);
        }
        String then = p.relu() != null ? ", then " + p.relu() + " = relu(" + p.into() + ")"
                : p.reluDerivativeOf() != null ? ", then " + p.into() + " ⊙= relu′(" + p.reluDerivativeOf() + ")" : "";
        int last = p.relu() == null ? 0 : (p.reduceRows() - 1) / Kernels.FMA_TILE * Kernels.FMA_TILE;
        if (p.relu() != null && (p.reduceRows() < 0 || !"0".equals(p.reduceFrom()))) {
            throw new IllegalArgumentException("a product that finishes a layer reduces over a layer's size: " + p);
        }
        if (last == 0) {
            return code.add("// $L $L$L over p ∈ [$L, $L)$L\n", p.into(), what, product, p.reduceFrom(), p.reduceTo(),
                            then)
                    .addStatement("$L($L, $L$L)", name, args(p, p.reduceFrom(), p.reduceTo()), start, finish).build();
        }
        return code.add("// $L $L$L over p ∈ [0, $L)$L, as its last tile of $L rows is done\n", p.into(), what,
                        product, p.reduceTo(), then, Kernels.FMA_TILE)
                .addStatement("$L($L, $L, null, null)", name, args(p, "0", String.valueOf(last)), start)
                .addStatement("$L($L, null$L)", name, args(p, String.valueOf(last), p.reduceTo()), finish)
                .build();
    }

    /** A name as an argument of a generated call, or {@code null}. */
    private static String orNull(String name) {
        return name == null ? "null" : name;
    }

    /**
     * The calls of the plain kernels: {@code name} takes the rows of B {@link Kernels#depth} at a time, and the rows
     * left over (fewer than DEPTH) go to a kernel of their own, {@code nameRest}. A kernel with a loop for them would
     * be compiled by C2 before the first epoch's last batch (a short one) ever ran that loop, and compiled again
     * when it did; here only the small calling method is (config A: C2 compiled its gradient kernel three times,
     * 100 ms of its one thread). Terms still reach each element in ascending p.
     */
    private CodeBlock plainCalls(Product p, String name) {
        int depth = Kernels.depth(num, p.columns());
        String rest = name + "Rest";
        CodeBlock.Builder code = CodeBlock.builder();
        if (p.reduceRows() >= 0 && p.reduceRows() % depth == 0) {
            return code.addStatement("$L($L)", use(name, p, depth), args(p, p.reduceFrom(), p.reduceTo())).build();
        }
        if (!"0".equals(p.reduceFrom())) {
            throw new IllegalArgumentException("products reduce from p = 0: " + p);
        }
        if (p.reduceRows() >= 0) {
            String whole = String.valueOf(p.reduceRows() / depth * depth);
            if (p.reduceRows() >= depth) {
                code.addStatement("$L($L)", use(name, p, depth), args(p, "0", whole));
            }
            return code.addStatement("$L($L)", use(rest, p, 1), args(p, whole, p.reduceTo())).build();
        }
        String whole = p.reduceTo() + " - " + p.reduceTo() + " % " + depth;
        String main = use(name, p, depth);
        use(rest, p, 1);
        return code.addStatement("$L($L)", main, args(p, "0", whole))
                .beginControlFlow("if ($L % $L != 0)", p.reduceTo(), depth)
                .addStatement("$L($L)", rest, args(p, whole, p.reduceTo()))
                .endControlFlow()
                .build();
    }

    /** The Vector API kernel of the product's shape, added to the class on first use. */
    private String vector(Product p, String shape) {
        String name = "vectorProduct" + shape;
        if (!kernels.containsKey(name)) {
            kernels.put(name, kernel(name, p, true, Kernels.DEPTH));
            if (!num.isDouble()) {
                // the parts work on the copied tiles, so a transposed B's dispatch shares them
                String parts = partsName(p);
                for (Kernels.FusedPart part : Kernels.fusedParts(p.columns(), options.vectorLanes())) {
                    kernels.computeIfAbsent(parts + part.suffix(), n -> partKernel(n, p, part));
                }
            }
        }
        vectorKernels.add(name);
        if (finishes(p)) {
            finishingKernels.add(name);
        }
        if (p.streamTransposed()) {
            transposedKernels.put(name, p.columns());
        }
        return name;
    }

    /**
     * The name of the fused kernel's part methods ({@link Kernels#fusedRows}): by the shape of c and a alone, since
     * they read B from its copied tiles, whether B is given transposed or not.
     */
    private static String partsName(Product p) {
        return "vectorProduct" + (p.scalarsByP() ? "ByP" : "") + p.columns();
    }

    /**
     * Whether the fused kernels of the product's shape can finish a relu layer as they store C
     * ({@link Product#finishesRelu}): those of the forward and delta products (scalars a[i][p]) as wide as a relu
     * layer, whose C is that layer's pre-activations or deltas. They then take two more matrices, {@code out}
     * (out = relu(C)) and {@code keep} (C ⊙= relu′(keep)), each null where not wanted.
     */
    private boolean finishes(Product shape) {
        return vectorOnly() && !shape.scalarsByP() && net.layers().stream().anyMatch(l -> l.units() == shape.columns()
                && Formulas.fusesIntoProducts(l.activation()));
    }

    /**
     * Whether the products take their Vector API kernels from the start, without plain loops beside them: in
     * float32, whose kernels use fused multiply-adds, in a class with a layer wider than
     * {@link Kernels#NARROW_FLOATS}. The plain loops make the same ones (the same bits), but run wide layers at
     * half the kernels' speed (see {@link Kernels#depth}), and a start on them with a switch in the background did
     * not switch within the benchmark's trainings (docs/design.md, float32 kernels). The runtime has the JIT
     * compile the kernels before the first batch ({@link nnc.train.VectorKernels}). A float32 class of narrow
     * layers has only the plain loops.
     */
    boolean vectorOnly() {
        return options.vectorLanes() > 0 && !num.isDouble() && net.layers().stream().mapToInt(Layer::units).max()
                .orElse(0) > Kernels.NARROW_FLOATS;
    }

    /** The plain kernel {@code name} of the product's shape and this depth, added to the class on first use. */
    private String use(String name, Product p, int depth) {
        kernels.computeIfAbsent(name, n -> kernel(n, p, false, depth));
        return name;
    }

    private static String args(Product p, String from, String to) {
        return String.join(", ", p.into(), p.scalars(), p.stream(), p.rowsFrom(), p.rowsTo(), from, to);
    }

    /** Whether rows this wide get a Vector API kernel beside the plain loops: in double, up to 256 columns. */
    private boolean vectorPays(int columns) {
        return options.vectorLanes() > 0 && num.isDouble() && columns <= Kernels.VECTOR_MAX_WIDTH;
    }

    /** Whether any product of the class has a Vector API kernel. */
    boolean hasVectorKernels() {
        return !vectorKernels.isEmpty();
    }

    /**
     * The sink rows of the plain kernels, one per row width (written past the last row of C, never read), and the
     * row of zeros that the fused kernels start from.
     */
    java.util.List<FieldSpec> scratchRows() {
        java.util.List<FieldSpec> rows = new java.util.ArrayList<>(sinks.stream().map(w -> FieldSpec.builder(num.vector,
                        Kernels.sink(String.valueOf(w)), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Where the plain kernels for rows $L wide write the rows of a block past the last row.\n", w)
                .initializer("new $L[$L]", num.name, w).build()).toList());
        if (vectorOnly()) {
            rows.add(FieldSpec.builder(num.vector, "ZEROS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The row that products overwriting their rows with a · b start from.\n")
                    .initializer("new $L[$L]", num.name, paddedWidth(widestProduct())).build());
        }
        return rows;
    }

    /**
     * Floats in a row of {@code width} that the fused kernels may read: whole vectors of 16 (a row of C, or the row
     * a product starts from, a bias, is at least this long).
     */
    static int paddedWidth(int width) {
        return NumberType.FLOAT.paddedColumns(width);
    }

    /** The kernels the products of the class call, in the order first used. */
    java.util.Collection<MethodSpec> kernels() {
        return kernels.values();
    }

    /**
     * Calls of every Vector API kernel on {@link Kernels#WARM_ROWS} rows of the scratch matrices {@code WARM_C},
     * {@code WARM_A}, {@code WARM_B} or, for a kernel that takes B transposed, {@code WARM_BT} (zeros: the sums
     * stay zero; the finishing kernels write relu(C) into, and read relu′ from, {@code WARM_C}, zeros too).
     */
    CodeBlock warmCalls() {
        CodeBlock.Builder code = CodeBlock.builder();
        for (String k : vectorKernels) {
            // the fused kernels both ways: adding to C, and starting from a row (and finishing a relu layer both ways)
            String[] ways = num.isDouble() ? new String[] {""} : finishingKernels.contains(k)
                    ? new String[] {", null, null, null", ", ZEROS, WARM_C, WARM_C"} : new String[] {", null", ", ZEROS"};
            for (String way : ways) {
                boolean transposed = transposedKernels.containsKey(k);
                code.addStatement("$L(WARM_C, WARM_A, $L, 0, $L, 0, $L$L$L)", k, transposed ? "WARM_BT" : "WARM_B",
                        Kernels.WARM_ROWS, Kernels.WARM_ROWS, way, transposed && !num.isDouble()
                                ? ", 0, " + transposedKernels.get(k) : "");
            }
        }
        return code.build();
    }

    /** Whether a kernel takes B transposed (the class then has the scratch {@code WARM_BT}). */
    boolean hasTransposedKernels() {
        return !transposedKernels.isEmpty();
    }

    /** The widest row of any product (the scratch matrices' width). */
    int widestProduct() {
        return net.layers().stream().mapToInt(l -> Math.max(l.units(), net.inputSize())).max().orElse(1);
    }

    private MethodSpec kernel(String name, Product product, boolean vector, int depth) {
        int width = product.columns();
        if (!vector) {
            sinks.add(width);
        }
        Product p = kernelProduct(product, product.streamTransposed());
        CodeBlock body = !vector ? Kernels.multiplyAdd(p, num, depth)
                : num.isDouble() ? Kernels.vectorMultiplyAdd(p, options.vectorLanes())
                : Kernels.fusedDispatch(name, partsName(product), p, options.vectorLanes(), finishes(product));
        MethodSpec.Builder header = kernelHeader(name, p, vector ? ", with the Vector API" + (num.isDouble() ? ""
                        : " and fused multiply-adds") : depth > 1 ? ", hi − lo a multiple of " + depth
                        : ", one row of b at a time")
                .addParameter(num.matrix, "b")
                .addParameter(int.class, "from").addParameter(int.class, "to")
                .addParameter(int.class, "lo").addParameter(int.class, "hi");
        if (vector && !num.isDouble()) {
            header.addParameter(num.vector, "start").addJavadoc("Each row of c starts from {@code start} where given "
                    + "(c = start + a · b), else from its own values.\n");
            if (finishes(product)) {
                header.addParameter(num.matrix, "out").addParameter(num.matrix, "keep")
                        .addJavadoc("Where {@code out} is given, it writes out = relu(c) from each panel of c as a tile "
                                + "is done (it is given for the last tile only); where {@code keep} is given, "
                                + "c ⊙= relu′(keep) once the reduction is done (neither with no terms).\n");
            }
            if (product.streamTransposed()) {
                header.addParameter(int.class, "j0").addParameter(int.class, "j1")
                        .addJavadoc("It computes columns [j0, j1) of c: the whole panels from j0 (a multiple of $L) "
                                + "below j1, and the columns past the last whole panel where the width has them (a "
                                + "call for some of the columns is made only for widths of whole panels).\n",
                                Kernels.panelWidth(options.vectorLanes()));
            }
        }
        return header.addCode(body).build();
    }

    /** A method of a fused kernel ({@link Kernels#fusedRows}): one panel of a tile of B, copied to pk. */
    private MethodSpec partKernel(String name, Product product, Kernels.FusedPart part) {
        int h = part.height();
        Product p = kernelProduct(product, false);
        MethodSpec.Builder kernel = kernelHeader(name, p, ", " + h + " row" + (h == 1 ? "" : "s")
                + " at a time (to − from a multiple of " + h + "), " + (part.rest()
                ? "the columns past the last whole panel" : "a whole panel")
                + " from column j, p ∈ [p0, p1), b's rows copied to pk from pf on")
                .addParameter(float[].class, "pk").addParameter(int.class, "pf").addParameter(int.class, "j")
                .addParameter(int.class, "from").addParameter(int.class, "to")
                .addParameter(int.class, "p0").addParameter(int.class, "p1").addParameter(float[].class, "start");
        return kernel.addCode(Kernels.fusedRows(p, options.vectorLanes(), part)).build();
    }

    /** The kernel's own names for the product's shape: c += a · b, rows [from, to), p ∈ [lo, hi). */
    private static Product kernelProduct(Product shape, boolean transposed) {
        Product.Builder kernel = Product.into("c");
        if (shape.scalarsByP()) {
            kernel.scalarsByP("a");
        } else {
            kernel.scalars("a");
        }
        if (transposed) {
            kernel.timesTransposed("b");
        } else {
            kernel.times("b");
        }
        return kernel.rows("from", "to").over("lo", "hi").width(String.valueOf(shape.columns()), shape.columns())
                .build();
    }

    /** The kernel's Javadoc and its first two parameters, c and a. */
    private MethodSpec.Builder kernelHeader(String name, Product p, String how) {
        int width = p.columns();
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("c[i][0..$L) += Σ_p a$L · $L for rows i ∈ [from, to) and p ∈ [lo, hi)$L.\n", width,
                        p.scalarsByP() ? "[p][i]" : "[i][p]", p.streamTransposed() ? "b[0.." + width + ")[p] (b given "
                                + "transposed)" : "b[p][0.." + width + ")", how)
                .addParameter(num.matrix, "c").addParameter(num.matrix, "a");
    }
}
