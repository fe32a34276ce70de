package nnc.model;

/** A weight initializer; {@code a}, {@code b} are mean/std for normal and low/high for uniform. */
public record Init(Kind kind, double a, double b) {
    public enum Kind { NORMAL, UNIFORM, XAVIER, XAVIER_UNIFORM, HE, HE_UNIFORM, ZEROS }

    public static Init of(Kind kind) {
        return new Init(kind, 0, 0);
    }
}
