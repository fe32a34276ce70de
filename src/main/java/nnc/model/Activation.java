package nnc.model;

import java.util.List;

/** The activation functions of the language. {@code alpha} is used by leaky_relu and elu only. */
public enum Activation {
    IDENTITY("identity", "linear"),
    STEP("step"),
    SIGMOID("sigmoid", "logistic"),
    TANH("tanh"),
    RELU("relu"),
    LEAKY_RELU("leaky_relu"),
    ELU("elu"),
    GELU("gelu"),
    SILU("silu", "swish"),
    SOFTPLUS("softplus"),
    SOFTMAX("softmax");

    private final List<String> names;

    Activation(String... names) {
        this.names = List.of(names);
    }

    /** The canonical name first, then aliases. */
    public List<String> names() {
        return names;
    }

    public String canonicalName() {
        return names.get(0);
    }

    /** The relu family, whose layers start from he initialization unless told otherwise. */
    public boolean prefersHeInit() {
        return switch (this) {
            case RELU, LEAKY_RELU, ELU, GELU, SILU, SOFTPLUS -> true;
            default -> false;
        };
    }
}
