package nnc;

import static org.junit.jupiter.api.Assertions.fail;

import com.palantir.javapoet.JavaFile;
import nnc.check.Frontend;
import nnc.codegen.ClassCompiler;
import nnc.codegen.Generator;
import nnc.model.Network;
import nnc.train.Net;
import nnc.reference.ReferenceNet;

/** Helpers shared by the tests: source text to a checked network, to a generated or reference net. */
public final class TestModels {
    private TestModels() {
    }

    public static Network network(String text) {
        Frontend.Result r = Frontend.compile("test.nn", text);
        if (!r.ok()) {
            fail("model does not check:\n" + r.reporter().render(r.source()));
        }
        return r.network();
    }

    /** The class {@code nnc run} compiles (Vector API kernels when the JVM has the module, as the tests' has). */
    public static JavaFile source(Network n) {
        return Generator.generate(n, new Generator.Options("", true,
                nnc.codegen.VectorLanes.of(n.train().precision())));
    }

    /** The class {@code nnc run} compiles, on its Vector API kernels from the start where it has them. */
    public static Net generated(Network n, int capacity) {
        Net net = instance(source(n), capacity);
        net.useVectorKernels();
        return net;
    }

    /** The class {@code nnc run} compiles, as it starts: on its plain loops until {@code useVectorKernels()}. */
    public static Net generatedUnswitched(Network n, int capacity) {
        return instance(source(n), capacity);
    }

    /** The generated class with plain loops only (as {@code nnc compile} writes it). */
    public static Net generatedPlain(Network n, int capacity) {
        return instance(Generator.generate(n, new Generator.Options("", true, 0)), capacity);
    }

    /** The class of {@code nnc compile --readable}, implementing the runtime interface. */
    public static Net readable(Network n, int capacity) {
        return instance(nnc.codegen.ReadableGenerator.generate(n, new Generator.Options("", true, 0)), capacity);
    }

    private static Net instance(JavaFile source, int capacity) {
        try {
            Class<?> c = ClassCompiler.compile(source, Net.class.getClassLoader());
            return (Net) c.getConstructor(int.class).newInstance(capacity);
        } catch (ReflectiveOperationException | ClassCompiler.GeneratedCodeException e) {
            throw new AssertionError(e);
        }
    }

    public static Net reference(Network n, int capacity) {
        return new ReferenceNet(n, capacity);
    }

    /** Copies the starting values written in the model (where there are any) into the net. */
    public static void loadStart(Network n, Net net) {
        for (var l : n.layers()) {
            if (l.weights() != null) {
                net.setWeights(l.index(), l.weights());
            }
            if (l.bias() != null) {
                net.setBias(l.index(), l.bias());
            }
        }
    }
}
