package nnc.codegen;

import static nnc.codegen.Names.MATRIX;
import static nnc.codegen.Names.VECTOR;
import static nnc.codegen.Names.k;
import static nnc.codegen.Names.lit;
import static nnc.codegen.Names.n;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.Modifier;
import nnc.model.Activation;
import nnc.model.Layer;

/** The forward pass: per layer s = W·a + b and a = f(s), with dropout on the input; prediction and batch setup. */
final class ForwardEmitter {
    private final Plan plan;

    ForwardEmitter(Plan plan) {
        this.plan = plan;
    }

    MethodSpec forward(Layer l) {
        int k = k(l);
        String in = n(k - 1);
        String out = n(k);
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward" + k).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Layer $L: s$L = W$L·a$L + b$L, a$L = $L(s$L), for rows [from, to).\n", k, k, k, k - 1,
                        k, k, l.activation().canonicalName(), k)
                .addParameter(plan.matrix(), "in").addParameter(int.class, "from").addParameter(int.class, "to");
        String num = plan.num.name;
        m.addComment("$L: s$L = W$L·$L$L, a$L = $L(s$L)", plan.statement(l), k, k, k == 1 ? "x" : "a" + (k - 1),
                l.hasBias() ? " + b" + k : "", k, l.activation().canonicalName(), k);
        String source = "in";
        if (l.inputDropout() > 0) {
            m.addStatement("$L[][] src = in", num);
            m.beginControlFlow("if (training)");
            m.addComment("inverted dropout on the input: x = a ⊙ m");
            m.beginControlFlow("for (int r = from; r < to; r++)");
            m.addStatement("$L[] xr = x$L[r], ar = in[r], mr = m$L[r]", num, k, k);
            m.beginControlFlow("for (int j = 0; j < $L; j++)", in);
            m.addStatement("xr[j] = ar[j] * mr[j]");
            m.endControlFlow();
            m.endControlFlow();
            m.addStatement("src = x$L", k);
            m.endControlFlow();
            source = "src";
        }
        Product.Builder product = Product.into("s" + k).scalars(source).times("w" + k).rows("from", "to")
                .over("0", in, l.inputs()).width(out, l.units()).startingFrom(l.hasBias() ? "b" + k : Product.ZERO);
        if (plan.fusesActivation(l.activation())) {
            return m.addCode(plan.product(product.thenRelu("a" + k).build())).build();
        }
        m.addCode(plan.product(product.build()));
        m.addCode(activation(l, plan.num));
        return m.build();
    }

    /** a = f(s) for rows [from, to). */
    static CodeBlock activation(Layer l, NumberType num) {
        int k = k(l);
        String out = n(k);
        CodeBlock.Builder c = CodeBlock.builder();
        c.add("// a$L = $L(s$L)\n", k, l.activation().canonicalName(), k);
        c.beginControlFlow("for (int r = from; r < to; r++)");
        c.addStatement("$L sr = s$L[r], ar = a$L[r]", num.array(), k, k);
        if (l.activation() == Activation.SOFTMAX) {
            c.addStatement("double max = Double.NEGATIVE_INFINITY");
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("max = Math.max(max, sr[j])");
            c.endControlFlow();
            c.addStatement("double sum = 0");
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("ar[j] = $L", num.store("Math.exp(sr[j] - max)"));
            c.addStatement("sum += ar[j]");
            c.endControlFlow();
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("ar[j] /= sum");
            c.endControlFlow();
        } else {
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            String type = Formulas.localType(l.activation(), num);
            c.addStatement("$L s = sr[j]", type);
            String f = Formulas.activation(l.activation(), l.alpha());
            c.addStatement("ar[j] = $L", type.equals(num.name) ? f : num.store(f));
            c.endControlFlow();
        }
        c.endControlFlow();
        return c.build();
    }

    MethodSpec forwardAll() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("The forward pass over rows [from, to) of the batch x.\n")
                .addParameter(MATRIX, "x").addParameter(int.class, "from").addParameter(int.class, "to");
        if (!plan.num.isDouble()) {
            m.addStatement("Helpers.round(x, $L, from, to, 0, N0)", plan.batch());
        }
        for (Layer l : plan.net.layers()) {
            m.addStatement("forward$L($L, from, to)", k(l), plan.input(l.index()));
        }
        return m.build();
    }

    MethodSpec predict() {
        return plan.method("predict", TypeName.VOID)
                .addParameter(MATRIX, "x").addParameter(int.class, "count").addParameter(MATRIX, "out")
                .addStatement("training = false")
                .addStatement("forward(x, 0, count)")
                .beginControlFlow("for (int r = 0; r < count; r++)")
                .addStatement(copyOut("a" + plan.layers + "[r]", "out[r]"))
                .endControlFlow()
                .build();
    }

    MethodSpec loss() {
        return plan.method("loss", TypeName.DOUBLE)
                .addParameter(MATRIX, "x").addParameter(MATRIX, "t").addParameter(int.class, "count")
                .addStatement("training = false")
                .addStatement("forward(x, 0, count)")
                .addStatement("return lossAndDelta(t, 0, count, false) / count")
                .build();
    }

    MethodSpec output() {
        return plan.method("output", TypeName.VOID).addParameter(int.class, "row").addParameter(VECTOR, "out")
                .addStatement(copyOut("a" + plan.layers + "[row]", "out")).build();
    }

    /** Copies an output row of the class into a row of doubles. */
    private String copyOut(String from, String to) {
        return plan.num.isDouble() ? "System.arraycopy(" + from + ", 0, " + to + ", 0, " + n(plan.layers) + ")"
                : "Helpers.widen(" + from + ", " + to + ", " + n(plan.layers) + ")";
    }

    MethodSpec beginBatch() {
        MethodSpec.Builder m = plan.method("beginBatch", TypeName.VOID)
                .addParameter(int.class, "batchRows").addParameter(boolean.class, "isTraining")
                .addStatement("rows = batchRows")
                .addStatement("training = isTraining");
        if (plan.net.hasDropout()) {
            m.beginControlFlow("if (isTraining)");
            m.addComment("dropout masks for the whole batch, drawn in row order (the same for any thread count)");
            for (Layer l : plan.net.layers()) {
                if (l.inputDropout() > 0) {
                    int k = k(l);
                    m.beginControlFlow("for (int r = 0; r < rows; r++)");
                    m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k - 1));
                    // m = 0 where the draw u < p, else 1 / (1 − p); u < p exactly when p − u > 0, so a select
                    // does it without a branch, which a random draw would mispredict (digits: 10 against 30 µs
                    // a batch of 32 × 128)
                    m.addStatement("m$L[r][j] = $L", k, plan.num.store("ifPositive(" + lit(l.inputDropout())
                            + " - random.nextDouble(), 0.0, 1 / (1 - " + lit(l.inputDropout()) + "))"));
                    m.endControlFlow();
                    m.endControlFlow();
                }
            }
            m.endControlFlow();
        }
        return m.build();
    }
}
