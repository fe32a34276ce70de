package nnc.model;

/** An optimizer with every parameter resolved (defaults filled in). Unused parameters are 0. */
public record Optimizer(Kind kind, double lr, double momentum, boolean nesterov, double tolerance, double rho,
                        double eps, double beta1, double beta2, double weightDecay) {
    public enum Kind { SGD, GD, RMSPROP, ADAGRAD, ADAM, ADAMW }

    public String displayName() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
