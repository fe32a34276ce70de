package nnc.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;
import nnc.api.Model;
import nnc.api.NncException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * {@code nnc:generate}: turns every {@code .nn} file under {@code src/main/nn} into Java source under
 * {@code target/generated-sources/nnc}, in the package its folders name, and adds that folder to the compile
 * sources. A {@code NAME.weights.json} beside {@code NAME.nn} makes the class the standalone predictor with those
 * weights (what {@code nnc export} writes); otherwise it is the training class ({@code nnc compile}). Files whose
 * class is newer than the {@code .nn} (and its weights) are left alone. Errors in a {@code .nn} file fail the build
 * with the diagnostics {@code nnc check} prints.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {
    /** Where the {@code .nn} files are; the folders below it name the packages. */
    @Parameter(defaultValue = "${project.basedir}/src/main/nn", property = "nnc.sourceDirectory")
    File sourceDirectory;

    /** Where the Java sources go. */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/nnc", property = "nnc.outputDirectory")
    File outputDirectory;

    /** The project the sources are added to. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** Counts of the last run: classes written, and classes that were already up to date. */
    int written;
    int upToDate;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Path sources = sourceDirectory.toPath();
        Path out = outputDirectory.toPath();
        written = 0;
        upToDate = 0;
        if (!Files.isDirectory(sources)) {
            getLog().info("nnc: no " + sources + ", nothing to generate");
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".nn") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new MojoExecutionException("nnc: cannot list " + sources + ": " + e.getMessage(), e);
        }
        List<String> errors = new ArrayList<>();
        for (Path file : files) {
            try {
                generate(file, packageOf(sources, file), out);
            } catch (NncException e) {
                errors.add(e.getMessage().strip());
            }
        }
        if (!errors.isEmpty()) {
            for (String e : errors) {
                getLog().error(e);
            }
            throw new MojoFailureException("nnc: " + errors.size() + " of " + files.size() + " .nn files have errors:\n"
                    + String.join("\n", errors));
        }
        getLog().info("nnc: " + files.size() + " .nn files, " + written + " classes written, " + upToDate
                + " up to date");
        if (project != null) {
            project.addCompileSourceRoot(out.toString());
        }
    }

    private void generate(Path file, String packageName, Path out) {
        Model model = Model.load(file);
        String name = file.getFileName().toString();
        Path weights = file.resolveSibling(name.substring(0, name.length() - ".nn".length()) + ".weights.json");
        Path target = out;
        if (!packageName.isEmpty()) {
            for (String part : packageName.split("\\.")) {
                target = target.resolve(part);
            }
        }
        target = target.resolve(model.name() + ".java");
        boolean predictor = Files.isRegularFile(weights);
        if (newer(target, file) && (!predictor || newer(target, weights))) {
            upToDate++;
            return;
        }
        if (predictor) {
            model.withWeights(weights).exportJava(out, packageName);
        } else {
            model.writeJava(out, packageName);
        }
        written++;
    }

    private static boolean newer(Path output, Path input) {
        try {
            return Files.exists(output)
                    && Files.getLastModifiedTime(output).compareTo(Files.getLastModifiedTime(input)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code src/main/nn/com/example/Iris.nn} → {@code com.example}. */
    private static String packageOf(Path sources, Path file) throws MojoFailureException {
        Path dir = sources.relativize(file).getParent();
        if (dir == null) {
            return "";
        }
        String p = dir.toString().replace(File.separatorChar, '.');
        if (!SourceVersion.isName(p)) {
            throw new MojoFailureException("nnc: " + file + ": the folders " + dir
                    + " do not name a Java package (" + p + ")");
        }
        return p;
    }
}
