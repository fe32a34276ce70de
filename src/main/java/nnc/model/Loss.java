package nnc.model;

import java.util.Locale;

/**
 * A loss function with its parameters (huber: delta; asymmetric: over, under). Each {@link Kind} is one row: the
 * per-output term L(y, t) and ∂L/∂y side by side, as functions (for the reference implementation and the tests)
 * and as Java expression templates (for the generated classes), and the output activation it fuses with, whose
 * δ = ∂J/∂s is then simply y − t. {@code RuleTableTest} compiles every template and checks it against its function.
 *
 * <p>Templates are Java expressions in {@code y}, {@code tj} (the target) and {@code res} (= y − tj, declared for
 * the losses that are not {@link #impliesClassification classification} losses), with {@code {k}} for the number of
 * outputs and {@code {delta}}, {@code {over}}, {@code {under}} for the parameters, which the code generator replaces.
 * The row loss is the sum of the terms over the outputs; J is the mean of the row losses over the batch.
 */
public record Loss(Kind kind, double delta, double over, double under) {
    /** The loss of a model that has none (see {@link Kind#NONE}). */
    public static final Loss NONE = new Loss(Kind.NONE, 1, 1, 1);

    /** A function of one output: y, its target t, the number of outputs k and the loss's parameters. */
    @FunctionalInterface
    public interface Rule {
        double apply(double y, double t, int k, Loss p);
    }

    public enum Kind {
        CROSS_ENTROPY(true, Activation.SOFTMAX,
                (y, t, k, p) -> t == 0 ? 0.0 : -t * Math.log(Math.max(y, 1e-12)),
                "tj == 0 ? 0.0 : -tj * Math.log(Math.max(y, 1e-12))", null, null),
        BINARY_CROSS_ENTROPY(true, Activation.SIGMOID,
                (y, t, k, p) -> -(t * Math.log(Math.max(y, 1e-12)) + (1 - t) * Math.log(Math.max(1 - y, 1e-12))),
                "-(tj * Math.log(Math.max(y, 1e-12)) + (1 - tj) * Math.log(Math.max(1 - y, 1e-12)))", null, null),
        MSE(false, null,
                (y, t, k, p) -> (y - t) * (y - t) / k, "res * res / {k}",
                (y, t, k, p) -> 2 * (y - t) / k, "(2 * res / {k})"),
        MAE(false, null,
                (y, t, k, p) -> Math.abs(y - t) / k, "Math.abs(res) / {k}",
                (y, t, k, p) -> Math.signum(y - t) / k, "(Math.signum(res) / {k})"),
        HUBER(false, null,
                (y, t, k, p) -> (Math.abs(y - t) <= p.delta() ? (y - t) * (y - t) / 2
                        : p.delta() * (Math.abs(y - t) - p.delta() / 2)) / k,
                "(Math.abs(res) <= {delta} ? res * res / 2 : {delta} * (Math.abs(res) - {delta} / 2)) / {k}",
                (y, t, k, p) -> (Math.abs(y - t) <= p.delta() ? y - t : p.delta() * Math.signum(y - t)) / k,
                "((Math.abs(res) <= {delta} ? res : {delta} * Math.signum(res)) / {k})"),
        ASYMMETRIC(false, null,
                (y, t, k, p) -> (-(y - t) < 0 ? p.over() : p.under()) * (y - t) * (y - t) / k,
                "(-res < 0 ? {over} : {under}) * res * res / {k}",
                (y, t, k, p) -> 2 * (-(y - t) < 0 ? p.over() : p.under()) * (y - t) / k,
                "(2 * (-res < 0 ? {over} : {under}) * res / {k})"),
        /**
         * No loss: the model's layers are all frozen, so nothing is trained and no loss is reported (its
         * figures are accuracy, or the regression errors, only). It cannot be written in a {@code .nn} file.
         */
        NONE(false, null, (y, t, k, p) -> 0.0, "0.0", (y, t, k, p) -> 0.0, "0.0");

        private final boolean classification;
        private final Activation fusesWith;
        private final Rule term;
        private final String termExpression;
        private final Rule gradient;
        private final String gradientExpression;

        Kind(boolean classification, Activation fusesWith, Rule term, String termExpression, Rule gradient,
             String gradientExpression) {
            this.classification = classification;
            this.fusesWith = fusesWith;
            this.term = term;
            this.termExpression = termExpression;
            this.gradient = gradient;
            this.gradientExpression = gradientExpression;
        }

        /**
         * The output activation whose δ = ∂J/∂s is y − t with this loss (softmax with cross-entropy, sigmoid with
         * binary cross-entropy; the checker requires it), or null: δ = ∂L/∂y ⊙ f′(s).
         */
        public Activation fusesWith() {
            return fusesWith;
        }

        /** L(y, t) of one output as a template (see {@link Loss}). */
        public String termExpression() {
            return termExpression;
        }

        /** ∂L/∂y of one output as a template (see {@link Loss}); null for the fused losses. */
        public String gradientExpression() {
            return gradientExpression;
        }
    }

    /** Losses whose targets are class labels by default. */
    public boolean impliesClassification() {
        return kind.classification;
    }

    /** Whether δ at the output is y − t (see {@link Kind#fusesWith}). */
    public boolean fused() {
        return kind.fusesWith != null;
    }

    /** L(y, t) of one of k outputs. */
    public double term(double y, double t, int k) {
        return kind.term.apply(y, t, k, this);
    }

    /** ∂L/∂y of one of k outputs, for the losses that are not {@link #fused}. */
    public double gradient(double y, double t, int k) {
        return kind.gradient.apply(y, t, k, this);
    }

    public String displayName() {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
