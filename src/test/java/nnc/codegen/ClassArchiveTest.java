package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that writes a class-data archive ({@code -XX:ArchiveClassesAtExit}, as the launcher's first {@code nnc run}
 * of a build does) leaves the generated classes out of it, and a later run maps nnc's own classes from it and
 * defines the generated class afresh from its class file. (From the archive, some methods of a generated class were
 * never JIT-compiled again.) The archive needs the classes in jars, so the test packs this build's classes into one.
 */
class ClassArchiveTest {
    private static final String MODEL = "model Archived {\n input 2\n dense 4 tanh\n dense 1 sigmoid\n"
            + " loss binary_cross_entropy\n optimizer adam(lr = 0.05)\n"
            + " train { data = xor; normalize = none; epochs = 3; batch = 4; seed = 7 }\n}\n";

    @TempDir
    Path dir;

    @Test
    void generatedClassesStayOutOfTheClassDataArchive() throws Exception {
        Path model = Files.writeString(dir.resolve("archived.nn"), MODEL);
        String classpath = classpath();
        Path archive = dir.resolve("nnc.jsa");
        Run first = java(classpath, "-XX:ArchiveClassesAtExit=" + archive, model);
        assertEquals(0, first.exit(), first.output());
        assertTrue(Files.size(archive) > 0, "the archive is written");
        Run second = java(classpath, "-XX:SharedArchiveFile=" + archive, model);
        assertEquals(0, second.exit(), second.output());
        assertTrue(second.output().contains("nnc.cli.Main source: shared objects file"),
                "nnc's classes come from the archive:\n" + second.output());
        assertTrue(second.output().contains("nnc.generated.Archived source:"), second.output());
        assertFalse(second.output().contains("nnc.generated.Archived source: shared objects file"),
                "the generated class does not");
    }

    record Run(int exit, String output) {
    }

    private Run java(String classpath, String archiveOption, Path model) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> argv = List.of(java.toString(), archiveOption, "-Xshare:auto", "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off", "-Xlog:class+load=info", "-Dnnc.cache=" + dir.resolve("cache"), "-cp",
                classpath, "nnc.cli.Main", "run", model.toString(), "--quiet");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    /** This build's classes as a jar, then the libraries' jars of the test's class path. */
    private String classpath() throws IOException {
        Path classes = null;
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            if (Files.isDirectory(p) && Files.exists(p.resolve("nnc/cli/Main.class"))) {
                classes = p;
            } else if (e.endsWith(".jar")) {
                entries.add(e);
            }
        }
        assertTrue(classes != null, "this build's classes are on the test's class path");
        Path jar = dir.resolve("nnc-classes.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> all = Files.walk(classes)) {
            Path root = classes;
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(root.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        entries.add(0, jar.toString());
        return String.join(java.io.File.pathSeparator, entries);
    }
}
