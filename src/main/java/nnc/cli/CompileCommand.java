package nnc.cli;

import nnc.codegen.Generator;
import nnc.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "compile", mixinStandardHelpOptions = true, description = "Write the network's Java class (it depends on the JDK alone).")
final class CompileCommand extends ModelCommand {
    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        String packageName = output.packageName();
        output.check();
        Network net = load();
        main.out.println("wrote " + output.write(Generator.generate(net,
                new Generator.Options(packageName, false, 0, model.file.toString()))));
        return 0;
    }
}
