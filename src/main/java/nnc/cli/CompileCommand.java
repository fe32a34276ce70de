package nnc.cli;

import java.util.concurrent.Callable;
import nnc.codegen.Generator;
import nnc.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "compile", mixinStandardHelpOptions = true, description = "Write the network's Java class (it depends on the JDK alone).")
final class CompileCommand implements Callable<Integer> {
    @Mixin
    ModelFile model;

    @Mixin
    OutputOptions output;

    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        String packageName = output.packageName();
        output.check();
        Network net = model.load(main);
        main.out.println("wrote " + output.write(Generator.generate(net,
                new Generator.Options(packageName, false, 0, model.file.toString()))));
        return 0;
    }
}
