package nnc.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Locale;
import javax.lang.model.element.Modifier;
import nnc.model.Activation;
import nnc.model.Layer;
import nnc.model.Loss;
import nnc.model.Network;
import nnc.model.Optimizer;
import nnc.model.TrainConfig;

/**
 * Writes one Java class for one checked network: sizes as constants, the forward and backward pass written
 * out layer by layer, the loss and the optimizer step specialized to this network.
 *
 * <p>Layout: the weights of layer l live in {@code wl[input][neuron]} (transposed with respect to the
 * {@code .nn} file) so that the forward product streams along neurons; layers whose input needs a delta also keep
 * {@code wlT[neuron][input]}, so that {@code δˡ⁻¹ = (Wˡ)ᵀ δˡ} streams along inputs. Both are refreshed by the
 * optimizer step. Activations, deltas and gradients are {@code double[rows][units]}.
 */
public final class Generator {
    /** The runtime interface a generated class implements when it is compiled into nnc itself. */
    public static final ClassName NET = ClassName.get("nnc.runtime", "Net");

    private static final TypeName MATRIX = TypeName.get(double[][].class);
    private static final TypeName VECTOR = TypeName.get(double[].class);

    /**
     * @param packageName      package of the class ("" for none)
     * @param implementRuntime true: the class implements {@code nnc.runtime.Net} (used inside nnc); false: it
     *                         depends on the JDK alone
     */
    /**
     * @param packageName      the generated class's package ("" for none)
     * @param implementRuntime whether the class implements {@link nnc.runtime.Net} (for {@code nnc run})
     * @param vectorLanes      doubles per vector for matrix kernels written with the Vector API
     *                         ({@code jdk.incubator.vector}), or 0 for plain loops that need nothing but the JDK
     */
    public record Options(String packageName, boolean implementRuntime, int vectorLanes) {
        public Options(String packageName, boolean implementRuntime) {
            this(packageName, implementRuntime, 0);
        }
    }

    private final Network net;
    private final Options options;
    private final int layers;

    private Generator(Network net, Options options) {
        this.net = net;
        this.options = options;
        this.layers = net.layers().size();
    }

    public static JavaFile generate(Network net, Options options) {
        return new Generator(net, options).file();
    }

    private JavaFile file() {
        TypeSpec.Builder type = TypeSpec.classBuilder(net.name())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc(classDoc());
        if (options.implementRuntime()) {
            type.addSuperinterface(NET);
        }
        constants(type);
        fields(type);
        type.addMethod(constructor());
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("A network for batches of up to {@link #BATCH} rows, trained on one thread.\n")
                .addStatement("this(BATCH)").build());
        sizes(type);
        for (Layer l : net.layers()) {
            type.addMethod(forward(l));
        }
        type.addMethod(forwardAll());
        type.addMethod(lossAndDelta());
        for (int i = layers - 1; i > net.firstTrainable(); i--) {
            type.addMethod(backward(net.layers().get(i)));
        }
        for (Layer l : net.layers()) {
            if (l.trainable()) {
                type.addMethod(gradient(l));
            }
        }
        type.addMethod(predict());
        type.addMethod(loss());
        type.addMethod(method("output", TypeName.VOID).addParameter(int.class, "row").addParameter(VECTOR, "out")
                .addStatement("System.arraycopy(a$L[row], 0, out, 0, $L)", layers, n(layers)).build());
        type.addMethod(beginBatch());
        type.addMethod(forwardBackward());
        type.addMethod(lossSum());
        type.addMethod(gradientPart());
        for (Layer l : net.layers()) {
            if (l.trainable()) {
                type.addMethod(update(l));
            }
        }
        type.addMethod(beginUpdate());
        type.addMethod(updateSlice());
        if (net.optimizer() != null) {
            for (Layer l : net.layers()) {
                if (l.trainable()) {
                    type.addMethod(gradientAndUpdate(l));
                }
            }
            type.addMethod(gradientAndUpdate());
        }
        accessors(type);
        helpers(type);
        return JavaFile.builder(options.packageName(), type.build())
                .addFileComment("Generated by nnc from model $L. Edit the .nn file, not this class.", net.name())
                .indent("    ")
                .build();
    }

    /**
     * {@code c[i][0..width) += Σ_p a(i,p)·b[p][0..width)}: with the Vector API where it is available and measured
     * faster (rows up to {@link Kernels#VECTOR_MAX_WIDTH} wide), plain loops otherwise.
     */
    private CodeBlock product(String c, String a, boolean aByP, String b, String iFrom, String iTo, String pFrom,
                              String pTo, String n, int width) {
        return options.vectorLanes() > 0 && width <= Kernels.VECTOR_MAX_WIDTH
                ? Kernels.vectorMultiplyAdd(c, a, aByP, b, iFrom, iTo, pFrom, pTo, width, options.vectorLanes())
                : Kernels.multiplyAdd(c, a, aByP, b, iFrom, iTo, pFrom, pTo, n);
    }

    // ---- names -----------------------------------------------------------------------------------------------

    private static String n(int l) {
        return "N" + l;
    }

    /** The name of layer index i's input activations: the batch itself for the first layer. */
    private static String input(int i) {
        return i == 0 ? "x" : "a" + i;
    }

    private boolean needsDelta(Layer l) {
        return l.index() >= net.firstTrainable();
    }

    /** Whether layer l keeps a transposed weight copy (its input needs a delta). */
    private boolean needsTranspose(Layer l) {
        return l.index() > net.firstTrainable();
    }

    private Optimizer.Kind optimizer() {
        return net.optimizer() == null ? null : net.optimizer().kind();
    }

    private boolean hasFirstState() {
        Optimizer o = net.optimizer();
        return o != null && (o.kind() != Optimizer.Kind.SGD || o.momentum() != 0) && o.kind() != Optimizer.Kind.GD;
    }

    private boolean hasSecondState() {
        return optimizer() == Optimizer.Kind.ADAM || optimizer() == Optimizer.Kind.ADAMW;
    }

    static String lit(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        String s = Double.toString(v);
        return s.contains("Infinity") || s.contains("NaN") ? "Double." + s : s;
    }

    // ---- class structure ---------------------------------------------------------------------------------------

    private CodeBlock classDoc() {
        StringBuilder arch = new StringBuilder(String.valueOf(net.inputSize()));
        for (Layer l : net.layers()) {
            arch.append(" → ").append(l.units()).append(' ').append(l.activation().canonicalName());
        }
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("The network $L: $L.\n", net.name(), arch)
                .add("Loss: $L. Optimizer: $L.\n\n", net.loss().displayName(),
                        net.optimizer() == null ? "none (every layer is frozen)" : describe(net.optimizer()))
                .add("<p>For each layer l: sˡ = Wˡ·aˡ⁻¹ + bˡ and aˡ = f(sˡ), with a⁰ = x.\n")
                .add("Backward: δᴸ at the output from the loss; δˡ = ((Wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ f′(sˡ); ")
                .add("∂J/∂Wˡ = δˡ (aˡ⁻¹)ᵀ and ∂J/∂bˡ = δˡ, summed over the batch rows.\n");
        return doc.build();
    }

    private static String describe(Optimizer o) {
        return switch (o.kind()) {
            case SGD -> String.format(Locale.ROOT, "sgd(lr = %s, momentum = %s, nesterov = %s)", o.lr(),
                    o.momentum(), o.nesterov());
            case GD -> String.format(Locale.ROOT, "gd(lr = %s, tolerance = %s)", o.lr(), o.tolerance());
            case RMSPROP -> String.format(Locale.ROOT, "rmsprop(lr = %s, rho = %s, eps = %s)", o.lr(), o.rho(),
                    o.eps());
            case ADAGRAD -> String.format(Locale.ROOT, "adagrad(lr = %s, eps = %s)", o.lr(), o.eps());
            case ADAM, ADAMW -> String.format(Locale.ROOT, "%s(lr = %s, beta1 = %s, beta2 = %s, eps = %s%s)",
                    o.displayName(), o.lr(), o.beta1(), o.beta2(), o.eps(),
                    o.kind() == Optimizer.Kind.ADAMW ? ", weight_decay = " + o.weightDecay() : "");
        };
    }

    private void constants(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(int.class, "N0", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Inputs per row.\n").initializer("$L", net.inputSize()).build());
        for (Layer l : net.layers()) {
            type.addField(FieldSpec.builder(int.class, n(l.index() + 1), Modifier.PUBLIC, Modifier.STATIC,
                            Modifier.FINAL)
                    .addJavadoc("Neurons of layer $L (dense $L $L$L).\n", l.index() + 1, l.units(),
                            l.activation().canonicalName(), l.trainable() ? "" : ", frozen")
                    .initializer("$L", l.units()).build());
        }
        int batch = net.train().batch() == TrainConfig.ALL ? 256 : net.train().batch();
        type.addField(FieldSpec.builder(int.class, "BATCH", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(net.train().batch() == TrainConfig.ALL
                        ? "Rows per batch for the no-argument constructor (the train block says {@code batch = all}: "
                        + "pass the number of rows to the (capacity) constructor).\n"
                        : "Mini-batch size of the train block.\n")
                .initializer("$L", batch).build());
        if (net.l2() != 0) {
            type.addField(constant("L2", net.l2(), "l2 regularization: λ·w is added to each weight's gradient."));
        }
        if (net.l1() != 0) {
            type.addField(constant("L1", net.l1(), "l1 regularization: λ·sign(w) is added to each weight's gradient."));
        }
    }

    private static FieldSpec constant(String name, double value, String doc) {
        return FieldSpec.builder(double.class, name, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(doc + "\n").initializer("$L", lit(value)).build();
    }

    private void fields(TypeSpec.Builder type) {
        type.addField(FieldSpec.builder(int.class, "capacity", Modifier.PRIVATE, Modifier.FINAL).build());
        for (Layer l : net.layers()) {
            int k = l.index() + 1;
            field(type, MATRIX, "w" + k, "Weights of layer " + k + ", w" + k + "[input][neuron].");
            if (needsTranspose(l)) {
                field(type, MATRIX, "w" + k + "T", "The same weights as [neuron][input], for the backward pass.");
            }
            if (l.hasBias()) {
                field(type, VECTOR, "b" + k, "Bias of layer " + k + ".");
            }
            if (l.inputDropout() > 0) {
                field(type, MATRIX, "m" + k, "Inverted-dropout multipliers on the input of layer " + k
                        + " (0 or 1/(1−p)).");
                field(type, MATRIX, "x" + k, "The input of layer " + k + " after dropout.");
            }
            field(type, MATRIX, "s" + k, "Pre-activations s" + k + "[row][neuron].");
            field(type, MATRIX, "a" + k, "Activations a" + k + "[row][neuron].");
            if (needsDelta(l)) {
                field(type, MATRIX, "d" + k, "Deltas δ" + k + " = ∂J/∂s" + k + ", [row][neuron].");
            }
            if (l.trainable()) {
                field(type, MATRIX, "gw" + k, "Weight gradients ∂J/∂W" + k + ", [input][neuron].");
                if (l.hasBias()) {
                    field(type, VECTOR, "gb" + k, "Bias gradients ∂J/∂b" + k + ".");
                }
                if (hasFirstState()) {
                    String what = optimizer() == Optimizer.Kind.SGD ? "Momentum" : optimizer() == Optimizer.Kind.ADAM
                            || optimizer() == Optimizer.Kind.ADAMW ? "First moment" : "Mean square";
                    field(type, MATRIX, "mw" + k, what + " of the weights.");
                    if (l.hasBias()) {
                        field(type, VECTOR, "mb" + k, what + " of the bias.");
                    }
                }
                if (hasSecondState()) {
                    field(type, MATRIX, "vw" + k, "Second moment of the weights.");
                    if (l.hasBias()) {
                        field(type, VECTOR, "vb" + k, "Second moment of the bias.");
                    }
                }
            }
        }
        type.addField(FieldSpec.builder(double.class, "lr", Modifier.PRIVATE)
                .initializer("$L", lit(net.optimizer() == null ? 0 : net.optimizer().lr())).build());
        if (hasSecondState()) {
            type.addField(FieldSpec.builder(long.class, "step", Modifier.PRIVATE).build());
        }
        if (hasFirstState()) {
            type.addField(FieldSpec.builder(long.class, "updates", Modifier.PRIVATE)
                    .addJavadoc("Optimizer steps taken.\n").build());
        }
        type.addField(FieldSpec.builder(int.class, "rows", Modifier.PRIVATE).initializer("1").addJavadoc(
                "Rows of the current batch.\n").build());
        type.addField(FieldSpec.builder(VECTOR, "rowLoss", Modifier.PRIVATE, Modifier.FINAL).addJavadoc(
                "The loss of each row of the last forward pass.\n").build());
        type.addField(FieldSpec.builder(boolean.class, "training", Modifier.PRIVATE).build());
        if (net.hasDropout()) {
            type.addField(FieldSpec.builder(java.util.SplittableRandom.class, "random", Modifier.PRIVATE)
                    .addJavadoc("Draws the dropout masks.\n")
                    .initializer("new $T(1)", java.util.SplittableRandom.class).build());
        }
    }

    private static void field(TypeSpec.Builder type, TypeName t, String name, String doc) {
        type.addField(FieldSpec.builder(t, name, Modifier.PRIVATE, Modifier.FINAL).addJavadoc(doc + "\n").build());
    }

    private MethodSpec constructor() {
        MethodSpec.Builder m = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("@param capacity largest number of rows in one batch\n")
                .addParameter(int.class, "capacity")
                .addStatement("this.capacity = capacity")
                .addStatement("rowLoss = new double[capacity]");
        for (Layer l : net.layers()) {
            int k = l.index() + 1;
            String in = n(k - 1);
            String out = n(k);
            m.addStatement("w$L = Helpers.matrix($L, $L)", k, in, out);
            if (needsTranspose(l)) {
                m.addStatement("w$LT = Helpers.matrix($L, $L)", k, out, in);
            }
            if (l.hasBias()) {
                m.addStatement("b$L = new double[$L]", k, out);
            }
            if (l.inputDropout() > 0) {
                m.addStatement("m$L = Helpers.matrix(capacity, $L)", k, in);
                m.addStatement("x$L = Helpers.matrix(capacity, $L)", k, in);
            }
            m.addStatement("s$L = Helpers.matrix(capacity, $L)", k, out);
            m.addStatement("a$L = Helpers.matrix(capacity, $L)", k, out);
            if (needsDelta(l)) {
                m.addStatement("d$L = Helpers.matrix(capacity, $L)", k, out);
            }
            if (l.trainable()) {
                m.addStatement("gw$L = Helpers.matrix($L, $L)", k, in, out);
                if (l.hasBias()) {
                    m.addStatement("gb$L = new double[$L]", k, out);
                }
                if (hasFirstState()) {
                    m.addStatement("mw$L = Helpers.matrix($L, $L)", k, in, out);
                    if (l.hasBias()) {
                        m.addStatement("mb$L = new double[$L]", k, out);
                    }
                }
                if (hasSecondState()) {
                    m.addStatement("vw$L = Helpers.matrix($L, $L)", k, in, out);
                    if (l.hasBias()) {
                        m.addStatement("vb$L = new double[$L]", k, out);
                    }
                }
            }
        }
        return m.build();
    }

    private MethodSpec.Builder method(String name, TypeName returns) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(returns);
        if (options.implementRuntime()) {
            m.addAnnotation(Override.class);
        }
        return m;
    }

    private void sizes(TypeSpec.Builder type) {
        type.addMethod(method("inputSize", TypeName.INT).addStatement("return N0").build());
        type.addMethod(method("outputSize", TypeName.INT).addStatement("return $L", n(layers)).build());
        type.addMethod(method("layerCount", TypeName.INT).addStatement("return $L", layers).build());
        type.addMethod(method("capacity", TypeName.INT).addStatement("return capacity").build());
    }

    // ---- forward -----------------------------------------------------------------------------------------------

    private MethodSpec forward(Layer l) {
        int k = l.index() + 1;
        String in = n(k - 1);
        String out = n(k);
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward" + k).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Layer $L: s$L = W$L·a$L + b$L, a$L = $L(s$L), for rows [from, to).\n", k, k, k, k - 1,
                        k, k, l.activation().canonicalName(), k)
                .addParameter(MATRIX, "in").addParameter(int.class, "from").addParameter(int.class, "to");
        String source = "in";
        if (l.inputDropout() > 0) {
            m.addStatement("double[][] src = in");
            m.beginControlFlow("if (training)");
            m.addComment("inverted dropout on the input: x = a ⊙ m");
            m.beginControlFlow("for (int r = from; r < to; r++)");
            m.addStatement("double[] xr = x$L[r], ar = in[r], mr = m$L[r]", k, k);
            m.beginControlFlow("for (int j = 0; j < $L; j++)", in);
            m.addStatement("xr[j] = ar[j] * mr[j]");
            m.endControlFlow();
            m.endControlFlow();
            m.addStatement("src = x$L", k);
            m.endControlFlow();
            source = "src";
        }
        m.addComment("s = b, then s += a·W, one input row of W at a time");
        m.beginControlFlow("for (int r = from; r < to; r++)");
        if (l.hasBias()) {
            m.addStatement("System.arraycopy(b$L, 0, s$L[r], 0, $L)", k, k, out);
        } else {
            m.addStatement("java.util.Arrays.fill(s$L[r], 0.0)", k);
        }
        m.endControlFlow();
        m.addCode(product("s" + k, source, false, "w" + k, "from", "to", "0", in, out, l.units()));
        m.addCode(activation(l));
        return m.build();
    }

    /** a = f(s) for every row. */
    private CodeBlock activation(Layer l) {
        int k = l.index() + 1;
        String out = n(k);
        CodeBlock.Builder c = CodeBlock.builder();
        c.add("// a$L = $L(s$L)\n", k, l.activation().canonicalName(), k);
        c.beginControlFlow("for (int r = from; r < to; r++)");
        c.addStatement("double[] sr = s$L[r], ar = a$L[r]", k, k);
        if (l.activation() == Activation.SOFTMAX) {
            c.addStatement("double max = Double.NEGATIVE_INFINITY");
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("max = Math.max(max, sr[j])");
            c.endControlFlow();
            c.addStatement("double sum = 0");
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("ar[j] = Math.exp(sr[j] - max)");
            c.addStatement("sum += ar[j]");
            c.endControlFlow();
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("ar[j] /= sum");
            c.endControlFlow();
        } else {
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("double s = sr[j]");
            c.addStatement("ar[j] = $L", activationExpr(l));
            c.endControlFlow();
        }
        c.endControlFlow();
        return c.build();
    }

    private static String activationExpr(Layer l) {
        return Formulas.activation(l.activation(), l.alpha());
    }

    private static String derivativeTimes(Layer l, String g) {
        return Formulas.derivativeTimes(l.activation(), l.alpha(), g);
    }

    private MethodSpec forwardAll() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("The forward pass over rows [from, to) of the batch x.\n")
                .addParameter(MATRIX, "x").addParameter(int.class, "from").addParameter(int.class, "to");
        for (Layer l : net.layers()) {
            m.addStatement("forward$L($L, from, to)", l.index() + 1, input(l.index()));
        }
        return m.build();
    }

    // ---- loss and backward ---------------------------------------------------------------------------------------

    private MethodSpec lossAndDelta() {
        Layer out = net.output();
        int k = layers;
        String nOut = n(k);
        Loss loss = net.loss();
        boolean delta = needsDelta(out);
        MethodSpec.Builder m = MethodSpec.methodBuilder("lossAndDelta").addModifiers(Modifier.PRIVATE)
                .returns(double.class)
                .addJavadoc("Returns the summed $L loss of rows [from, to)$L.\n", loss.displayName(),
                        delta ? " and sets the output deltas δ" + k + " = ∂J/∂s" + k + " (J: the batch mean)" : "")
                .addParameter(MATRIX, "t").addParameter(int.class, "from").addParameter(int.class, "to")
                .addParameter(boolean.class, "withDelta");
        m.addStatement("double total = 0");
        m.beginControlFlow("for (int r = from; r < to; r++)");
        m.addStatement("double[] yr = a$L[r], tr = t[r]", k);
        m.addStatement("double sum = 0");
        m.beginControlFlow("for (int j = 0; j < $L; j++)", nOut);
        m.addStatement("double y = yr[j], tj = tr[j]");
        if (!loss.impliesClassification()) {
            m.addStatement("double res = y - tj");
        }
        m.addStatement("sum += $L", lossTerm(loss, nOut));
        m.endControlFlow();
        m.addStatement("total += sum");
        m.addStatement("rowLoss[r] = sum");
        if (delta) {
            m.beginControlFlow("if (withDelta)");
            m.addStatement("double[] dr = d$L[r]", k);
            boolean fused = loss.kind() == Loss.Kind.CROSS_ENTROPY || loss.kind() == Loss.Kind.BINARY_CROSS_ENTROPY;
            if (fused) {
                m.addComment(out.activation() == Activation.SOFTMAX
                        ? "softmax with cross-entropy: δ = (y − t) / rows"
                        : "sigmoid with binary cross-entropy: δ = (y − t) / rows");
                m.beginControlFlow("for (int j = 0; j < $L; j++)", nOut);
                m.addStatement("dr[j] = (yr[j] - tr[j]) / rows");
                m.endControlFlow();
            } else if (out.activation() == Activation.SOFTMAX) {
                m.addComment("g = ∂L/∂y; softmax Jacobian-vector product: δᵢ = yᵢ (gᵢ − Σₖ gₖ yₖ)");
                m.addStatement("double dot = 0");
                m.beginControlFlow("for (int j = 0; j < $L; j++)", nOut);
                m.addStatement("double y = yr[j], tj = tr[j]");
                m.addStatement("double res = y - tj");
                m.addStatement("dr[j] = $L / rows", lossGradient(loss, nOut));
                m.addStatement("dot += dr[j] * y");
                m.endControlFlow();
                m.beginControlFlow("for (int j = 0; j < $L; j++)", nOut);
                m.addStatement("dr[j] = yr[j] * (dr[j] - dot)");
                m.endControlFlow();
            } else {
                m.addComment("δ = ∂L/∂y ⊙ f′(s)");
                if (Formulas.derivativeUsesS(out.activation())) {
                    m.addStatement("double[] sr = s$L[r]", k);
                }
                m.beginControlFlow("for (int j = 0; j < $L; j++)", nOut);
                m.addStatement(Formulas.derivativeUsesS(out.activation()) ? "double y = yr[j], tj = tr[j], s = sr[j]"
                        : "double y = yr[j], tj = tr[j]");
                m.addStatement("double res = y - tj");
                m.addStatement("double g = $L / rows", lossGradient(loss, nOut));
                m.addStatement("dr[j] = $L", derivativeTimes(out, "g"));
                m.endControlFlow();
            }
            m.endControlFlow();
        }
        m.endControlFlow();
        m.addStatement("return total");
        return m.build();
    }

    private static String lossTerm(Loss loss, String k) {
        return switch (loss.kind()) {
            case CROSS_ENTROPY -> "tj == 0 ? 0.0 : -tj * Math.log(Math.max(y, 1e-12))";
            case BINARY_CROSS_ENTROPY -> "-(tj * Math.log(Math.max(y, 1e-12)) + (1 - tj) * Math.log(Math.max(1 - y,"
                    + " 1e-12)))";
            case MSE -> "res * res / " + k;
            case MAE -> "Math.abs(res) / " + k;
            case HUBER -> "(Math.abs(res) <= " + lit(loss.delta()) + " ? res * res / 2 : " + lit(loss.delta())
                    + " * (Math.abs(res) - " + lit(loss.delta()) + " / 2)) / " + k;
            case ASYMMETRIC -> "(-res < 0 ? " + lit(loss.over()) + " : " + lit(loss.under()) + ") * res * res / " + k;
        };
    }

    /** ∂L/∂y for one output (not yet divided by the batch size). */
    private static String lossGradient(Loss loss, String k) {
        return switch (loss.kind()) {
            case MSE -> "(2 * res / " + k + ")";
            case MAE -> "(Math.signum(res) / " + k + ")";
            case HUBER -> "((Math.abs(res) <= " + lit(loss.delta()) + " ? res : " + lit(loss.delta())
                    + " * Math.signum(res)) / " + k + ")";
            case ASYMMETRIC -> "(2 * (-res < 0 ? " + lit(loss.over()) + " : " + lit(loss.under()) + ") * res / " + k
                    + ")";
            default -> throw new IllegalStateException("fused loss");
        };
    }

    /** δ of layer i−1 from δ of layer i: δ = ((W)ᵀ δ') ⊙ m ⊙ f′(s). */
    private MethodSpec backward(Layer l) {
        int k = l.index() + 1;
        Layer below = net.layers().get(l.index() - 1);
        String nIn = n(k - 1);
        MethodSpec.Builder m = MethodSpec.methodBuilder("backward" + k).addModifiers(Modifier.PRIVATE)
                .addJavadoc("δ$L = ((W$L)ᵀ δ$L)$L ⊙ $L′(s$L), for rows [from, to).\n", k - 1, k, k,
                        l.inputDropout() > 0 ? " ⊙ m" + k : "", below.activation().canonicalName(), k - 1)
                .addParameter(int.class, "from").addParameter(int.class, "to");
        m.beginControlFlow("for (int r = from; r < to; r++)");
        m.addStatement("java.util.Arrays.fill(d$L[r], 0.0)", k - 1);
        m.endControlFlow();
        m.addCode(product("d" + (k - 1), "d" + k, false, "w" + k + "T", "from", "to", "0", n(k), nIn,
                below.units()));
        m.beginControlFlow("for (int r = from; r < to; r++)");
        m.addStatement("double[] dr = d$L[r]$L$L", k - 1,
                Formulas.derivativeUsesS(below.activation()) ? ", sr = s" + (k - 1) + "[r]" : "",
                Formulas.derivativeUsesY(below.activation()) ? ", yr = a" + (k - 1) + "[r]" : "");
        if (l.inputDropout() > 0) {
            m.addStatement("double[] mr = m$L[r]", k);
        }
        m.beginControlFlow("for (int j = 0; j < $L; j++)", nIn);
        String inputs = Formulas.derivativeInputs(below.activation(), "sr", "yr");
        if (inputs != null) {
            m.addStatement(inputs);
        }
        m.addStatement("double g = $L", l.inputDropout() > 0 ? "training ? dr[j] * mr[j] : dr[j]" : "dr[j]");
        m.addStatement("dr[j] = $L", derivativeTimes(below, "g"));
        m.endControlFlow();
        m.endControlFlow();
        return m.build();
    }

    /** ∂J/∂W = Σ_rows δ aᵀ and ∂J/∂b = Σ_rows δ over the whole batch, for a range of weight rows. */
    private MethodSpec gradient(Layer l) {
        int k = l.index() + 1;
        String src = l.inputDropout() > 0 ? "(training ? x" + k + " : " + input(l.index()) + ")" : input(l.index());
        MethodSpec.Builder m = MethodSpec.methodBuilder("gradient" + k).addModifiers(Modifier.PRIVATE)
                .addJavadoc("∂J/∂W$L = Σ δ$L (a$L)ᵀ over the batch rows, for weight rows [i0, i1)$L.\n", k, k, k - 1,
                        l.hasBias() ? "; with {@code withBias} also ∂J/∂b" + k + " = Σ δ" + k : "")
                .addParameter(MATRIX, "x").addParameter(int.class, "i0").addParameter(int.class, "i1")
                .addParameter(boolean.class, "withBias");
        m.addStatement("double[][] g = gw$L", k);
        m.addStatement("double[][] in = $L", src);
        m.beginControlFlow("for (int i = i0; i < i1; i++)");
        m.addStatement("java.util.Arrays.fill(g[i], 0.0)");
        m.endControlFlow();
        m.addCode(product("g", "in", true, "d" + k, "i0", "i1", "0", "rows", n(k), l.units()));
        if (l.hasBias()) {
            m.beginControlFlow("if (withBias)");
            m.addStatement("double[] gb = gb$L", k);
            m.addStatement("java.util.Arrays.fill(gb, 0.0)");
            m.beginControlFlow("for (int r = 0; r < rows; r++)");
            m.addStatement("double[] dr = d$L[r]", k);
            m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k));
            m.addStatement("gb[j] += dr[j]");
            m.endControlFlow();
            m.endControlFlow();
            m.endControlFlow();
        }
        return m.build();
    }

    // ---- public passes ---------------------------------------------------------------------------------------------

    private MethodSpec predict() {
        return method("predict", TypeName.VOID)
                .addParameter(MATRIX, "x").addParameter(int.class, "rows").addParameter(MATRIX, "out")
                .addStatement("training = false")
                .addStatement("forward(x, 0, rows)")
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("System.arraycopy(a$L[r], 0, out[r], 0, $L)", layers, n(layers))
                .endControlFlow()
                .build();
    }

    private MethodSpec loss() {
        return method("loss", TypeName.DOUBLE)
                .addParameter(MATRIX, "x").addParameter(MATRIX, "t").addParameter(int.class, "rows")
                .addStatement("training = false")
                .addStatement("forward(x, 0, rows)")
                .addStatement("return lossAndDelta(t, 0, rows, false) / rows")
                .build();
    }

    private MethodSpec beginBatch() {
        MethodSpec.Builder m = method("beginBatch", TypeName.VOID)
                .addParameter(int.class, "rows").addParameter(boolean.class, "training")
                .addStatement("this.rows = rows")
                .addStatement("this.training = training");
        if (net.hasDropout()) {
            m.beginControlFlow("if (training)");
            m.addComment("dropout masks for the whole batch, drawn in row order (the same for any thread count)");
            for (Layer l : net.layers()) {
                if (l.inputDropout() > 0) {
                    int k = l.index() + 1;
                    m.beginControlFlow("for (int r = 0; r < rows; r++)");
                    m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k - 1));
                    m.addStatement("m$L[r][j] = random.nextDouble() < $L ? 0.0 : $L", k, lit(l.inputDropout()),
                            "1 / (1 - " + lit(l.inputDropout()) + ")");
                    m.endControlFlow();
                    m.endControlFlow();
                }
            }
            m.endControlFlow();
        }
        return m.build();
    }

    private MethodSpec forwardBackward() {
        MethodSpec.Builder m = method("forwardBackward", TypeName.DOUBLE)
                .addParameter(MATRIX, "x").addParameter(MATRIX, "t")
                .addParameter(int.class, "from").addParameter(int.class, "to")
                .addStatement("forward(x, from, to)")
                .addStatement("double loss = lossAndDelta(t, from, to, true)");
        for (int i = layers - 1; i > net.firstTrainable(); i--) {
            m.addStatement("backward$L(from, to)", i + 1);
        }
        return m.addStatement("return loss").build();
    }

    private MethodSpec lossSum() {
        return method("lossSum", TypeName.DOUBLE).addParameter(int.class, "rows")
                .addStatement("double total = 0")
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("total += rowLoss[r]")
                .endControlFlow()
                .addStatement("return total").build();
    }

    private MethodSpec gradientPart() {
        MethodSpec.Builder m = method("gradient", TypeName.VOID).addParameter(MATRIX, "x")
                .addParameter(int.class, "part").addParameter(int.class, "parts");
        for (Layer l : net.layers()) {
            if (l.trainable()) {
                String in = n(l.index());
                m.addStatement("gradient$L(x, $L * part / parts, $L * (part + 1) / parts, part == 0)", l.index() + 1,
                        in, in);
            }
        }
        return m.build();
    }

    /** The gradient and optimizer step of this part's weight rows, layer by layer. */
    private MethodSpec gradientAndUpdate() {
        MethodSpec.Builder m = method("gradientAndUpdate", TypeName.DOUBLE).addParameter(MATRIX, "x")
                .addParameter(int.class, "part").addParameter(int.class, "parts");
        m.addStatement("double moved = 0");
        for (Layer l : net.layers()) {
            if (l.trainable()) {
                m.addStatement("moved += gradientAndUpdate$L(x, part, parts)", l.index() + 1);
            }
        }
        return m.addStatement("return moved").build();
    }

    /**
     * Gradient and optimizer step of one layer's part of the weight rows, a chunk of rows at a time: each chunk's
     * gradient is still in the L2 cache when the step reads it.
     */
    private MethodSpec gradientAndUpdate(Layer l) {
        int k = l.index() + 1;
        String in = n(l.index());
        int chunk = Kernels.chunkRows(l.units());
        boolean gd = net.optimizer().kind() == Optimizer.Kind.GD;
        MethodSpec.Builder m = MethodSpec.methodBuilder("gradientAndUpdate" + k).addModifiers(Modifier.PRIVATE)
                .returns(TypeName.DOUBLE).addParameter(MATRIX, "x").addParameter(int.class, "part")
                .addParameter(int.class, "parts")
                .addJavadoc("Gradient and $L step of layer $L for part {@code part} of its weight rows, $L rows "
                        + "($L KiB of gradient) at a time.\n", net.optimizer().displayName(), k, chunk,
                        chunk * l.units() * 8 / 1024);
        m.addStatement("double moved = 0");
        m.addStatement("int end = $L * (part + 1) / parts", in);
        m.addComment("part 0 runs at least once, for the bias, even when it has no weight rows");
        m.beginControlFlow("for (int c0 = $L * part / parts; c0 < end || c0 == 0 && part == 0; c0 += $L)", in, chunk);
        m.addStatement("int c1 = Math.min(c0 + $L, end)", chunk);
        m.addStatement("boolean withBias = part == 0 && c0 == 0");
        m.addStatement("gradient$L(x, c0, c1, withBias)", k);
        m.addStatement(gd ? "moved += update$L(c0, c1, withBias)" : "update$L(c0, c1, withBias)", k);
        m.endControlFlow();
        return m.addStatement("return moved").build();
    }

    // ---- optimizer -----------------------------------------------------------------------------------------------

    private MethodSpec update(Layer l) {
        int k = l.index() + 1;
        Optimizer o = net.optimizer();
        boolean gd = o.kind() == Optimizer.Kind.GD;
        MethodSpec.Builder m = MethodSpec.methodBuilder("update" + k).addModifiers(Modifier.PRIVATE)
                .returns(gd ? TypeName.DOUBLE : TypeName.VOID)
                .addParameter(int.class, "i0").addParameter(int.class, "i1").addParameter(boolean.class, "withBias")
                .addJavadoc("$L step for weight rows [i0, i1) of layer $L (and its bias if {@code withBias})$L.\n",
                        o.displayName(), k, gd ? "; returns the squared length of the step" : "");
        if (gd) {
            m.addStatement("double moved = 0");
        }
        m.addStatement("double[][] g0 = gw$L", k);
        m.beginControlFlow("for (int i = i0; i < i1; i++)");
        m.addStatement("double[] w = w$L[i], g = g0[i]$L$L", k, hasFirstState() ? ", m = mw" + k + "[i]" : "",
                hasSecondState() ? ", v = vw" + k + "[i]" : "");
        m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k));
        String reg = (net.l2() != 0 ? " + L2 * w[j]" : "") + (net.l1() != 0 ? " + L1 * Math.signum(w[j])" : "");
        m.addStatement("double gj = g[j]$L", reg);
        m.addCode(step(o, "w[j]", "gj", "m[j]", "v[j]", gd));
        m.endControlFlow();
        m.endControlFlow();
        if (l.hasBias()) {
            m.beginControlFlow("if (withBias)");
            m.addStatement("double[] gb = gb$L", k);
            m.beginControlFlow("for (int j = 0; j < $L; j++)", n(k));
            m.addStatement("double gj = gb[j]");
            m.addCode(step(o, "b" + k + "[j]", "gj", "mb" + k + "[j]", "vb" + k + "[j]", gd));
            m.endControlFlow();
            m.endControlFlow();
        }
        if (needsTranspose(l)) {
            m.addStatement("Helpers.transposeRows(w$L, w$LT, i0, i1, $L)", k, k, n(k));
        }
        if (gd) {
            m.addStatement("return moved");
        }
        return m.build();
    }

    /** One parameter's update statements. */
    private CodeBlock step(Optimizer o, String theta, String g, String m1, String m2, boolean gd) {
        CodeBlock.Builder c = CodeBlock.builder();
        if (gd) {
            c.addStatement("double before = $L", theta);
        }
        switch (o.kind()) {
            case SGD -> {
                if (o.momentum() == 0) {
                    c.addStatement("$L -= lr * $L", theta, g);
                } else {
                    c.addStatement("$L = $L * $L + $L", m1, lit(o.momentum()), m1, g);
                    c.addStatement(o.nesterov() ? "$L -= lr * ($L + $L * $L)" : "$L -= lr * $L$L$L", theta,
                            o.nesterov() ? g : m1, o.nesterov() ? lit(o.momentum()) : "",
                            o.nesterov() ? m1 : "");
                }
            }
            case GD -> c.addStatement("$L -= lr * $L", theta, g);
            case RMSPROP -> {
                c.addStatement("$L = $L * $L + (1 - $L) * $L * $L", m1, lit(o.rho()), m1, lit(o.rho()), g, g);
                c.addStatement("$L -= lr * $L / (Math.sqrt($L) + $L)", theta, g, m1, lit(o.eps()));
            }
            case ADAGRAD -> {
                c.addStatement("$L = $L + $L * $L", m1, m1, g, g);
                c.addStatement("$L -= lr * $L / (Math.sqrt($L) + $L)", theta, g, m1, lit(o.eps()));
            }
            case ADAM, ADAMW -> {
                if (o.kind() == Optimizer.Kind.ADAMW) {
                    c.addStatement("$L = $L * (1 - lr * $L)", theta, theta, lit(o.weightDecay()));
                }
                c.addStatement("$L = $L * $L + (1 - $L) * $L", m1, lit(o.beta1()), m1, lit(o.beta1()), g);
                c.addStatement("$L = $L * $L + (1 - $L) * $L * $L", m2, lit(o.beta2()), m2, lit(o.beta2()), g, g);
                c.addStatement("$L -= stepSize * $L / (Math.sqrt($L) * invSqrtBias2 + $L)", theta, m1, m2,
                        lit(o.eps()));
            }
        }
        if (gd) {
            c.addStatement("moved += ($L - before) * ($L - before)", theta, theta);
        }
        return c.build();
    }

    private MethodSpec beginUpdate() {
        MethodSpec.Builder m = method("beginUpdate", TypeName.VOID);
        if (hasFirstState()) {
            m.addComment("optimizer state below $L is set to zero every $L steps, before it can become a subnormal",
                    lit(Optimizer.TINY_STATE), Optimizer.FLUSH_EVERY);
            m.addComment("number (arithmetic on those is 10–100 times slower)");
            m.beginControlFlow("if (++updates % $L == 0)", Optimizer.FLUSH_EVERY);
            for (Layer l : net.layers()) {
                if (l.trainable()) {
                    int k = l.index() + 1;
                    m.addStatement("Helpers.flushTiny(mw$L, $L)", k, n(k));
                    if (l.hasBias()) {
                        m.addStatement("Helpers.flushTiny(mb$L, $L)", k, n(k));
                    }
                    if (hasSecondState()) {
                        m.addStatement("Helpers.flushTiny(vw$L, $L)", k, n(k));
                        if (l.hasBias()) {
                            m.addStatement("Helpers.flushTiny(vb$L, $L)", k, n(k));
                        }
                    }
                }
            }
            m.endControlFlow();
        }
        if (hasSecondState()) {
            m.addStatement("step++");
            m.addComment("lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), as (lr/(1 − β₁ᵗ))·m/(√v/√(1 − β₂ᵗ) + ε)");
            m.addStatement("stepSize = lr / (1 - Math.pow($L, step))", lit(net.optimizer().beta1()));
            m.addStatement("invSqrtBias2 = 1 / Math.sqrt(1 - Math.pow($L, step))", lit(net.optimizer().beta2()));
        }
        return m.build();
    }

    private MethodSpec updateSlice() {
        MethodSpec.Builder m = method("updateSlice", TypeName.DOUBLE).addParameter(int.class, "part")
                .addParameter(int.class, "parts");
        if (net.optimizer() == null) {
            return m.addStatement("return 0").build();
        }
        boolean gd = net.optimizer().kind() == Optimizer.Kind.GD;
        m.addStatement("double moved = 0");
        for (Layer l : net.layers()) {
            if (l.trainable()) {
                String in = n(l.index());
                m.addStatement(gd ? "moved += update$L($L * part / parts, $L * (part + 1) / parts, part == 0)"
                        : "update$L($L * part / parts, $L * (part + 1) / parts, part == 0)", l.index() + 1, in, in);
            }
        }
        return m.addStatement("return moved").build();
    }

    // ---- parameter access ------------------------------------------------------------------------------------------

    private void accessors(TypeSpec.Builder type) {
        MethodSpec.Builder weights = method("weights", MATRIX).addParameter(int.class, "l");
        MethodSpec.Builder bias = method("bias", VECTOR).addParameter(int.class, "l");
        MethodSpec.Builder setWeights = method("setWeights", TypeName.VOID).addParameter(int.class, "l")
                .addParameter(MATRIX, "w");
        MethodSpec.Builder setBias = method("setBias", TypeName.VOID).addParameter(int.class, "l")
                .addParameter(VECTOR, "b");
        MethodSpec.Builder weightGradient = method("weightGradient", MATRIX).addParameter(int.class, "l");
        MethodSpec.Builder biasGradient = method("biasGradient", VECTOR).addParameter(int.class, "l");
        for (MethodSpec.Builder m : new MethodSpec.Builder[] {weights, bias, setWeights, setBias, weightGradient,
                biasGradient}) {
            m.beginControlFlow("switch (l)");
        }
        for (Layer l : net.layers()) {
            int i = l.index();
            int k = i + 1;
            weights.addStatement("case $L: return Helpers.transposed(w$L, $L, $L)", i, k, n(k - 1), n(k));
            bias.addStatement("case $L: return $L", i, l.hasBias() ? "java.util.Arrays.copyOf(b" + k + ", " + n(k) + ")" : "null");
            setWeights.addCode("case $L:\n$>", i).addStatement("Helpers.transposeInto(w, w$L, $L, $L)", k, n(k - 1), n(k));
            if (needsTranspose(l)) {
                setWeights.addStatement("Helpers.copyInto(w, w$LT, $L)", k, n(k - 1));
            }
            setWeights.addStatement("return").addCode("$<");
            if (l.hasBias()) {
                setBias.addCode("case $L:\n$>", i).addStatement("System.arraycopy(b, 0, b$L, 0, $L)", k, n(k))
                        .addStatement("return").addCode("$<");
            }
            if (l.trainable()) {
                weightGradient.addStatement("case $L: return Helpers.regularizedTransposed(gw$L, w$L, $L, $L, $L, $L)", i,
                        k, k, n(k - 1), n(k), net.l2() != 0 ? "L2" : "0.0", net.l1() != 0 ? "L1" : "0.0");
                biasGradient.addStatement("case $L: return $L", i, l.hasBias() ? "java.util.Arrays.copyOf(gb" + k + ", " + n(k) + ")" : "null");
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
        type.addMethod(method("setLearningRate", TypeName.VOID).addParameter(double.class, "lr")
                .addStatement("this.lr = lr").build());
        type.addMethod(method("setSeed", TypeName.VOID).addParameter(long.class, "seed")
                .addCode(net.hasDropout() ? CodeBlock.of("this.random = new java.util.SplittableRandom(seed);\n")
                        : CodeBlock.of("// no dropout: nothing is random\n")).build());
    }

    private void helpers(TypeSpec.Builder type) {
        if (options.vectorLanes() > 0) {
            type.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get("jdk.incubator.vector",
                                    "VectorSpecies"), ClassName.get(Double.class)), "SPECIES", Modifier.PRIVATE,
                            Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("Vectors of $L doubles for the matrix products.\n", options.vectorLanes())
                    .initializer("$T.SPECIES_$L", Kernels.DOUBLE_VECTOR, options.vectorLanes() * 64).build());
        }
        if (hasSecondState()) {
            type.addField(FieldSpec.builder(double.class, "stepSize", Modifier.PRIVATE).build());
            type.addField(FieldSpec.builder(double.class, "invSqrtBias2", Modifier.PRIVATE).build());
        }
        Formulas.addHelpers(type, net.layers().stream().map(Layer::activation).toList());
        type.addType(HelperClass.spec());
    }
}
