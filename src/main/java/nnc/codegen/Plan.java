package nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.Modifier;
import nnc.model.Activation;
import nnc.model.Layer;
import nnc.model.Network;

/** What every part of the generator asks about the class it writes: the network, the options, which arrays exist. */
final class Plan {
    final Network net;
    final Generator.Options options;
    /** The number of dense layers; {@code a<layers>} is the output. */
    final int layers;
    /** The optimizer's emitter, or null when every layer is frozen. */
    final OptimizerEmitter optimizer;
    /** The number type of the class's arrays (the train block's precision). */
    final NumberType num;
    /** The product kernels, by name ({@link #product}). */
    private final java.util.Map<String, MethodSpec> kernels = new java.util.LinkedHashMap<>();

    Plan(Network net, Generator.Options options) {
        this.net = net;
        this.options = options;
        this.layers = net.layers().size();
        this.num = NumberType.of(net.train().precision());
        this.optimizer = net.optimizer() == null ? null : OptimizerEmitter.of(net.optimizer(), num);
    }

    Layer layer(int k) {
        return net.layers().get(k - 1);
    }

    /** Whether layer l has deltas (it or a layer before it is trainable). */
    boolean needsDelta(Layer l) {
        return l.index() >= net.firstTrainable();
    }

    /** Whether layer l keeps a transposed weight copy (its input needs a delta). */
    boolean needsTranspose(Layer l) {
        return l.index() > net.firstTrainable();
    }

    /**
     * The {@code dense} statement of layer l with where it stands, for comments:
     * {@code models/digits.nn:6 dense 128 relu}.
     */
    String statement(Layer l) {
        String where = options.source() == null ? "line " + l.line() : options.source() + ":" + l.line();
        String act = l.activation().canonicalName();
        if (l.activation() == Activation.LEAKY_RELU || l.activation() == Activation.ELU) {
            act += "(alpha = " + Names.lit(l.alpha()) + ")";
        }
        return where + " dense " + l.units() + " " + act + (l.trainable() ? "" : " (frozen)");
    }

    /** Whether the optimizer measures each step's length (gd's tolerance). */
    boolean measuresStep() {
        return optimizer != null && optimizer.measuresStep();
    }

    /** The matrices of the class: {@code double[][]} or {@code float[][]}. */
    com.palantir.javapoet.TypeName matrix() {
        return num.matrix;
    }

    /** The name of the batch as the first layer reads it: {@code x}, or its float copy {@code x0}. */
    String batch() {
        return num.isDouble() ? "x" : "x0";
    }

    /** The name of layer index i's input activations (the batch as {@link #batch} names it for the first). */
    String input(int i) {
        return i == 0 ? batch() : "a" + i;
    }

    /** A public method of the {@code Net} contract. */
    MethodSpec.Builder method(String name, TypeName returns) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(returns);
        if (options.implementRuntime()) {
            m.addAnnotation(Override.class);
        }
        return m;
    }

    /**
     * A call of the product's kernel: a static method of the class per shape (row width, and whether the scalars are
     * indexed [i][p] or [p][i]), shared by every product of that shape, so that each is compiled once and early
     * (it runs several times a batch). Its loops are plain loops, which C2 vectorizes. Where the Vector API was asked
     * for ({@link VectorLanes}) and pays at this width, the class also has the shape's Vector API kernel, and the
     * call takes it once {@code vectorKernels} is set: the runtime sets it when the JIT has compiled those kernels
     * (until then, Vector API code runs boxed, a hundred times slower); both give the same bits.
     */
    CodeBlock product(Product p) {
        String shape = (p.scalarsByP() ? "ByP" : "") + p.columns();
        String plain = "product" + shape;
        kernels.computeIfAbsent(plain, n -> kernel(n, p.scalarsByP(), p.columns(), false));
        String args = String.join(", ", p.into(), p.scalars(), p.stream(), p.rowsFrom(), p.rowsTo(), p.reduceFrom(),
                p.reduceTo());
        CodeBlock.Builder call = CodeBlock.builder()
                .add("// $L += $L$L · $L over p ∈ [$L, $L)\n", p.into(), p.scalars(), p.scalarsByP() ? "ᵀ" : "",
                        p.stream(), p.reduceFrom(), p.reduceTo());
        if (!vectorPays(p.columns())) {
            return call.addStatement("$L($L)", plain, args).build();
        }
        String vector = "vectorProduct" + shape;
        kernels.computeIfAbsent(vector, n -> kernel(n, p.scalarsByP(), p.columns(), true));
        return call.beginControlFlow("if (vectorKernels)")
                .addStatement("$L($L)", vector, args)
                .nextControlFlow("else")
                .addStatement("$L($L)", plain, args)
                .endControlFlow()
                .build();
    }

    /** Whether rows this wide get a Vector API kernel: only when asked for, and in double up to 256 columns. */
    private boolean vectorPays(int columns) {
        return options.vectorLanes() > 0 && (columns <= Kernels.VECTOR_MAX_WIDTH || !num.isDouble());
    }

    /** Whether any product of the class has a Vector API kernel. */
    boolean hasVectorKernels() {
        return kernels.keySet().stream().anyMatch(k -> k.startsWith("vector"));
    }

    /** The kernels the products of the class call, in the order first used. */
    java.util.Collection<MethodSpec> kernels() {
        return kernels.values();
    }

    /**
     * Calls of every Vector API kernel on {@link Kernels#WARM_ROWS} rows of the scratch matrices {@code WARM_C},
     * {@code WARM_A}, {@code WARM_B} (zeros: the sums stay zero).
     */
    CodeBlock warmCalls() {
        CodeBlock.Builder code = CodeBlock.builder();
        for (String k : kernels.keySet()) {
            if (k.startsWith("vector")) {
                code.addStatement("$L(WARM_C, WARM_A, WARM_B, 0, $L, 0, $L)", k, Kernels.WARM_ROWS, Kernels.WARM_ROWS);
            }
        }
        return code.build();
    }

    /** The widest row of any product (the scratch matrices' width). */
    int widestProduct() {
        return net.layers().stream().mapToInt(l -> Math.max(l.units(), net.inputSize())).max().orElse(1);
    }

    private MethodSpec kernel(String name, boolean byP, int width, boolean vector) {
        Product.Builder shape = Product.into("c");
        if (byP) {
            shape.scalarsByP("a");
        } else {
            shape.scalars("a");
        }
        Product p = shape.times("b").rows("from", "to").over("lo", "hi").width(String.valueOf(width), width).build();
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("c[i][0..$L) += Σ_p a$L · b[p][0..$L) for rows i ∈ [from, to) and p ∈ [lo, hi)$L.\n",
                        width, byP ? "[p][i]" : "[i][p]", width,
                        vector ? ", with the Vector API" : "")
                .addParameter(matrix(), "c").addParameter(matrix(), "a").addParameter(matrix(), "b")
                .addParameter(int.class, "from").addParameter(int.class, "to")
                .addParameter(int.class, "lo").addParameter(int.class, "hi")
                .addCode(vector ? Kernels.vectorMultiplyAdd(p, options.vectorLanes(), num) : Kernels.multiplyAdd(p, num))
                .build();
    }
}
