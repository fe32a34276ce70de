package nnc.codegen;

import static nnc.codegen.Names.MATRIX;
import static nnc.codegen.Names.k;
import static nnc.codegen.Names.n;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.Modifier;
import nnc.model.Activation;
import nnc.model.Layer;

/** The backward pass: δ of each layer from the δ of the layer above, down to the first trainable layer. */
final class BackwardEmitter {
    private final Plan plan;

    BackwardEmitter(Plan plan) {
        this.plan = plan;
    }

    /** δ of layer k−1 from δ of layer k: δ = ((W)ᵀ δ') ⊙ m ⊙ f′(s). */
    MethodSpec backward(Layer l) {
        int k = k(l);
        Layer below = plan.layer(k - 1);
        Activation f = below.activation();
        String nIn = n(k - 1);
        MethodSpec.Builder m = MethodSpec.methodBuilder("backward" + k).addModifiers(Modifier.PRIVATE)
                .addJavadoc("δ$L = ((W$L)ᵀ δ$L)$L ⊙ $L′(s$L), for rows [from, to).\n", k - 1, k, k,
                        l.inputDropout() > 0 ? " ⊙ m" + k : "", f.canonicalName(), k - 1)
                .addParameter(int.class, "from").addParameter(int.class, "to");
        m.addComment("$L: δ$L = (W$Lᵀ δ$L)$L ⊙ $L′(s$L), $L", plan.statement(below), k - 1, k, k,
                l.inputDropout() > 0 ? " ⊙ m" + k : "", f.canonicalName(), k - 1, f.derivativeText());
        Product.Builder delta = Product.into("d" + (k - 1)).scalars("d" + k);
        if (plan.needsTranspose(l)) {
            delta.times("w" + k + "T");
        } else {
            delta.timesTransposed("w" + k);
        }
        delta.rows("from", "to").over("0", n(k), l.units()).width(nIn, below.units()).startingFrom(Product.ZERO);
        if (plan.fusesDerivative(l)) {
            return m.addCode(plan.product(delta.timesReluDerivativeOf("s" + (k - 1)).build())).build();
        }
        m.addCode(plan.product(delta.build()));
        m.beginControlFlow("for (int r = from; r < to; r++)");
        m.addStatement("$L dr = d$L[r]$L$L", plan.num.array(), k - 1,
                f.derivativeReads() == Activation.Reads.S ? ", sr = s" + (k - 1) + "[r]" : "",
                f.derivativeReads() == Activation.Reads.Y ? ", yr = a" + (k - 1) + "[r]" : "");
        if (l.inputDropout() > 0) {
            m.addStatement("$L mr = m$L[r]", plan.num.array(), k);
        }
        m.beginControlFlow("for (int j = 0; j < $L; j++)", nIn);
        String inputs = Formulas.derivativeInputs(f, plan.num, "sr", "yr");
        if (inputs != null) {
            m.addStatement(inputs);
        }
        // in float, g = dr·mr rounded to float once is the double product (exact) rounded once
        String type = Formulas.localType(f, plan.num);
        m.addStatement("$L g = $L", type, l.inputDropout() > 0 ? "training ? dr[j] * mr[j] : dr[j]" : "dr[j]");
        String gf = Formulas.derivativeTimesG(f, below.alpha());
        m.addStatement("dr[j] = $L", type.equals(plan.num.name) ? gf : plan.num.store(gf));
        m.endControlFlow();
        m.endControlFlow();
        return m.build();
    }

    MethodSpec forwardBackward() {
        MethodSpec.Builder m = plan.method("forwardBackward", TypeName.DOUBLE)
                .addParameter(MATRIX, "x").addParameter(MATRIX, "t")
                .addParameter(int.class, "from").addParameter(int.class, "to")
                .addStatement("forward(x, from, to)")
                .addStatement("double loss = lossAndDelta(t, from, to, true)");
        for (int i = plan.layers - 1; i > plan.net.firstTrainable(); i--) {
            m.addStatement("backward$L(from, to)", i + 1);
        }
        return m.addStatement("return loss").build();
    }
}
