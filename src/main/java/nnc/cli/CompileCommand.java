package nnc.cli;

import nnc.codegen.Generator;
import nnc.codegen.ReadableGenerator;
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
        Generator.Options options = new Generator.Options(packageName, false, 0, model.file.toString());
        main.out.println("wrote " + output.write(readable ? ReadableGenerator.generate(net, options)
                : Generator.generate(net, options)));
        return 0;
    }
}
