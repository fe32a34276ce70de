package nnc.model;

/** An optimizer with every parameter resolved (defaults filled in). Unused parameters are 0. */
public record Optimizer(Kind kind, double lr, double momentum, boolean nesterov, double tolerance, double rho,
                        double eps, double beta1, double beta2, double weightDecay) {
    public enum Kind { SGD, GD, RMSPROP, ADAGRAD, ADAM, ADAMW }

    /**
     * Every {@value} optimizer steps, optimizer state (momentum, moments, mean squares) smaller in magnitude than
     * {@link #TINY_STATE} is set to zero. The state of a weight whose gradient stays zero decays geometrically;
     * left alone it becomes subnormal, and arithmetic on subnormal numbers is 10–100 times slower on x86 (Java has
     * no flush-to-zero mode): config A slowed from 2 to 4–5 ms per epoch after 60 epochs, B from 20 to 24.
     */
    public static final int FLUSH_EVERY = 16;
    /** See {@link #FLUSH_EVERY}; it moves no weight by more than lr · 1e-200. */
    public static final double TINY_STATE = 1e-200;

    public String displayName() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
