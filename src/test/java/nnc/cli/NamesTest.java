package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What cannot compile is refused at check time: names that hide what the class uses, over-long names, JDK packages. */
class NamesTest {
    @TempDir
    Path tmp;

    private Path model(String name) throws IOException {
        return Files.writeString(tmp.resolve("m" + Math.abs(name.hashCode()) + ".nn"), "model " + name
                + " {\n input 2\n dense 1 sigmoid\n loss binary_cross_entropy\n optimizer sgd\n}\n");
    }

    @Test
    void namesThatHideWhatTheGeneratedClassUsesAreRefused() throws IOException {
        for (String name : new String[] {"java", "javax", "jdk", "nnc", "Math", "String", "Thread", "Character",
                "Runnable", "Override", "Iterable", "Record"}) {
            Cli c = Cli.run("check", model(name).toString());
            assertEquals(1, c.exit(), name);
            assertTrue(c.err().contains("model name '" + name + "' would hide the "), c.err());
        }
    }

    @Test
    void overLongNamesAreRefused() throws IOException {
        Cli c = Cli.run("check", model("M" + "x".repeat(69_999)).toString());
        assertEquals(1, c.exit());
        assertTrue(c.err().contains("the model name is 70000 characters long; it names the generated class and its "
                + "file, so it may have at most 200"), c.err());
        assertEquals(0, Cli.run("check", model("M" + "x".repeat(199)).toString()).exit());
    }

    @Test
    void namesThatAreAllowedCompileUnderJavac() throws IOException {
        List<String> sources = new ArrayList<>();
        for (String name : new String[] {"Arrays", "Net", "SplittableRandom", "Java", "M" + "x".repeat(199)}) {
            Path out = tmp.resolve("out-" + sources.size());
            Cli c = Cli.run("compile", model(name).toString(), "-o", out.toString(), "--package", "a.b");
            assertEquals(0, c.exit(), name + ": " + c.err());
            sources.add(out.resolve("a/b/" + name + ".java").toString());
        }
        for (String s : sources) {
            List<String> args = new ArrayList<>(List.of("-d", tmp.resolve("classes").toString(), "--release", "17",
                    "-proc:none", s));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, err, args.toArray(String[]::new)),
                    s + ": " + err);
        }
    }

    @Test
    void packagesThatJavacRefusesAreUsageErrors() throws IOException {
        String nn = model("M").toString();
        for (String p : new String[] {"java.lang", "java", "java.mine", "javax.swing", "a.class", "1a", "a..b", "a.",
                "jdk.internal.misc"}) {
            Cli c = Cli.run("compile", nn, "-o", tmp.toString(), "--package", p);
            assertEquals(2, c.exit(), p);
            assertTrue(c.err().startsWith("nnc: --package " + p + ": "), c.err());
        }
    }
}
