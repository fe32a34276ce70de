package nnc.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;
import nnc.model.Layer;
import nnc.model.Network;

/**
 * Writes one Java class for one checked network: sizes as constants, the forward and backward pass written
 * out layer by layer, the loss and the optimizer step specialized to this network. Each concern has its emitter:
 * {@link Names}, {@link Structure} (constants, fields, constructor), {@link ForwardEmitter}, {@link LossEmitter}
 * (loss and output delta), {@link BackwardEmitter}, {@link UpdateEmitter} (gradients and the optimizer step, whose
 * rule comes from an {@link OptimizerEmitter}) and {@link Accessors}; the matrix loops are {@link Kernels}', the
 * activation and loss formulas the rows of {@link nnc.model.Activation} and {@link nnc.model.Loss.Kind}.
 *
 * <p>Layout: the weights of layer l live in {@code wl[input][neuron]} (transposed with respect to the
 * {@code .nn} file) so that the forward product streams along neurons; layers whose input needs a delta also keep
 * {@code wlT[neuron][input]}, so that {@code δˡ⁻¹ = (Wˡ)ᵀ δˡ} streams along inputs. Both are refreshed by the
 * optimizer step. Activations, deltas and gradients are {@code double[rows][units]}.
 */
public final class Generator {
    /** The runtime interface a generated class implements when it is compiled into nnc itself. */
    public static final ClassName NET = ClassName.get("nnc.train", "Net");

    /**
     * @param packageName      the generated class's package ("" for none)
     * @param implementRuntime whether the class implements {@link nnc.train.Net} (for {@code nnc run}); otherwise
     *                         it depends on the JDK alone
     * @param vectorLanes      doubles per vector for matrix kernels written with the Vector API
     *                         ({@code jdk.incubator.vector}), or 0 for plain loops that need nothing but the JDK
     * @param source           the {@code .nn} file as the user named it, for the comments that cite its lines, or
     *                         null (they then cite the line alone)
     */
    public record Options(String packageName, boolean implementRuntime, int vectorLanes, String source) {
        public Options(String packageName, boolean implementRuntime, int vectorLanes) {
            this(packageName, implementRuntime, vectorLanes, null);
        }

        public Options(String packageName, boolean implementRuntime) {
            this(packageName, implementRuntime, 0, null);
        }
    }

    private Generator() {
    }

    public static JavaFile generate(Network net, Options options) {
        Plan plan = new Plan(net, options);
        Structure structure = new Structure(plan);
        ForwardEmitter forward = new ForwardEmitter(plan);
        LossEmitter loss = new LossEmitter(plan);
        BackwardEmitter backward = new BackwardEmitter(plan);
        UpdateEmitter update = new UpdateEmitter(plan);
        Accessors accessors = new Accessors(plan);

        TypeSpec.Builder type = TypeSpec.classBuilder(net.name())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc(classDoc(plan));
        if (options.implementRuntime()) {
            type.addSuperinterface(NET);
        }
        structure.constants(type);
        structure.fields(type);
        type.addMethod(structure.constructor());
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("A network for batches of up to {@link #BATCH} rows, trained on one thread.\n")
                .addStatement("this(BATCH)").build());
        structure.sizes(type);
        for (Layer l : net.layers()) {
            type.addMethod(forward.forward(l));
        }
        type.addMethod(forward.forwardAll());
        type.addMethod(loss.lossAndDelta());
        for (int i = plan.layers - 1; i > net.firstTrainable(); i--) {
            type.addMethod(backward.backward(net.layers().get(i)));
        }
        for (Layer l : update.trainable()) {
            type.addMethod(update.gradient(l));
        }
        type.addMethod(forward.predict());
        type.addMethod(forward.loss());
        type.addMethod(forward.output());
        type.addMethod(forward.beginBatch());
        type.addMethod(backward.forwardBackward());
        type.addMethod(loss.lossSum());
        type.addMethod(update.gradientPart());
        if (plan.optimizer != null) {
            for (Layer l : update.trainable()) {
                type.addMethod(update.update(l));
            }
        }
        type.addMethod(update.beginUpdate());
        type.addMethod(update.updateSlice());
        if (plan.optimizer != null) {
            for (Layer l : update.trainable()) {
                type.addMethod(update.gradientAndUpdate(l));
            }
            type.addMethod(update.gradientAndUpdate());
        }
        if (UnitsEmitter.applies(plan)) {
            new UnitsEmitter(plan).emit(type);
        }
        type.addMethods(plan.kernels.kernels());
        type.addFields(plan.kernels.scratchRows());
        accessors.accessors(type);
        accessors.helpers(type);
        return JavaFile.builder(options.packageName(), type.build())
                .addFileComment("Generated by nnc from model $L. Edit the .nn file, not this class.", net.name())
                .indent("    ")
                .build();
    }

    /** A double as a Java literal that reads back as the same double. */
    static String lit(double v) {
        return Names.lit(v);
    }

    /** The first lines of the class comment: the network's layers, loss and optimizer. */
    static CodeBlock.Builder summary(Network net, String suffix) {
        StringBuilder arch = new StringBuilder(String.valueOf(net.inputSize()));
        for (Layer l : net.layers()) {
            arch.append(" → ").append(l.units()).append(' ').append(l.activation().canonicalName());
        }
        return CodeBlock.builder()
                .add("The network $L: $L$L.\n", net.name(), arch, suffix)
                .add("Loss: $L. Optimizer: $L.\n\n", net.loss().displayName(),
                        net.optimizer() == null ? "none (every layer is frozen)" : net.optimizer().describe());
    }

    private static CodeBlock classDoc(Plan plan) {
        return summary(plan.net, "")
                .add("<p>For each layer l: sˡ = Wˡ·aˡ⁻¹ + bˡ and aˡ = f(sˡ), with a⁰ = x.\n")
                .add("Backward: δᴸ at the output from the loss; δˡ = ((Wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ f′(sˡ); ")
                .add("∂J/∂Wˡ = δˡ (aˡ⁻¹)ᵀ and ∂J/∂bˡ = δˡ, summed over the batch rows.\n")
                .add(plan.num.isDouble() ? CodeBlock.of("")
                        : CodeBlock.of("\n<p>Precision float32: parameters, activations, deltas, gradients and "
                        + "optimizer state are\nfloats; the matrix products and the optimizer steps run in float (a "
                        + "multiplication and an\naddition per term, in ascending order), activations and losses in "
                        + "double, rounded once to float.\nThe results agree with the float64 class to float rounding "
                        + "(about 1e-4 relative after a few steps),\nnot bit for bit. The Net methods take and return "
                        + "doubles: the batch is rounded to float once per slice.\n"))
                .build();
    }
}
