package nnc.cli;

import nnc.api.Model;
import nnc.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "compile", mixinStandardHelpOptions = true, description = "Write the network's Java class (it depends on the JDK alone).")
final class CompileCommand extends ModelCommand {
    @Option(names = "--readable", description = "write the class for reading: one plain loop per formula, each "
            + "method commented with its formula and .nn line, the names of nnc explain; it computes the same "
            + "numbers as the fast class, more slowly")
    boolean readable;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        String packageName = output.packageName();
        output.check();
        Network net = load();
        main.out.println("wrote " + output.write(Model.of(net, model.toString()).source(packageName, readable,
                model.file.toString())));
        return 0;
    }
}
