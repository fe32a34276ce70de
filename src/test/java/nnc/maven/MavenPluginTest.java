package nnc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import nnc.api.Model;
import nnc.api.TrainedModel;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenPluginTest {
    /** The version the plugin is installed as for the test, apart from any installed nnc. */
    private static final String VERSION = "0.0.0-test";
    private static final String XOR = Files.exists(Path.of("models/xor_learned.nn")) ? read("models/xor_learned.nn") : "";

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static GenerateMojo mojo(Path project) {
        GenerateMojo m = new GenerateMojo();
        m.setLog(new org.apache.maven.monitor.logging.DefaultLog(new org.codehaus.plexus.logging.console.ConsoleLogger(
                org.codehaus.plexus.logging.Logger.LEVEL_DISABLED, "nnc")));
        m.sourceDirectory = project.resolve("src/main/nn").toFile();
        m.outputDirectory = project.resolve("target/generated-sources/nnc").toFile();
        return m;
    }

    @Test
    void generatesPredictorsAndTrainingClassesAndSkipsWhatIsUpToDate(@TempDir Path project) throws Exception {
        Path nn = project.resolve("src/main/nn");
        Files.createDirectories(nn.resolve("com/example/logic"));
        Files.writeString(nn.resolve("com/example/logic/xor.nn"), XOR);
        Files.writeString(nn.resolve("com/example/Iris.nn"), read("models/iris.nn"));
        Model.load(Path.of("models/iris.nn")).withEpochs(3).train().saveWeights(nn.resolve("com/example/Iris.weights.json"));
        GenerateMojo m = mojo(project);
        m.execute();
        assertEquals(2, m.written);
        Path out = project.resolve("target/generated-sources/nnc/com/example");
        String iris = Files.readString(out.resolve("Iris.java"));
        String xor = Files.readString(out.resolve("logic/XorLearned.java"));
        assertTrue(iris.contains("package com.example;") && iris.contains("classify("), "the predictor");
        assertTrue(xor.contains("package com.example.logic;") && xor.contains("setWeights("), "the training class");

        FileTime before = Files.getLastModifiedTime(out.resolve("Iris.java"));
        m.execute();
        assertEquals(0, m.written);
        assertEquals(2, m.upToDate);
        assertEquals(before, Files.getLastModifiedTime(out.resolve("Iris.java")));
        Files.setLastModifiedTime(nn.resolve("com/example/logic/xor.nn"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        m.execute();
        assertEquals(1, m.written);
    }

    @Test
    void errorsFailTheBuildWithDiagnostics(@TempDir Path project) throws Exception {
        Path nn = project.resolve("src/main/nn/demo");
        Files.createDirectories(nn);
        Path bad = nn.resolve("Bad.nn");
        Files.writeString(bad, "model Bad {\n  input 2\n  dense 1 rleu\n  loss mse\n  optimizer sgd\n}\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> mojo(project).execute());
        assertTrue(e.getMessage().contains(bad + ":3:11: error: unknown activation 'rleu'; did you mean 'relu'?"),
                e.getMessage());
        assertTrue(e.getMessage().contains("^^^^"), e.getMessage());
    }

    /**
     * A user project built by Maven, offline, with the plugin installed (as version 0.0.0-test) in the local
     * repository that this build uses; its own code then calls the generated classes.
     */
    @Test
    void aUserProjectBuildsWithThePluginOffline(@TempDir Path tmp) throws Exception {
        String mavenHome = System.getProperty("nnc.mavenHome");
        String repo = System.getProperty("nnc.localRepository");
        org.junit.jupiter.api.Assumptions.assumeTrue(mavenHome != null && repo != null
                && Files.exists(Path.of("target/classes/META-INF/maven/plugin.xml")), "run by Maven");
        Path installed = Path.of(repo, "nnc", "nnc", VERSION);
        Files.createDirectories(installed);
        String pom = Files.readString(Path.of("pom.xml")).replaceFirst("<version>[^<]*</version>",
                "<version>" + VERSION + "</version>");
        Files.writeString(installed.resolve("nnc-" + VERSION + ".pom"), pom);
        jar(Path.of("target/classes"), installed.resolve("nnc-" + VERSION + ".jar"));

        Path project = tmp.resolve("user");
        Path nn = project.resolve("src/main/nn/demo");
        Files.createDirectories(nn);
        Files.writeString(nn.resolve("Iris.nn"), read("models/iris.nn"));
        TrainedModel trained = Model.load(Path.of("models/iris.nn")).withEpochs(3).train();
        trained.saveWeights(nn.resolve("Iris.weights.json"));
        Files.createDirectories(project.resolve("src/main/java/demo"));
        Files.writeString(project.resolve("src/main/java/demo/App.java"), """
                package demo;

                public class App {
                    public static void main(String[] args) {
                        System.out.println(Iris.classify(new double[] {6.7, 3.0, 5.2, 2.3}));
                    }
                }
                """);
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>demo</groupId>
                  <artifactId>user</artifactId>
                  <version>1</version>
                  <properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.16.0</version>
                        <configuration><release>17</release></configuration>
                      </plugin>
                      <plugin>
                        <groupId>nnc</groupId>
                        <artifactId>nnc</artifactId>
                        <version>%s</version>
                        <executions><execution><goals><goal>generate</goal></goals></execution></executions>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(VERSION));
        Path log = tmp.resolve("build.log");
        Process p = new ProcessBuilder(Path.of(mavenHome, "bin", "mvn").toString(), "-o", "-B", "-q",
                "-Dmaven.repo.local=" + repo, "compile").directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the build finished");
        assertEquals(0, p.exitValue(), Files.readString(log));
        assertTrue(Files.exists(project.resolve("target/generated-sources/nnc/demo/Iris.java")));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {project.resolve("target/classes").toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass("demo.App").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        int expected = trained.predictClasses(new double[][] {{6.7, 3.0, 5.2, 2.3}})[0];
        assertEquals(String.valueOf(expected), out.toString(StandardCharsets.UTF_8).trim());
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path f : files) {
                String name = classes.relativize(f).toString().replace('\\', '/');
                out.putNextEntry(new JarEntry(name));
                if (name.equals("META-INF/maven/plugin.xml")) {
                    out.write(Files.readString(f).replaceFirst("<version>[^<]*</version>", "<version>" + VERSION
                            + "</version>").getBytes(StandardCharsets.UTF_8));
                } else {
                    Files.copy(f, out);
                }
                out.closeEntry();
            }
        }
    }
}
