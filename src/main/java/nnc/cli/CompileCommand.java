package nnc.cli;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import nnc.codegen.Generator;
import nnc.model.Network;
import nnc.runtime.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "compile", description = "Write the network's Java class (it depends on the JDK alone).")
final class CompileCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.nn", description = "the network description")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})",
            defaultValue = "out")
    Path dir;

    @Option(names = "--package", paramLabel = "P", description = "Java package of the class (default: none)",
            defaultValue = "")
    String packageName;

    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
            throw UserError.usage("--package " + packageName + ": not a valid Java package name");
        }
        Network net = Session.load(file, main.err);
        JavaFile source = Generator.generate(net, new Generator.Options(packageName, false));
        try {
            Files.createDirectories(dir);
            Path written = source.writeToPath(dir);
            main.out.println("wrote " + written);
        } catch (IOException e) {
            throw UserError.usage(dir + ": cannot write there (" + e + ")");
        }
        return 0;
    }
}
