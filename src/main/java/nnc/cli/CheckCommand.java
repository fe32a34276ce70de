package nnc.cli;

import nnc.model.Layer;
import nnc.model.Network;
import picocli.CommandLine.Command;

@Command(name = "check", mixinStandardHelpOptions = true, description = "Parse and check a .nn file; print its diagnostics.")
final class CheckCommand extends ModelCommand {
    @Override
    public Integer call() {
        Network net = load();
        StringBuilder arch = new StringBuilder(String.valueOf(net.inputSize()));
        for (Layer l : net.layers()) {
            arch.append(" → ").append(l.units()).append(' ').append(l.activation().canonicalName());
        }
        main.out.printf("%s: ok: model %s, %s, %,d parameters%n", model, net.name(), arch, net.parameterCount());
        return 0;
    }
}
