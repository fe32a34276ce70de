package nnc.codegen;

import static nnc.codegen.Names.MATRIX;
import static nnc.codegen.Names.VECTOR;
import static nnc.codegen.Names.n;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import nnc.model.Layer;

/** Reading and writing the parameters ([neuron][input], as the .nn file), the learning rate and the seed. */
final class Accessors {
    private final Plan plan;

    Accessors(Plan plan) {
        this.plan = plan;
    }

    void accessors(TypeSpec.Builder type) {
        MethodSpec.Builder weights = plan.method("weights", MATRIX).addParameter(int.class, "l");
        MethodSpec.Builder bias = plan.method("bias", VECTOR).addParameter(int.class, "l");
        MethodSpec.Builder setWeights = plan.method("setWeights", TypeName.VOID).addParameter(int.class, "l")
                .addParameter(MATRIX, "w");
        MethodSpec.Builder setBias = plan.method("setBias", TypeName.VOID).addParameter(int.class, "l")
                .addParameter(VECTOR, "b");
        MethodSpec.Builder weightGradient = plan.method("weightGradient", MATRIX).addParameter(int.class, "l");
        MethodSpec.Builder biasGradient = plan.method("biasGradient", VECTOR).addParameter(int.class, "l");
        for (MethodSpec.Builder m : new MethodSpec.Builder[] {weights, bias, setWeights, setBias, weightGradient,
                biasGradient}) {
            m.beginControlFlow("switch (l)");
        }
        boolean dbl = plan.num.isDouble();
        for (Layer l : plan.net.layers()) {
            int i = l.index();
            int k = i + 1;
            weights.addStatement("case $L: return Helpers.transposed(w$L, $L, $L)", i, k, n(k - 1), n(k));
            bias.addStatement("case $L: return $L", i, l.hasBias() ? copy("b" + k, n(k)) : "null");
            setWeights.addCode("case $L:\n$>", i).addStatement("Helpers.transposeInto(w, w$L, $L, $L)", k, n(k - 1), n(k));
            if (plan.needsTranspose(l)) {
                setWeights.addStatement("Helpers.copyInto(w, w$LT, $L)", k, n(k - 1));
            }
            setWeights.addStatement("return").addCode("$<");
            if (l.hasBias()) {
                setBias.addCode("case $L:\n$>", i).addStatement(dbl ? "System.arraycopy(b, 0, b$L, 0, $L)"
                                : "Helpers.round(b, b$L, $L)", k, n(k))
                        .addStatement("return").addCode("$<");
            }
            if (l.trainable()) {
                weightGradient.addStatement("case $L: return Helpers.regularizedTransposed(gw$L, w$L, $L, $L, $L, $L)", i,
                        k, k, n(k - 1), n(k), plan.net.l2() != 0 ? "L2" : "0.0", plan.net.l1() != 0 ? "L1" : "0.0");
                biasGradient.addStatement("case $L: return $L", i, l.hasBias() ? copy("gb" + k, n(k)) : "null");
            }
        }
        weights.addStatement("default: throw new IllegalArgumentException(\"no layer \" + l)");
        bias.addStatement("default: throw new IllegalArgumentException(\"no layer \" + l)");
        setWeights.addStatement("default: throw new IllegalArgumentException(\"no layer \" + l)");
        setBias.addStatement("default: throw new IllegalArgumentException(\"layer \" + l + \" has no bias\")");
        weightGradient.addStatement("default: return null");
        biasGradient.addStatement("default: return null");
        for (MethodSpec.Builder m : new MethodSpec.Builder[] {weights, bias, setWeights, setBias, weightGradient,
                biasGradient}) {
            m.endControlFlow();
            type.addMethod(m.build());
        }
        type.addMethod(plan.method("setLearningRate", TypeName.VOID).addParameter(double.class, "rate")
                .addStatement("lr = rate").build());
        type.addMethod(plan.method("setSeed", TypeName.VOID).addParameter(long.class, "seed")
                .addCode(plan.net.hasDropout() ? CodeBlock.of("this.random = new java.util.SplittableRandom(seed);\n")
                        : CodeBlock.of("// no dropout: nothing is random\n")).build());
    }

    /** A copy of the first n entries of a vector, as doubles. */
    private String copy(String vector, String n) {
        return (plan.num.isDouble() ? "java.util.Arrays.copyOf(" : "Helpers.widen(") + vector + ", " + n + ")";
    }

    /** The Vector API species, the helpers the activations call, and the nested array helpers. */
    void helpers(TypeSpec.Builder type) {
        if (plan.kernels.hasVectorKernels()) {
            type.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get("jdk.incubator.vector",
                                    "VectorSpecies"), ClassName.get(plan.num.isDouble() ? Double.class : Float.class)),
                            "SPECIES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("Vectors of $L $Ls for the matrix products.\n",
                            plan.num.lanes(plan.options.vectorLanes() * 64), plan.num.name)
                    .initializer("$T.SPECIES_$L", plan.num.vectorClass, plan.options.vectorLanes() * 64).build());
            vectorSwitch(type);
        }
        Formulas.addHelpers(type, plan.net.layers().stream().filter(this::hasScalarLoops).map(Layer::activation)
                .toList(), plan.net.hasDropout(), plan.num);
        type.addType(HelperClass.spec(plan.num));
    }

    /**
     * Whether the class computes layer l's activation, or its derivative, in scalar loops: unless its products do
     * ({@link Plan#fusesActivation}, {@link Plan#fusesDerivative} of the layer above), and but for a forward pass
     * split by units ({@link UnitsEmitter}).
     */
    private boolean hasScalarLoops(Layer l) {
        int above = l.index() + 1;
        return !plan.fusesActivation(l.activation()) || UnitsEmitter.applies(plan)
                || above < plan.layers && !plan.fusesDerivative(plan.net.layers().get(above));
    }

    /**
     * The switch from the plain loops to the Vector API kernels (none where the class has no plain loops for its
     * products), and the calls that let the JIT compile them.
     */
    private void vectorSwitch(TypeSpec.Builder type) {
        boolean only = plan.kernels.vectorOnly();
        if (!only) {
            type.addField(FieldSpec.builder(boolean.class, "vectorKernels", Modifier.PRIVATE, Modifier.STATIC,
                            Modifier.VOLATILE)
                    .addJavadoc("Whether the products take their Vector API kernels (set once they are compiled; the "
                            + "plain loops\ngive the same bits).\n").build());
        }
        int widest = plan.kernels.widestProduct();
        scratch(type, "WARM_C", Kernels.WARM_ROWS, widest);
        scratch(type, "WARM_A", Kernels.WARM_ROWS, Kernels.WARM_ROWS);
        scratch(type, "WARM_B", Kernels.WARM_ROWS, widest);
        if (plan.kernels.hasTransposedKernels()) {
            scratch(type, "WARM_BT", widest, Kernels.WARM_ROWS);
        }
        type.addMethod(plan.method("hasVectorKernels", TypeName.BOOLEAN).addStatement("return true").build());
        type.addMethod(plan.method("usesVectorKernels", TypeName.BOOLEAN)
                .addStatement(only ? "return true" : "return vectorKernels").build());
        MethodSpec.Builder use = plan.method("useVectorKernels", TypeName.VOID);
        type.addMethod(only ? use.addJavadoc("The products have no other kernels.\n").build()
                : use.addJavadoc("From now on every instance of this class takes the Vector API kernels.\n")
                .addStatement("vectorKernels = true").build());
        type.addMethod(plan.method("warmVectorKernels", TypeName.VOID)
                .addJavadoc("Runs each Vector API kernel once on $L rows of zeros (scratch of the class).\n",
                        Kernels.WARM_ROWS)
                .addCode(plan.kernels.warmCalls()).build());
    }

    /** A static matrix of zeros for the warm-up calls. */
    private void scratch(TypeSpec.Builder type, String name, int rows, int columns) {
        type.addField(FieldSpec.builder(plan.matrix(), name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("Helpers.matrix($L, $L)", rows, columns).build());
    }
}
