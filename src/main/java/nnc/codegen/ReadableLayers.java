package nnc.codegen;

import static nnc.codegen.Names.MATRIX;
import static nnc.codegen.Names.VECTOR;
import static nnc.codegen.Names.k;
import static nnc.codegen.Names.lit;
import static nnc.codegen.Names.n;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import nnc.model.Activation;
import nnc.model.Layer;
import nnc.model.Loss;

/**
 * The readable class's forward pass, loss and backward pass: one plain loop nest per formula. The sums run over
 * the reduction index in ascending order, one multiplication and one addition at a time, as the fast kernels add
 * each element's terms ({@link Kernels}), so both classes compute the same bits.
 */
final class ReadableLayers {
    private final Plan plan;

    ReadableLayers(Plan plan) {
        this.plan = plan;
    }

    void addTo(TypeSpec.Builder type) {
        for (Layer l : plan.net.layers()) {
            type.addMethod(forward(l));
        }
        type.addMethod(forwardAll());
        type.addMethod(lossAndDelta());
        for (int i = plan.layers - 1; i > plan.net.firstTrainable(); i--) {
            type.addMethod(backward(plan.net.layers().get(i)));
        }
        type.addMethod(plan.method("predict", TypeName.VOID)
                .addParameter(MATRIX, "a0").addParameter(int.class, "count").addParameter(MATRIX, "out")
                .addComment("the forward pass without dropout; out = a$L", plan.layers)
                .addStatement("training = false")
                .addStatement("forward(a0, 0, count)")
                .beginControlFlow("for (int r = 0; r < count; r++)")
                .addStatement("System.arraycopy(a$L[r], 0, out[r], 0, $L)", plan.layers, n(plan.layers))
                .endControlFlow().build());
        type.addMethod(plan.method("loss", TypeName.DOUBLE)
                .addParameter(MATRIX, "a0").addParameter(MATRIX, "t").addParameter(int.class, "count")
                .addComment("J = the mean loss over the rows, without dropout")
                .addStatement("training = false")
                .addStatement("forward(a0, 0, count)")
                .addStatement("return lossAndDelta(t, 0, count, false) / count").build());
        type.addMethod(plan.method("output", TypeName.VOID).addParameter(int.class, "row").addParameter(VECTOR, "out")
                .addComment("out = row \"row\" of a$L, the output of the last forward pass", plan.layers)
                .addStatement("System.arraycopy(a$L[row], 0, out, 0, $L)", plan.layers, n(plan.layers)).build());
        type.addMethod(beginBatch());
        type.addMethod(forwardBackward());
        type.addMethod(plan.method("lossSum", TypeName.DOUBLE).addParameter(int.class, "count")
                .addComment("the sum of the rows' losses, in row order")
                .addStatement("double total = 0")
                .beginControlFlow("for (int r = 0; r < count; r++)")
                .addStatement("total += rowLoss[r]")
                .endControlFlow()
                .addStatement("return total").build());
    }

    /** Where a comment's formula comes from: {@code (models/digits.nn:6 dense 128 relu)}. */
    private String from(Layer l) {
        return "   (" + plan.statement(l) + ")";
    }

    /**
     * The input a layer's product reads, a(k−1), or with dropout {@code in}, declared as its dropped-out copy x(k)
     * while training.
     */
    static String declareInput(MethodSpec.Builder m, Layer l) {
        int k = k(l);
        if (l.inputDropout() == 0) {
            return "a" + (k - 1);
        }
        m.addStatement("double[][] in = training ? x$L : a$L", k, k - 1);
        return "in";
    }

    private MethodSpec forward(Layer l) {
        int k = k(l);
        String f = l.activation().canonicalName();
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward" + k).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Layer $L, forward, for rows [from, to) of the batch.\n", k)
                .addParameter(MATRIX, "a" + (k - 1)).addParameter(int.class, "from").addParameter(int.class, "to");
        if (l.inputDropout() > 0) {
            m.addComment("x$L = a$L ⊙ m$L while training: dropout on the input of $L", k, k - 1, k,
                    plan.statement(l));
            m.beginControlFlow("if (training)");
            m.beginControlFlow("for (int r = from; r < to; r++)");
            m.beginControlFlow("for (int i = 0; i < $L; i++)", n(k - 1));
            m.addStatement("x$L[r][i] = a$L[r][i] * m$L[r][i]", k, k - 1, k);
            m.endControlFlow().endControlFlow().endControlFlow();
        }
        m.addComment("s$L = $L · w$L$L$L", k, l.inputDropout() > 0 ? "x" + k : "a" + (k - 1), k,
                l.hasBias() ? " + b" + k : "", from(l));
        String in = declareInput(m, l);
        m.beginControlFlow("for (int r = from; r < to; r++)");
        m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k));
        m.addStatement("double sum = $L", l.hasBias() ? "b" + k + "[j]" : "0.0");
        m.beginControlFlow("for (int i = 0; i < $L; i++)", n(k - 1));
        m.addStatement("sum += $L[r][i] * w$L[i][j]", in, k);
        m.endControlFlow();
        m.addStatement("s$L[r][j] = sum", k);
        m.endControlFlow().endControlFlow();
        m.addComment("a$L = $L(s$L)$L", k, f, k, l.activation() == Activation.SOFTMAX
                ? ", row by row: e^(s − max) / Σ e^(s − max)"
                : ", element by element" + helperNote(l.activation().expression()));
        m.beginControlFlow("for (int r = from; r < to; r++)");
        if (l.activation() == Activation.SOFTMAX) {
            m.addStatement("double[] s = s$L[r], a = a$L[r]", k, k);
            m.addStatement("double max = Double.NEGATIVE_INFINITY");
            m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k)).addStatement("max = Math.max(max, s[j])")
                    .endControlFlow();
            m.addStatement("double sum = 0");
            m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k)).addStatement("a[j] = Math.exp(s[j] - max)")
                    .addStatement("sum += a[j]").endControlFlow();
            m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k)).addStatement("a[j] /= sum").endControlFlow();
        } else {
            m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k));
            m.addStatement("double s = s$L[r][j]", k);
            m.addStatement("a$L[r][j] = $L", k, Formulas.activation(l.activation(), l.alpha()));
            m.endControlFlow();
        }
        m.endControlFlow();
        return m.build();
    }

    /** What the branch-free helper of an activation's code means, where the code calls it. */
    private static String helperNote(String code) {
        return code.contains("ifPositive(") ? "; ifPositive(s, v, w) = (s > 0 ? v : w)" : "";
    }

    private MethodSpec forwardAll() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("The forward pass over rows [from, to) of the batch a0, layer by layer.\n")
                .addParameter(MATRIX, "a0").addParameter(int.class, "from").addParameter(int.class, "to");
        for (Layer l : plan.net.layers()) {
            m.addStatement("forward$L(a$L, from, to)", k(l), k(l) - 1);
        }
        return m.build();
    }

    private MethodSpec beginBatch() {
        MethodSpec.Builder m = plan.method("beginBatch", TypeName.VOID)
                .addParameter(int.class, "batchRows").addParameter(boolean.class, "isTraining")
                .addComment("n = batchRows: J is the mean loss over these rows")
                .addStatement("rows = batchRows")
                .addStatement("training = isTraining");
        if (plan.net.hasDropout()) {
            m.beginControlFlow("if (isTraining)");
            for (Layer l : plan.net.layers()) {
                if (l.inputDropout() > 0) {
                    int k = k(l);
                    m.addComment("m$L: 0 with probability p = $L, else 1/(1 − p), row by row; the input of $L", k,
                            lit(l.inputDropout()), plan.statement(l));
                    m.beginControlFlow("for (int r = 0; r < rows; r++)");
                    m.beginControlFlow("for (int i = 0; i < $L; i++)", n(k - 1));
                    m.addStatement("m$L[r][i] = random.nextDouble() < $L ? 0.0 : 1 / (1 - $L)", k,
                            lit(l.inputDropout()), lit(l.inputDropout()));
                    m.endControlFlow().endControlFlow();
                }
            }
            m.endControlFlow();
        }
        return m.build();
    }

    private MethodSpec lossAndDelta() {
        Layer out = plan.net.output();
        int k = k(out);
        Loss loss = plan.net.loss();
        boolean delta = plan.needsDelta(out);
        MethodSpec.Builder m = LossEmitter.header(plan);
        m.addComment("L = Σ_j loss(y_j, t_j) per row, y = a$L, t the targets; $L loss$L", k, loss.displayName(),
                from(out));
        m.addStatement("double total = 0");
        m.beginControlFlow("for (int r = from; r < to; r++)");
        m.addStatement("double sum = 0");
        m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k));
        m.addStatement("double y = a$L[r][j], tj = t[r][j]", k);
        if (!loss.impliesClassification()) {
            m.addStatement("double res = y - tj");
        }
        m.addStatement("sum += $L", Formulas.lossTerm(loss, n(k)));
        m.endControlFlow();
        m.addStatement("total += sum");
        m.addStatement("rowLoss[r] = sum");
        if (delta) {
            m.beginControlFlow("if (withDelta)");
            outputDelta(m, out, loss);
            m.endControlFlow();
        }
        m.endControlFlow();
        m.addStatement("return total");
        return m.build();
    }

    /** δ at the output for row r: fused y − t, softmax's Jacobian-vector product, or ∂L/∂y ⊙ f′(s). */
    private static void outputDelta(MethodSpec.Builder m, Layer out, Loss loss) {
        int k = k(out);
        String nOut = n(k);
        if (loss.fused()) {
            m.addComment("δ$L = (y − t) / n: $L and $L fuse, f′ and ∂L/∂y cancel", k, loss.displayName(),
                    out.activation().canonicalName());
            m.beginControlFlow("for (int j = 0; j < $L; j++)", nOut);
            m.addStatement("delta$L[r][j] = (a$L[r][j] - t[r][j]) / rows", k, k);
            m.endControlFlow();
        } else if (out.activation() == Activation.SOFTMAX) {
            m.addComment("g = ∂L/∂y / n, then δ$L_j = y_j·(g_j − Σ_i g_i·y_i) (softmax's Jacobian)", k);
            m.addStatement("double dot = 0");
            m.beginControlFlow("for (int j = 0; j < $L; j++)", nOut);
            m.addStatement("double y = a$L[r][j], tj = t[r][j]", k);
            m.addStatement("double res = y - tj");
            m.addStatement("delta$L[r][j] = $L / rows", k, Formulas.lossGradient(loss, nOut));
            m.addStatement("dot += delta$L[r][j] * y", k);
            m.endControlFlow();
            m.beginControlFlow("for (int j = 0; j < $L; j++)", nOut);
            m.addStatement("delta$L[r][j] = a$L[r][j] * (delta$L[r][j] - dot)", k, k, k);
            m.endControlFlow();
        } else {
            boolean readsS = out.activation().derivativeReads() == Activation.Reads.S;
            m.addComment("δ$L = ∂L/∂y / n ⊙ $L", k, out.activation().derivativeText());
            m.beginControlFlow("for (int j = 0; j < $L; j++)", nOut);
            m.addStatement("double y = a$L[r][j], tj = t[r][j]$L", k, readsS ? ", s = s" + k + "[r][j]" : "");
            m.addStatement("double res = y - tj");
            m.addStatement("double g = $L / rows", Formulas.lossGradient(loss, nOut));
            m.addStatement("delta$L[r][j] = $L", k, Formulas.derivativeTimesG(out.activation(), out.alpha()));
            m.endControlFlow();
        }
    }

    /** δ of layer k−1 from δ of layer k. */
    private MethodSpec backward(Layer l) {
        int k = k(l);
        Layer below = plan.layer(k - 1);
        Activation f = below.activation();
        boolean dropout = l.inputDropout() > 0;
        MethodSpec.Builder m = MethodSpec.methodBuilder("backward" + k).addModifiers(Modifier.PRIVATE)
                .addJavadoc("δ$L from δ$L, for rows [from, to) of the batch.\n", k - 1, k)
                .addParameter(int.class, "from").addParameter(int.class, "to");
        m.addComment("δ$L = (δ$L · w$Lᵀ)$L ⊙ $L′(s$L)$L", k - 1, k, k, dropout ? " ⊙ m" + k : "",
                f.canonicalName(), k - 1, from(below));
        m.addComment("$L$L", f.derivativeText(), helperNote(f.derivativeTimesG()));
        m.beginControlFlow("for (int r = from; r < to; r++)");
        m.beginControlFlow("for (int i = 0; i < $L; i++)", n(k - 1));
        m.addStatement("double sum = 0.0");
        m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k));
        m.addStatement("sum += delta$L[r][j] * w$L[i][j]", k, k);
        m.endControlFlow();
        if (f.derivativeReads() == Activation.Reads.S) {
            m.addStatement("double s = s$L[r][i]", k - 1);
        } else if (f.derivativeReads() == Activation.Reads.Y) {
            m.addStatement("double y = a$L[r][i]", k - 1);
        }
        m.addStatement("double g = $L", dropout ? "training ? sum * m" + k + "[r][i] : sum" : "sum");
        m.addStatement("delta$L[r][i] = $L", k - 1, Formulas.derivativeTimesG(f, below.alpha()));
        m.endControlFlow().endControlFlow();
        return m.build();
    }

    private MethodSpec forwardBackward() {
        MethodSpec.Builder m = plan.method("forwardBackward", TypeName.DOUBLE)
                .addParameter(MATRIX, "a0").addParameter(MATRIX, "t")
                .addParameter(int.class, "from").addParameter(int.class, "to")
                .addComment("forward, then δ from the output layer down; returns the rows' summed loss")
                .addStatement("forward(a0, from, to)")
                .addStatement("double loss = lossAndDelta(t, from, to, true)");
        for (int i = plan.layers - 1; i > plan.net.firstTrainable(); i--) {
            m.addStatement("backward$L(from, to)", i + 1);
        }
        return m.addStatement("return loss").build();
    }
}
