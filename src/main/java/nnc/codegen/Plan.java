package nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import javax.lang.model.element.Modifier;
import nnc.model.Activation;
import nnc.model.Layer;
import nnc.model.Network;

/** What every part of the generator asks about the class it writes: the network, the options, which arrays exist. */
final class Plan {
    final Network net;
    final Generator.Options options;
    /** The number of dense layers; {@code a<layers>} is the output. */
    final int layers;
    /** The optimizer's emitter, or null when every layer is frozen. */
    final OptimizerEmitter optimizer;
    /** The number type of the class's arrays (the train block's precision). */
    final NumberType num;
    /** The product kernels the class's methods call. */
    final KernelCalls kernels;

    Plan(Network net, Generator.Options options) {
        this.net = net;
        this.options = options;
        this.layers = net.layers().size();
        this.num = NumberType.of(net.train().precision());
        this.optimizer = net.optimizer() == null ? null : OptimizerEmitter.of(net.optimizer(), num);
        this.kernels = new KernelCalls(net, options, num);
    }

    Layer layer(int k) {
        return net.layers().get(k - 1);
    }

    /** Whether layer l has deltas (it or a layer before it is trainable). */
    boolean needsDelta(Layer l) {
        return l.index() >= net.firstTrainable();
    }

    /**
     * Whether layer l keeps a transposed weight copy: its input needs a delta, and its delta product reads the
     * weights row by row. The fused float32 kernels read them as they are, transposing each tile as they copy it
     * ({@link Kernels}, packTile), so those classes keep no copy to update after each step.
     */
    boolean needsTranspose(Layer l) {
        return l.index() > net.firstTrainable() && !kernels.vectorOnly();
    }

    /**
     * The {@code dense} statement of layer l with where it stands, for comments:
     * {@code models/digits.nn:6 dense 128 relu}.
     */
    String statement(Layer l) {
        String where = options.source() == null ? "line " + l.line() : options.source() + ":" + l.line();
        String act = l.activation().canonicalName();
        if (l.activation() == Activation.LEAKY_RELU || l.activation() == Activation.ELU) {
            act += "(alpha = " + Names.lit(l.alpha()) + ")";
        }
        return where + " dense " + l.units() + " " + act + (l.trainable() ? "" : " (frozen)");
    }

    /** Whether the optimizer measures each step's length (gd's tolerance). */
    boolean measuresStep() {
        return optimizer != null && optimizer.measuresStep();
    }

    /** The matrices of the class: {@code double[][]} or {@code float[][]}. */
    com.palantir.javapoet.TypeName matrix() {
        return num.matrix;
    }

    /** The name of the batch as the first layer reads it: {@code x}, or its float copy {@code x0}. */
    String batch() {
        return num.isDouble() ? "x" : "x0";
    }

    /** The name of layer index i's input activations (the batch as {@link #batch} names it for the first). */
    String input(int i) {
        return i == 0 ? batch() : "a" + i;
    }

    /** A public method of the {@code Net} contract. */
    MethodSpec.Builder method(String name, TypeName returns) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(returns);
        if (options.implementRuntime()) {
            m.addAnnotation(Override.class);
        }
        return m;
    }

    /** Whether the products finish layers of {@code act}, f and g·f′ ({@link Formulas#fusesIntoProducts}). */
    boolean fusesActivation(Activation act) {
        return kernels.vectorOnly() && Formulas.fusesIntoProducts(act);
    }

    /**
     * Whether the delta product of layer l (δ of the layer below, from l's) applies the layer below's f′ as well: as
     * {@link #fusesActivation}, unless l has dropout on its input (the mask then joins f′ in the element loop).
     */
    boolean fusesDerivative(Layer l) {
        return l.inputDropout() == 0 && fusesActivation(layer(l.index()).activation());
    }

    /** A call of the product's kernel ({@link KernelCalls#call}). */
    CodeBlock product(Product p) {
        return kernels.call(p);
    }
}
