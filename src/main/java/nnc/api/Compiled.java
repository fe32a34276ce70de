package nnc.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import nnc.codegen.ClassCompiler;
import nnc.codegen.ClassIdentity;
import nnc.codegen.Generator;
import nnc.codegen.ReadableGenerator;
import nnc.codegen.VectorLanes;
import nnc.model.Layer;
import nnc.model.Memory;
import nnc.model.Network;
import nnc.model.UserError;
import nnc.train.Net;

/**
 * A generated, in-memory compiled instance of a network's class, and how long generating and compiling took.
 *
 * @param net       the instance
 * @param compileMs milliseconds spent generating and compiling its class
 */
public record Compiled(Net net, double compileMs) {

    /**
     * Generates the network's class (with the Vector API kernels when this JVM has the module), compiles it in
     * memory and makes an instance with room for batches of {@code capacity} rows.
     *
     * @throws UserError when the batch's buffers would not fit in the heap (exit status 2), or, as an internal
     *                   error (70), when the generated class does not compile; its source is then saved to a
     *                   temporary file named in the message
     */
    public static Compiled compile(Network net, int capacity) {
        return compile(net, capacity, false);
    }

    /**
     * As {@link #compile(Network, int)}; with {@code readable}, the class of {@code nnc compile --readable} (plain
     * loops, the same numbers, slower). The class cache tells the two apart by their source.
     */
    public static Compiled compile(Network net, int capacity, boolean readable) {
        checkMemory(net, capacity);
        long start = System.nanoTime();
        Generator.Options options = new Generator.Options("nnc.generated", true,
                VectorLanes.of(net.train().precision()));
        Supplier<String> source = () -> (readable ? ReadableGenerator.generate(net, options)
                : Generator.generate(net, options)).toString();
        try {
            // kept classes are found by what determines their source, without generating it (a cache hit:
            // digits 1-5 ms here against 125-185 ms generating the source to find the class by it)
            Class<?> c = ClassCompiler.compile(ClassIdentity.identity(readable ? "readable" : "fast", net, options),
                    ClassIdentity.className(net, options), source, Net.class.getClassLoader());
            Net instance = (Net) c.getConstructor(int.class).newInstance(capacity);
            return new Compiled(instance, (System.nanoTime() - start) / 1e6);
        } catch (ClassCompiler.GeneratedCodeException e) {
            throw internal(e.getMessage(), e.source(), net.name());
        } catch (ReflectiveOperationException e) {
            throw internal("generated class " + net.name() + " cannot be loaded: " + e, source.get(), net.name());
        }
    }

    /**
     * Refuses a batch whose buffers cannot fit in the heap: per row, pre-activations, activations and deltas of
     * every layer (plus dropout masks); per parameter, the weights, their transposed copy (where the class keeps one),
     * the gradient and up to two optimizer states.
     */
    private static void checkMemory(Network net, int capacity) {
        long perRow = 0;
        for (Layer l : net.layers()) {
            perRow += 3L * l.units() + (l.inputDropout() > 0 ? 2L * l.inputs() : 0);
        }
        double bytes = 8.0 * ((double) capacity * perRow + 5.0 * net.parameterCount());
        long max = Runtime.getRuntime().maxMemory();
        if (Memory.tooMuch(bytes, max)) {
            throw UserError.usage(String.format("a batch of %,d rows needs %s for this network's activations and "
                    + "gradients: use a smaller batch", capacity, Memory.needs(bytes, max)));
        }
    }

    private static UserError internal(String message, String source, String name) {
        String saved;
        try {
            Path tmp = Files.createTempFile(name + "-", ".java");
            Files.writeString(tmp, source);
            saved = "the generated source is saved in " + tmp;
        } catch (IOException io) {
            saved = "the generated source could not be saved (" + io.getMessage() + ")";
        }
        return new UserError(UserError.INTERNAL, "internal error: " + message + "\n" + saved
                + "\nPlease report this with the .nn file.");
    }
}
