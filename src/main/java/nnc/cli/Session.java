package nnc.cli;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import nnc.check.Frontend;
import nnc.codegen.ClassCompiler;
import nnc.codegen.Generator;
import nnc.model.InputFile;
import nnc.model.Memory;
import nnc.model.Network;
import nnc.train.Net;
import nnc.model.UserError;
import nnc.syntax.Reporter;
import nnc.syntax.SourceFile;

/** The stages every command shares: read and check a .nn file, generate and load its class. */
final class Session {
    /** Larger files are refused before parsing. */
    static final long MAX_SOURCE_BYTES = 16L << 20;

    private Session() {
    }

    /** Reads and checks the file; diagnostics go to {@code err} and end the command with exit 1. */
    static Network load(Path file, PrintStream err) {
        InputFile.check(file, MAX_SOURCE_BYTES, (MAX_SOURCE_BYTES >> 20) + " MiB in a .nn file", UserError.USAGE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw UserError.usage(file + ": cannot be read (" + e.getMessage() + ")");
        }
        Reporter reporter = new Reporter();
        SourceFile source = SourceFile.decode(file.toString(), file.toAbsolutePath(), bytes, reporter);
        Frontend.Result result = Frontend.compile(source, reporter);
        if (!result.ok()) {
            err.print(reporter.render(source));
            throw new UserError(UserError.SOURCE, null);
        }
        return result.network();
    }

    /** A generated, in-memory-compiled instance of the network's class. */
    static Loaded compile(Network net, int capacity) {
        checkMemory(net, capacity);
        long start = System.nanoTime();
        JavaFile file = Generator.generate(net, new Generator.Options("nnc.generated", true, nnc.codegen.VectorLanes.available()));
        try {
            Class<?> c = ClassCompiler.compile(file, Net.class.getClassLoader());
            Net instance = (Net) c.getConstructor(int.class).newInstance(capacity);
            return new Loaded(instance, (System.nanoTime() - start) / 1e6);
        } catch (ClassCompiler.GeneratedCodeException e) {
            throw internal(e.getMessage(), e.source(), net.name());
        } catch (ReflectiveOperationException e) {
            throw internal("generated class " + net.name() + " cannot be loaded: " + e, file.toString(), net.name());
        }
    }

    record Loaded(Net net, double compileMs) {
    }

    /**
     * Refuses a batch whose buffers cannot fit in the heap: per row, pre-activations, activations and deltas of
     * every layer (plus dropout masks); per parameter, the weights, their transposed copy, the gradient and up to
     * two optimizer states.
     */
    private static void checkMemory(Network net, int capacity) {
        long perRow = 0;
        for (nnc.model.Layer l : net.layers()) {
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
