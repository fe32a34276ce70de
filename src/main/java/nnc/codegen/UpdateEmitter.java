package nnc.codegen;

import static nnc.codegen.Names.MATRIX;
import static nnc.codegen.Names.k;
import static nnc.codegen.Names.lit;
import static nnc.codegen.Names.n;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import nnc.model.Layer;
import nnc.model.Optimizer;

/**
 * The weight gradients ∂J/∂W = Σ δ aᵀ and ∂J/∂b = Σ δ, and the optimizer step around them: per layer, for a range
 * of weight rows, so that threads can share the work and a chunk of gradient rows is still in the cache when the
 * step reads it. The update rule itself comes from the {@link OptimizerEmitter}.
 */
final class UpdateEmitter {
    private final Plan plan;

    UpdateEmitter(Plan plan) {
        this.plan = plan;
    }

    /** ∂J/∂W = Σ_rows δ aᵀ and ∂J/∂b = Σ_rows δ over the whole batch, for a range of weight rows. */
    MethodSpec gradient(Layer l) {
        int k = k(l);
        String src = l.inputDropout() > 0 ? "(training ? x" + k + " : " + plan.input(l.index()) + ")"
                : plan.input(l.index());
        String matrix = plan.num.name + "[][]";
        String vector = plan.num.array();
        MethodSpec.Builder m = MethodSpec.methodBuilder("gradient" + k).addModifiers(Modifier.PRIVATE)
                .addJavadoc("∂J/∂W$L = Σ δ$L (a$L)ᵀ over the batch rows, for weight rows [i0, i1)$L.\n", k, k, k - 1,
                        l.hasBias() ? "; with {@code withBias} also ∂J/∂b" + k + " = Σ δ" + k : "")
                .addParameter(MATRIX, "x").addParameter(int.class, "i0").addParameter(int.class, "i1")
                .addParameter(boolean.class, "withBias");
        m.addComment("$L: ∂J/∂W$L = Σ δ$L $Lᵀ$L", plan.statement(l), k, k, k == 1 ? "x" : "a" + (k - 1),
                l.hasBias() ? ", ∂J/∂b" + k + " = Σ δ" + k : "");
        m.addStatement("$L g = gw$L", matrix, k);
        m.addStatement("$L in = $L", matrix, src);
        m.addCode(plan.product(Product.into("g").scalarsByP("in").times("d" + k).rows("i0", "i1").over("0", "rows")
                .width(n(k), l.units()).startingFrom(Product.ZERO).build()));
        if (l.hasBias()) {
            m.beginControlFlow("if (withBias)");
            m.addStatement("$L gb = gb$L", vector, k);
            m.addStatement("java.util.Arrays.fill(gb, $L)", plan.num.lit(0));
            m.beginControlFlow("for (int r = 0; r < rows; r++)");
            m.addStatement("$L dr = d$L[r]", vector, k);
            m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k));
            m.addStatement("gb[j] += dr[j]");
            m.endControlFlow();
            m.endControlFlow();
            m.endControlFlow();
        }
        return m.build();
    }

    MethodSpec gradientPart() {
        MethodSpec.Builder m = plan.method("gradient", TypeName.VOID).addParameter(MATRIX, "x")
                .addParameter(int.class, "part").addParameter(int.class, "parts");
        for (Layer l : trainable()) {
            String in = n(l.index());
            m.addStatement("gradient$L(x, $L * part / parts, $L * (part + 1) / parts, part == 0)", k(l), in, in);
        }
        return m.build();
    }

    /** The gradient and optimizer step of this part's weight rows, layer by layer. */
    MethodSpec gradientAndUpdate() {
        MethodSpec.Builder m = plan.method("gradientAndUpdate", TypeName.DOUBLE).addParameter(MATRIX, "x")
                .addParameter(int.class, "part").addParameter(int.class, "parts");
        return sumOverLayers(m, l -> "gradientAndUpdate" + k(l) + "(x, part, parts)").build();
    }

    /**
     * Gradient and optimizer step of one layer's part of the weight rows, a chunk of rows at a time: each chunk's
     * gradient is still in the L2 cache when the step reads it.
     */
    MethodSpec gradientAndUpdate(Layer l) {
        int k = k(l);
        String in = n(l.index());
        int chunk = Kernels.chunkRows(l.units(), plan.num.bytes);
        boolean measures = plan.measuresStep();
        MethodSpec.Builder m = MethodSpec.methodBuilder("gradientAndUpdate" + k).addModifiers(Modifier.PRIVATE)
                .returns(measures ? TypeName.DOUBLE : TypeName.VOID).addParameter(MATRIX, "x")
                .addParameter(int.class, "part").addParameter(int.class, "parts")
                .addJavadoc("Gradient and $L step of layer $L for part {@code part} of its weight rows, $L rows "
                        + "($L KiB of gradient) at a time$L.\n", plan.net.optimizer().name(), k, chunk,
                        chunk * l.units() * plan.num.bytes / 1024, measures ? "; returns the squared length of the step" : "");
        m.addComment("$L", plan.statement(l));
        if (measures) {
            m.addStatement("double moved = 0");
        }
        m.addStatement("int end = $L * (part + 1) / parts", in);
        m.addComment("part 0 runs at least once, for the bias, even when it has no weight rows");
        m.beginControlFlow("for (int c0 = $L * part / parts; c0 < end || c0 == 0 && part == 0; c0 += $L)", in, chunk);
        m.addStatement("int c1 = Math.min(c0 + $L, end)", chunk);
        m.addStatement("boolean withBias = part == 0 && c0 == 0");
        m.addStatement("gradient$L(x, c0, c1, withBias)", k);
        m.addStatement(measures ? "moved += update$L(c0, c1, withBias)" : "update$L(c0, c1, withBias)", k);
        m.endControlFlow();
        if (measures) {
            m.addStatement("return moved");
        }
        return m.build();
    }

    /** The optimizer step for weight rows [i0, i1) of layer l, and its bias with {@code withBias}. */
    MethodSpec update(Layer l) {
        int k = k(l);
        OptimizerEmitter o = plan.optimizer;
        boolean measures = o.measuresStep();
        MethodSpec.Builder m = updateHeader(plan, l);
        m.addComment("$L: $L, $L", plan.statement(l), plan.net.optimizer().name(), o.formula());
        if (plan.net.l2() != 0 || plan.net.l1() != 0) {
            m.addComment("g = ∂J/∂w$L$L for the weights", plan.net.l2() != 0 ? " + λ₂·w" : "",
                    plan.net.l1() != 0 ? " + λ₁·sign(w)" : "");
        }
        if (measures) {
            m.addStatement("double moved = 0");
        }
        if (!plan.num.isDouble()) {
            List<String> copies = new ArrayList<>();
            for (String scalar : o.scalars()) {
                copies.add(scalar + " = (float) this." + scalar);
            }
            if (plan.net.l2() != 0) {
                copies.add("l2 = (float) L2");
            }
            if (plan.net.l1() != 0) {
                copies.add("l1 = (float) L1");
            }
            m.addComment("float copies of the step's scalars: the loops below compute in float (C2 vectorizes them)");
            m.addStatement("float $L", String.join(", ", copies));
        }
        m.addStatement("$L[][] g0 = gw$L", plan.num.name, k);
        m.beginControlFlow("for (int i = i0; i < i1; i++)");
        StringBuilder rows = new StringBuilder(plan.num.array() + " w = w" + k + "[i], g = g0[i]");
        List<String> wState = new ArrayList<>();
        List<String> bState = new ArrayList<>();
        for (OptimizerEmitter.State s : o.state()) {
            rows.append(", ").append(s.prefix()).append(" = ").append(s.prefix()).append('w').append(k).append("[i]");
            wState.add(s.prefix() + "[j]");
            bState.add(s.prefix() + "b" + k + "[j]");
        }
        m.addStatement(rows.toString());
        m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k));
        String l2 = plan.num.isDouble() ? "L2" : "l2";
        String l1 = plan.num.isDouble() ? "L1" : "l1";
        String reg = (plan.net.l2() != 0 ? " + " + l2 + " * w[j]" : "") + (plan.net.l1() != 0 ? " + " + l1
                + " * Math.signum(w[j])" : "");
        m.addStatement("$L gj = g[j]$L", plan.num.name, reg);
        m.addCode(step(o, "w[j]", wState));
        m.endControlFlow();
        m.endControlFlow();
        if (l.hasBias()) {
            m.beginControlFlow("if (withBias)");
            m.addStatement("$L gb = gb$L", plan.num.array(), k);
            m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k));
            m.addStatement("$L gj = gb[j]", plan.num.name);
            m.addCode(step(o, "b" + k + "[j]", bState));
            m.endControlFlow();
            m.endControlFlow();
        }
        if (plan.needsTranspose(l)) {
            m.addStatement("Helpers.transposeRows(w$L, w$LT, i0, i1, $L)", k, k, n(k));
        }
        if (measures) {
            m.addStatement("return moved");
        }
        return m.build();
    }

    /** The signature and Javadoc of {@code update<k>}, the same in the fast and the readable class. */
    static MethodSpec.Builder updateHeader(Plan plan, Layer l) {
        boolean measures = plan.optimizer.measuresStep();
        return MethodSpec.methodBuilder("update" + k(l)).addModifiers(Modifier.PRIVATE)
                .returns(measures ? TypeName.DOUBLE : TypeName.VOID)
                .addParameter(int.class, "i0").addParameter(int.class, "i1").addParameter(boolean.class, "withBias")
                .addJavadoc("$L step for weight rows [i0, i1) of layer $L (and its bias if {@code withBias})$L.\n",
                        plan.net.optimizer().name(), k(l), measures ? "; returns the squared length of the step" : "");
    }

    private static CodeBlock step(OptimizerEmitter o, String theta, List<String> state) {
        CodeBlock.Builder c = CodeBlock.builder();
        o.step(c, theta, "gj", state);
        return c.build();
    }

    MethodSpec beginUpdate() {
        MethodSpec.Builder m = plan.method("beginUpdate", TypeName.VOID);
        if (plan.optimizer == null) {
            return m.build();
        }
        List<OptimizerEmitter.State> state = plan.optimizer.state();
        if (!state.isEmpty()) {
            m.addComment("optimizer state below $L is set to zero every $L steps, before it can become a subnormal",
                    lit(plan.num.tinyState()), Optimizer.FLUSH_EVERY);
            m.addComment("number (arithmetic on those is 10–100 times slower)");
            m.beginControlFlow("if (++updates % $L == 0)", Optimizer.FLUSH_EVERY);
            for (Layer l : trainable()) {
                int k = k(l);
                for (OptimizerEmitter.State s : state) {
                    m.addStatement("Helpers.flushTiny($Lw$L, $L)", s.prefix(), k, n(k));
                    if (l.hasBias()) {
                        m.addStatement("Helpers.flushTiny($Lb$L, $L)", s.prefix(), k, n(k));
                    }
                }
            }
            m.endControlFlow();
        }
        plan.optimizer.beginStep(m);
        return m.build();
    }

    MethodSpec updateSlice() {
        MethodSpec.Builder m = plan.method("updateSlice", TypeName.DOUBLE).addParameter(int.class, "part")
                .addParameter(int.class, "parts");
        if (plan.optimizer == null) {
            return m.addStatement("return 0").build();
        }
        return sumOverLayers(m, l -> "update" + k(l) + "(" + n(l.index()) + " * part / parts, " + n(l.index())
                + " * (part + 1) / parts, part == 0)").build();
    }

    /** Calls {@code call} for every trainable layer; returns the sum of the step lengths where they are measured. */
    private MethodSpec.Builder sumOverLayers(MethodSpec.Builder m, java.util.function.Function<Layer, String> call) {
        boolean measures = plan.measuresStep();
        if (measures) {
            m.addStatement("double moved = 0");
        }
        for (Layer l : trainable()) {
            m.addStatement(measures ? "moved += $L" : "$L", call.apply(l));
        }
        if (!measures) {
            m.addComment("only gd measures its steps");
        }
        return m.addStatement(measures ? "return moved" : "return 0");
    }

    List<Layer> trainable() {
        return plan.net.layers().stream().filter(Layer::trainable).toList();
    }
}
