package nnc.model;

import java.util.Locale;

/**
 * An optimizer with every parameter resolved (defaults filled in): one record per kind. Each step updates every
 * trainable parameter θ from its gradient g (regularization included) and the kind's state arrays, which start at
 * zero.
 */
public sealed interface Optimizer {
    /**
     * Every {@value} optimizer steps, optimizer state (momentum, moments, mean squares) smaller in magnitude than
     * {@link #TINY_STATE} is set to zero. The state of a weight whose gradient stays zero decays geometrically;
     * left alone it becomes subnormal, and arithmetic on subnormal numbers is 10–100 times slower on x86 (Java has
     * no flush-to-zero mode): config A slowed from 2 to 4–5 ms per epoch after 60 epochs, B from 20 to 24.
     */
    int FLUSH_EVERY = 16;
    /** See {@link #FLUSH_EVERY}; it moves no weight by more than lr · 1e-200. */
    double TINY_STATE = 1e-200;

    /** The learning rate. */
    double lr();

    /** The name in the language: {@code sgd}, {@code adam}, ... */
    String name();

    /** How many arrays of state each parameter has (momentum; first and second moments). */
    int stateArrays();

    /** The optimizer with its parameters, as the language writes it. */
    String describe();

    /** v ← μ·v + g; θ ← θ − lr·v (Nesterov: θ ← θ − lr·(g + μ·v)); with μ = 0, θ ← θ − lr·g. */
    record Sgd(double lr, double momentum, boolean nesterov) implements Optimizer {
        @Override public String name() { return "sgd"; }
        @Override public int stateArrays() { return momentum == 0 ? 0 : 1; }
        @Override public String describe() {
            return format("sgd(lr = %s, momentum = %s, nesterov = %s)", lr, momentum, nesterov);
        }
    }

    /** θ ← θ − lr·g on the whole training set per step; training stops once a step moves θ by ≤ tolerance. */
    record Gd(double lr, double tolerance) implements Optimizer {
        @Override public String name() { return "gd"; }
        @Override public int stateArrays() { return 0; }
        @Override public String describe() { return format("gd(lr = %s, tolerance = %s)", lr, tolerance); }
    }

    /** s ← ρ·s + (1 − ρ)·g²; θ ← θ − lr·g/(√s + ε). */
    record RmsProp(double lr, double rho, double eps) implements Optimizer {
        @Override public String name() { return "rmsprop"; }
        @Override public int stateArrays() { return 1; }
        @Override public String describe() { return format("rmsprop(lr = %s, rho = %s, eps = %s)", lr, rho, eps); }
    }

    /** s ← s + g²; θ ← θ − lr·g/(√s + ε). */
    record AdaGrad(double lr, double eps) implements Optimizer {
        @Override public String name() { return "adagrad"; }
        @Override public int stateArrays() { return 1; }
        @Override public String describe() { return format("adagrad(lr = %s, eps = %s)", lr, eps); }
    }

    /** m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − lr·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). */
    record Adam(double lr, double beta1, double beta2, double eps) implements Optimizer {
        @Override public String name() { return "adam"; }
        @Override public int stateArrays() { return 2; }
        @Override public String describe() {
            return format("adam(lr = %s, beta1 = %s, beta2 = %s, eps = %s)", lr, beta1, beta2, eps);
        }
    }

    /** θ ← θ·(1 − lr·weight_decay) for every trainable parameter, biases included; then the {@link Adam} step. */
    record AdamW(double lr, double beta1, double beta2, double eps, double weightDecay) implements Optimizer {
        @Override public String name() { return "adamw"; }
        @Override public int stateArrays() { return 2; }
        @Override public String describe() {
            return format("adamw(lr = %s, beta1 = %s, beta2 = %s, eps = %s, weight_decay = %s)", lr, beta1, beta2,
                    eps, weightDecay);
        }
    }

    /** m ← β₁m + (1−β₁)g; u ← max(β₂u, |g| + ε); θ ← θ − (lr/(1−β₁ᵗ))·m/u (PyTorch's Adamax). */
    record AdaMax(double lr, double beta1, double beta2, double eps) implements Optimizer {
        @Override public String name() { return "adamax"; }
        @Override public int stateArrays() { return 2; }
        @Override public String describe() {
            return format("adamax(lr = %s, beta1 = %s, beta2 = %s, eps = %s)", lr, beta1, beta2, eps);
        }
    }

    private static String format(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
