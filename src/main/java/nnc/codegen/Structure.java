package nnc.codegen;

import static nnc.codegen.Names.k;
import static nnc.codegen.Names.lit;
import static nnc.codegen.Names.n;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import nnc.model.Layer;
import nnc.model.TrainConfig;

/** The sizes as constants, the arrays as fields, and the constructor that allocates them. */
final class Structure {
    private final Plan plan;

    Structure(Plan plan) {
        this.plan = plan;
    }

    void constants(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(int.class, "N0", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Inputs per row.\n").initializer("$L", plan.net.inputSize()).build());
        for (Layer l : plan.net.layers()) {
            type.addField(FieldSpec.builder(int.class, n(k(l)), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("Neurons of layer $L (dense $L $L$L).\n", k(l), l.units(),
                            l.activation().canonicalName(), l.trainable() ? "" : ", frozen")
                    .initializer("$L", l.units()).build());
        }
        TrainConfig train = plan.net.train();
        int batch = train.batch() == TrainConfig.ALL ? 256 : train.batch();
        type.addField(FieldSpec.builder(int.class, "BATCH", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(train.batch() == TrainConfig.ALL
                        ? "Rows per batch for the no-argument constructor (the train block says {@code batch = all}: "
                        + "pass the number of rows to the (capacity) constructor).\n"
                        : "Mini-batch size of the train block.\n")
                .initializer("$L", batch).build());
        if (plan.net.l2() != 0) {
            type.addField(constant("L2", plan.net.l2(), "l2 regularization: λ·w is added to each weight's gradient."));
        }
        if (plan.net.l1() != 0) {
            type.addField(constant("L1", plan.net.l1(),
                    "l1 regularization: λ·sign(w) is added to each weight's gradient."));
        }
    }

    private static FieldSpec constant(String name, double value, String doc) {
        return FieldSpec.builder(double.class, name, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(doc + "\n").initializer("$L", lit(value)).build();
    }

    void fields(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(int.class, "capacity", Modifier.PRIVATE, Modifier.FINAL).build());
        TypeName matrix = plan.matrix();
        TypeName vector = plan.num.vector;
        if (!plan.num.isDouble()) {
            field(type, matrix, plan.batch(), "The rows of the batch being trained, rounded to float once per slice.");
        }
        for (Layer l : plan.net.layers()) {
            int k = k(l);
            field(type, matrix, "w" + k, "Weights of layer " + k + ", w" + k + "[input][neuron].");
            if (plan.needsTranspose(l)) {
                field(type, matrix, "w" + k + "T", "The same weights as [neuron][input], for the backward pass.");
            }
            if (l.hasBias()) {
                field(type, vector, "b" + k, "Bias of layer " + k + ".");
            }
            if (l.inputDropout() > 0) {
                field(type, matrix, "m" + k, "Inverted-dropout multipliers on the input of layer " + k
                        + " (0 or 1/(1−p)).");
                field(type, matrix, "x" + k, "The input of layer " + k + " after dropout.");
            }
            field(type, matrix, "s" + k, "Pre-activations s" + k + "[row][neuron].");
            field(type, matrix, "a" + k, "Activations a" + k + "[row][neuron].");
            if (plan.needsDelta(l)) {
                field(type, matrix, "d" + k, "Deltas δ" + k + " = ∂J/∂s" + k + ", [row][neuron].");
            }
            if (l.trainable()) {
                field(type, matrix, "gw" + k, "Weight gradients ∂J/∂W" + k + ", [input][neuron].");
                if (l.hasBias()) {
                    field(type, vector, "gb" + k, "Bias gradients ∂J/∂b" + k + ".");
                }
                for (OptimizerEmitter.State s : state()) {
                    field(type, matrix, s.prefix() + "w" + k, s.what() + " of the weights.");
                    if (l.hasBias()) {
                        field(type, vector, s.prefix() + "b" + k, s.what() + " of the bias.");
                    }
                }
            }
        }
        type.addField(FieldSpec.builder(double.class, "lr", Modifier.PRIVATE)
                .initializer("$L", lit(plan.net.optimizer() == null ? 0 : plan.net.optimizer().lr())).build());
        if (plan.optimizer != null) {
            plan.optimizer.fields(type);
        }
        if (!state().isEmpty()) {
            type.addField(FieldSpec.builder(long.class, "updates", Modifier.PRIVATE)
                    .addJavadoc("Optimizer steps taken.\n").build());
        }
        type.addField(FieldSpec.builder(int.class, "rows", Modifier.PRIVATE).initializer("1").addJavadoc(
                "Rows of the current batch.\n").build());
        type.addField(FieldSpec.builder(Names.VECTOR, "rowLoss", Modifier.PRIVATE, Modifier.FINAL).addJavadoc(
                "The loss of each row of the last forward pass.\n").build());
        type.addField(FieldSpec.builder(boolean.class, "training", Modifier.PRIVATE).build());
        if (plan.net.hasDropout()) {
            type.addField(FieldSpec.builder(java.util.SplittableRandom.class, "random", Modifier.PRIVATE)
                    .addJavadoc("Draws the dropout masks.\n")
                    .initializer("new $T(1)", java.util.SplittableRandom.class).build());
        }
    }

    private java.util.List<OptimizerEmitter.State> state() {
        return plan.optimizer == null ? java.util.List.of() : plan.optimizer.state();
    }

    private static void field(TypeSpec.Builder type, TypeName t, String name, String doc) {
        type.addField(FieldSpec.builder(t, name, Modifier.PRIVATE, Modifier.FINAL).addJavadoc(doc + "\n").build());
    }

    MethodSpec constructor() {
        MethodSpec.Builder m = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("@param capacity largest number of rows in one batch\n")
                .addParameter(int.class, "capacity")
                .addStatement("this.capacity = capacity")
                .addStatement("rowLoss = new double[capacity]");
        if (!plan.num.isDouble()) {
            m.addStatement("$L = Helpers.matrix(capacity, N0)", plan.batch());
        }
        String vector = plan.num.name;
        for (Layer l : plan.net.layers()) {
            int k = k(l);
            String in = n(k - 1);
            String out = n(k);
            m.addStatement("w$L = Helpers.matrix($L, $L)", k, in, out);
            if (plan.needsTranspose(l)) {
                m.addStatement("w$LT = Helpers.matrix($L, $L)", k, out, in);
            }
            if (l.hasBias()) {
                if (plan.kernels.vectorOnly()) {
                    // the fused kernels start each row of s from the bias, in whole vectors
                    m.addStatement("b$L = new $L[$L]", k, vector, KernelCalls.paddedWidth(l.units()));
                } else {
                    m.addStatement("b$L = new $L[$L]", k, vector, out);
                }
            }
            if (l.inputDropout() > 0) {
                m.addStatement("m$L = Helpers.matrix(capacity, $L)", k, in);
                m.addStatement("x$L = Helpers.matrix(capacity, $L)", k, in);
            }
            m.addStatement("s$L = Helpers.matrix(capacity, $L)", k, out);
            m.addStatement("a$L = Helpers.matrix(capacity, $L)", k, out);
            if (plan.needsDelta(l)) {
                m.addStatement("d$L = Helpers.matrix(capacity, $L)", k, out);
            }
            if (l.trainable()) {
                m.addStatement("gw$L = Helpers.matrix($L, $L)", k, in, out);
                if (l.hasBias()) {
                    m.addStatement("gb$L = new $L[$L]", k, vector, out);
                }
                for (OptimizerEmitter.State s : state()) {
                    m.addStatement("$Lw$L = Helpers.matrix($L, $L)", s.prefix(), k, in, out);
                    if (l.hasBias()) {
                        m.addStatement("$Lb$L = new $L[$L]", s.prefix(), k, vector, out);
                    }
                }
            }
        }
        return m.build();
    }

    void sizes(TypeSpec.Builder type) {
        type.addMethod(plan.method("inputSize", TypeName.INT).addStatement("return N0").build());
        type.addMethod(plan.method("outputSize", TypeName.INT).addStatement("return $L", n(plan.layers)).build());
        type.addMethod(plan.method("layerCount", TypeName.INT).addStatement("return $L", plan.layers).build());
        type.addMethod(plan.method("capacity", TypeName.INT).addStatement("return capacity").build());
    }
}
