package nnc.cli;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.lang.model.SourceVersion;
import nnc.model.UserError;
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
            throw UserError.usage("--package " + packageName + ": not a valid Java package name");
        }
        return packageName;
    }

    /** Writes {@code DIR/P/Name.java} and returns its path. */
    Path write(JavaFile source) {
        try {
            Files.createDirectories(dir);
            return source.writeToPath(dir);
        } catch (IOException e) {
            throw UserError.usage(dir + ": cannot write there (" + e + ")");
        }
    }
}
