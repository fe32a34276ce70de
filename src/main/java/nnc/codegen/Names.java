package nnc.codegen;

import com.palantir.javapoet.TypeName;
import java.util.Locale;
import nnc.model.Layer;

/**
 * The names in a generated class. Layers are numbered from 1 as in the formulas (layer k reads a(k−1), with a0 the
 * batch x): {@code Nk} neurons, weights {@code wk[input][neuron]} (and {@code wkT[neuron][input]}), bias
 * {@code bk}, pre-activations {@code sk}, activations {@code ak}, deltas {@code dk}, gradients {@code gwk} and
 * {@code gbk}, optimizer state {@code <prefix>wk} and {@code <prefix>bk}, dropout masks {@code mk} and the input
 * after dropout {@code xk}.
 */
final class Names {
    static final TypeName MATRIX = TypeName.get(double[][].class);
    static final TypeName VECTOR = TypeName.get(double[].class);

    private Names() {
    }

    /** The layer's number in the generated class: 1 for the first dense layer. */
    static int k(Layer l) {
        return l.index() + 1;
    }

    /** The constant holding the size of layer k's output (k = 0: the input). */
    static String n(int k) {
        return "N" + k;
    }

    /** A double as a Java literal that reads back as the same double. */
    static String lit(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        String s = Double.toString(v);
        return s.contains("Infinity") || s.contains("NaN") ? "Double." + s : s;
    }

    /** A float as a Java literal that reads back as the same float. */
    static String floatLit(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7f) {
            return String.format(Locale.ROOT, "%.1ff", v);
        }
        String s = Float.toString(v);
        return s.contains("Infinity") || s.contains("NaN") ? "Float." + s.replace("-Infinity", "NEGATIVE_INFINITY")
                .replace("Infinity", "POSITIVE_INFINITY") : s + "f";
    }
}
