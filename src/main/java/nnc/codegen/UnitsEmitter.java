package nnc.codegen;

import static nnc.codegen.Names.MATRIX;
import static nnc.codegen.Names.k;
import static nnc.codegen.Names.n;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import nnc.model.Activation;
import nnc.model.Layer;

/**
 * The forward and backward pass of a batch split by units over several threads
 * ({@code Net.forwardBackwardByUnits}): each part takes a share of every layer's input units, the same share of
 * weight rows that it takes for the gradients and the optimizer step, so that each weight row is read and written
 * by one thread only. Split by rows, every thread reads every weight (its forward and delta products copy all of
 * W's tiles), and the optimizer step then writes lines that the other core holds: on 2 threads, config D in float32
 * spent 11.5 ms per epoch in W2's update (2.2 on 1 thread) and 10.8 in the delta product's tile copies (3.2).
 *
 * <p>Per layer: each part computes its inputs' share of the product, {@code s = b + Σ_parts a[:, P] · W[P, :]}
 * (part 0 from the bias, into s; the others into matrices of their own); after a barrier, each part adds the shares
 * for its own units P of that layer, every row, and applies relu there: those columns are its share of the next
 * layer's inputs, so it goes on to the next product without another barrier (a stage and a barrier less per layer:
 * each barrier waits for the slower thread, 20-30 µs a step on this VM). The output layer is added up by rows, for
 * its softmax (or other activation), the loss and the output deltas; each hidden layer's delta,
 * {@code δ[:, P] = (δ′ · Wᵀ)[:, P] ⊙ relu′(s[:, P])}, needs W's rows P only. For classes with fused kernels whose
 * hidden layers are relu, without dropout.
 */
final class UnitsEmitter {
    /** The most parts a batch is split into by units (the partial sums' arrays are this long). */
    static final int MAX_PARTS = 16;

    private final Plan plan;

    UnitsEmitter(Plan plan) {
        this.plan = plan;
    }

    /** Whether the class can split a batch by units. */
    static boolean applies(Plan plan) {
        if (!plan.kernels.vectorOnly() || plan.net.hasDropout() || plan.layers < 2) {
            return false;
        }
        for (Layer l : plan.net.layers()) {
            boolean hidden = l.index() < plan.layers - 1;
            if (hidden && l.activation() != Activation.RELU
                    || hasDelta(plan, l) && l.units() % Kernels.panelWidth(plan.options.vectorLanes()) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether layer l's delta is computed (from the layer above's). */
    private static boolean hasDelta(Plan plan, Layer l) {
        return l.index() < plan.layers - 1 && l.index() + 1 > plan.net.firstTrainable();
    }

    void emit(TypeSpec.Builder type) {
        int panel = Kernels.panelWidth(plan.options.vectorLanes());
        MethodSpec.Builder splits = plan.method("splitsByUnits", TypeName.BOOLEAN)
                .addJavadoc("Whether a batch split into {@code parts} by units gives each part whole panels of the "
                        + "deltas' columns.\n")
                .addParameter(int.class, "parts")
                .beginControlFlow("if (parts > $L)", MAX_PARTS).addStatement("return false").endControlFlow()
                .beginControlFlow("for (int p = 1; p < parts; p++)");
        for (Layer l : plan.net.layers()) {
            if (hasDelta(plan, l)) {
                splits.beginControlFlow("if ($L * p / parts % $L != 0)", n(k(l)), panel)
                        .addStatement("return false").endControlFlow();
            }
        }
        type.addMethod(splits.endControlFlow().addStatement("return true").build());

        MethodSpec.Builder all = plan.method("forwardBackwardByUnits", TypeName.VOID)
                .addParameter(MATRIX, "x").addParameter(MATRIX, "t").addParameter(int.class, "part")
                .addParameter(int.class, "parts").addParameter(Runnable.class, "sync")
                .addComment("the batch rounded to float: this part's input columns, the ones its products read")
                .addStatement("Helpers.round(x, $L, 0, rows, N0 * part / parts, N0 * (part + 1) / parts)",
                        plan.batch());
        for (Layer l : plan.net.layers()) {
            type.addField(FieldSpec.builder(ArrayTypeName.of(plan.matrix()), "s" + k(l) + "Parts", Modifier.PRIVATE,
                            Modifier.FINAL)
                    .addJavadoc("The partial sums of s$L of parts 1 and on, each made by its part on first use.\n", k(l))
                    .initializer("new $L[$L][][]", plan.num.name, MAX_PARTS).build());
            type.addMethod(forwardLayer(l));
            all.addStatement("forwardUnits$L(part, parts)", k(l)).addStatement("sync.run()");
        }
        Layer output = plan.net.layers().get(plan.layers - 1);
        String k = String.valueOf(k(output));
        all.addComment("the output layer by rows: its parts' shares added in part order, $L, the loss and δ$L",
                output.activation().canonicalName(), k);
        all.addStatement("int from = rows * part / parts, to = rows * (part + 1) / parts");
        all.addCode(sum(output, "from", "to", "0", n(plan.layers), CodeBlock.of("")));
        all.addCode(ForwardEmitter.activation(output, plan.num));
        all.addStatement("lossAndDelta(t, from, to, true)");
        for (int i = plan.layers - 1; i > plan.net.firstTrainable(); i--) {
            Layer l = plan.net.layers().get(i);
            type.addMethod(backwardLayer(l));
            all.addStatement("sync.run()").addStatement("backwardUnits$L(part, parts)", k(l));
        }
        type.addMethod(all.build());
    }

    /**
     * s += the other parts' shares of layer l, in part order, for rows [r0, r1) and columns [c0, c1), then
     * {@code thenInRow} in the same row (its s row is {@code sr}).
     */
    private CodeBlock sum(Layer l, String r0, String r1, String c0, String c1, CodeBlock thenInRow) {
        int k = k(l);
        return CodeBlock.builder()
                .beginControlFlow("for (int r = $L; r < $L; r++)", r0, r1)
                .addStatement("$L[] sr = s$L[r]", plan.num.name, k)
                .beginControlFlow("for (int q = 1; q < parts; q++)")
                .addStatement("$L[] pr = s$LParts[q][r]", plan.num.name, k)
                .beginControlFlow("for (int j = $L; j < $L; j++)", c0, c1).addStatement("sr[j] += pr[j]")
                .endControlFlow()
                .endControlFlow()
                .add(thenInRow)
                .endControlFlow().build();
    }

    /**
     * Layer l's forward pass split by units: first its input, this part's share of the layer below's units (all
     * rows): the parts' shares of that layer's s added and its relu applied; then this part's share of l's product.
     * The same columns of the layer below are this part's share of l's inputs, so no barrier comes between.
     */
    private MethodSpec forwardLayer(Layer l) {
        int k = k(l);
        String in = n(k - 1);
        String out = n(k);
        MethodSpec.Builder m = MethodSpec.methodBuilder("forwardUnits" + k).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Layer $L split by units: this part's share of its inputs$L, then that share of s$L = "
                        + "W$L·a$L + b$L (every row).\n", k, k > 1 ? " (a" + (k - 1) + " = relu(s" + (k - 1)
                        + ") for those columns, from the parts' shares of s" + (k - 1) + ")" : "", k, k, k - 1, k)
                .addParameter(int.class, "part").addParameter(int.class, "parts");
        m.addComment("$L", plan.statement(l));
        m.addStatement("int i0 = $L * part / parts, i1 = $L * (part + 1) / parts", in, in);
        if (k > 1) {
            Layer below = plan.layer(k - 1);
            m.addComment("s$L = the parts' shares added in part order, then a$L = $L(s$L), for columns [i0, i1)",
                    k - 1, k - 1, below.activation().canonicalName(), k - 1);
            m.addCode(sum(below, "0", "rows", "i0", "i1", CodeBlock.builder()
                    .addStatement("$L[] ar = a$L[r]", plan.num.name, k - 1)
                    .beginControlFlow("for (int j = i0; j < i1; j++)")
                    .addStatement("$L s = sr[j]", plan.num.name)
                    .addStatement("ar[j] = $L", Formulas.activation(below.activation(), below.alpha()))
                    .endControlFlow().build()));
        }
        m.addStatement("$L[][] into = s$L", plan.num.name, k);
        m.beginControlFlow("if (part > 0)");
        m.beginControlFlow("if (s$LParts[part] == null)", k)
                .addStatement("s$LParts[part] = Helpers.matrix(capacity, $L)", k, out).endControlFlow();
        m.addStatement("into = s$LParts[part]", k);
        m.endControlFlow();
        m.addStatement("$L[] start = part == 0 ? $L : ZEROS", plan.num.name, l.hasBias() ? "b" + k : "ZEROS");
        m.addCode(plan.product(Product.into("into").scalars(plan.input(l.index())).times("w" + k)
                .rows("0", "rows").over("i0", "i1").width(out, l.units()).startingFrom("start").build()));
        return m.build();
    }

    /** δ of layer l − 1 from δ of layer l, for this part's share of layer l − 1's units. */
    private MethodSpec backwardLayer(Layer l) {
        int k = k(l);
        Layer below = plan.layer(k - 1);
        String units = n(k - 1);
        MethodSpec.Builder m = MethodSpec.methodBuilder("backwardUnits" + k).addModifiers(Modifier.PRIVATE)
                .addJavadoc("δ$L = ((W$L)ᵀ δ$L) ⊙ relu′(s$L) for this part's units of layer $L, every row.\n", k - 1, k, k,
                        k - 1, k - 1)
                .addParameter(int.class, "part").addParameter(int.class, "parts");
        m.addComment("$L", plan.statement(below));
        m.addStatement("int c0 = $L * part / parts, c1 = $L * (part + 1) / parts", units, units);
        m.addCode(plan.product(Product.into("d" + (k - 1)).scalars("d" + k).timesTransposed("w" + k)
                .rows("0", "rows").over("0", n(k), l.units()).width(units, below.units()).startingFrom(Product.ZERO)
                .timesReluDerivativeOf("s" + (k - 1)).columns("c0", "c1").build()));
        return m.build();
    }
}
