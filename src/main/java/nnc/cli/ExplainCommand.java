package nnc.cli;

import nnc.data.Data;
import nnc.model.Network;
import nnc.model.UserError;
import nnc.report.Explain;
import picocli.CommandLine.Command;

@Command(name = "explain", mixinStandardHelpOptions = true, description = "Write out the forward pass, the loss, "
        + "the backward pass and the optimizer step of this network, with its shapes, counts and the generated "
        + "class's methods.")
final class ExplainCommand extends ModelCommand {
    @Override
    public Integer call() {
        Network net = load();
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
