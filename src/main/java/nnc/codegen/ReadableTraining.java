package nnc.codegen;

import static nnc.codegen.Names.MATRIX;
import static nnc.codegen.Names.VECTOR;
import static nnc.codegen.Names.k;
import static nnc.codegen.Names.lit;
import static nnc.codegen.Names.n;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import nnc.model.Layer;
import nnc.model.Optimizer;

/**
 * The readable class's gradients, optimizer step and parameter access. The weight rows are split into parts as in
 * the fast class (part {@code p} of {@code P} takes rows [N·p/P, N·(p+1)/P), part 0 the bias too), each gradient
 * sums over the batch rows in row order, and the update statements are the {@link OptimizerEmitter}'s.
 */
final class ReadableTraining {
    private final Plan plan;

    ReadableTraining(Plan plan) {
        this.plan = plan;
    }

    void addTo(TypeSpec.Builder type) {
        List<Layer> trainable = plan.net.layers().stream().filter(Layer::trainable).toList();
        for (Layer l : trainable) {
            type.addMethod(gradient(l));
        }
        MethodSpec.Builder all = plan.method("gradient", TypeName.VOID).addParameter(MATRIX, "a0")
                .addParameter(int.class, "part").addParameter(int.class, "parts")
                .addComment("dW and db of every trainable layer, for part \"part\" of \"parts\" of its weight rows");
        for (Layer l : trainable) {
            String in = n(l.index());
            all.addStatement("gradient$L($L$L * part / parts, $L * (part + 1) / parts, part == 0)", k(l),
                    l.index() == 0 ? "a0, " : "", in, in);
        }
        type.addMethod(all.build());
        if (plan.optimizer != null) {
            for (Layer l : trainable) {
                type.addMethod(update(l));
            }
        }
        type.addMethod(beginUpdate(trainable));
        type.addMethod(updateSlice(trainable));
        ReadableAccess.addTo(plan, type);
    }

    private String from(Layer l) {
        return "   (" + plan.statement(l) + ")";
    }

    /** dW = aᵀ · δ and db = the column sums of δ, for weight rows [i0, i1). */
    private MethodSpec gradient(Layer l) {
        int k = k(l);
        String in = l.inputDropout() > 0 ? "x" + k : "a" + (k - 1);
        MethodSpec.Builder m = MethodSpec.methodBuilder("gradient" + k).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Layer $L's gradient for weight rows [i0, i1)$L.\n", k,
                        l.hasBias() ? ", and with {@code withBias} its bias gradient" : "");
        if (l.index() == 0) {
            m.addParameter(MATRIX, "a0");
        }
        m.addParameter(int.class, "i0").addParameter(int.class, "i1").addParameter(boolean.class, "withBias");
        m.addComment("dW$L = $Lᵀ · delta$L, summed over the n rows of the batch$L", k, in, k, from(l));
        String input = ReadableLayers.declareInput(m, l);
        m.beginControlFlow("for (int i = i0; i < i1; i++)");
        m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k));
        m.addStatement("double sum = 0.0");
        m.beginControlFlow("for (int r = 0; r < rows; r++)");
        m.addStatement("sum += $L[r][i] * delta$L[r][j]", input, k);
        m.endControlFlow();
        m.addStatement("dW$L[i][j] = sum", k);
        m.endControlFlow().endControlFlow();
        if (l.hasBias()) {
            m.addComment("db$L = the column sums of delta$L", k, k);
            m.beginControlFlow("if (withBias)");
            m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k));
            m.addStatement("double sum = 0.0");
            m.beginControlFlow("for (int r = 0; r < rows; r++)");
            m.addStatement("sum += delta$L[r][j]", k);
            m.endControlFlow();
            m.addStatement("db$L[j] = sum", k);
            m.endControlFlow().endControlFlow();
        }
        return m.build();
    }

    /** The optimizer step for weight rows [i0, i1) of layer l, and its bias with {@code withBias}. */
    private MethodSpec update(Layer l) {
        int k = k(l);
        OptimizerEmitter o = plan.optimizer;
        boolean measures = o.measuresStep();
        MethodSpec.Builder m = UpdateEmitter.updateHeader(plan, l);
        m.addComment("$L: $L$L", plan.net.optimizer().name(), formula(o), from(l));
        String reg = (plan.net.l2() != 0 ? " + L2 * w" + k + "[i][j]" : "")
                + (plan.net.l1() != 0 ? " + L1 * Math.signum(w" + k + "[i][j])" : "");
        m.addComment("g = dW$L$L$L$L", k, plan.net.l2() != 0 ? " + λ₂·w" + k : "",
                plan.net.l1() != 0 ? " + λ₁·sign(w" + k + ")" : "", reg.isEmpty() ? "" : " (regularization)");
        if (measures) {
            m.addStatement("double moved = 0");
        }
        m.beginControlFlow("for (int i = i0; i < i1; i++)");
        m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k));
        m.addStatement("double g = dW$L[i][j]$L", k, reg);
        m.addCode(step(o, "w" + k + "[i][j]", "W" + k, "[i][j]"));
        m.endControlFlow().endControlFlow();
        if (l.hasBias()) {
            m.beginControlFlow("if (withBias)");
            m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k));
            m.addStatement("double g = db$L[j]", k);
            m.addCode(step(o, "b" + k + "[j]", "b" + k, "[j]"));
            m.endControlFlow().endControlFlow();
        }
        if (measures) {
            m.addStatement("return moved");
        }
        return m.build();
    }

    /** The optimizer's rule with its state written as the readable class's letters (V, S, M, U). */
    private static String formula(OptimizerEmitter o) {
        String f = o.formula();
        for (OptimizerEmitter.State s : o.state()) {
            StringBuilder b = new StringBuilder();
            char prefix = s.prefix().charAt(0);
            for (int i = 0; i < f.length(); i++) {
                boolean alone = (i == 0 || !Character.isLetter(f.charAt(i - 1)))
                        && (i + 1 == f.length() || !Character.isLetter(f.charAt(i + 1)));
                b.append(f.charAt(i) == prefix && alone ? s.symbol() : String.valueOf(f.charAt(i)));
            }
            f = b.toString();
        }
        return f;
    }

    private CodeBlock step(OptimizerEmitter o, String theta, String parameter, String index) {
        List<String> state = new ArrayList<>();
        for (OptimizerEmitter.State s : o.state()) {
            state.add(ReadableGenerator.stateName(s, parameter) + index);
        }
        CodeBlock.Builder c = CodeBlock.builder();
        o.step(c, theta, "g", state);
        return c.build();
    }

    private MethodSpec beginUpdate(List<Layer> trainable) {
        MethodSpec.Builder m = plan.method("beginUpdate", TypeName.VOID);
        if (plan.optimizer == null) {
            return m.addComment("every layer is frozen: nothing to update").build();
        }
        List<OptimizerEmitter.State> state = plan.optimizer.state();
        m.addComment("the optimizer's per-step constants$L", state.isEmpty() ? "" : "; and every "
                + Optimizer.FLUSH_EVERY + " steps, state below " + lit(Optimizer.TINY_STATE)
                + " is set to 0 (subnormal numbers are slow)");
        if (!state.isEmpty()) {
            m.beginControlFlow("if (++updates % $L == 0)", Optimizer.FLUSH_EVERY);
            for (Layer l : trainable) {
                for (OptimizerEmitter.State s : state) {
                    m.addStatement("flushTiny($L)", ReadableGenerator.stateName(s, "W" + k(l)));
                    if (l.hasBias()) {
                        m.addStatement("flushTiny($L)", ReadableGenerator.stateName(s, "b" + k(l)));
                    }
                }
            }
            m.endControlFlow();
        }
        plan.optimizer.beginStep(m);
        return m.build();
    }

    private MethodSpec updateSlice(List<Layer> trainable) {
        MethodSpec.Builder m = plan.method("updateSlice", TypeName.DOUBLE).addParameter(int.class, "part")
                .addParameter(int.class, "parts");
        if (plan.optimizer == null) {
            return m.addComment("every layer is frozen: nothing to update").addStatement("return 0").build();
        }
        boolean measures = plan.measuresStep();
        m.addComment("the optimizer step of part \"part\" of \"parts\" of every layer's weight rows$L",
                measures ? "; returns the squared length of the step" : "");
        if (measures) {
            m.addStatement("double moved = 0");
        }
        for (Layer l : trainable) {
            String in = n(l.index());
            m.addStatement("$Lupdate$L($L * part / parts, $L * (part + 1) / parts, part == 0)",
                    measures ? "moved += " : "", k(l), in, in);
        }
        return m.addStatement(measures ? "return moved" : "return 0").build();
    }
}
