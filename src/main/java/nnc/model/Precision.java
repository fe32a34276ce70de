package nnc.model;

import java.util.List;
import java.util.Locale;

/**
 * The number type of a generated class, its weights and its arithmetic. {@link #FLOAT64} agrees bit for bit with
 * the reference implementation; {@link #FLOAT32} halves the memory traffic and doubles the vector width, may use
 * fused multiply-add and any order of summation, and agrees with the reference to float32 rounding (about 1e-4
 * relative after a few steps).
 */
public enum Precision {
    FLOAT32, FLOAT64;

    /** The names the train block and {@code --precision} accept, in the order of the documentation. */
    public static final List<String> NAMES = List.of("float64", "float32");

    /** {@code float32} or {@code float64}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The precision of that name, or null. */
    public static Precision of(String name) {
        return switch (name) {
            case "float32" -> FLOAT32;
            case "float64" -> FLOAT64;
            default -> null;
        };
    }
}
