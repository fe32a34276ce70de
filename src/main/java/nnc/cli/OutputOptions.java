package nnc.cli;

import com.palantir.javapoet.JavaFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.lang.model.SourceVersion;
import nnc.model.UserError;
import nnc.report.OutputFile;
import picocli.CommandLine.Option;

/** Where {@code compile} and {@code export} write a class: {@code -o DIR} and {@code --package P}. */
final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "out",
            description = "output folder (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--package", paramLabel = "P", defaultValue = "", description = "Java package of the class "
            + "(default: none)")
    String packageName;

    /** The package, checked. */
    String packageName() {
        if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
            throw UserError.usage("--package " + packageName + ": not a valid Java package name (dot-separated "
                    + "Java names, none of them a keyword, such as com.example.nets)");
        }
        if (packageName.equals("java") || packageName.startsWith("java.")) {
            throw UserError.usage("--package " + packageName + ": packages under java. belong to the JDK; javac "
                    + "refuses classes there");
        }
        for (Module m : ModuleLayer.boot().modules()) {
            if (m.getPackages().contains(packageName)) {
                throw UserError.usage("--package " + packageName + ": the package of the JDK's module " + m.getName()
                        + "; javac refuses classes there");
            }
        }
        return packageName;
    }

    /** Refuses an {@code -o} that exists and is not a folder, or a folder where no file can be created. */
    void check() {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw UserError.usage("-o " + dir + ": is a file, not a folder");
        }
        OutputFile.check("-o", dir.resolve("Name.java"), List.of());
    }

    /** Writes {@code DIR/P/Name.java} whole or not at all, and returns its path. */
    Path write(JavaFile source) {
        check();
        Path file = dir;
        if (!source.packageName().isEmpty()) {
            for (String part : source.packageName().split("\\.")) {
                file = file.resolve(part);
            }
        }
        file = file.resolve(source.typeSpec().name() + ".java");
        OutputFile.writeString("-o", file, source.toString());
        return file;
    }
}
