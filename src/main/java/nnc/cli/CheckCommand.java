package nnc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nnc.model.Layer;
import nnc.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "check", mixinStandardHelpOptions = true, description = "Parse and check a .nn file; print its diagnostics.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.nn", description = "the network description")
    Path file;

    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        Network net = Session.load(file, main.err);
        StringBuilder arch = new StringBuilder(String.valueOf(net.inputSize()));
        for (Layer l : net.layers()) {
            arch.append(" → ").append(l.units()).append(' ').append(l.activation().canonicalName());
        }
        main.out.printf("%s: ok: model %s, %s, %,d parameters%n", file, net.name(), arch, net.parameterCount());
        return 0;
    }
}
