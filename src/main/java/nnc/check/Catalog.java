package nnc.check;

import static nnc.check.Signature.bool;
import static nnc.check.Signature.num;
import static nnc.check.Signature.whole;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.model.Activation;
import nnc.model.Init;
import nnc.model.Loss;
import nnc.model.Optimizer;

/** Every name the checker resolves, with its aliases, parameters and defaults (as in the language reference). */
final class Catalog {
    private Catalog() {
    }

    /** Names of one kind, aliases included, each mapped to its meaning and signature. */
    static final class Names<T> {
        private final String kind;
        private final Map<String, T> meaning = new LinkedHashMap<>();
        private final Map<String, Signature> signatures = new LinkedHashMap<>();

        Names(String kind) {
            this.kind = kind;
        }

        Names<T> add(T value, List<String> names, Signature.Param... params) {
            for (String n : names) {
                meaning.put(n, value);
                signatures.put(n, new Signature(kind, names.get(0), List.of(params)));
            }
            return this;
        }

        T meaning(String name) {
            return meaning.get(name);
        }

        Signature signature(String name) {
            return signatures.get(name);
        }

        List<String> names() {
            return new ArrayList<>(meaning.keySet());
        }

        String kind() {
            return kind;
        }
    }

    static final Names<Activation> ACTIVATIONS = new Names<>("activation");
    static final Names<Loss.Kind> LOSSES = new Names<>("loss");
    /** Makes an optimizer from its bound parameters (every one present: defaults are filled in). */
    @FunctionalInterface
    interface OptimizerFactory {
        Optimizer make(Map<String, Object> a);
    }

    static final Names<OptimizerFactory> OPTIMIZERS = new Names<>("optimizer");
    static final Names<Init.Kind> INITS = new Names<>("initializer");
    static final Names<String> REGULARIZERS = new Names<>("regularizer");
    static final Names<String> SCHEDULES = new Names<>("schedule");

    static {
        for (Activation a : Activation.values()) {
            switch (a) {
                case LEAKY_RELU -> ACTIVATIONS.add(a, a.names(), num("alpha", 0.01));
                case ELU -> ACTIVATIONS.add(a, a.names(), num("alpha", 1.0));
                default -> ACTIVATIONS.add(a, a.names());
            }
        }
        LOSSES.add(Loss.Kind.CROSS_ENTROPY, List.of("cross_entropy"))
                .add(Loss.Kind.BINARY_CROSS_ENTROPY, List.of("binary_cross_entropy"))
                .add(Loss.Kind.MSE, List.of("mse"))
                .add(Loss.Kind.MAE, List.of("mae"))
                .add(Loss.Kind.HUBER, List.of("huber"), num("delta", 1.0))
                .add(Loss.Kind.ASYMMETRIC, List.of("asymmetric"), num("over", 1.0), num("under", 1.0));
        OPTIMIZERS.add(a -> new Optimizer.Sgd(value(a, "lr"), value(a, "momentum"), Boolean.TRUE.equals(a.get("nesterov"))),
                        List.of("sgd"), num("lr", 0.01), num("momentum", 0.0), bool("nesterov", false))
                .add(a -> new Optimizer.Gd(value(a, "lr"), value(a, "tolerance")),
                        List.of("gd"), num("lr", 0.1), num("tolerance", 1e-6))
                .add(a -> new Optimizer.RmsProp(value(a, "lr"), value(a, "rho"), value(a, "eps")),
                        List.of("rmsprop"), num("lr", 0.001), num("rho", 0.9), num("eps", 1e-8))
                .add(a -> new Optimizer.AdaGrad(value(a, "lr"), value(a, "eps")),
                        List.of("adagrad"), num("lr", 0.01), num("eps", 1e-10))
                .add(a -> new Optimizer.Adam(value(a, "lr"), value(a, "beta1"), value(a, "beta2"), value(a, "eps")),
                        List.of("adam"), num("lr", 0.001), num("beta1", 0.9), num("beta2", 0.999), num("eps", 1e-8))
                .add(a -> new Optimizer.AdamW(value(a, "lr"), value(a, "beta1"), value(a, "beta2"), value(a, "eps"),
                                value(a, "weight_decay")),
                        List.of("adamw"), num("lr", 0.001), num("beta1", 0.9), num("beta2", 0.999), num("eps", 1e-8),
                        num("weight_decay", 0.01))
                .add(a -> new Optimizer.AdaMax(value(a, "lr"), value(a, "beta1"), value(a, "beta2"), value(a, "eps")),
                        List.of("adamax"), num("lr", 0.002), num("beta1", 0.9), num("beta2", 0.999), num("eps", 1e-8));
        INITS.add(Init.Kind.NORMAL, List.of("normal"), num("mean", 0.0), num("std", 0.1))
                .add(Init.Kind.UNIFORM, List.of("uniform"), num("low", -0.05), num("high", 0.05))
                .add(Init.Kind.XAVIER, List.of("xavier", "glorot"))
                .add(Init.Kind.XAVIER_UNIFORM, List.of("xavier_uniform"))
                .add(Init.Kind.HE, List.of("he", "kaiming"))
                .add(Init.Kind.HE_UNIFORM, List.of("he_uniform"))
                .add(Init.Kind.ZEROS, List.of("zeros"));
        REGULARIZERS.add("l1", List.of("l1"), num("lambda", null))
                .add("l2", List.of("l2"), num("lambda", null));
        SCHEDULES.add("constant", List.of("constant"))
                .add("step", List.of("step"), whole("every", null), num("factor", null))
                .add("exponential", List.of("exponential"), num("gamma", null))
                .add("cosine", List.of("cosine"));
    }

    private static double value(Map<String, Object> a, String name) {
        return (Double) a.get(name);
    }

    static final List<String> BUILTIN_DATA = List.of("digits", "xor", "and", "or", "not");

    static final List<String> TRAIN_KEYS = List.of("data", "test", "validation", "target", "task", "normalize",
            "epochs", "batch", "shuffle", "seed", "early_stop", "schedule", "threads", "normalize_target",
            "precision");

    static final List<String> DENSE_KEYS = List.of("weights", "bias", "trainable", "init", "bias_term");

    /**
     * Names the generated classes use unqualified (java.lang classes, and the nested helper class): a model of that
     * name would hide them.
     */
    static final List<String> GENERATED_CODE_NAMES = List.of("Math", "System", "Double", "String", "Object",
            "StringBuilder", "IllegalArgumentException", "Override", "Integer", "Long", "Boolean", "Class", "Helpers");

    /** First parts of the packages the generated classes name: a class of that name would hide them. */
    static final List<String> GENERATED_CODE_PACKAGES = List.of("java", "javax", "jdk", "nnc");

    static final List<String> JAVA_RESERVED = List.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits",
            "_");
}
