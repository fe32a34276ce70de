package nnc.codegen;

import static nnc.codegen.Names.MATRIX;
import static nnc.codegen.Names.n;
import static nnc.codegen.Names.k;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.Modifier;
import nnc.model.Activation;
import nnc.model.Layer;
import nnc.model.Loss;

/** The loss of each row and the output deltas δ = ∂J/∂s: y − t when the loss fuses with the output activation. */
final class LossEmitter {
    private final Plan plan;

    LossEmitter(Plan plan) {
        this.plan = plan;
    }

    MethodSpec lossAndDelta() {
        Layer out = plan.net.output();
        int k = k(out);
        String nOut = n(k);
        Loss loss = plan.net.loss();
        boolean delta = plan.needsDelta(out);
        MethodSpec.Builder m = header(plan);
        m.addComment("$L, loss $L$L", plan.statement(out), loss.kind() == Loss.Kind.NONE ? "none (every layer is"
                + " frozen)" : loss.displayName(), !delta ? ""
                : loss.fused() ? ": δ" + k + " = (y − t) / rows"
                : out.activation() == Activation.SOFTMAX ? ": δ" + k + " = y ⊙ (g − g·y), g = ∂L/∂y / rows"
                : ": δ" + k + " = ∂L/∂y / rows ⊙ " + out.activation().canonicalName() + "′(s" + k + "), "
                        + out.activation().derivativeText());
        m.addStatement("double total = 0");
        m.beginControlFlow("for (int r = from; r < to; r++)");
        if (plan.num.isDouble()) {
            m.addStatement("double[] yr = a$L[r], tr = t[r]", k);
        } else {
            m.addStatement("$L yr = a$L[r]", plan.num.array(), k);
            m.addStatement("double[] tr = t[r]");
        }
        m.addStatement("double sum = 0");
        m.beginControlFlow("for (int j = 0; j < $L; j++)", nOut);
        m.addStatement("double y = yr[j], tj = tr[j]");
        if (!loss.impliesClassification()) {
            m.addStatement("double res = y - tj");
        }
        m.addStatement("sum += $L", Formulas.lossTerm(loss, nOut));
        m.endControlFlow();
        m.addStatement("total += sum");
        m.addStatement("rowLoss[r] = sum");
        if (delta) {
            m.beginControlFlow("if (withDelta)");
            m.addStatement("$L dr = d$L[r]", plan.num.array(), k);
            if (loss.fused()) {
                m.beginControlFlow("for (int j = 0; j < $L; j++)", nOut);
                m.addStatement("dr[j] = $L", plan.num.store("(yr[j] - tr[j]) / rows"));
                m.endControlFlow();
            } else if (out.activation() == Activation.SOFTMAX) {
                m.addComment("g = ∂L/∂y; softmax Jacobian-vector product: δᵢ = yᵢ (gᵢ − Σₖ gₖ yₖ)");
                m.addStatement("double dot = 0");
                m.beginControlFlow("for (int j = 0; j < $L; j++)", nOut);
                m.addStatement("double y = yr[j], tj = tr[j]");
                m.addStatement("double res = y - tj");
                if (plan.num.isDouble()) {
                    m.addStatement("dr[j] = $L / rows", Formulas.lossGradient(loss, nOut));
                    m.addStatement("dot += dr[j] * y");
                } else {
                    m.addStatement("double g = $L / rows", Formulas.lossGradient(loss, nOut));
                    m.addStatement("dr[j] = (float) g");
                    m.addStatement("dot += g * y");
                }
                m.endControlFlow();
                m.beginControlFlow("for (int j = 0; j < $L; j++)", nOut);
                m.addStatement("dr[j] = $L", plan.num.store("yr[j] * (dr[j] - dot)"));
                m.endControlFlow();
            } else {
                boolean readsS = out.activation().derivativeReads() == Activation.Reads.S;
                m.addComment("δ = ∂L/∂y ⊙ f′(s)");
                if (readsS) {
                    m.addStatement("$L sr = s$L[r]", plan.num.array(), k);
                }
                m.beginControlFlow("for (int j = 0; j < $L; j++)", nOut);
                m.addStatement(readsS ? "double y = yr[j], tj = tr[j], s = sr[j]" : "double y = yr[j], tj = tr[j]");
                m.addStatement("double res = y - tj");
                m.addStatement("double g = $L / rows", Formulas.lossGradient(loss, nOut));
                m.addStatement("dr[j] = $L", plan.num.store(Formulas.derivativeTimesG(out.activation(), out.alpha())));
                m.endControlFlow();
            }
            m.endControlFlow();
        }
        m.endControlFlow();
        m.addStatement("return total");
        return m.build();
    }

    /** The signature and Javadoc of {@code lossAndDelta}, the same in the fast and the readable class. */
    static MethodSpec.Builder header(Plan plan) {
        int k = k(plan.net.output());
        return MethodSpec.methodBuilder("lossAndDelta").addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addJavadoc("Returns the summed $L of rows [from, to)$L.\n", plan.net.loss().kind() == Loss.Kind.NONE
                        ? "loss (0: the model has none, every layer is frozen)" : plan.net.loss().displayName()
                        + " loss",
                        plan.needsDelta(plan.net.output())
                                ? " and sets the output deltas δ" + k + " = ∂J/∂s" + k + " (J: the batch mean)" : "")
                .addParameter(MATRIX, "t").addParameter(int.class, "from").addParameter(int.class, "to")
                .addParameter(boolean.class, "withDelta");
    }

    MethodSpec lossSum() {
        return plan.method("lossSum", TypeName.DOUBLE).addParameter(int.class, "count")
                .addStatement("double total = 0")
                .beginControlFlow("for (int r = 0; r < count; r++)")
                .addStatement("total += rowLoss[r]")
                .endControlFlow()
                .addStatement("return total").build();
    }
}
