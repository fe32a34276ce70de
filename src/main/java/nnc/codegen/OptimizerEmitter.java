package nnc.codegen;

import static nnc.codegen.Names.lit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;
import nnc.model.Optimizer;

/**
 * The code of one optimizer kind, one subclass each: its state arrays (the generator declares, allocates and
 * flushes one per weight matrix and bias of every trainable layer), the fields and per-step constants it needs, and
 * its update statement for one parameter.
 */
abstract class OptimizerEmitter {
    /**
     * One array of optimizer state per parameter: fields {@code <prefix>wk} and {@code <prefix>bk}; {@code symbol}
     * is its letter in the formulas ({@code nnc explain} and the readable class: V, S, M, U).
     */
    record State(String prefix, String what, String symbol) {
    }

    /** The number type of the parameters and the state, set by {@link #of}. */
    NumberType num = NumberType.DOUBLE;

    static OptimizerEmitter of(Optimizer o, NumberType num) {
        OptimizerEmitter e = of(o);
        e.num = num;
        return e;
    }

    private static OptimizerEmitter of(Optimizer o) {
        if (o instanceof Optimizer.Sgd sgd) {
            return new Sgd(sgd);
        } else if (o instanceof Optimizer.Gd gd) {
            return new Gd(gd);
        } else if (o instanceof Optimizer.RmsProp rms) {
            return new RmsProp(rms);
        } else if (o instanceof Optimizer.AdaGrad ada) {
            return new AdaGrad(ada);
        } else if (o instanceof Optimizer.AdamW w) {
            return new AdamW(w);
        } else if (o instanceof Optimizer.Adam adam) {
            return new Adam(adam.beta1(), adam.beta2(), adam.eps());
        } else if (o instanceof Optimizer.AdaMax max) {
            return new AdaMax(max);
        }
        throw new IllegalArgumentException("no code for optimizer " + o.name());
    }

    /** The state arrays, in the order {@link #step} receives their elements. */
    List<State> state() {
        return List.of();
    }

    /** Adds the fields the per-step constants live in. */
    void fields(TypeSpec.Builder type) {
    }

    /** Computes the per-step constants at the start of {@code beginUpdate}, after the step count moved on. */
    void beginStep(MethodSpec.Builder m) {
    }

    /** The statements that update {@code theta} from its gradient {@code g} and its state elements. */
    abstract void step(CodeBlock.Builder c, String theta, String g, List<String> state);

    /** The update rule, for the comment above the update loops. */
    abstract String formula();

    /** Whether the update methods return the squared length of the step (gd stops on it). */
    boolean measuresStep() {
        return false;
    }

    /**
     * The scalars of the generated class that the per-parameter step reads (learning rate, per-step constants). In
     * float the update method first takes float copies of them, so that its loops compute in float, which C2
     * vectorizes (it does not vectorize the conversions of float to double and back: B's adam step in float took
     * 18 ms per epoch computed in double, against 3.5 in double precision).
     */
    List<String> scalars() {
        return List.of("lr");
    }

    /** {@code target = expression}, an expression in the number type (its constants are {@link #c}'s). */
    void assign(CodeBlock.Builder c, String target, String expression) {
        c.addStatement("$L = $L", target, expression);
    }

    /** A constant of the step, in the number type. */
    String c(double v) {
        return num.lit(v);
    }

    /** √x in the number type. */
    String sqrt(String x) {
        return num.isDouble() ? "Math.sqrt(" + x + ")" : "(float) Math.sqrt(" + x + ")";
    }

    /** θ ← θ − lr·g/(√s + ε): the step of rmsprop and adagrad. */
    void rootScaledStep(CodeBlock.Builder c, String theta, String g, String s, double eps) {
        c.addStatement("$L -= lr * $L / ($L + $L)", theta, g, sqrt(s), c(eps));
    }

    /** θ ← θ − lr·g, or with momentum μ: v ← μ·v + g, θ ← θ − lr·v (Nesterov: θ ← θ − lr·(g + μ·v)). */
    static final class Sgd extends OptimizerEmitter {
        private final Optimizer.Sgd o;

        Sgd(Optimizer.Sgd o) {
            this.o = o;
        }

        @Override List<State> state() {
            return o.momentum() == 0 ? List.of() : List.of(new State("m", "Momentum", "V"));
        }

        @Override void step(CodeBlock.Builder c, String theta, String g, List<String> state) {
            if (o.momentum() == 0) {
                c.addStatement("$L -= lr * $L", theta, g);
                return;
            }
            String v = state.get(0);
            assign(c, v, c(o.momentum()) + " * " + v + " + " + g);
            if (o.nesterov()) {
                c.addStatement("$L -= lr * ($L + $L * $L)", theta, g, c(o.momentum()), v);
            } else {
                c.addStatement("$L -= lr * $L", theta, v);
            }
        }

        @Override String formula() {
            return o.momentum() == 0 ? "θ ← θ − lr·g"
                    : o.nesterov() ? "m ← μ·m + g; θ ← θ − lr·(g + μ·m), μ = " + lit(o.momentum())
                    : "m ← μ·m + g; θ ← θ − lr·m, μ = " + lit(o.momentum());
        }
    }

    /** θ ← θ − lr·g; each update also sums (Δθ)², which training compares with the tolerance. */
    static final class Gd extends OptimizerEmitter {
        Gd(Optimizer.Gd o) {
        }

        @Override void step(CodeBlock.Builder c, String theta, String g, List<String> state) {
            c.addStatement("double before = $L", theta);
            c.addStatement("$L -= lr * $L", theta, g);
            c.addStatement("moved += ($L - before) * ($L - before)", theta, theta);
        }

        @Override String formula() {
            return "θ ← θ − lr·g";
        }

        @Override boolean measuresStep() {
            return true;
        }
    }

    /** s ← ρ·s + (1 − ρ)·g²; θ ← θ − lr·g/(√s + ε). */
    static final class RmsProp extends OptimizerEmitter {
        private final Optimizer.RmsProp o;

        RmsProp(Optimizer.RmsProp o) {
            this.o = o;
        }

        @Override List<State> state() {
            return List.of(new State("m", "Mean square", "S"));
        }

        @Override void step(CodeBlock.Builder c, String theta, String g, List<String> state) {
            String s = state.get(0);
            assign(c, s, c(o.rho()) + " * " + s + " + (1 - " + c(o.rho()) + ") * " + g + " * " + g);
            rootScaledStep(c, theta, g, s, o.eps());
        }

        @Override String formula() {
            return "m ← ρ·m + (1 − ρ)·g²; θ ← θ − lr·g/(√m + ε)";
        }
    }

    /** s ← s + g²; θ ← θ − lr·g/(√s + ε). */
    static final class AdaGrad extends OptimizerEmitter {
        private final Optimizer.AdaGrad o;

        AdaGrad(Optimizer.AdaGrad o) {
            this.o = o;
        }

        @Override List<State> state() {
            return List.of(new State("m", "Sum of squares", "S"));
        }

        @Override void step(CodeBlock.Builder c, String theta, String g, List<String> state) {
            String s = state.get(0);
            assign(c, s, s + " + " + g + " * " + g);
            rootScaledStep(c, theta, g, s, o.eps());
        }

        @Override String formula() {
            return "m ← m + g²; θ ← θ − lr·g/(√m + ε)";
        }
    }

    /**
     * m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − lr·m̂/(√v̂ + ε) with
     * m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), computed as θ − stepSize·m/(√v·invSqrtBias2 + ε) with the bias corrections
     * folded into two constants per step.
     */
    static class Adam extends OptimizerEmitter {
        private final double beta1;
        private final double beta2;
        private final double eps;

        Adam(double beta1, double beta2, double eps) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
        }

        @Override List<State> state() {
            return List.of(new State("m", "First moment", "M"), new State("v", "Second moment", "V"));
        }

        @Override List<String> scalars() {
            return List.of("stepSize", "invSqrtBias2");
        }

        @Override void fields(TypeSpec.Builder type) {
            type.addField(FieldSpec.builder(long.class, "step", Modifier.PRIVATE)
                    .addJavadoc("t: steps taken, for the bias corrections.\n").build());
            type.addField(FieldSpec.builder(double.class, "stepSize", Modifier.PRIVATE)
                    .addJavadoc("lr/(1 − β₁ᵗ).\n").build());
            type.addField(FieldSpec.builder(double.class, "invSqrtBias2", Modifier.PRIVATE)
                    .addJavadoc("1/√(1 − β₂ᵗ).\n").build());
        }

        @Override void beginStep(MethodSpec.Builder m) {
            m.addStatement("step++");
            m.addComment("lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), as (lr/(1 − β₁ᵗ))·m/(√v/√(1 − β₂ᵗ) + ε)");
            m.addStatement("stepSize = lr / (1 - Math.pow($L, step))", lit(beta1));
            m.addStatement("invSqrtBias2 = 1 / Math.sqrt(1 - Math.pow($L, step))", lit(beta2));
        }

        @Override void step(CodeBlock.Builder c, String theta, String g, List<String> state) {
            String m = state.get(0);
            String v = state.get(1);
            assign(c, m, c(beta1) + " * " + m + " + (1 - " + c(beta1) + ") * " + g);
            assign(c, v, c(beta2) + " * " + v + " + (1 - " + c(beta2) + ") * " + g + " * " + g);
            c.addStatement("$L -= stepSize * $L / ($L * invSqrtBias2 + $L)", theta, m, sqrt(v), c(eps));
        }

        @Override String formula() {
            return "m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; θ ← θ − (lr/(1 − β₁ᵗ))·m/(√v/√(1 − β₂ᵗ) + ε)";
        }
    }

    /** θ ← θ·(1 − lr·weight_decay) for every trainable parameter, biases included; then the {@link Adam} step. */
    static final class AdamW extends Adam {
        private final double weightDecay;

        AdamW(Optimizer.AdamW o) {
            super(o.beta1(), o.beta2(), o.eps());
            this.weightDecay = o.weightDecay();
        }

        @Override List<String> scalars() {
            return List.of("lr", "stepSize", "invSqrtBias2");
        }

        @Override void step(CodeBlock.Builder c, String theta, String g, List<String> state) {
            assign(c, theta, theta + " * (1 - lr * " + c(weightDecay) + ")");
            super.step(c, theta, g, state);
        }

        @Override String formula() {
            return "θ ← θ·(1 − lr·λ), λ = " + lit(weightDecay) + "; " + super.formula();
        }
    }

    /** m ← β₁m + (1 − β₁)g; u ← max(β₂u, |g| + ε); θ ← θ − (lr/(1 − β₁ᵗ))·m/u. */
    static final class AdaMax extends OptimizerEmitter {
        private final Optimizer.AdaMax o;

        AdaMax(Optimizer.AdaMax o) {
            this.o = o;
        }

        @Override List<State> state() {
            return List.of(new State("m", "First moment", "M"), new State("u", "Decaying maximum of |g|", "U"));
        }

        @Override List<String> scalars() {
            return List.of("stepSize");
        }

        @Override void fields(TypeSpec.Builder type) {
            type.addField(FieldSpec.builder(long.class, "step", Modifier.PRIVATE)
                    .addJavadoc("t: steps taken, for the bias correction.\n").build());
            type.addField(FieldSpec.builder(double.class, "stepSize", Modifier.PRIVATE)
                    .addJavadoc("lr/(1 − β₁ᵗ).\n").build());
        }

        @Override void beginStep(MethodSpec.Builder m) {
            m.addStatement("step++");
            m.addStatement("stepSize = lr / (1 - Math.pow($L, step))", lit(o.beta1()));
        }

        @Override void step(CodeBlock.Builder c, String theta, String g, List<String> state) {
            String m = state.get(0);
            String u = state.get(1);
            assign(c, m, c(o.beta1()) + " * " + m + " + (1 - " + c(o.beta1()) + ") * " + g);
            assign(c, u, "Math.max(" + c(o.beta2()) + " * " + u + ", Math.abs(" + g + ") + " + c(o.eps()) + ")");
            c.addStatement("$L -= stepSize * $L / $L", theta, m, u);
        }

        @Override String formula() {
            return "m ← β₁m + (1 − β₁)g; u ← max(β₂u, |g| + ε); θ ← θ − (lr/(1 − β₁ᵗ))·m/u";
        }
    }
}
