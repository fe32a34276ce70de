package nnc.cli;

import java.util.concurrent.Callable;
import nnc.data.Data;
import nnc.model.Network;
import nnc.model.UserError;
import nnc.report.Explain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "explain", mixinStandardHelpOptions = true, description = "Write out the forward pass, the loss, "
        + "the backward pass and the optimizer step of this network, with its shapes, counts and the generated "
        + "class's methods.")
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    ModelFile model;

    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        Network net = model.load(main);
        main.out.print(Explain.render(net, model.toString(), trainRows(net)));
        return 0;
    }

    /** The training rows of the model's data, for the per-epoch counts; -1 when it names none or cannot be read. */
    static int trainRows(Network net) {
        if (net.train().data() == null) {
            return -1;
        }
        try {
            return Data.load(net).train.rows();
        } catch (UserError e) {
            return -1;
        }
    }
}
