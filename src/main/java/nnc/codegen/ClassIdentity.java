package nnc.codegen;

import nnc.model.Layer;
import nnc.model.Network;

/**
 * What a generated class is a function of, for the class cache ({@link ClassCompiler}): a kept class is found by
 * it without generating the source. A class of its own, without JavaPoet, so that a cache hit loads none of the
 * generator (JavaPoet's classes bootstrapped method handles at their first use: 10 ms of a fresh JVM).
 */
public final class ClassIdentity {
    private ClassIdentity() {
    }

    /**
     * What the class that {@link Generator#generate} (or another generator, named by {@code kind}) writes for this
     * network is a function of, as text: the network, less its layers' starting weights and biases (which the class
     * reads at run time, never as constants), and the options.
     */
    public static String identity(String kind, Network net, Generator.Options options) {
        StringBuilder out = new StringBuilder(kind);
        describe(net, out);
        describe(options, out);
        return out.toString();
    }

    /**
     * A value as text, a record component by component (by reflection: a record's own toString is bootstrapped
     * through invokedynamic, which cost a fresh JVM 40-90 ms for the records of a network); the layers' starting
     * weights and biases are left out.
     */
    private static void describe(Object value, StringBuilder out) {
        if (value instanceof Record r) {
            out.append(r.getClass().getSimpleName()).append('[');
            for (java.lang.reflect.RecordComponent c : r.getClass().getRecordComponents()) {
                out.append(c.getName()).append('=');
                if (!(r instanceof Layer && c.getType().isArray())) {
                    try {
                        describe(c.getAccessor().invoke(r), out);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
                out.append(';');
            }
            out.append(']');
        } else if (value instanceof java.util.List<?> list) {
            out.append('(');
            for (Object v : list) {
                describe(v, out);
                out.append(',');
            }
            out.append(')');
        } else if (value instanceof Enum<?> e) {
            out.append(e.getDeclaringClass().getSimpleName()).append('.').append(e.name());
        } else {
            out.append(value);
        }
    }

    /** The binary name of the class that the generators write for this network. */
    public static String className(Network net, Generator.Options options) {
        return options.packageName().isEmpty() ? net.name() : options.packageName() + "." + net.name();
    }
}
