package nnc.model;

/** A loss function with its parameters (huber: delta; asymmetric: over, under). */
public record Loss(Kind kind, double delta, double over, double under) {
    public enum Kind { CROSS_ENTROPY, BINARY_CROSS_ENTROPY, MSE, MAE, HUBER, ASYMMETRIC }

    /** Losses whose targets are class labels by default. */
    public boolean impliesClassification() {
        return kind == Kind.CROSS_ENTROPY || kind == Kind.BINARY_CROSS_ENTROPY;
    }

    public String displayName() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
